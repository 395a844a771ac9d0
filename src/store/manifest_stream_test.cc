#include "store/manifest_stream.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "base/file.h"
#include "base/gzip.h"

namespace credtrace::store {
namespace {

namespace fs = std::filesystem;

struct CaseDir {
  fs::path dir;
  std::unique_ptr<Case> c;
  explicit CaseDir(const std::string& name)
      : dir(fs::temp_directory_path() / ("credtrace_mstream_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    auto r = Case::Open(dir, CreateIfMissing::kYes);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    c = std::move(r).value();
  }
  ~CaseDir() { fs::remove_all(dir); }
  std::string ManifestText() {
    auto gz = ReadFile(dir / "manifest.json.gz");
    EXPECT_TRUE(gz.ok());
    std::string text;
    EXPECT_TRUE(Gunzip(gz.ok() ? *gz : std::string(), 1u << 30, &text).ok());
    return text;
  }
};

SourceRecord Source(int64_t id, int64_t pack) {
  SourceRecord r;
  r.id = id;
  r.path = "in/f" + std::to_string(id) + ".json.gz";
  r.sha256 = std::string(64, 'a' + static_cast<char>(id % 6));
  r.kind = "cloudtrail-delivery";
  r.status = "ingested";
  r.errors_json = "[]";
  r.pack = pack;
  r.pack_offset = static_cast<uint64_t>(id) * 100;
  r.records = r.events = 2;
  r.run_id = 1;
  return r;
}

std::string Expected(std::vector<SourceRecord> all, const ManifestPackFiles& packs) {
  std::sort(all.begin(), all.end(), [](const SourceRecord& a, const SourceRecord& b) { return a.id < b.id; });
  std::string out = ManifestHead();
  for (size_t i = 0; i < all.size(); ++i) {
    out += i ? ",\n" : "\n";
    AppendManifestSource(all[i], packs, &out);
  }
  return out + std::string(kManifestTail);
}

// Three committers whose ids interleave (as the workers take files in turn), jobs of uneven
// sizes, one stream closing early: the file lists every source once, in id order, and holds
// more than one gzip member (pieces of ~1 MiB).
TEST(ManifestStream, MergesInterleavedStreamsInIdOrder) {
  CaseDir d("merge");
  auto m = ManifestStream::Start(*d.c, 3);
  ASSERT_TRUE(m.ok());
  std::vector<SourceRecord> existing = {Source(1, 0), Source(2, 0)};
  for (const SourceRecord& r : existing) ASSERT_TRUE((*m)->AddExisting(r).ok());
  std::vector<std::vector<SourceRecord>> own(3);
  std::vector<SourceRecord> all = existing;
  for (int64_t id = 3; id < 9000; ++id) {
    int s = static_cast<int>((id * 7) % 3);
    if (s == 2 && id > 600) s = static_cast<int>(id % 2);  // stream 2 stops taking files
    own[static_cast<size_t>(s)].push_back(Source(id, 10 + s));
    all.push_back(own[static_cast<size_t>(s)].back());
  }
  ManifestPackFiles packs;
  for (int s = 0; s < 3; ++s) packs[10 + s] = "evidence/pack-" + std::to_string(10 + s) + ".bin";
  // Jobs of 1 to 500 sources, streams taking turns.
  std::vector<size_t> at(3, 0);
  for (size_t round = 0; at[0] < own[0].size() || at[1] < own[1].size() || at[2] < own[2].size(); ++round) {
    for (int s = 0; s < 3; ++s) {
      auto& v = own[static_cast<size_t>(s)];
      size_t& i = at[static_cast<size_t>(s)];
      if (i >= v.size()) continue;
      size_t take = std::min(v.size() - i, 1 + (round * 37 + static_cast<size_t>(s) * 101) % 500);
      std::vector<SourceRecord> job(v.begin() + static_cast<std::ptrdiff_t>(i), v.begin() + static_cast<std::ptrdiff_t>(i + take));
      i += take;
      PackRecord p{10 + s, "pack-" + std::to_string(10 + s) + ".bin", 0};
      ASSERT_TRUE((*m)->Committed(s, job, &p).ok());
      if (i == v.size()) ASSERT_TRUE((*m)->Close(s).ok());
    }
  }
  EXPECT_FALSE((*m)->gave_up());
  ASSERT_TRUE((*m)->Finish().ok());
  EXPECT_EQ(d.ManifestText(), Expected(all, packs));
  EXPECT_FALSE(fs::exists(d.dir / "manifest.json.gz.tmp"));
  auto gz = ReadFile(d.dir / "manifest.json.gz");
  ASSERT_TRUE(gz.ok());
  size_t members = 0;
  for (size_t p = gz->find("\x1f\x8b\x08"); p != std::string::npos; p = gz->find("\x1f\x8b\x08", p + 1)) ++members;
  EXPECT_GE(members, 2u);
}

// A stream that reports nothing holds back the others' lines; past the bound the stream gives
// up (memory stays bounded) and Finish writes the manifest from the database.
TEST(ManifestStream, GivesUpPastTheBoundAndFinishesFromTheDatabase) {
  CaseDir d("giveup");
  auto m = ManifestStream::Start(*d.c, 2, 64 << 10);
  ASSERT_TRUE(m.ok());
  std::vector<SourceRecord> job;
  for (int64_t id = 1; id < 2000; id += 2) job.push_back(Source(id, 0));
  ASSERT_TRUE((*m)->Committed(0, job, nullptr).ok());
  EXPECT_TRUE((*m)->gave_up());
  ASSERT_TRUE((*m)->Close(0).ok());
  ASSERT_TRUE((*m)->Close(1).ok());
  ASSERT_TRUE((*m)->Finish().ok());
  auto want = ManifestJson(*d.c);  // the database has no sources: an empty list
  ASSERT_TRUE(want.ok());
  EXPECT_EQ(d.ManifestText(), *want + "\n");
}

// Abandoned (the ingest failed): no temporary file stays behind, the old manifest is untouched.
TEST(ManifestStream, AbandonedLeavesNoTemporaryFile) {
  CaseDir d("abandon");
  {
    auto m = ManifestStream::Start(*d.c, 1);
    ASSERT_TRUE(m.ok());
    ASSERT_TRUE((*m)->Committed(0, {Source(1, 0)}, nullptr).ok());
    EXPECT_TRUE(fs::exists(d.dir / "manifest.json.gz.tmp"));
  }
  EXPECT_FALSE(fs::exists(d.dir / "manifest.json.gz.tmp"));
  EXPECT_FALSE(fs::exists(d.dir / "manifest.json.gz"));
}

}  // namespace
}  // namespace credtrace::store
