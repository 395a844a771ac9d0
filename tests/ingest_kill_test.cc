// A kill -9 at any moment of an ingest leaves a case that opens; running the same ingest again
// completes it with no event lost and none doubled.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "base/gzip.h"
#include "cloudtrail/fields.h"
#include "store/case.h"

namespace credtrace {
namespace {

namespace fs = std::filesystem;

std::string MakeRecord(uint64_t i) {
  char id[40];
  std::snprintf(id, sizeof id, "%08llx-0000-4000-8000-%012llx", static_cast<unsigned long long>(i >> 20),
                static_cast<unsigned long long>(i));
  return std::string("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE") +
         std::to_string(i % 97) + "\",\"arn\":\"arn:aws:iam::111122223333:user/u" + std::to_string(i % 97) +
         "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLE" + std::to_string(100000000 + i % 997) +
         "\"},\"eventTime\":\"2024-03-11T1" + std::to_string(i % 10) + ":00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113." +
         std::to_string(i % 250) + "\",\"userAgent\":\"aws-cli/2.15.0\",\"requestParameters\":{\"bucketName\":\"b\",\"key\":\"k" +
         std::to_string(i) + "\"},\"responseElements\":null,\"eventID\":\"" + id +
         "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}";
}

// Runs `credtrace ingest`; kills it with SIGKILL after `kill_after` (never when zero).
int RunIngest(const fs::path& case_dir, const fs::path& input, std::chrono::milliseconds kill_after) {
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    dup2(devnull, 1);
    execl(CREDTRACE_BINARY, CREDTRACE_BINARY, "ingest", "--case", case_dir.c_str(), "--threads", "2", "--segment-mb", "4",
          input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (kill_after.count() > 0) {
    std::this_thread::sleep_for(kill_after);
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

TEST(IngestKill, KilledIngestResumesWithNoEventLostOrDoubled) {
  fs::path dir = fs::temp_directory_path() / ("credtrace_kill_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::path in = dir / "in";
  // 400 delivery files, 600 records each; every 10th file repeats 50 records of the previous
  // one (CloudTrail's duplicate deliveries).
  uint64_t next = 0;
  std::set<uint64_t> unique;
  for (int f = 0; f < 400; ++f) {
    std::string s = "{\"Records\":[";
    bool first = true;
    if (f % 10 == 9) {
      for (uint64_t i = next - 50; i < next; ++i) {
        s += (first ? "" : ",") + MakeRecord(i);
        first = false;
      }
    }
    for (int r = 0; r < 600; ++r, ++next) {
      s += (first ? "" : ",") + MakeRecord(next);
      first = false;
      unique.insert(next);
    }
    s += "]}";
    fs::path p = in / "AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/11" /
                 ("111122223333_CloudTrail_us-east-1_20240311T10" + std::to_string(1000 + f) + "Z_x.json.gz");
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << GzipCompress(s);
  }
  // How long a whole ingest takes with this build (sanitizer builds are much slower).
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(RunIngest(dir / "measure", in, std::chrono::milliseconds(0)), 0);
  auto whole = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  fs::remove_all(dir / "measure");
  // Kill at several moments, each time resuming the same ingest on the same case.
  fs::path case_dir = dir / "case";
  int kills = 0;
  for (double frac : {0.15, 0.35, 0.5, 0.7, 0.9}) {
    auto delay = std::chrono::milliseconds(static_cast<int64_t>(whole.count() * frac) + 1);
    int rc = RunIngest(case_dir, in, delay);
    if (rc == -SIGKILL) ++kills;
    // The case opens after every kill.
    auto c = store::Case::Open(case_dir, store::CreateIfMissing::kNo);
    if (!fs::exists(case_dir / "credtrace-case.json")) continue;  // killed before it existed
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE((*c)->Segments().ok());
  }
  // The machine may be slower now than when `whole` was measured (other jobs on the CI box):
  // then every kill above may have come before the first commit. Kill later and later until
  // one comes after a commit (or the ingest completes), so that resuming has something to skip.
  auto committed = [&] {
    auto c = store::Case::Open(case_dir, store::CreateIfMissing::kNo);
    if (!c.ok()) return false;
    auto segs = (*c)->db().Segments();
    return segs.ok() && !segs->empty();
  };
  auto delay = whole;
  for (int i = 0; i < 8 && !committed(); ++i) {
    int rc = RunIngest(case_dir, in, delay);
    if (rc == -SIGKILL) ++kills;
    if (rc == 0) break;
    delay = delay * 3 / 2;
  }
  EXPECT_GT(kills, 0) << "the ingest finished before any kill: make the corpus bigger";
  // Some kills must have come after commits, so that resuming had something to skip.
  {
    auto c = store::Case::Open(case_dir, store::CreateIfMissing::kNo);
    ASSERT_TRUE(c.ok());
    auto segs = (*c)->db().Segments();
    ASSERT_TRUE(segs.ok());
    EXPECT_GT(segs->size(), 0u) << "no commit happened before the kills";
  }
  ASSERT_EQ(RunIngest(case_dir, in, std::chrono::milliseconds(0)), 0);
  auto c = store::Case::Open(case_dir, store::CreateIfMissing::kNo);
  ASSERT_TRUE(c.ok());
  auto segs = (*c)->Segments();
  ASSERT_TRUE(segs.ok());
  uint64_t rows = 0;
  std::set<std::string> ids;
  for (const store::SegmentView* s : *segs) {
    rows += s->num_rows();
    for (uint32_t r = 0; r < s->num_rows(); ++r) ids.insert(std::string(*s->Value(cloudtrail::Column::kEventId, r)));
  }
  EXPECT_EQ(rows, unique.size());  // none doubled
  EXPECT_EQ(ids.size(), unique.size());  // none lost
  // Every file is in the manifest exactly once.
  auto sources = (*c)->db().Sources();
  ASSERT_TRUE(sources.ok());
  std::set<std::string> paths;
  uint64_t dups = 0;
  for (const auto& s : *sources) {
    EXPECT_TRUE(paths.insert(s.path).second) << s.path;
    EXPECT_EQ(s.status, "ingested") << s.path;
    dups += s.duplicates;
  }
  EXPECT_EQ(paths.size(), 400u);
  EXPECT_EQ(dups, 40u * 50u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace credtrace
