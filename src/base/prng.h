// Deterministic pseudo-random numbers: splitmix64 (seeding, hashing) and xoshiro256** (streams).
// Everything derived from them depends only on the seed, never on the platform's <random>
// distributions, the clock or thread scheduling.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace credtrace {

inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A 64-bit hash of a value mixed into a seed (stable across runs and platforms).
inline uint64_t MixHash(uint64_t seed, uint64_t v) {
  uint64_t s = seed ^ (v * 0xd6e8feb86659fd93ULL);
  return SplitMix64(&s);
}

// FNV-1a over bytes, then mixed: for deriving streams from names.
inline uint64_t HashString(uint64_t seed, std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return MixHash(seed, h);
}

class Rng {
 public:
  explicit Rng(uint64_t seed = 1) { Seed(seed); }
  void Seed(uint64_t seed) {
    uint64_t sm = seed;
    for (auto& w : s_) w = SplitMix64(&sm);
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; the tiny bias is irrelevant here).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi] inclusive.
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // Uniform double in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Exponential with the given mean (inter-arrival times).
  double Exp(double mean) { return -std::log(1.0 - Unit()) * mean; }
  template <typename C>
  const auto& Pick(const C& c) {
    return c[Below(std::size(c))];
  }
  // A child stream, independent of this one's future draws.
  Rng Fork(uint64_t label) { return Rng(MixHash(Next(), label)); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace credtrace
