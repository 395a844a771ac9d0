#include "base/aws_key.h"

#include <cstdio>

namespace credtrace {

namespace {
int Base32Index(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return 26 + (c - '2');
  return -1;
}
}  // namespace

std::optional<uint64_t> DecodeAccountId(std::string_view key_id) {
  if (key_id.size() < 16) return std::nullopt;
  std::string_view t = key_id.substr(4);
  // The first 10 characters carry 50 bits; the first 48 are the head: 1 | account | 7 bits.
  uint64_t v = 0;
  for (size_t i = 0; i < 10; ++i) {
    int x = Base32Index(t[i]);
    if (x < 0) return std::nullopt;
    v = (v << 5) | static_cast<uint64_t>(x);
  }
  for (char c : t) {
    if (Base32Index(c) < 0) return std::nullopt;
  }
  uint64_t z = v >> 2;
  if (!(z >> 47)) return std::nullopt;  // old-format ID: the account is not encoded
  return (z & 0x7FFFFFFFFF80ULL) >> 7;
}

std::string FormatAccountId(uint64_t account) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%012llu", static_cast<unsigned long long>(account % 1000000000000ULL));
  return buf;
}

}  // namespace credtrace
