// The segment format versions: version 2 (varint time and postings blocks) reads back the same
// as version 1, version 3 (narrow ids) the same as version 2, version 4 (narrow locations) the
// same as version 3, older files (cases ingested before) still read, and damaged blocks are
// reported as corrupt rather than read out of bounds.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "store/segment_reader.h"
#include "store/segment_writer.h"
#include "store/varint.h"

namespace credtrace::store {
namespace {

using cloudtrail::Column;
using cloudtrail::Event;
namespace fs = std::filesystem;

fs::path TempDir(const char* name) {
  auto p = fs::temp_directory_path() / ("credtrace_test_" + std::string(name) + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Rewrites the segment at `path` with the payload of block (kind, column) replaced by `payload`
// (compressed again, directory and trailer rebuilt): a well-formed file with damaged content.
void ReplaceBlock(const fs::path& path, BlockKind kind, uint8_t column, const std::string& payload) {
  std::string d = ReadAll(path);
  uint64_t dir_off;
  uint32_t count, rows;
  std::memcpy(&dir_off, d.data() + d.size() - kTrailerSize, 8);
  std::memcpy(&count, d.data() + d.size() - kTrailerSize + 8, 4);
  std::memcpy(&rows, d.data() + d.size() - kTrailerSize + 12, 4);
  std::vector<BlockEntry> dir(count);
  std::memcpy(dir.data(), d.data() + dir_off, count * sizeof(BlockEntry));
  std::string out = d.substr(0, 8);
  bool found = false;
  for (BlockEntry& e : dir) {
    std::string frame = d.substr(e.offset, e.compressed_size);
    if (e.kind == static_cast<uint8_t>(kind) && e.column == column) {
      frame.resize(ZSTD_compressBound(payload.size()));
      size_t n = ZSTD_compress(frame.data(), frame.size(), payload.data(), payload.size(), 1);
      ASSERT_FALSE(ZSTD_isError(n));
      frame.resize(n);
      e.raw_size = payload.size();
      found = true;
    }
    e.offset = out.size();
    e.compressed_size = frame.size();
    out += frame;
  }
  ASSERT_TRUE(found);
  uint64_t new_dir = out.size();
  out.append(reinterpret_cast<const char*>(dir.data()), dir.size() * sizeof(BlockEntry));
  out.append(reinterpret_cast<const char*>(&new_dir), 8);
  out.append(reinterpret_cast<const char*>(&count), 4);
  out.append(reinterpret_cast<const char*>(&rows), 4);
  out += kSegmentTrailerMagic;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << out;
}

// Events with repeated keys and names, times out of order and some equal, a few far apart.
std::vector<Event> MakeEvents(std::vector<std::string>* storage, int n) {
  std::mt19937 rng(11);
  storage->reserve(size_t(n) * 3);
  std::vector<Event> events;
  for (int i = 0; i < n; ++i) {
    storage->push_back(i % 7 == 0 ? "" : "AKIA" + std::string(16, static_cast<char>('A' + rng() % 20)));
    const std::string& key = storage->back();
    storage->push_back("Name" + std::to_string(rng() % 50));
    const std::string& name = storage->back();
    storage->push_back("id-" + std::to_string(i));
    const std::string& id = storage->back();
    Event e;
    // Mostly one day in seconds; some far in the past or future (large deltas, negative times).
    e.time = i % 97 == 0 ? -static_cast<TimeMs>(rng() % 1000000) * 1000000 : 1710000000000 + static_cast<TimeMs>(rng() % 86400) * 1000;
    e.set(Column::kAccessKeyId, key);
    e.set(Column::kEventName, name);
    e.set(Column::kEventId, id);
    e.raw_offset = static_cast<uint64_t>(i) * 10;
    e.raw_length = 10;
    events.push_back(e);
  }
  return events;
}

std::unique_ptr<SegmentReader> Write(const fs::path& path, const std::vector<Event>& events, uint8_t version) {
  SegmentBuilder b;
  for (const Event& e : events) b.Add(e, 3);
  Status s = b.WriteTo(path, 1, version);
  EXPECT_TRUE(s.ok()) << s.ToString();
  auto r = SegmentReader::Open(path);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

TEST(SegmentFormat, VersionTwoReadsTheSameAsVersionOne) {
  auto dir = TempDir("segfmt_same");
  std::vector<std::string> storage;
  std::vector<Event> events = MakeEvents(&storage, 20000);
  auto v1 = Write(dir / "v1.cts", events, 1);
  auto v2 = Write(dir / "v2.cts", events, 2);
  ASSERT_TRUE(v1 && v2);
  EXPECT_EQ(ReadAll(dir / "v1.cts").substr(0, 8), kSegmentMagicV1);
  EXPECT_EQ(ReadAll(dir / "v2.cts").substr(0, 8), kSegmentMagicV2);
  // The varint blocks are the smaller (the point of version 2).
  EXPECT_LT(fs::file_size(dir / "v2.cts"), fs::file_size(dir / "v1.cts"));

  auto t1 = v1->Times();
  auto t2 = v2->Times();
  ASSERT_TRUE(t1.ok() && t2.ok());
  ASSERT_EQ(t1->size(), 20000u);
  EXPECT_TRUE(std::equal(t1->begin(), t1->end(), t2->begin(), t2->end()));
  EXPECT_TRUE(std::is_sorted(t2->begin(), t2->end()));
  for (Column c : {Column::kAccessKeyId, Column::kEventName, Column::kUserAgent}) {
    auto d1 = v1->Dictionary(c);
    auto d2 = v2->Dictionary(c);
    ASSERT_TRUE(d1.ok() && d2.ok());
    ASSERT_EQ((*d1)->size(), (*d2)->size());
    size_t total = 0;
    for (uint32_t id = 0; id < (*d1)->size(); ++id) {
      EXPECT_EQ((*d1)->value(id), (*d2)->value(id));
      auto p1 = v1->Postings(c, id);
      auto p2 = v2->Postings(c, id);
      ASSERT_TRUE(p1.ok() && p2.ok()) << p2.status().ToString();
      EXPECT_TRUE(std::equal(p1->begin(), p1->end(), p2->begin(), p2->end())) << "column " << int(c) << " value " << id;
      for (uint32_t row : *p2) EXPECT_EQ(*v2->Value(c, row), (*d2)->value(id));
      total += p2->size();
    }
    EXPECT_EQ(total, 20000u);  // the lists tile the rows
  }
  fs::remove_all(dir);
}

TEST(SegmentFormat, TimesOfGivesTheTimesOfTheRowsAskedFor) {
  auto dir = TempDir("segfmt_timesof");
  std::vector<std::string> storage;
  std::vector<Event> events = MakeEvents(&storage, 5000);
  for (uint8_t version : {1, 2}) {
    auto fresh = Write(dir / "s.cts", events, version);      // answers from the varints
    auto other = Write(dir / "t.cts", events, version);      // answers from Times()
    ASSERT_TRUE(fresh && other);
    auto all = other->Times();
    ASSERT_TRUE(all.ok());
    std::vector<uint32_t> rows = {0, 1, 2, 17, 999, 1000, 4998, 4999};
    // Three calls: the first without the column, then with it kept.
    for (int call = 0; call < 3; ++call) {
      std::vector<TimeMs> got(rows.size());
      ASSERT_TRUE(fresh->TimesOf(rows, got.data()).ok());
      for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(got[i], (*all)[rows[i]]) << "version " << int(version) << " call " << call;
    }
    std::vector<TimeMs> none;
    EXPECT_TRUE(fresh->TimesOf({}, none.data()).ok());
    // Rows that are not ascending or not in the segment are refused, not read.
    std::vector<TimeMs> two(2);
    std::vector<uint32_t> bad = {5, 3};
    EXPECT_EQ(fresh->TimesOf(bad, two.data()).code(), StatusCode::kInvalidArgument);
    std::vector<uint32_t> outside = {1, 5000};
    EXPECT_EQ(fresh->TimesOf(outside, two.data()).code(), StatusCode::kInvalidArgument);
  }
  fs::remove_all(dir);
}

// A version-2 file whose time block holds `payload` instead of what the writer put.
Status TimesWithTimeBlock(const fs::path& path, const std::string& payload) {
  std::vector<std::string> storage;
  std::vector<Event> events = MakeEvents(&storage, 4);
  Write(path, events, 2);
  ReplaceBlock(path, BlockKind::kTimeVarint, 0, payload);
  auto r = SegmentReader::Open(path);
  if (!r.ok()) return r.status();
  std::vector<uint32_t> rows = {0, 3};
  std::vector<TimeMs> out(2);
  Status sparse = (*r)->TimesOf(rows, out.data());
  Status whole = (*r)->Times().status();
  return !sparse.ok() ? sparse : whole;
}

TEST(SegmentFormat, DamagedTimeBlockIsCorrupt) {
  auto dir = TempDir("segfmt_time");
  std::string three(3, '\x02');  // one varint short of the 4 rows
  EXPECT_EQ(TimesWithTimeBlock(dir / "a.cts", three).code(), StatusCode::kCorrupt);
  std::string five(5, '\x02');  // one too many
  EXPECT_EQ(TimesWithTimeBlock(dir / "b.cts", five).code(), StatusCode::kCorrupt);
  std::string unterminated = std::string(3, '\x02') + "\xFF\xFF";  // the last varint runs off the end
  EXPECT_EQ(TimesWithTimeBlock(dir / "c.cts", unterminated).code(), StatusCode::kCorrupt);
  std::string endless = std::string(3, '\x02') + std::string(12, '\xFF') + "\x01";  // over 10 bytes
  EXPECT_EQ(TimesWithTimeBlock(dir / "d.cts", endless).code(), StatusCode::kCorrupt);
  EXPECT_TRUE(TimesWithTimeBlock(dir / "e.cts", std::string(4, '\x02')).ok());  // the control
  fs::remove_all(dir);
}

// A version-2 postings block for a dictionary of `count` values: byte starts, then the area.
std::string PostingsBlock(uint32_t count, const std::vector<uint32_t>& byte_starts, const std::string& area) {
  std::string p(reinterpret_cast<const char*>(&count), 4);
  for (uint32_t b : byte_starts) p.append(reinterpret_cast<const char*>(&b), 4);
  return p + area;
}

// Postings of every accessKeyId value of a 4-row segment whose postings block is `payload`.
Status PostingsWith(const fs::path& path, const std::string& payload) {
  std::vector<Event> events(4);
  for (int i = 0; i < 4; ++i) {
    events[i].time = i;
    events[i].set(Column::kAccessKeyId, i < 2 ? "AKIAONE" : "AKIATWO");
  }
  Write(path, events, 2);
  ReplaceBlock(path, BlockKind::kPostingsVarint, static_cast<uint8_t>(Column::kAccessKeyId), payload);
  auto r = SegmentReader::Open(path);
  if (!r.ok()) return r.status();
  for (uint32_t id = 0; id < 3; ++id) {
    auto p = (*r)->Postings(Column::kAccessKeyId, id);
    if (!p.ok()) return p.status();
  }
  return Status::Ok();
}

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s.push_back(static_cast<char>(x));
  return s;
}

TEST(SegmentFormat, DamagedPostingsBlockIsCorrupt) {
  auto dir = TempDir("segfmt_post");
  // The dictionary is {"", AKIAONE, AKIATWO}: no rows, rows 0 and 1, rows 2 and 3.
  EXPECT_TRUE(PostingsWith(dir / "ok.cts", PostingsBlock(3, {0, 0, 2, 4}, Bytes({0, 1, 2, 1}))).ok());
  // A row beyond the segment.
  EXPECT_EQ(PostingsWith(dir / "a.cts", PostingsBlock(3, {0, 0, 2, 4}, Bytes({0, 1, 2, 7}))).code(), StatusCode::kCorrupt);
  // A repeated row (a zero delta after the first).
  EXPECT_EQ(PostingsWith(dir / "b.cts", PostingsBlock(3, {0, 0, 2, 4}, Bytes({0, 0, 2, 1}))).code(), StatusCode::kCorrupt);
  // Byte starts that go backwards, or end elsewhere than the area.
  EXPECT_EQ(PostingsWith(dir / "c.cts", PostingsBlock(3, {0, 0, 3, 2}, Bytes({0, 1, 2, 1}))).code(), StatusCode::kCorrupt);
  EXPECT_EQ(PostingsWith(dir / "d.cts", PostingsBlock(3, {0, 0, 2, 9}, Bytes({0, 1, 2, 1}))).code(), StatusCode::kCorrupt);
  // A varint cut by the next value's start.
  EXPECT_EQ(PostingsWith(dir / "e.cts", PostingsBlock(3, {0, 0, 2, 4}, Bytes({0, 0x81, 2, 1}))).code(), StatusCode::kCorrupt);
  // A count that is not the dictionary's.
  EXPECT_EQ(PostingsWith(dir / "f.cts", PostingsBlock(2, {0, 2, 4}, Bytes({0, 1, 2, 1}))).code(), StatusCode::kCorrupt);
  // A huge delta that would wrap the row number.
  EXPECT_EQ(PostingsWith(dir / "g.cts", PostingsBlock(3, {0, 0, 2, 13}, Bytes({0, 1, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1}))).code(),
            StatusCode::kCorrupt);
  fs::remove_all(dir);
}

// Three events named ListBuckets: the eventName dictionary is {"", ListBuckets}.
std::vector<Event> ThreeListBuckets() {
  std::vector<Event> events(3);
  for (int i = 0; i < 3; ++i) {
    events[i].time = i;
    events[i].set(Column::kEventName, "ListBuckets");
  }
  return events;
}

// An ids block naming a value past its dictionary: refused once, at Ids(), for every caller
// (stats, Value, the query's filters index arrays with the ids).
TEST(SegmentFormat, IdOutsideTheDictionaryIsCorrupt) {
  auto dir = TempDir("segfmt_ids");
  std::vector<Event> events = ThreeListBuckets();
  Write(dir / "s.cts", events, 2);
  uint32_t ids[3] = {1, 1, 7};  // the dictionary is {"", ListBuckets}
  ReplaceBlock(dir / "s.cts", BlockKind::kIds, static_cast<uint8_t>(Column::kEventName),
               std::string(reinterpret_cast<const char*>(ids), sizeof ids));
  auto r = SegmentReader::Open(dir / "s.cts");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->Ids(Column::kEventName).status().code(), StatusCode::kCorrupt);
  EXPECT_EQ((*r)->Value(Column::kEventName, 0).status().code(), StatusCode::kCorrupt);
  EXPECT_TRUE((*r)->Ids(Column::kAccessKeyId).ok());  // the other columns still read
  fs::remove_all(dir);
}

// Version 3 stores each ids block as narrow as its dictionary allows (1, 2 or 4 bytes an id):
// every column reads back as in version 2, for dictionaries on each side of the widths' limits.
TEST(SegmentFormat, VersionThreeNarrowIdsReadTheSameAsVersionTwo) {
  auto dir = TempDir("segfmt_narrow");
  const int n = 70000;
  std::vector<std::string> storage;
  storage.reserve(size_t(n) * 4);
  std::vector<Event> events;
  for (int i = 0; i < n; ++i) {
    Event e;
    e.time = 1710000000000 + (i * 7919 % n) * 1000;
    storage.push_back("r" + std::to_string(i % 255));  // 256 values with "": 1 byte
    e.set(Column::kAwsRegion, storage.back());
    storage.push_back("n" + std::to_string(i % 256));  // 257 values: 2 bytes
    e.set(Column::kEventName, storage.back());
    storage.push_back("k" + std::to_string(i % 65536));  // 65 537 values: 4 bytes
    e.set(Column::kAccessKeyId, storage.back());
    storage.push_back("id-" + std::to_string(i));
    e.set(Column::kEventId, storage.back());
    e.raw_offset = static_cast<uint64_t>(i);
    e.raw_length = 1;
    events.push_back(e);
  }
  auto v2 = Write(dir / "v2.cts", events, 2);
  auto v3 = Write(dir / "v3.cts", events, 3);
  ASSERT_TRUE(v2 && v3);
  EXPECT_EQ(ReadAll(dir / "v3.cts").substr(0, 8), kSegmentMagicV3);
  EXPECT_LT(fs::file_size(dir / "v3.cts"), fs::file_size(dir / "v2.cts"));
  for (Column c : {Column::kAwsRegion, Column::kEventName, Column::kAccessKeyId, Column::kEventId, Column::kUserAgent}) {
    auto i2 = v2->Ids(c);
    auto i3 = v3->Ids(c);
    ASSERT_TRUE(i2.ok() && i3.ok()) << i3.status().ToString();
    ASSERT_EQ(i3->size(), size_t(n));
    EXPECT_TRUE(std::equal(i2->begin(), i2->end(), i3->begin(), i3->end())) << "column " << int(c);
    auto again = v3->Ids(c);  // widened once, then kept
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->data(), i3->data());
    auto x2 = v2->Value(c, 12345);
    auto x3 = v3->Value(c, 12345);
    ASSERT_TRUE(x2.ok() && x3.ok());
    EXPECT_EQ(*x2, *x3);
  }
  fs::remove_all(dir);
}

TEST(SegmentFormat, DamagedNarrowIdsAreCorrupt) {
  auto dir = TempDir("segfmt_narrow_bad");
  std::vector<Event> events = ThreeListBuckets();
  const uint8_t col = static_cast<uint8_t>(Column::kEventName);
  struct Case {
    std::string payload;
    const char* why;
  };
  std::vector<Case> cases = {
      {std::string("\x03\0\0\0\1\1\1\1\1\1", 10), "width 3"},
      {std::string("\x01\0\0\0\1\1", 6), "a row short"},
      {std::string("\x02\0\0\0\1\0\1\0\1\0\1\0", 12), "a row too many"},
      {std::string("\x01\0\0\0\1\1\x07", 7), "an id outside the dictionary"},
      {std::string("\x01", 1), "no header"},
  };
  for (const Case& k : cases) {
    Write(dir / "s.cts", events, 3);
    ReplaceBlock(dir / "s.cts", BlockKind::kIdsNarrow, col, k.payload);
    auto r = SegmentReader::Open(dir / "s.cts");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)->Ids(Column::kEventName).status().code(), StatusCode::kCorrupt) << k.why;
    EXPECT_TRUE((*r)->Ids(Column::kAccessKeyId).ok()) << k.why;
  }
  fs::remove_all(dir);
}

TEST(SegmentFormat, NewerVersionIsNamedInTheError) {
  auto dir = TempDir("segfmt_newer");
  std::vector<std::string> storage;
  Write(dir / "s.cts", MakeEvents(&storage, 3), 3);
  std::string d = ReadAll(dir / "s.cts");
  d[6] = 9;
  std::ofstream(dir / "s.cts", std::ios::binary | std::ios::trunc) << d;
  auto r = SegmentReader::Open(dir / "s.cts");
  ASSERT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("format version 9 is newer"), std::string::npos) << r.status().message();
  fs::remove_all(dir);
}

TEST(Varint, RoundTripsAndRefusesWhatRunsOff) {
  std::vector<uint64_t> values = {0, 1, 127, 128, 16383, 16384, 0xFFFFFFFFull, 1ull << 63, UINT64_MAX};
  for (uint64_t v : values) {
    char buf[kMaxVarint64Bytes];
    char* end = EncodeVarint64(buf, v);
    uint64_t back = 0;
    EXPECT_EQ(DecodeVarint64(buf, end, &back), end);
    EXPECT_EQ(back, v);
    if (end - buf > 1) {
      EXPECT_EQ(DecodeVarint64(buf, end - 1, &back), nullptr);  // cut short
    }
  }
  std::string endless(11, '\xFF');  // no last byte within 10
  uint64_t v = 0;
  EXPECT_EQ(DecodeVarint64(endless.data(), endless.data() + endless.size(), &v), nullptr);
  for (int64_t x : {int64_t{0}, int64_t{-1}, int64_t{1}, INT64_MIN, INT64_MAX, int64_t{-86400000}})
    EXPECT_EQ(UnZigZag(ZigZag(x)), x);
  EXPECT_EQ(ZigZag(-1), 1u);
  EXPECT_EQ(ZigZag(1), 2u);
}

// Version 4 stores record locations as narrow integers above a base: every row's location reads
// back as in version 3, whatever the widths (one source or thousands, offsets past 4 GiB of a
// streamed source, records past 64 KiB), and the file is smaller.
TEST(SegmentFormat, VersionFourLocationsReadTheSameAsVersionThree) {
  auto dir = TempDir("segfmt_v4");
  std::vector<std::string> storage;
  std::vector<Event> events = MakeEvents(&storage, 30000);
  for (int variant = 0; variant < 3; ++variant) {
    SegmentBuilder b3, b4;
    for (size_t i = 0; i < events.size(); ++i) {
      Event e = events[i];
      uint32_t source = variant == 0 ? 7 : 1000 + static_cast<uint32_t>(i / 7);
      uint64_t base = variant == 2 ? (uint64_t{5} << 32) + i * 1000 : 0;
      if (variant == 2 && i % 101 == 0) e.raw_length = 70000 + static_cast<uint32_t>(i);
      if (variant == 1) e.raw_encoding = i % 3 == 0 ? cloudtrail::RawEncoding::kJsonString : cloudtrail::RawEncoding::kJson;
      b3.Add(e, source, base);
      b4.Add(e, source, base);
    }
    ASSERT_TRUE(b3.WriteTo(dir / "v3.cts", 1, 3).ok());
    ASSERT_TRUE(b4.WriteTo(dir / "v4.cts", 1, 4).ok());
    EXPECT_EQ(ReadAll(dir / "v4.cts").substr(0, 8), kSegmentMagicV4);
    EXPECT_LT(fs::file_size(dir / "v4.cts"), fs::file_size(dir / "v3.cts")) << "variant " << variant;
    auto r3 = SegmentReader::Open(dir / "v3.cts");
    auto r4 = SegmentReader::Open(dir / "v4.cts");
    ASSERT_TRUE(r3.ok() && r4.ok());
    for (uint32_t row = 0; row < events.size(); ++row) {
      auto a = (*r3)->Location(row);
      auto b = (*r4)->Location(row);
      ASSERT_TRUE(a.ok() && b.ok()) << b.status().ToString();
      ASSERT_EQ(a->source_id, b->source_id) << "variant " << variant << " row " << row;
      ASSERT_EQ(a->offset, b->offset) << "variant " << variant << " row " << row;
      ASSERT_EQ(a->length, b->length) << "variant " << variant << " row " << row;
      ASSERT_EQ(a->encoding, b->encoding) << "variant " << variant << " row " << row;
    }
    EXPECT_EQ((*r4)->Location(static_cast<uint32_t>(events.size())).status().code(), StatusCode::kInvalidArgument);
  }
  fs::remove_all(dir);
}

TEST(SegmentFormat, DamagedNarrowLocationsAreCorrupt) {
  auto dir = TempDir("segfmt_loc_bad");
  std::vector<Event> events = ThreeListBuckets();
  auto header = [](uint8_t width, uint64_t base) {
    std::string h(12, '\0');
    h[0] = static_cast<char>(width);
    std::memcpy(h.data() + 4, &base, 8);
    return h;
  };
  struct Case {
    BlockKind kind;
    std::string payload;
    const char* why;
  };
  std::vector<Case> cases = {
      {BlockKind::kLocOffsetNarrow, header(3, 0) + std::string(9, '\1'), "width 3"},
      {BlockKind::kLocOffsetNarrow, header(1, 0) + std::string(2, '\1'), "a row short"},
      {BlockKind::kLocLengthNarrow, header(2, 0) + std::string(8, '\1'), "a row too many"},
      {BlockKind::kLocLengthNarrow, header(1, uint64_t{1} << 32) + std::string(3, '\1'), "a length past 32 bits"},
      {BlockKind::kLocSourceNarrow, header(8, UINT32_MAX) + std::string(24, '\1'), "a source id past 32 bits"},
      {BlockKind::kLocOffsetNarrow, header(8, UINT64_MAX) + std::string(24, '\1'), "an offset that wraps"},
      {BlockKind::kLocSourceNarrow, std::string("\x01", 1), "no header"},
  };
  for (const Case& k : cases) {
    Write(dir / "s.cts", events, 4);
    ReplaceBlock(dir / "s.cts", k.kind, 0, k.payload);
    auto r = SegmentReader::Open(dir / "s.cts");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)->Location(1).status().code(), StatusCode::kCorrupt) << k.why;
    EXPECT_TRUE((*r)->Times().ok()) << k.why;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace credtrace::store
