#include "query/search.h"

#include <gtest/gtest.h>

#include <random>

#include "query/evaluate.h"
#include "query/parser.h"
#include "query/test_events.h"

namespace credtrace::query {
namespace {

using namespace testing;  // NOLINT

// Three segments whose time ranges overlap, as after several ingests.
struct Fixture {
  std::vector<std::unique_ptr<store::MemorySegment>> owned;
  std::vector<const store::SegmentView*> segs;
  Fixture() {
    owned.push_back(Seg({Ev("a1", 1, {{C::kAccessKeyId, "AKIA1"}}), Ev("a5", 5, {{C::kAccessKeyId, "AKIA1"}}),
                         Ev("a9", 9, {{C::kAccessKeyId, "AKIA2"}}), Ev("a3", 3, {{C::kAccessKeyId, "AKIA1"}})}));
    owned.push_back(Seg({Ev("b2", 2, {{C::kAccessKeyId, "AKIA1"}}), Ev("b4", 4, {{C::kAccessKeyId, "AKIA2"}}),
                         Ev("b6", 6, {{C::kAccessKeyId, "AKIA1"}})}));
    owned.push_back(Seg({Ev("c5", 5, {{C::kAccessKeyId, "AKIA1"}}), Ev("c7", 7, {{C::kAccessKeyId, "AKIA1"}})}));
    owned.push_back(Seg({}));  // an empty segment does no harm
    for (auto& s : owned) segs.push_back(s.get());
  }
  std::vector<std::string> Ids(const std::vector<Match>& ms) const {
    std::vector<std::string> out;
    for (const Match& m : ms) {
      std::string id(*segs[m.segment]->Value(C::kEventId, m.row));
      EXPECT_EQ(m.time, (*segs[m.segment]->Times())[m.row]);
      out.push_back(id);
    }
    return out;
  }
};

using V = std::vector<std::string>;

Query Q(std::string_view text) {
  auto q = ParseQuery(text, kT0);
  EXPECT_TRUE(q.ok()) << q.status().message();
  return q.ok() ? *q : Query{};
}

TEST(QuerySearch, GlobalTimeOrderAcrossSegments) {
  Fixture f;
  auto r = Search(Q("key:AKIA1"), f.segs);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // a5 and c5 share a time: the lower segment index comes first.
  EXPECT_EQ(f.Ids(*r), (V{"a1", "b2", "a3", "a5", "c5", "b6", "c7"}));
  auto d = Search(Q("key:AKIA1"), f.segs, {0, Order::kTimeDescending});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(f.Ids(*d), (V{"c7", "b6", "c5", "a5", "a3", "b2", "a1"}));
  auto s = Search(Q("key:AKIA1"), f.segs, {0, Order::kSegment});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(f.Ids(*s), (V{"a1", "a3", "a5", "b2", "b6", "c5", "c7"}));
}

TEST(QuerySearch, Limit) {
  Fixture f;
  auto r = Search(Q("key:AKIA1"), f.segs, {3, Order::kTimeAscending});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(f.Ids(*r), (V{"a1", "b2", "a3"}));
  r = Search(Q("key:AKIA1"), f.segs, {2, Order::kTimeDescending});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(f.Ids(*r), (V{"c7", "b6"}));
  r = Search(Q("key:AKIA1"), f.segs, {4, Order::kSegment});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(f.Ids(*r), (V{"a1", "a3", "a5", "b2"}));
  r = Search(Q("key:AKIA1"), f.segs, {100, Order::kTimeAscending});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 7u);
  r = Search(Q("key:NONE"), f.segs, {5, Order::kTimeAscending});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(QuerySearch, CountAndMatchingRows) {
  Fixture f;
  for (const char* q : {"key:AKIA1", "key:AKIA2", "key:NONE", "key:*", "key:\"\"", "time>=2024-03-11T00:05:00Z",
                        "*", "", "key:AKIA1 time<2024-03-11T00:05:00Z", "NOT key:AKIA1"}) {
    Query query = Q(q);
    auto c = Count(query, f.segs);
    auto s = Search(query, f.segs);
    ASSERT_TRUE(c.ok() && s.ok()) << q;
    EXPECT_EQ(*c, s->size()) << q;
  }
  EXPECT_EQ(*Count(Q("key:AKIA1"), f.segs), 7u);
  EXPECT_EQ(*Count(Q("key:AKIA2"), f.segs), 2u);
  EXPECT_EQ(*Count(Q("key:\"\""), f.segs), 0u);
  EXPECT_EQ(*Count(Q("key:*"), f.segs), 9u);
  EXPECT_EQ(*Count(Q("time>=2024-03-11T00:05:00Z"), f.segs), 5u);
  EXPECT_EQ(*Count(Q("key:AKIA1 time<2024-03-11T00:05:00Z"), f.segs), 3u);
  auto rows = MatchingRows(Q("key:AKIA2"), f.segs);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (std::vector<std::vector<uint32_t>>{{3}, {1}, {}, {}}));
}

TEST(QuerySearch, RejectsNullSegment) {
  std::vector<const store::SegmentView*> segs{nullptr};
  EXPECT_EQ(Search(Q("key:A"), segs).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Count(Q("key:A"), segs).status().code(), StatusCode::kInvalidArgument);
}

TEST(QuerySearch, MergeMatchesSortOnRandomSegments) {
  std::mt19937 rng(7);
  std::vector<std::unique_ptr<store::MemorySegment>> owned;
  std::vector<const store::SegmentView*> segs;
  for (int s = 0; s < 12; ++s) {
    std::vector<store::MemoryEvent> evs;
    int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) {
      evs.push_back(Ev(std::to_string(s) + "-" + std::to_string(i), static_cast<int>(rng() % 1000),
                       {{C::kAccessKeyId, rng() % 3 ? "AKIA1" : "AKIA2"}}));
    }
    owned.push_back(Seg(std::move(evs)));
    segs.push_back(owned.back().get());
  }
  Query q = Q("key:AKIA1");
  auto unordered = Search(q, segs, {0, Order::kSegment});
  ASSERT_TRUE(unordered.ok());
  std::vector<Match> want = *unordered;
  std::sort(want.begin(), want.end(), [](const Match& a, const Match& b) {
    return std::tie(a.time, a.segment, a.row) < std::tie(b.time, b.segment, b.row);
  });
  auto asc = Search(q, segs);
  ASSERT_TRUE(asc.ok());
  EXPECT_EQ(*asc, want);
  auto lim = Search(q, segs, {25, Order::kTimeAscending});
  ASSERT_TRUE(lim.ok());
  EXPECT_EQ(*lim, std::vector<Match>(want.begin(), want.begin() + 25));
  std::reverse(want.begin(), want.end());
  auto desc = Search(q, segs, {0, Order::kTimeDescending});
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(*desc, want);
  EXPECT_EQ(*Count(q, segs), want.size());
}

}  // namespace
}  // namespace credtrace::query
