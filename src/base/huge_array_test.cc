#include "base/huge_array.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace credtrace {
namespace {

struct Pair {
  uint64_t a, b;
};

TEST(HugeArray, StartsZeroedSmallAndLarge) {
  for (size_t n : {size_t{1}, size_t{1000}, size_t{1} << 17, (size_t{3} << 20) / sizeof(Pair) + 5}) {
    HugeArray<Pair> h(n);
    ASSERT_EQ(h.size(), n);
    size_t nonzero = 0;
    for (const Pair& p : h) nonzero += p.a != 0 || p.b != 0;
    EXPECT_EQ(nonzero, 0u) << n;
    h[n - 1] = {1, 2};  // the last element is writable
    EXPECT_EQ(h[n - 1].b, 2u);
    if (n * sizeof(Pair) >= (size_t{2} << 20)) {
      EXPECT_EQ(reinterpret_cast<uintptr_t>(h.data()) % (size_t{2} << 20), 0u) << "big tables start on a huge page";
    }
  }
}

TEST(HugeArray, MovesOwnership) {
  HugeArray<Pair> a(size_t{1} << 18);
  a[7] = {7, 7};
  Pair* p = a.data();
  HugeArray<Pair> b(std::move(a));
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(b.data(), p);
  HugeArray<Pair> c(4);
  c = std::move(b);
  EXPECT_EQ(c[7].a, 7u);
  EXPECT_EQ(c.size(), size_t{1} << 18);
  c.Reset();
  EXPECT_TRUE(c.empty());
  HugeArray<Pair> none(0);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace credtrace
