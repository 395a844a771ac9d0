// IP addresses and CIDR blocks (IPv4 and IPv6) for the columns that hold addresses
// (sourceIPAddress). Values that are not addresses, such as "ec2.amazonaws.com", parse as
// nullopt and so never fall inside a block.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace credtrace::query {

struct IpAddress {
  bool v6 = false;
  // IPv4 in bytes 0..3; IPv6 in all 16 bytes (network order).
  std::array<uint8_t, 16> bytes{};
};

// Parses dotted-quad IPv4 ("203.0.113.7": four decimal parts 0..255, at most 3 digits each) or
// IPv6 in RFC 4291 text form ("2001:db8::1", "::ffff:192.0.2.1"; no zone index).
std::optional<IpAddress> ParseIp(std::string_view s);

struct Cidr {
  IpAddress network;  // host bits cleared
  int prefix_len = 0; // 0..32 for IPv4, 0..128 for IPv6
  // True when `a` lies in the block. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is also
  // compared as its IPv4 address against an IPv4 block.
  bool Contains(const IpAddress& a) const;
};

// Parses "address/len"; a bare address is a /32 or /128. Host bits may be set ("10.0.0.5/24"
// is 10.0.0.0/24). nullopt when the address or the length is malformed or out of range.
std::optional<Cidr> ParseCidr(std::string_view s);

}  // namespace credtrace::query
