// Every scenario's logs ingest without a single rejected record (end to end, through the
// credtrace binary), in the S3 layout, as JSON lines and as lookup-events output.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "sim/scenario.h"
#include "sim/simulator.h"

namespace credtrace::sim {
namespace {

namespace fs = std::filesystem;

std::string RunCommand(const std::string& cmd, int* rc) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  *rc = pclose(p);
  return out;
}

TEST(SimIngest, EveryScenarioIngestsWithoutRejectedRecords) {
  std::error_code ec;
  fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
  base /= "credtrace-sim-ingest-" + std::to_string(getpid());
  struct Case {
    std::string scenario;
    OutputFormat format;
    const char* input;
  };
  std::vector<Case> cases;
  for (const auto& s : Scenarios()) cases.push_back({s.name, OutputFormat::kS3, "AWSLogs"});
  cases.push_back({"all", OutputFormat::kJsonl, "events.jsonl"});
  cases.push_back({"all", OutputFormat::kLookupEvents, "lookup-events"});
  int i = 0;
  for (const auto& c : cases) {
    fs::path dir = base / std::to_string(i++);
    SimOptions o;
    o.scenarios = {c.scenario};
    o.out = dir / "logs";
    o.seed = 11;
    o.events = 2000;
    o.days = 2;
    o.format = c.format;
    auto res = Simulate(o);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    int rc = -1;
    std::string out = RunCommand(std::string(CREDTRACE_BINARY) + " ingest --case " + (dir / "case").string() + " " +
                                     (dir / "logs" / c.input).string(), &rc);
    EXPECT_EQ(rc, 0) << c.scenario << ": " << out;
    EXPECT_NE(out.find(" 0 records rejected"), std::string::npos) << c.scenario << ": " << out;
    EXPECT_NE(out.find(" partial, 0 rejected"), std::string::npos) << c.scenario << ": " << out;
  }
  fs::remove_all(base);
}

}  // namespace
}  // namespace credtrace::sim
