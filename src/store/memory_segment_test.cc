#include "store/memory_segment.h"

#include <gtest/gtest.h>

namespace credtrace::store {
namespace {

using C = Column;

std::vector<MemoryEvent> Sample() {
  return {
      {3000, {{C::kEventName, "b"}, {C::kReadOnly, "true"}}, std::nullopt},
      {1000, {{C::kEventName, "a"}, {C::kErrorCode, "AccessDenied"}}, std::nullopt},
      {2000, {{C::kEventName, "b"}, {C::kReadOnly, "false"}}, RecordLocation{7, 99, 12, 1}},
      {1000, {{C::kEventName, "c"}}, std::nullopt},
  };
}

TEST(MemorySegment, SortsRowsByTimeStably) {
  auto seg = MemorySegment::Build(Sample());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  const auto& s = **seg;
  ASSERT_EQ(s.num_rows(), 4u);
  auto times = *s.Times();
  EXPECT_EQ(std::vector<TimeMs>(times.begin(), times.end()), (std::vector<TimeMs>{1000, 1000, 2000, 3000}));
  // Equal times keep input order: "a" (input 1) before "c" (input 3).
  EXPECT_EQ(*s.Value(C::kEventName, 0), "a");
  EXPECT_EQ(*s.Value(C::kEventName, 1), "c");
  EXPECT_EQ(*s.Value(C::kEventName, 2), "b");
  EXPECT_EQ(*s.Value(C::kEventName, 3), "b");
}

TEST(MemorySegment, DictionariesIdsAndPostingsAgree) {
  auto seg = MemorySegment::Build(Sample());
  ASSERT_TRUE(seg.ok());
  const auto& s = **seg;
  for (C c : {C::kEventName, C::kErrorCode, C::kAccessKeyId}) {
    const DictionaryView* d = *s.Dictionary(c);
    for (uint32_t i = 1; i < d->size(); ++i) EXPECT_LT(d->value(i - 1), d->value(i));
    auto ids = *s.Ids(c);
    ASSERT_EQ(ids.size(), 4u);
    uint64_t total = 0;
    for (uint32_t id = 0; id < d->size(); ++id) {
      auto rows = *s.Postings(c, id);
      EXPECT_FALSE(rows.empty()) << "dictionary values occur in some row";
      for (size_t k = 0; k < rows.size(); ++k) {
        if (k) {
          EXPECT_LT(rows[k - 1], rows[k]);
        }
        EXPECT_EQ(ids[rows[k]], id);
      }
      total += rows.size();
    }
    EXPECT_EQ(total, 4u);
  }
  const DictionaryView* err = *s.Dictionary(C::kErrorCode);
  ASSERT_EQ(err->size(), 2u);
  EXPECT_EQ(err->value(0), "");  // absent
  EXPECT_EQ(err->value(1), "AccessDenied");
  EXPECT_EQ(err->Find("AccessDenied"), 1);
  EXPECT_EQ(err->Find("Nope"), -1);
  // A column no event has: one value, "", held by every row.
  const DictionaryView* key = *s.Dictionary(C::kAccessKeyId);
  ASSERT_EQ(key->size(), 1u);
  EXPECT_EQ(key->value(0), "");
  EXPECT_EQ((*s.Postings(C::kAccessKeyId, 0)).size(), 4u);
}

TEST(MemorySegment, BoolsAndLocations) {
  auto seg = MemorySegment::Build(Sample());
  ASSERT_TRUE(seg.ok());
  const auto& s = **seg;
  auto b = *s.Bools(C::kReadOnly);
  EXPECT_EQ(std::vector<uint8_t>(b.begin(), b.end()), (std::vector<uint8_t>{2, 2, 0, 1}));
  // Row 2 is the event with a given location; row 0 is input 1 (default location offset 1).
  RecordLocation l = *s.Location(2);
  EXPECT_EQ(l.source_id, 7u);
  EXPECT_EQ(l.offset, 99u);
  EXPECT_EQ(l.length, 12u);
  EXPECT_EQ(l.encoding, 1);
  EXPECT_EQ((*s.Location(0)).offset, 1u);
  EXPECT_EQ((*s.Location(1)).offset, 3u);
  EXPECT_FALSE(s.Location(4).ok());
}

TEST(MemorySegment, RejectsWrongColumnTypesAndIds) {
  auto seg = MemorySegment::Build(Sample());
  ASSERT_TRUE(seg.ok());
  const auto& s = **seg;
  EXPECT_FALSE(s.Dictionary(C::kReadOnly).ok());
  EXPECT_FALSE(s.Dictionary(C::kEventTime).ok());
  EXPECT_FALSE(s.Ids(C::kReadOnly).ok());
  EXPECT_FALSE(s.Bools(C::kEventName).ok());
  EXPECT_FALSE(s.Postings(C::kEventName, 3).ok());
  EXPECT_TRUE(s.Postings(C::kEventName, 2).ok());
}

TEST(MemorySegment, RejectsBadEvents) {
  EXPECT_FALSE(MemorySegment::Build({{0, {{C::kEventTime, "x"}}, std::nullopt}}).ok());
  EXPECT_FALSE(MemorySegment::Build({{0, {{C::kEventName, "a"}, {C::kEventName, "b"}}, std::nullopt}}).ok());
  EXPECT_FALSE(MemorySegment::Build({{0, {{C::kReadOnly, "yes"}}, std::nullopt}}).ok());
}

TEST(MemorySegment, EmptySegment) {
  auto seg = MemorySegment::Build({});
  ASSERT_TRUE(seg.ok());
  EXPECT_EQ((*seg)->num_rows(), 0u);
  EXPECT_TRUE((*(*seg)->Times()).empty());
  EXPECT_EQ((*(*seg)->Dictionary(C::kEventName))->size(), 0u);
}

}  // namespace
}  // namespace credtrace::store
