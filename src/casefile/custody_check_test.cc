// The chain of custody catches tampering: with an entry, with the chain's order, with an evidence
// file, with the case database's record of the evidence, with the journal and with the files
// credtrace keeps in the case; and an anchor catches a chain cut short.
#include "casefile/custody_check.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>

#include "base/file.h"
#include "base/sha256.h"
#include "store/case.h"
#include "store/ingest.h"

namespace credtrace::casefile {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string Record(int i) {
  char id[40];
  std::snprintf(id, sizeof id, "%08d-0000-4000-8000-00000000c0de", i);
  json j = {{"eventVersion", "1.08"},
            {"userIdentity", {{"type", "IAMUser"}, {"principalId", "AIDAEXAMPLE"}, {"arn", "arn:aws:iam::111122223333:user/alice"},
                              {"accountId", "111122223333"}, {"accessKeyId", "AKIAIOSFODNN7EXAMPLE"}, {"userName", "alice"}}},
            {"eventTime", "2024-03-11T10:00:0" + std::to_string(i % 10) + "Z"},
            {"eventSource", "s3.amazonaws.com"},
            {"eventName", "ListBuckets"},
            {"awsRegion", "us-east-1"},
            {"sourceIPAddress", "203.0.113.7"},
            {"userAgent", "aws-cli/2.15.0"},
            {"eventID", id},
            {"readOnly", true},
            {"eventType", "AwsApiCall"},
            {"recipientAccountId", "111122223333"}};
  return j.dump();
}

struct Fixture {
  fs::path dir, case_dir;
  std::unique_ptr<CaseFile> cf;
  explicit Fixture(const std::string& name) {
    dir = fs::temp_directory_path() / ("credtrace_custody_" + name + "_" + std::to_string(getpid()));
    fs::remove_all(dir);
    case_dir = dir / "case";
    for (int f = 0; f < 3; ++f) {
      fs::create_directories(dir / "logs");
      std::ofstream out(dir / "logs" / ("f" + std::to_string(f) + ".json"), std::ios::binary);
      out << "{\"Records\":[" << Record(f * 2) << "," << Record(f * 2 + 1) << "]}";
    }
    {
      auto c = store::Case::Open(case_dir, store::CreateIfMissing::kYes);
      EXPECT_TRUE(c.ok());
      auto s = store::Ingest(**c, {dir / "logs"}, store::IngestOptions{});
      EXPECT_TRUE(s.ok());
    }
    auto f = CaseFile::Open(case_dir);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    cf = std::move(*f);
  }
  ~Fixture() {
    cf.reset();
    fs::remove_all(dir);
  }
  CheckReport Check(const std::string& anchor = "") {
    CheckOptions o;
    o.anchor = anchor;
    auto r = CheckCase(*cf, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : CheckReport{};
  }
  // Runs SQL on the case database behind credtrace's back, as someone with sqlite3 could.
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((case_dir / "case.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }
};

std::string Problems(const CheckReport& r) {
  std::string s;
  for (const auto& p : r.problems) s += p.level + ": " + p.what + "\n";
  return s;
}

bool Says(const CheckReport& r, const std::string& what) {
  for (const auto& p : r.problems) {
    if (p.level == "tampered" && p.what.find(what) != std::string::npos) return true;
  }
  return false;
}

TEST(CustodyCheck, AnIngestedCaseIsIntactAndRecordsEveryFile) {
  Fixture f("intact");
  CheckReport r = f.Check();
  EXPECT_FALSE(r.Tampered()) << Problems(r);
  EXPECT_EQ(r.sources, 3u);
  EXPECT_EQ(r.sources_hashed, 3u);
  auto st = f.cf->Load();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->evidence_sources, 3u);
  auto entries = f.cf->Entries();
  ASSERT_TRUE(entries.ok());
  ASSERT_GE(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].type, "case");
  EXPECT_EQ((*entries)[1].type, "evidence");
  int recorded = 0;  // one evidence entry per commit (each ingest thread commits its own)
  for (const Entry& e : *entries) recorded += e.type == "evidence" ? e.body["sources"].get<int>() : 0;
  EXPECT_EQ(recorded, 3);
  // The chain's hash rule, recomputed by hand as a reader without credtrace would.
  auto raw = f.cf->db().Custody();
  ASSERT_TRUE(raw.ok());
  std::string prev(store::kCustodyGenesis);
  for (const auto& e : *raw) {
    EXPECT_EQ(e.prev, prev);
    EXPECT_EQ(e.hash, Sha256::HexOf(prev + "\n" + e.entry));
    prev = e.hash;
  }
}

TEST(CustodyCheck, ChangedEntryIsCaught) {
  Fixture f("entry");
  ASSERT_TRUE(f.cf->Record("note", {{"kind", "note"}, {"text", "the key was in a public repo"}}).ok());
  ASSERT_FALSE(f.Check().Tampered());
  f.Sql("UPDATE custody SET entry = replace(entry, 'public repo', 'private repo') WHERE entry LIKE '%public repo%'");
  CheckReport r = f.Check();
  EXPECT_TRUE(r.Tampered());
  EXPECT_TRUE(Says(r, "was changed after it was written")) << Problems(r);
}

TEST(CustodyCheck, RemovedEntryIsCaught) {
  Fixture f("removed");
  ASSERT_TRUE(f.cf->Record("note", {{"text", "one"}}).ok());
  ASSERT_TRUE(f.cf->Record("note", {{"text", "two"}}).ok());
  f.Sql("DELETE FROM custody WHERE entry LIKE '%\"one\"%'");
  CheckReport r = f.Check();
  EXPECT_TRUE(Says(r, "missing: the chain jumps")) << Problems(r);
  EXPECT_TRUE(Says(r, "does not name the hash of the entry before it")) << Problems(r);
}

TEST(CustodyCheck, RewrittenChainIsCaughtByTheAnchor) {
  Fixture f("anchor");
  ASSERT_TRUE(f.cf->Record("note", {{"text", "before the anchor"}}).ok());
  auto head = f.cf->db().CustodyHead();
  ASSERT_TRUE(head.ok() && head->has_value());
  std::string anchor = std::to_string((*head)->seq) + ":" + (*head)->hash;
  ASSERT_TRUE(f.cf->Record("note", {{"text", "after"}}).ok());
  CheckReport ok = f.Check(anchor);
  EXPECT_FALSE(ok.Tampered()) << Problems(ok);
  EXPECT_TRUE(ok.anchor_found);
  // Cut the chain back to before the anchor: the chain itself is consistent again, the anchor is not in it.
  f.Sql("DELETE FROM custody WHERE seq >= " + std::to_string((*head)->seq));
  CheckReport cut = f.Check(anchor);
  EXPECT_TRUE(Says(cut, "is not in the chain")) << Problems(cut);
  CheckReport no_anchor = f.Check();
  EXPECT_FALSE(no_anchor.Tampered()) << "without an anchor a clean cut of the tail cannot be seen: " << Problems(no_anchor);
}

TEST(CustodyCheck, ChangedEvidenceFileIsCaught) {
  Fixture f("evidence");
  auto sources = f.cf->db().Sources();
  ASSERT_TRUE(sources.ok());
  const store::SourceRecord& s = sources->front();
  auto packs = f.cf->db().Packs();
  ASSERT_TRUE(packs.ok());
  fs::path pack;
  for (const auto& p : *packs) {
    if (p.id == s.pack) pack = f.case_dir / "evidence" / p.file;
  }
  ASSERT_FALSE(pack.empty());
  // One byte of the first record's source IP changes: 203.0.113.7 -> 203.0.113.8.
  std::string bytes = *ReadFile(pack);
  size_t at = bytes.find("203.0.113.7", s.pack_offset);
  ASSERT_NE(at, std::string::npos);
  {
    std::fstream io(pack, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(static_cast<std::streamoff>(at + 10));
    io.put('8');
  }
  CheckReport r = f.Check();
  EXPECT_TRUE(Says(r, "no longer has its SHA-256")) << Problems(r);
  CheckOptions quick;
  quick.hash_evidence = false;
  auto q = CheckCase(*f.cf, quick);
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q->Tampered()) << "--quick does not read the bytes";
}

TEST(CustodyCheck, ChangedSourceRecordIsCaught) {
  Fixture f("source");
  // Someone edits the recorded hash so that it matches altered bytes: the evidence entry's list
  // hash no longer matches.
  f.Sql("UPDATE sources SET sha256 = '0000000000000000000000000000000000000000000000000000000000000000' WHERE id = 1");
  CheckReport r = f.Check();
  EXPECT_TRUE(Says(r, "changed in the case database")) << Problems(r);
  // A source added behind credtrace's back.
  f.Sql("INSERT INTO sources(id, dir, name, size, sha256, pack, custody) VALUES(99, 1, 'planted.json', 1, 'ab', 0, NULL)");
  CheckReport r2 = f.Check();
  EXPECT_TRUE(Says(r2, "no evidence entry of the chain records it")) << Problems(r2);
}

TEST(CustodyCheck, JournalChangesAreCaught) {
  Fixture f("journal");
  fs::path j = f.case_dir / "journal.jsonl";
  {
    std::ofstream out(j, std::ios::binary);
    out << R"({"type":"run","run":"r1","phase":"contain","planHash":"abc","time":"2024-03-11T11:00:00Z","at":"2024-03-11T11:00:00Z"})" "\n";
    out << R"({"type":"step","run":"r1","phase":"contain","step":"contain-001","status":"ok","time":"2024-03-11T11:00:05Z"})" "\n";
  }
  auto n = f.cf->SyncJournal();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2u);
  auto again = f.cf->SyncJournal();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u) << "lines are recorded once";
  CheckReport ok = f.Check();
  EXPECT_FALSE(ok.Tampered()) << Problems(ok);
  EXPECT_EQ(ok.journal_lines, 2u);
  // A line the executor is writing (no newline yet) is neither recorded nor a problem.
  {
    std::ofstream out(j, std::ios::binary | std::ios::app);
    out << R"({"type":"start")";
  }
  EXPECT_EQ(*f.cf->SyncJournal(), 0u);
  EXPECT_FALSE(f.Check().Tampered());
  // Rewriting history: the step "failed" becomes "ok"... here "ok" becomes "failed".
  std::string text = *ReadFile(j);
  text.replace(text.find("\"status\":\"ok\""), 13, "\"status\":\"no\"");
  std::ofstream(j, std::ios::binary | std::ios::trunc) << text;
  EXPECT_TRUE(Says(f.Check(), "was changed after it was recorded"));
  // Cutting the journal.
  std::ofstream(j, std::ios::binary | std::ios::trunc) << text.substr(0, text.find('\n') + 1);
  EXPECT_TRUE(Says(f.Check(), "journal.jsonl was cut"));
}

TEST(CustodyCheck, KeptFilesAreChecked) {
  Fixture f("files");
  fs::path inv = f.case_dir / "investigation.json";
  ASSERT_TRUE(f.cf->WriteRecorded("investigation", inv, "{\"schema\":\"credtrace.investigation/1\",\"credentials\":[]}\n").ok());
  EXPECT_FALSE(f.Check().Tampered());
  // A second, recorded version; then an edit by hand.
  ASSERT_TRUE(f.cf->WriteRecorded("investigation", inv, "{\"schema\":\"credtrace.investigation/1\",\"credentials\":[],\"v\":2}\n").ok());
  EXPECT_FALSE(f.Check().Tampered());
  std::ofstream(inv, std::ios::binary | std::ios::trunc) << "{\"schema\":\"credtrace.investigation/1\",\"credentials\":[],\"edited\":1}\n";
  EXPECT_TRUE(Says(f.Check(), "investigation.json changed after entry"));
  // Back to the first version: an interrupted write, a warning and not tampering.
  std::ofstream(inv, std::ios::binary | std::ios::trunc) << "{\"schema\":\"credtrace.investigation/1\",\"credentials\":[]}\n";
  CheckReport r = f.Check();
  EXPECT_FALSE(r.Tampered()) << Problems(r);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(r.problems.back().what.find("holds the version recorded by entry"), std::string::npos);
  fs::remove(inv);
  EXPECT_TRUE(Says(f.Check(), "is missing"));
}

TEST(CustodyCheck, FoldGivesTheCaseFileState) {
  Fixture f("fold");
  ASSERT_TRUE(f.cf->Record("meta", {{"field", "title"}, {"value", "Leaked key"}}).ok());
  ASSERT_TRUE(f.cf->Record("meta", {{"field", "title"}, {"value", "Leaked key of ci"}}).ok());
  ASSERT_TRUE(f.cf->Record("meta", {{"field", "no-such-field"}, {"value", "x"}}).ok());
  ASSERT_TRUE(f.cf->Record("phase", {{"phase", "contain"}}).ok());
  ASSERT_TRUE(f.cf->Record("phase", {{"phase", "not-a-phase"}}).ok());
  ASSERT_TRUE(f.cf->Record("step", {{"step", "1.7.b"}, {"status", "done"}, {"note", "bridge"}}).ok());
  ASSERT_TRUE(f.cf->Record("step", {{"step", "1.2"}, {"status", "n/a"}}).ok());
  ASSERT_TRUE(f.cf->Record("step", {{"step", "1.2"}, {"status", "todo"}}).ok());
  ASSERT_TRUE(f.cf->Record("note", {{"kind", "lesson"}, {"text", "rotate keys"}}).ok());
  ASSERT_TRUE(f.cf->Record("notified", {{"contact", "sec@example.com"}, {"note", "by phone"}}).ok());
  auto st = f.cf->Load();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->Meta("title"), "Leaked key of ci");
  EXPECT_EQ(st->meta.count("no-such-field"), 0u);
  EXPECT_EQ(st->Phase(), "contain");
  ASSERT_EQ(st->steps.count("1.7.b"), 1u);
  EXPECT_EQ(st->steps.at("1.7.b").note, "bridge");
  EXPECT_EQ(st->steps.count("1.2"), 0u) << "reopened";
  EXPECT_EQ(st->step_history.size(), 3u);
  ASSERT_EQ(st->notes.size(), 1u);
  EXPECT_EQ(st->notes[0].kind, "lesson");
  EXPECT_EQ(st->notified.count("sec@example.com"), 1u);
  EXPECT_FALSE(f.Check().Tampered());
}

}  // namespace
}  // namespace credtrace::casefile
