// LEB128 variable-length integers (7 bits a byte, low bits first, high bit = more follows), as in
// leveldb's coding.h, and zig-zag for signed deltas. Used by the segment format's time and
// postings blocks (docs/STORE_FORMAT.md).
#pragma once

#include <cstdint>

namespace credtrace::store {

inline constexpr int kMaxVarint64Bytes = 10;

// Writes v at p (at most kMaxVarint64Bytes) and returns the byte after it.
inline char* EncodeVarint64(char* p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}

// Reads one varint from [p, end) into *v and returns the byte after it, or nullptr when it runs
// past end or past 10 bytes (corrupt input: never read beyond end).
inline const char* DecodeVarint64(const char* p, const char* end, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    uint64_t byte = static_cast<unsigned char>(*p++);
    result |= (byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return p;
    }
  }
  return nullptr;
}

inline uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
inline int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace credtrace::store
