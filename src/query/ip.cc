#include "query/ip.h"

#include <vector>

namespace credtrace::query {
namespace {

bool ParseV4(std::string_view s, uint8_t out[4]) {
  int part = 0;
  size_t i = 0;
  while (true) {
    size_t start = i;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + (s[i++] - '0');
    if (i == start || v > 255) return false;
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') return false;  // more than 3 digits
    out[part++] = static_cast<uint8_t>(v);
    if (part == 4) return i == s.size();
    if (i >= s.size() || s[i] != '.') return false;
    ++i;
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses a run of ':'-separated hex groups (possibly ending with an IPv4 tail) into 16-bit
// words. Returns false on malformed text.
bool ParseGroups(std::string_view s, std::vector<uint16_t>* words, bool allow_v4_tail) {
  if (s.empty()) return true;
  size_t i = 0;
  while (true) {
    size_t end = s.find(':', i);
    std::string_view g = s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (end == std::string_view::npos && allow_v4_tail && g.find('.') != std::string_view::npos) {
      uint8_t b[4];
      if (!ParseV4(g, b)) return false;
      words->push_back(static_cast<uint16_t>(b[0] << 8 | b[1]));
      words->push_back(static_cast<uint16_t>(b[2] << 8 | b[3]));
      return true;
    }
    if (g.empty() || g.size() > 4) return false;
    unsigned v = 0;
    for (char c : g) {
      int d = HexDigit(c);
      if (d < 0) return false;
      v = v << 4 | static_cast<unsigned>(d);
    }
    words->push_back(static_cast<uint16_t>(v));
    if (end == std::string_view::npos) return true;
    i = end + 1;
  }
}

bool ParseV6(std::string_view s, uint8_t out[16]) {
  if (s.size() < 2 || s.size() > 45) return false;
  std::vector<uint16_t> head, tail;
  size_t dc = s.find("::");
  if (dc == std::string_view::npos) {
    if (!ParseGroups(s, &head, true) || head.size() != 8) return false;
  } else {
    if (s.find("::", dc + 1) != std::string_view::npos) return false;
    if (!ParseGroups(s.substr(0, dc), &head, false)) return false;
    if (!ParseGroups(s.substr(dc + 2), &tail, true)) return false;
    if (head.size() + tail.size() > 7) return false;
  }
  std::array<uint16_t, 8> w{};
  for (size_t k = 0; k < head.size(); ++k) w[k] = head[k];
  for (size_t k = 0; k < tail.size(); ++k) w[8 - tail.size() + k] = tail[k];
  for (size_t k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<uint8_t>(w[k] >> 8);
    out[2 * k + 1] = static_cast<uint8_t>(w[k]);
  }
  return true;
}

bool IsV4Mapped(const IpAddress& a) {
  if (!a.v6) return false;
  for (int i = 0; i < 10; ++i) {
    if (a.bytes[i] != 0) return false;
  }
  return a.bytes[10] == 0xff && a.bytes[11] == 0xff;
}

}  // namespace

std::optional<IpAddress> ParseIp(std::string_view s) {
  IpAddress a;
  if (s.find(':') != std::string_view::npos) {
    a.v6 = true;
    if (!ParseV6(s, a.bytes.data())) return std::nullopt;
    return a;
  }
  if (!ParseV4(s, a.bytes.data())) return std::nullopt;
  return a;
}

bool Cidr::Contains(const IpAddress& addr) const {
  const IpAddress* a = &addr;
  IpAddress mapped;
  if (!network.v6 && IsV4Mapped(addr)) {
    for (int i = 0; i < 4; ++i) mapped.bytes[i] = addr.bytes[12 + i];
    a = &mapped;
  }
  if (a->v6 != network.v6) return false;
  int full = prefix_len / 8, rest = prefix_len % 8;
  for (int i = 0; i < full; ++i) {
    if (a->bytes[i] != network.bytes[i]) return false;
  }
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a->bytes[full] & mask) == network.bytes[full];
}

std::optional<Cidr> ParseCidr(std::string_view s) {
  size_t slash = s.find('/');
  std::optional<IpAddress> a = ParseIp(s.substr(0, slash));
  if (!a) return std::nullopt;
  const int max_len = a->v6 ? 128 : 32;
  int len = max_len;
  if (slash != std::string_view::npos) {
    std::string_view n = s.substr(slash + 1);
    if (n.empty() || n.size() > 3) return std::nullopt;
    len = 0;
    for (char c : n) {
      if (c < '0' || c > '9') return std::nullopt;
      len = len * 10 + (c - '0');
    }
    if (len > max_len) return std::nullopt;
  }
  Cidr c;
  c.network = *a;
  c.prefix_len = len;
  for (int bit = len; bit < max_len; ++bit) {
    c.network.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
  }
  return c;
}

}  // namespace credtrace::query
