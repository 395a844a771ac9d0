#include "store/ingest.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "base/file.h"
#include "base/gzip.h"
#include "base/sha256.h"
#include "store/custody.h"
#include "store/manifest.h"

namespace credtrace::store {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  auto p = fs::temp_directory_path() / ("credtrace_ingest_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::string Record(int i, const std::string& key = "AKIAIOSFODNN7EXAMPLE", const std::string& extra = "") {
  char id[40];
  std::snprintf(id, sizeof id, "%08d-0000-4000-8000-000000000000", i);
  nlohmann::json j = {{"eventVersion", "1.08"},
                      {"userIdentity", {{"type", "IAMUser"}, {"principalId", "AIDAEXAMPLE"}, {"arn", "arn:aws:iam::111122223333:user/alice"}, {"accountId", "111122223333"}, {"accessKeyId", key}, {"userName", "alice"}}},
                      {"eventTime", "2024-03-11T10:00:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "Z"},
                      {"eventSource", "s3.amazonaws.com"},
                      {"eventName", "ListBuckets"},
                      {"awsRegion", "us-east-1"},
                      {"sourceIPAddress", "203.0.113.7"},
                      {"userAgent", "aws-cli/2.15.0" + extra},
                      {"requestParameters", nullptr},
                      {"responseElements", nullptr},
                      {"eventID", id},
                      {"readOnly", true},
                      {"eventType", "AwsApiCall"},
                      {"recipientAccountId", "111122223333"}};
  return j.dump();
}

std::string Delivery(const std::vector<std::string>& recs) {
  std::string s = "{\"Records\":[";
  for (size_t i = 0; i < recs.size(); ++i) s += (i ? "," : "") + recs[i];
  return s + "]}";
}

void Write(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

struct Fixture {
  fs::path dir;
  std::unique_ptr<Case> c;
  explicit Fixture(const std::string& name) : dir(TempDir(name)) {
    auto r = Case::Open(dir / "case", CreateIfMissing::kYes);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    c = std::move(r).value();
  }
  ~Fixture() { fs::remove_all(dir); }
  IngestSummary Run(const std::vector<fs::path>& paths, IngestOptions opt = {}) {
    auto r = Ingest(*c, paths, opt);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) ExpectManifestFileIsTheDatabases();
    return r.ok() ? std::move(r).value() : IngestSummary();
  }
  // manifest.json.gz, written while the sources committed, says what the database says.
  void ExpectManifestFileIsTheDatabases() {
    auto gz = ReadFile(dir / "case" / "manifest.json.gz");
    ASSERT_TRUE(gz.ok()) << gz.status().ToString();
    std::string text;
    ASSERT_TRUE(Gunzip(*gz, 1u << 30, &text).ok());
    auto want = ManifestJson(*c);
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(text, *want + "\n");
    EXPECT_FALSE(fs::exists(dir / "case" / "manifest.json.gz.tmp"));
  }
  SourceRecord SourceByName(const std::string& name) {
    auto sources = c->db().Sources();
    for (const auto& s : *sources)
      if (fs::path(s.path).filename() == name) return s;
    ADD_FAILURE() << "no source " << name;
    return {};
  }
};

TEST(Ingest, DeduplicatesByEventIdAcrossFilesAndRuns) {
  Fixture f("dedup");
  Write(f.dir / "in/a.json", Delivery({Record(1), Record(2)}));
  Write(f.dir / "in/b.json.gz", GzipCompress(Delivery({Record(2), Record(3)})));
  IngestSummary s = f.Run({f.dir / "in"});
  EXPECT_EQ(s.events, 3u);
  EXPECT_EQ(s.duplicates, 1u);
  EXPECT_FALSE(s.AnythingRejected());
  EXPECT_EQ(f.SourceByName("b.json.gz").duplicates + f.SourceByName("a.json").duplicates, 1u);
  EXPECT_EQ(*f.c->EventCount(), 3u);
  // The same files again: nothing new. A copy under another name: a duplicate file.
  Write(f.dir / "in2/copy.json", Delivery({Record(1), Record(2)}));
  Write(f.dir / "in2/c.json", Delivery({Record(3), Record(4)}));
  IngestSummary t = f.Run({f.dir / "in", f.dir / "in2"});
  EXPECT_EQ(t.files_already, 2u);
  EXPECT_EQ(t.files_duplicate, 1u);
  EXPECT_EQ(t.events, 1u);
  EXPECT_EQ(t.duplicates, 1u);
  EXPECT_EQ(*f.c->EventCount(), 4u);
  EXPECT_EQ(f.SourceByName("copy.json").status, "duplicate-file");
}

// A case an older credtrace made (format version 1) is read as it is, and marked with the current version, with
// a custody entry, when an ingest is about to write segments of the newer format into it.
TEST(Ingest, UpgradesAnOlderCaseFormatBeforeWriting) {
  fs::path dir = TempDir("upgrade");
  fs::path marker = dir / "case/credtrace-case.json";
  {
    auto c = Case::Open(dir / "case", CreateIfMissing::kYes);
    ASSERT_TRUE(c.ok());
  }
  auto m = nlohmann::json::parse(*ReadFile(marker, 1 << 20));
  m["version"] = 1;
  Write(marker, m.dump());
  auto upgrades = [&](Case& c) {
    int n = 0;
    auto entries = c.db().Custody();
    EXPECT_TRUE(entries.ok());
    for (const CustodyEntry& e : *entries)
      n += e.entry.find("case format upgraded") != std::string::npos;
    return n;
  };
  {
    auto c = Case::Open(dir / "case", CreateIfMissing::kNo);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ((*c)->format_version(), 1);
    EXPECT_EQ(upgrades(**c), 0);
    Write(dir / "in/a.json", Delivery({Record(1), Record(2)}));
    ASSERT_TRUE(Ingest(**c, {dir / "in"}, {}).ok());
    EXPECT_EQ((*c)->format_version(), kCaseFormatVersion);
    EXPECT_EQ(upgrades(**c), 1);
  }
  EXPECT_EQ(nlohmann::json::parse(*ReadFile(marker, 1 << 20)).value("version", 0), kCaseFormatVersion);
  auto c = Case::Open(dir / "case", CreateIfMissing::kNo);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->format_version(), kCaseFormatVersion);
  EXPECT_EQ(*(*c)->EventCount(), 2u);
  Write(dir / "in/b.json", Delivery({Record(3)}));
  ASSERT_TRUE(Ingest(**c, {dir / "in"}, {}).ok());
  EXPECT_EQ(upgrades(**c), 1);  // once
  fs::remove_all(dir);
}

TEST(Ingest, KeepsSourcesByteExact) {
  Fixture f("exact");
  std::string gz = GzipCompress(Delivery({Record(1), Record(2)}));
  Write(f.dir / "in/x.json.gz", gz);
  f.Run({f.dir / "in/x.json.gz"});
  SourceRecord s = f.SourceByName("x.json.gz");
  EXPECT_EQ(s.sha256, Sha256::HexOf(gz));
  auto bytes = f.c->SourceBytes(s.id);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, gz);
  // Records come back byte-exact.
  auto segs = f.c->Segments();
  ASSERT_TRUE(segs.ok());
  RecordFetcher fetch(f.c.get());
  std::set<std::string> got;
  for (const SegmentView* sv : *segs)
    for (uint32_t r = 0; r < sv->num_rows(); ++r) got.insert(*fetch.Fetch(*sv->Location(r)));
  EXPECT_EQ(got, (std::set<std::string>{Record(1), Record(2)}));
}

// More files than the queue opens ahead of the workers, with segments small enough that the
// committers seal and commit many of them while the workers go on reading: every file and every
// event is committed once, byte-exact, and a second run finds them all in the case.
TEST(Ingest, ManyFilesThroughReadAheadAndBackgroundCommits) {
  Fixture f("many");
  constexpr int kFiles = 700;
  for (int i = 0; i < kFiles; ++i) {
    std::string doc = Delivery({Record(2 * i), Record(2 * i + 1)});
    Write(f.dir / "in" / ("d" + std::to_string(i / 100)) / ("f" + std::to_string(i) + ".json.gz"), GzipCompress(doc));
  }
  IngestOptions opt;
  opt.threads = 2;
  opt.segment_bytes = 16 << 10;
  IngestSummary s = f.Run({f.dir / "in"}, opt);
  EXPECT_EQ(s.files, static_cast<uint64_t>(kFiles));
  EXPECT_EQ(s.files_ingested, static_cast<uint64_t>(kFiles));
  EXPECT_EQ(s.events, 2u * kFiles);
  EXPECT_EQ(s.duplicates, 0u);
  EXPECT_GT(s.segments, 10u);
  EXPECT_FALSE(s.AnythingRejected());
  EXPECT_EQ(*f.c->EventCount(), 2u * kFiles);
  auto segs = f.c->Segments();
  ASSERT_TRUE(segs.ok());
  uint64_t rows = 0;
  for (const SegmentView* sv : *segs) rows += sv->num_rows();
  EXPECT_EQ(rows, 2u * kFiles);
  auto sources = f.c->db().Sources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), static_cast<size_t>(kFiles));
  for (const SourceRecord& r : *sources) {
    auto bytes = f.c->SourceBytes(r.id);
    ASSERT_TRUE(bytes.ok()) << r.path;
    ASSERT_EQ(Sha256::HexOf(*bytes), r.sha256) << r.path;
    ASSERT_EQ(r.events, 2u) << r.path;
  }
  IngestSummary again = f.Run({f.dir / "in"}, opt);
  EXPECT_EQ(again.files_already, static_cast<uint64_t>(kFiles));
  EXPECT_EQ(again.events, 0u);
  EXPECT_EQ(*f.c->EventCount(), 2u * kFiles);
}

// manifest.json.gz is merged from the committers' streams while they commit (ids interleave
// between threads): with many small commits on three threads, copies of the same bytes, files
// that are not CloudTrail, and a second run, the file says what the database says
// (Fixture::Run checks it after every run); and when the lines waiting for the other threads
// pass the bound, the manifest is rendered from the database instead, with the same content.
TEST(Ingest, ManifestIsWrittenAsSourcesCommit) {
  for (size_t max_waiting : {size_t{64} << 20, size_t{1}}) {
    Fixture f("manifest" + std::to_string(max_waiting));
    for (int i = 0; i < 300; ++i) {
      std::string doc = Delivery({Record(3 * i), Record(3 * i + 1)});
      fs::path p = f.dir / "in" / ("d" + std::to_string(i % 7)) / ("f\"" + std::to_string(i) + ".json.gz");
      Write(p, i % 10 == 3 ? "not json at all " + std::to_string(i) : GzipCompress(doc));
      if (i % 50 == 0) Write(f.dir / "in" / "copies" / ("copy" + std::to_string(i) + ".json.gz"), GzipCompress(doc));
    }
    IngestOptions opt;
    opt.threads = 3;
    opt.segment_bytes = 8 << 10;
    opt.manifest_max_waiting_bytes = max_waiting;
    IngestSummary s = f.Run({f.dir / "in"}, opt);
    EXPECT_EQ(s.files, 306u);
    EXPECT_EQ(s.files_duplicate, 6u);
    // A second run adds files after those of the first (which the manifest starts with).
    for (int i = 300; i < 340; ++i) Write(f.dir / "more" / ("g" + std::to_string(i) + ".json"), Delivery({Record(3 * i)}));
    f.Run({f.dir / "more", f.dir / "in"}, opt);
    auto m = ManifestJson(*f.c);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(nlohmann::json::parse(*m)["sources"].size(), 346u);
  }
}

TEST(Ingest, BadInputIsReportedAndTheRestGoesIn) {
  Fixture f("bad");
  fs::path in = f.dir / "in";
  std::string good = Delivery({Record(1), Record(2), Record(3)});
  std::vector<std::string> many;
  for (int i = 0; i < 3000; ++i) many.push_back(Record(1000 + i));
  std::string gz = GzipCompress(Delivery(many));
  Write(in / "01-good.json", good);
  Write(in / "02-truncated.json.gz", gz.substr(0, gz.size() * 2 / 3));
  Write(in / "03-corrupt.json", Delivery({Record(20), "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-03-11T10:00:00Z\",\"eventName\":\"A\"]}", Record(21)}));
  Write(in / "04-not-cloudtrail.json", R"({"hello":"world","items":[1,2,3]})");
  Write(in / "05-empty.json", "");
  Write(in / "06-huge-record.json", Delivery({Record(30), Record(31, "AKIAIOSFODNN7EXAMPLE", std::string(2 << 20, 'x')), Record(32)}));
  std::string bad_utf8 = Record(41);
  bad_utf8.replace(bad_utf8.find("aws-cli"), 3, "\xff\xfe\xfd");
  Write(in / "07-bad-utf8.json", Delivery({Record(40), bad_utf8, Record(42)}));
  Write(in / "08-bomb.json.gz", GzipCompress(std::string(8 << 20, ' ')));
  Write(in / "09-text.log", "this is not json\n");
  fs::create_symlink(in / "does-not-exist", in / "10-broken-link.json");
  IngestOptions opt;
  opt.max_decompressed_bytes = 4 << 20;  // the bomb inflates to 8 MiB
  IngestSummary s = f.Run({in}, opt);
  EXPECT_TRUE(s.AnythingRejected());
  // Every valid record is kept: 3 + (some of the truncated) + 2 + 2 + 2.
  EXPECT_GE(s.events, 9u);
  auto has = [&](const std::string& file, const std::string& what) {
    for (const auto& p : s.problems)
      if (p.path.find(file) != std::string::npos && p.reason.find(what) != std::string::npos) return true;
    ADD_FAILURE() << "no problem '" << what << "' for " << file;
    return false;
  };
  has("02-truncated", "truncated");
  has("03-corrupt", "invalid JSON");
  has("04-not-cloudtrail", "not a CloudTrail");
  has("06-huge-record", "exceeds");
  has("07-bad-utf8", "UTF-8");
  has("08-bomb", "gzip bomb");
  has("09-text.log", "not JSON");
  has("10-broken-link", "broken symbolic link");
  EXPECT_EQ(f.SourceByName("01-good.json").status, "ingested");
  EXPECT_EQ(f.SourceByName("03-corrupt.json").status, "partial");
  EXPECT_EQ(f.SourceByName("03-corrupt.json").events, 2u);
  EXPECT_EQ(f.SourceByName("04-not-cloudtrail.json").status, "rejected");
  EXPECT_EQ(f.SourceByName("05-empty.json").status, "empty");
  EXPECT_EQ(f.SourceByName("06-huge-record.json").events, 2u);
  EXPECT_EQ(f.SourceByName("07-bad-utf8.json").events, 2u);
  EXPECT_GE(f.SourceByName("02-truncated.json.gz").events, 1u);
  EXPECT_EQ(f.SourceByName("02-truncated.json.gz").status, "partial");
  // The problem offsets point at the bad records.
  for (const auto& p : s.problems) {
    if (p.path.find("03-corrupt") != std::string::npos) {
      EXPECT_EQ(p.offset, static_cast<int64_t>(std::string("{\"Records\":[").size() + Record(20).size() + 1));
    }
  }
  // The manifest records the errors.
  auto m = ManifestJson(*f.c);
  ASSERT_TRUE(m.ok());
  auto j = nlohmann::json::parse(*m);
  bool found = false;
  for (const auto& src : j["sources"])
    if (src["path"].get<std::string>().find("07-bad-utf8") != std::string::npos) {
      found = true;
      EXPECT_EQ(src["rejected"], 1);
      ASSERT_EQ(src["errors"].size(), 1u);
      EXPECT_TRUE(src["errors"][0].contains("offset"));
    }
  EXPECT_TRUE(found);
}

TEST(Ingest, RecoversFromUncommittedTails) {
  Fixture f("recover");
  Write(f.dir / "in/a.json", Delivery({Record(1)}));
  f.Run({f.dir / "in"});
  // Simulate a crash after more bytes were appended and a segment written, before the commit.
  auto packs_r = f.c->db().Packs();
  auto packs = *packs_r;
  ASSERT_EQ(packs.size(), 1u);
  fs::path pack = f.c->evidence_dir() / packs[0].file;
  uint64_t committed = fs::file_size(pack);
  { std::ofstream(pack, std::ios::app) << "partial bytes of an uncommitted source"; }
  Write(f.c->store_dir() / "seg-99.cts", "half a segment");
  Write(f.c->evidence_dir() / "pack-77.bin", "uncommitted pack");
  f.c.reset();
  auto reopened = Case::Open(f.dir / "case", CreateIfMissing::kNo);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(fs::file_size(pack), committed);
  EXPECT_FALSE(fs::exists(f.dir / "case/store/seg-99.cts"));
  EXPECT_FALSE(fs::exists(f.dir / "case/evidence/pack-77.bin"));
  EXPECT_EQ(*(*reopened)->EventCount(), 1u);
}

TEST(Ingest, PrunesS3LayoutBeforeOpening) {
  Fixture f("prune");
  fs::path root = f.dir / "in/AWSLogs/o-abcdefghij";
  Write(root / "111122223333/CloudTrail/us-east-1/2024/03/11/a.json", Delivery({Record(1)}));
  Write(root / "111122223333/CloudTrail/eu-west-1/2024/03/11/b.json", Delivery({Record(2)}));
  Write(root / "444455556666/CloudTrail/us-east-1/2024/03/11/c.json", Delivery({Record(3)}));
  Write(root / "111122223333/CloudTrail/us-east-1/2024/02/01/d.json", Delivery({Record(4)}));
  IngestOptions opt;
  opt.filter.accounts = {"111122223333"};
  opt.filter.regions = {"us-east-1"};
  opt.filter.since = *ParseIsoTime("2024-03-10T00:00:00Z");
  IngestSummary s = f.Run({f.dir / "in"}, opt);
  EXPECT_EQ(s.files, 1u);
  EXPECT_EQ(s.events, 1u);
  EXPECT_GE(s.pruned_dirs, 3u);
}

TEST(Ingest, S3PathFilter) {
  WalkFilter f;
  f.since = *ParseIsoTime("2024-03-11T12:00:00Z");
  f.until = *ParseIsoTime("2024-03-12T12:00:00Z");
  EXPECT_TRUE(S3PathMayMatch({"111122223333", "CloudTrail", "us-east-1", "2024", "03", "11"}, f));
  EXPECT_FALSE(S3PathMayMatch({"111122223333", "CloudTrail", "us-east-1", "2024", "03", "10"}, f));
  EXPECT_TRUE(S3PathMayMatch({"111122223333", "CloudTrail", "us-east-1", "2024", "03", "13"}, f));   // late deliveries
  EXPECT_FALSE(S3PathMayMatch({"111122223333", "CloudTrail", "us-east-1", "2024", "03", "14"}, f));
  EXPECT_FALSE(S3PathMayMatch({"111122223333", "CloudTrail", "us-east-1", "2024", "02"}, f));
  EXPECT_TRUE(S3PathMayMatch({"111122223333", "CloudTrail", "us-east-1", "2024"}, f));
  EXPECT_TRUE(S3PathMayMatch({"o-abc", "111122223333"}, f));
  EXPECT_TRUE(S3PathMayMatch({"not-an-account", "x"}, f));
}

}  // namespace
}  // namespace credtrace::store

namespace credtrace::store {
namespace {
TEST(Ingest, CaseDatabaseOfAnotherSchemaIsRefusedClearly) {
  Fixture f("schema");
  f.c.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((f.dir / "case/case.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=1", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto c = Case::Open(f.dir / "case", CreateIfMissing::kNo);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("schema version 1"), std::string::npos) << c.status().message();
}
}  // namespace
}  // namespace credtrace::store

namespace credtrace::store {
namespace {
// Big sources are streamed a chunk at a time; here the thresholds are tiny so that chunk
// boundaries fall inside records.
TEST(Ingest, BigJsonLinesAreStreamedInChunks) {
  Fixture f("stream");
  std::string lines;
  std::vector<std::string> recs;
  for (int i = 0; i < 3000; ++i) {
    recs.push_back(Record(50000 + i));
    lines += recs.back() + "\n";
  }
  std::string bad = "{\"eventVersion\":\"1.08\",\"eventTime\":\"nope\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"X\"}";
  size_t bad_offset = lines.size();
  lines += bad + "\n" + Record(99999) + "\n";
  Write(f.dir / "in/big.jsonl", lines);
  Write(f.dir / "in/big.jsonl.gz", GzipCompress(lines));
  Write(f.dir / "in2/records.json", Delivery({Record(7), Record(8)}));  // a document, not lines
  IngestOptions opt;
  opt.stream_above_bytes = 1024;
  opt.stream_chunk_bytes = 7777;
  IngestSummary s = f.Run({f.dir / "in", f.dir / "in2"}, opt);
  EXPECT_EQ(s.events, 3003u);
  EXPECT_EQ(s.duplicates, 3001u);  // the .gz holds the same records
  EXPECT_EQ(s.rejected_records, 2u);  // the bad line, in both files
  for (const auto& p : s.problems) {
    if (p.path.find("big.jsonl") != std::string::npos) {
      EXPECT_EQ(p.offset, static_cast<int64_t>(bad_offset)) << p.reason;
    }
  }
  EXPECT_EQ(f.SourceByName("big.jsonl").kind, "json-lines");
  EXPECT_EQ(f.SourceByName("big.jsonl").status, "partial");
  // Every record comes back byte-exact, from the plain and from the gzip source.
  auto segs = f.c->Segments();
  ASSERT_TRUE(segs.ok());
  RecordFetcher fetch(f.c.get());
  std::set<std::string> got;
  for (const SegmentView* sv : *segs)
    for (uint32_t r = 0; r < sv->num_rows(); ++r) {
      auto rec = fetch.Fetch(*sv->Location(r));
      ASSERT_TRUE(rec.ok()) << rec.status().ToString();
      got.insert(*rec);
    }
  for (const std::string& r : recs) EXPECT_TRUE(got.count(r)) << r.substr(0, 80);
  EXPECT_TRUE(got.count(Record(99999)));
  EXPECT_TRUE(got.count(Record(7)));
  EXPECT_EQ(got.size(), 3003u);
  // The gzip copy through the forward cursor for big sources (threshold lowered to 1 KiB): in
  // order, and in reverse order (every record restarts the cursor).
  SourceRecord gz = f.SourceByName("big.jsonl.gz");
  std::vector<RecordLocation> locs;
  size_t pos = 0;
  for (int i = 0; i < 3000; i += 97) {
    size_t at = lines.find(recs[i], pos);
    locs.push_back({static_cast<uint32_t>(gz.id), at, static_cast<uint32_t>(recs[i].size()), 0});
    pos = at;
  }
  RecordFetcher cursor(f.c.get(), 1024);
  auto forward = cursor.FetchMany(locs);
  ASSERT_TRUE(forward.ok()) << forward.status().ToString();
  for (size_t k = 0; k < locs.size(); ++k) EXPECT_EQ((*forward)[k], recs[k * 97]);
  std::vector<RecordLocation> backward(locs.rbegin(), locs.rend());
  for (size_t k = 0; k < backward.size(); ++k) {
    auto one = cursor.Fetch(backward[k]);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(*one, recs[(locs.size() - 1 - k) * 97]);
  }
}
}  // namespace
}  // namespace credtrace::store

namespace credtrace::store {
namespace {

// A responder searches while a long ingest runs: opening the case must not "repair" the
// ingest's uncommitted pack tail away, and a second ingest must not start beside the first.
TEST(CaseLock, OpeningDuringAnIngestLeavesTheWritersBytesAlone) {
  Fixture f("caselock");
  Write(f.dir / "in" / "a.json", Delivery({Record(1), Record(2)}));
  f.Run({f.dir / "in"});
  ASSERT_TRUE(f.c->LockForWriting().ok());  // f.c is now the writer, as a running ingest is
  auto packs = f.c->db().Packs();
  ASSERT_TRUE(packs.ok() && !packs->empty());
  fs::path pack = f.dir / "case" / "evidence" / packs->front().file;
  uint64_t committed = packs->front().committed;
  {
    std::ofstream out(pack, std::ios::binary | std::ios::app);
    out << "bytes of a source the writer has not committed yet";
  }
  uint64_t with_tail = fs::file_size(pack);
  ASSERT_GT(with_tail, committed);
  {
    auto reader = Case::Open(f.dir / "case", CreateIfMissing::kNo);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ(fs::file_size(pack), with_tail) << "a reader truncated the writer's pack";
    EXPECT_EQ(*(*reader)->EventCount(), 2u);
    Status second = (*reader)->LockForWriting(200);
    EXPECT_EQ(second.code(), StatusCode::kAborted) << second.ToString();
  }
  // The writer dies (its lock goes with it): the next open repairs.
  f.c.reset();
  auto after = Case::Open(f.dir / "case", CreateIfMissing::kNo);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(fs::file_size(pack), committed);
}

}  // namespace
}  // namespace credtrace::store
