#include "sim/key_codec.h"


namespace credtrace::sim {

namespace {

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

}  // namespace credtrace::sim
