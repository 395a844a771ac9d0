#include "query/rowset.h"

#include <gtest/gtest.h>

namespace credtrace::query {
namespace {

std::vector<uint32_t> Drain(const RowSet& s, bool desc) {
  std::vector<uint32_t> out;
  RowCursor c(&s, desc);
  uint32_t r;
  while (c.Next(&r)) out.push_back(r);
  return out;
}

TEST(QueryRowSet, RangesAcrossWords) {
  for (uint32_t n : {1u, 63u, 64u, 65u, 200u}) {
    for (uint32_t b = 0; b <= n; b += 7) {
      for (uint32_t e = b; e <= n; e += 13) {
        RowSet s(n);
        s.AddRange(b, e);
        EXPECT_EQ(s.Count(), e - b) << n << " " << b << " " << e;
        for (uint32_t r = 0; r < n; ++r) EXPECT_EQ(s.Contains(r), r >= b && r < e);
      }
    }
  }
}

TEST(QueryRowSet, NotKeepsTailClear) {
  RowSet s(70);
  s.Add(3);
  s.Add(69);
  s.Not();
  EXPECT_EQ(s.Count(), 68u);
  EXPECT_FALSE(s.Contains(3));
  EXPECT_FALSE(s.Contains(69));
  EXPECT_EQ(RowSet::All(70).Count(), 70u);
  EXPECT_EQ(RowSet::All(128).Count(), 128u);
  RowSet empty(0);
  empty.Not();
  EXPECT_EQ(empty.Count(), 0u);
  EXPECT_TRUE(empty.Empty());
}

TEST(QueryRowSet, SetOperationsAndCursors) {
  RowSet a(150), b(150);
  for (uint32_t r : {0u, 5u, 64u, 100u, 149u}) a.Add(r);
  for (uint32_t r : {5u, 63u, 100u}) b.Add(r);
  RowSet x = a;
  x.And(b);
  EXPECT_EQ(x.Rows(), (std::vector<uint32_t>{5, 100}));
  RowSet y = a;
  y.Or(b);
  EXPECT_EQ(y.Rows(), (std::vector<uint32_t>{0, 5, 63, 64, 100, 149}));
  RowSet z = a;
  z.AndNot(b);
  EXPECT_EQ(z.Rows(), (std::vector<uint32_t>{0, 64, 149}));
  EXPECT_EQ(Drain(y, false), y.Rows());
  EXPECT_EQ(Drain(y, true), (std::vector<uint32_t>{149, 100, 64, 63, 5, 0}));
  EXPECT_TRUE(Drain(RowSet(0), true).empty());
  EXPECT_TRUE(Drain(RowSet(10), false).empty());
}

}  // namespace
}  // namespace credtrace::query
