#include "sim/key_codec.h"

#include <cstdio>

namespace credtrace::sim {

namespace {

int Base32Index(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return 26 + (c - '2');
  return -1;
}

// Writes the top `nchars` 5-bit groups of the (hi:lo) 128-bit value, msb first, where the value
// holds nchars*5 meaningful bits aligned at the bottom.
void AppendBits(std::string* out, unsigned __int128 v, int nchars) {
  for (int i = nchars - 1; i >= 0; --i) {
    out->push_back(kBase32Alphabet[static_cast<size_t>((v >> (5 * i)) & 31)]);
  }
}

unsigned __int128 KeyBits(uint64_t account, Rng* rng) {
  // 48-bit head: top bit set, 40-bit account, 7 random bits.
  uint64_t head = (uint64_t{1} << 47) | ((account & 0xFFFFFFFFFFULL) << 7) | (rng->Next() & 0x7F);
  uint64_t tail = rng->Next() & 0xFFFFFFFFULL;  // 32 random bits
  return (static_cast<unsigned __int128>(head) << 32) | tail;
}

}  // namespace

std::string EncodeAccessKeyId(std::string_view prefix, uint64_t account, Rng* rng) {
  std::string out(prefix);
  AppendBits(&out, KeyBits(account, rng), 16);
  return out;
}

std::string EncodeUniqueId(std::string_view prefix, uint64_t account, Rng* rng) {
  std::string out(prefix);
  unsigned __int128 v = (KeyBits(account, rng) << 5) | (rng->Next() & 31);
  AppendBits(&out, v, 17);
  return out;
}

std::optional<uint64_t> DecodeAccountId(std::string_view key_id) {
  if (key_id.size() < 16) return std::nullopt;
  std::string_view t = key_id.substr(4);
  if (t.size() < 10) return std::nullopt;
  // First 10 characters carry 50 bits; the first 48 are the head.
  uint64_t v = 0;
  for (size_t i = 0; i < 10; ++i) {
    int x = Base32Index(t[i]);
    if (x < 0) return std::nullopt;
    v = (v << 5) | static_cast<uint64_t>(x);
  }
  for (char c : t) {
    if (Base32Index(c) < 0) return std::nullopt;
  }
  uint64_t z = v >> 2;  // 48 bits
  if (!(z >> 47)) return std::nullopt;  // old-format ID: the account is not encoded
  return (z & 0x7FFFFFFFFF80ULL) >> 7;
}

std::string FormatAccountId(uint64_t account) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%012llu", static_cast<unsigned long long>(account % 1000000000000ULL));
  return buf;
}

}  // namespace credtrace::sim
