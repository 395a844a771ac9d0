// A fast, non-cryptographic 64-bit hash for short strings (dictionary building on the ingest
// hot path). Not for anything an attacker could exploit by collision: tables that use it grow
// and probe linearly, so a collision costs time proportional to its count, never correctness.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace credtrace::store {

inline uint64_t Mix64(uint64_t a, uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

inline uint64_t HashString(std::string_view s, uint64_t seed = 0x9E3779B97F4A7C15ull) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = seed ^ (n * 0xA0761D6478BD642Full);
  while (n >= 16) {
    uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 8);
    h = Mix64(a ^ 0xE7037ED1A0B428DBull ^ h, b ^ 0x8EBC6AF09C88C6E3ull);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = (static_cast<uint64_t>(static_cast<uint8_t>(p[0])) << 16) |
        (static_cast<uint64_t>(static_cast<uint8_t>(p[n >> 1])) << 8) | static_cast<uint8_t>(p[n - 1]);
  }
  return Mix64(a ^ 0xE7037ED1A0B428DBull ^ h, b ^ 0x589965CC75374CC3ull ^ n);
}

}  // namespace credtrace::store
