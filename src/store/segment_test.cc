#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <random>
#include <unistd.h>

#include "store/segment_reader.h"
#include "store/segment_writer.h"

namespace credtrace::store {
namespace {

using cloudtrail::Column;
using cloudtrail::Event;

std::filesystem::path TempDir(const char* name) {
  auto p = std::filesystem::temp_directory_path() / ("credtrace_test_" + std::string(name) + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

TEST(Segment, RoundTripSortedByTimeWithPostings) {
  auto dir = TempDir("segment");
  SegmentBuilder b;
  // Keep the strings alive while the events are added.
  std::vector<std::string> keys = {"AKIAAAAAAAAAAAAAAAAA", "ASIABBBBBBBBBBBBBBBB", ""};
  std::vector<std::string> names = {"GetObject", "AssumeRole", "ListBuckets"};
  std::mt19937 rng(7);
  struct Row { TimeMs t; std::string key, name, id; uint64_t off; uint8_t ro; };
  std::vector<Row> rows;
  for (int i = 0; i < 5000; ++i) {
    Row r{static_cast<TimeMs>(rng() % 100000) * 1000, keys[rng() % 3], names[rng() % 3],
          "id-" + std::to_string(i), static_cast<uint64_t>(i) * 100, static_cast<uint8_t>(rng() % 3)};
    rows.push_back(r);
  }
  for (const Row& r : rows) {
    Event e;
    e.time = r.t;
    e.set(Column::kAccessKeyId, r.key);
    e.set(Column::kEventName, r.name);
    e.set(Column::kEventId, r.id);
    e.read_only = r.ro;
    e.raw_offset = r.off;
    e.raw_length = 42;
    b.Add(e, 7);
  }
  ASSERT_TRUE(b.WriteTo(dir / "s.cts").ok());
  EXPECT_EQ(b.rows(), 0u);
  auto rd = SegmentReader::Open(dir / "s.cts");
  ASSERT_TRUE(rd.ok()) << rd.status().ToString();
  const SegmentReader& s = **rd;
  ASSERT_EQ(s.num_rows(), 5000u);
  auto times = s.Times();
  ASSERT_TRUE(times.ok());
  EXPECT_TRUE(std::is_sorted(times->begin(), times->end()));
  // Every row's values and location come back; map rows back through the event ID.
  std::map<std::string, const Row*> by_id;
  for (const Row& r : rows) by_id[r.id] = &r;
  auto ro = s.Bools(Column::kReadOnly);
  ASSERT_TRUE(ro.ok());
  for (uint32_t i = 0; i < s.num_rows(); ++i) {
    auto id = s.Value(Column::kEventId, i);
    ASSERT_TRUE(id.ok());
    const Row* r = by_id.at(std::string(*id));
    EXPECT_EQ((*times)[i], r->t);
    EXPECT_EQ(*s.Value(Column::kAccessKeyId, i), r->key);
    EXPECT_EQ(*s.Value(Column::kEventName, i), r->name);
    EXPECT_EQ((*ro)[i], r->ro);
    auto loc = s.Location(i);
    ASSERT_TRUE(loc.ok());
    EXPECT_EQ(loc->source_id, 7u);
    EXPECT_EQ(loc->offset, r->off);
    EXPECT_EQ(loc->length, 42u);
  }
  // Postings of an indexed column (access key) and of a non-indexed one (user agent: all empty).
  for (const std::string& k : keys) {
    auto d = s.Dictionary(Column::kAccessKeyId);
    ASSERT_TRUE(d.ok());
    int64_t id = (*d)->Find(k);
    ASSERT_GE(id, 0);
    auto p = s.Postings(Column::kAccessKeyId, static_cast<uint32_t>(id));
    ASSERT_TRUE(p.ok());
    size_t expect = 0;
    for (const Row& r : rows) expect += r.key == k;
    EXPECT_EQ(p->size(), expect);
    EXPECT_TRUE(std::is_sorted(p->begin(), p->end()));
    for (uint32_t row : *p) EXPECT_EQ(*s.Value(Column::kAccessKeyId, row), k);
  }
  auto ua = s.Postings(Column::kUserAgent, 0);
  ASSERT_TRUE(ua.ok());
  EXPECT_EQ(ua->size(), 5000u);
  std::filesystem::remove_all(dir);
}

TEST(Segment, TruncatedFileIsCorrupt) {
  auto dir = TempDir("segment_trunc");
  SegmentBuilder b;
  Event e;
  e.time = 1;
  e.set(Column::kEventName, "X");
  b.Add(e, 1);
  ASSERT_TRUE(b.WriteTo(dir / "s.cts").ok());
  auto size = std::filesystem::file_size(dir / "s.cts");
  std::filesystem::resize_file(dir / "s.cts", size - 3);
  auto rd = SegmentReader::Open(dir / "s.cts");
  EXPECT_EQ(rd.status().code(), StatusCode::kCorrupt);
  std::filesystem::remove_all(dir);
}

TEST(Segment, FlippedBlockByteIsDetected) {
  auto dir = TempDir("segment_flip");
  SegmentBuilder b;
  for (int i = 0; i < 100; ++i) {
    Event e;
    e.time = i;
    std::string name = "Name" + std::to_string(i);
    e.set(Column::kEventName, name);
    b.Add(e, 1);
  }
  ASSERT_TRUE(b.WriteTo(dir / "s.cts").ok());
  {
    std::fstream f(dir / "s.cts", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    char c;
    f.read(&c, 1);
    f.seekp(20);
    c ^= 0x40;
    f.write(&c, 1);
  }
  auto rd = SegmentReader::Open(dir / "s.cts");
  ASSERT_TRUE(rd.ok());
  auto t = (*rd)->Times();  // the first block: its checksum no longer matches
  EXPECT_FALSE(t.ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace credtrace::store

#include "store/event_id_set.h"

namespace credtrace::store {
namespace {
TEST(EventIdSet, InsertsOnceAndGrows) {
  EventIdSet set;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 100000; ++i) {
      char id[40];
      std::snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", i, i * 7);
      EXPECT_EQ(set.Insert(MakeEventKey(id, {})), round == 0) << id;
    }
  }
  EXPECT_TRUE(set.Insert(EventKey{0, 0}));
  EXPECT_FALSE(set.Insert(EventKey{0, 0}));
  EXPECT_TRUE(set.Insert(MakeEventKey("not-a-guid", {})));
  EXPECT_FALSE(set.Insert(MakeEventKey("not-a-guid", {})));
  EXPECT_TRUE(set.Insert(MakeEventKey("", "{\"raw\":1}")));
  EXPECT_FALSE(set.Insert(MakeEventKey("", "{\"raw\":1}")));
  EXPECT_EQ(set.size(), 100003u);
}

TEST(EventIdSet, BatchFlagsRepeatsWithinItAndAgainstEarlierBatches) {
  EventIdSet set;
  auto key = [](int i) {
    char id[40];
    std::snprintf(id, sizeof id, "%08x-0000-4000-8000-%012x", i, i);
    return MakeEventKey(id, {});
  };
  std::vector<EventKey> first;
  for (int i = 0; i < 50000; ++i) first.push_back(key(i));
  first.push_back(key(7));        // a repeat inside the batch: the later one is the duplicate
  first.push_back(EventKey{0, 0});
  first.push_back(EventKey{0, 0});
  std::vector<uint8_t> dup;
  EXPECT_EQ(set.InsertBatch(first.data(), first.size(), &dup), 2u);
  ASSERT_EQ(dup.size(), first.size());
  EXPECT_EQ(dup[7], 0);
  EXPECT_EQ(dup[50000], 1);
  EXPECT_EQ(dup[50001], 0);
  EXPECT_EQ(dup[50002], 1);
  // Grows across the batch (50,000 -> 250,000 keys) and still finds the first batch's keys.
  std::vector<EventKey> second;
  for (int i = 0; i < 200000; ++i) second.push_back(key(i * 3));
  EXPECT_EQ(set.InsertBatch(second.data(), second.size(), &dup), 16667u);  // 0, 3, ... 49998
  for (int i = 0; i < 200000; ++i) ASSERT_EQ(dup[i], i * 3 < 50000) << i;
  EXPECT_EQ(set.size(), 50001u + 200000u - 16667u);
  EXPECT_EQ(set.InsertBatch(nullptr, 0, &dup), 0u);
  EXPECT_TRUE(dup.empty());
}
}  // namespace
}  // namespace credtrace::store

namespace credtrace::store {
namespace {
TEST(Segment, GuidColumnsArePackedAndReadBackAsText) {
  auto dir = std::filesystem::temp_directory_path() / ("credtrace_guid_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  SegmentBuilder b;
  std::vector<std::string> ids = {"0f8c2b1e-9d3a-4c5e-8f7a-1b2c3d4e5f60", "ffffffff-0000-4000-8000-000000000001",
                                  "00000000-0000-4000-8000-000000000000"};
  for (size_t i = 0; i < ids.size(); ++i) {
    cloudtrail::Event e;
    e.time = static_cast<TimeMs>(i);
    e.set(cloudtrail::Column::kEventId, ids[i]);
    e.set(cloudtrail::Column::kRequestId, i == 1 ? "NOT-A-GUID" : "");
    b.Add(e, 1);
  }
  cloudtrail::Event e;  // one event without an ID
  e.time = 10;
  b.Add(e, 1);
  ASSERT_TRUE(b.WriteTo(dir / "g.cts").ok());
  auto rd = SegmentReader::Open(dir / "g.cts");
  ASSERT_TRUE(rd.ok());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(*(*rd)->Value(cloudtrail::Column::kEventId, static_cast<uint32_t>(i)), ids[i]);
  EXPECT_EQ(*(*rd)->Value(cloudtrail::Column::kEventId, 3), "");
  EXPECT_EQ(*(*rd)->Value(cloudtrail::Column::kRequestId, 1), "NOT-A-GUID");
  auto d = (*rd)->Dictionary(cloudtrail::Column::kEventId);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)->size(), 4u);
  EXPECT_GE((*d)->Find("ffffffff-0000-4000-8000-000000000001"), 0);
  for (uint32_t i = 1; i < (*d)->size(); ++i) EXPECT_LT((*d)->value(i - 1), (*d)->value(i));
  std::filesystem::remove_all(dir);
}
// Upper-case GUIDs are not canonical: they stay text, so they read back exactly; a column of
// mostly GUIDs with a few other values keeps both.
TEST(Segment, UpperCaseGuidsStayText) {
  auto dir = std::filesystem::temp_directory_path() / ("credtrace_guid2_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  SegmentBuilder b;
  cloudtrail::Event e;
  e.time = 1;
  e.set(cloudtrail::Column::kEventId, "0F8C2B1E-9D3A-4C5E-8F7A-1B2C3D4E5F60");
  b.Add(e, 1);
  e.set(cloudtrail::Column::kEventId, "0f8c2b1e-9d3a-4c5e-8f7a-1b2c3d4e5f61");
  b.Add(e, 1);
  e.set(cloudtrail::Column::kEventId, "0f8c2b1e-9d3a-4c5e-8f7a-1b2c3d4e5f62");
  b.Add(e, 1);
  ASSERT_TRUE(b.WriteTo(dir / "g.cts").ok());
  auto rd = SegmentReader::Open(dir / "g.cts");
  ASSERT_TRUE(rd.ok());
  EXPECT_EQ(*(*rd)->Value(cloudtrail::Column::kEventId, 0), "0F8C2B1E-9D3A-4C5E-8F7A-1B2C3D4E5F60");
  EXPECT_EQ(*(*rd)->Value(cloudtrail::Column::kEventId, 1), "0f8c2b1e-9d3a-4c5e-8f7a-1b2c3d4e5f61");
  EXPECT_EQ(*(*rd)->Value(cloudtrail::Column::kEventId, 2), "0f8c2b1e-9d3a-4c5e-8f7a-1b2c3d4e5f62");
  auto d = (*rd)->Dictionary(cloudtrail::Column::kEventId);
  ASSERT_TRUE(d.ok());
  for (uint32_t i = 1; i < (*d)->size(); ++i) EXPECT_LT((*d)->value(i - 1), (*d)->value(i));
  std::filesystem::remove_all(dir);
}
}  // namespace
}  // namespace credtrace::store

namespace credtrace::store {
namespace {
std::string FileBytes(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Ingest adds every event and drops the double deliveries when it seals: the segment must then be
// exactly the one written without them (no value only they had in any dictionary, time bounds of
// the rows kept), whatever values they brought, in every builder mode.
TEST(Segment, DroppedRowsLeaveNoTrace) {
  auto dir = TempDir("dropped_rows");
  std::mt19937_64 rng(11);
  auto guid = [&] {
    char s[40];
    std::snprintf(s, sizeof s, "%08llx-%04llx-4%03llx-8%03llx-%012llx", static_cast<unsigned long long>(rng() & 0xffffffff),
                  static_cast<unsigned long long>(rng() & 0xffff), static_cast<unsigned long long>(rng() & 0xfff),
                  static_cast<unsigned long long>(rng() & 0xfff), static_cast<unsigned long long>(rng() & 0xffffffffffff));
    return std::string(s);
  };
  struct Row { TimeMs t; std::string id, req, key, ip, name; };
  std::vector<Row> rows, extra;
  for (int i = 0; i < 12000; ++i)
    rows.push_back({static_cast<TimeMs>(1000 + rng() % 100000), guid(), guid(), "AKIA" + std::to_string(rng() % 900),
                    "10.0." + std::to_string(rng() % 300), i % 2 ? "GetObject" : "PutObject"});
  // Rows dropped: new values in every column and a time outside the others; only known values
  // and a new eventID; and a repeat of a row kept (a double delivery: the same eventID).
  auto add = [](SegmentBuilder& b, const Row& r) {
    Event e;
    e.time = r.t;
    e.set(Column::kEventId, r.id);
    e.set(Column::kRequestId, r.req);
    e.set(Column::kAccessKeyId, r.key);
    e.set(Column::kSourceIp, r.ip);
    e.set(Column::kEventName, r.name);
    e.raw_length = 10;
    b.Add(e, 1);
  };
  SegmentBuilder with, without;
  std::vector<uint8_t> dropped;
  for (size_t i = 0; i < rows.size(); ++i) {
    add(with, rows[i]);
    dropped.push_back(0);
    add(without, rows[i]);
    if (i % 500 == 7) {
      add(with, {static_cast<TimeMs>(i % 1000 == 7 ? 5 : 999999999), guid(), guid(), "AKIANEW" + std::to_string(i),
                 "192.168.1." + std::to_string(i), "NewName" + std::to_string(i)});
      add(with, {500, rows[i].id + "x", rows[i].req, rows[i].key, rows[i].ip, rows[i].name});
      add(with, rows[i / 2]);
      dropped.insert(dropped.end(), 3, 1);
    }
  }
  with.Drop(dropped);
  EXPECT_EQ(with.kept_rows(), without.rows());
  EXPECT_EQ(with.min_time(), without.min_time());
  EXPECT_EQ(with.max_time(), without.max_time());
  ASSERT_TRUE(with.WriteTo(dir / "a.cts").ok());
  ASSERT_TRUE(without.WriteTo(dir / "b.cts").ok());
  EXPECT_TRUE(FileBytes(dir / "a.cts") == FileBytes(dir / "b.cts"));
  std::filesystem::remove_all(dir);
}
}  // namespace
}  // namespace credtrace::store
