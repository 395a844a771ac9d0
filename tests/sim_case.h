// Test helper: a simulated incident ingested into a case, and the seeds a responder would give
// for one of its scenarios. Shared by the investigation, plan and verify tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/file.h"
#include "investigate/finding.h"
#include "investigate/investigate.h"
#include "sim/simulator.h"
#include "store/case.h"
#include "store/ingest.h"

namespace credtrace::testing_support {

namespace fs = std::filesystem;

struct SimCase {
  fs::path dir;                    // logs/ (with ground_truth.json) and case/
  nlohmann::json truth;            // the answer key
  std::unique_ptr<store::Case> c;  // the case the logs were ingested into
};

// Scratch space: memory when the machine has it (the store fsyncs every commit).
inline fs::path TempBase() {
  std::error_code ec;
  return fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
}

// Simulates `scenarios` (seed, about `events` records, 2 days, 3 accounts) under
// TempBase()/credtrace-<tag>-<pid>, reads the answer key and ingests the S3 tree.
inline SimCase MakeSimCase(const std::string& tag, std::vector<std::string> scenarios, uint64_t seed,
                           int64_t events) {
  SimCase w;
  std::error_code ec;
  w.dir = TempBase() / ("credtrace-" + tag + "-" + std::to_string(getpid()));
  fs::remove_all(w.dir, ec);
  sim::SimOptions o;
  o.scenarios = std::move(scenarios);
  o.out = w.dir / "logs";
  o.seed = seed;
  o.events = events;
  o.days = 2;
  o.accounts = 3;
  auto res = sim::Simulate(o);
  EXPECT_TRUE(res.ok()) << res.status().ToString();
  auto truth = ReadFile(w.dir / "logs" / "ground_truth.json");
  EXPECT_TRUE(truth.ok());
  if (truth.ok()) w.truth = nlohmann::json::parse(*truth);
  auto c = store::Case::Open(w.dir / "case", store::CreateIfMissing::kYes);
  EXPECT_TRUE(c.ok());
  if (!c.ok()) return w;
  w.c = std::move(*c);
  auto sum = store::Ingest(*w.c, {w.dir / "logs" / "AWSLogs"}, store::IngestOptions{});
  EXPECT_TRUE(sum.ok()) << sum.status().ToString();
  return w;
}

// The seeds of one scenario as a responder would give them: the finding file when the scenario
// starts from a finding (with --follow-infrastructure: the finding names the first stolen
// session only), else the keys and principals of the answer key.
inline investigate::Options ScenarioSeeds(const SimCase& w, const std::string& scenario) {
  investigate::Options opt;
  for (const nlohmann::json& s : w.truth["seeds"]) {
    if (s["scenario"] != scenario || s["kind"] != "finding" || !s.contains("file") || s["file"].is_null()) continue;
    fs::path f = w.dir / "logs" / s["file"].get<std::string>();
    auto text = ReadFile(f);
    EXPECT_TRUE(text.ok()) << f;
    if (!text.ok()) continue;
    auto findings = investigate::ParseFindings(*text, f.string());
    EXPECT_TRUE(findings.ok()) << findings.status().ToString();
    if (!findings.ok()) continue;
    for (investigate::Seed& seed : investigate::SeedsFromFindings(*findings, f.string())) opt.seeds.push_back(seed);
    opt.follow_infrastructure = true;
  }
  if (!opt.seeds.empty()) return opt;
  for (const nlohmann::json& s : w.truth["seeds"]) {
    if (s["scenario"] != scenario) continue;
    if (s["kind"] == "key") opt.seeds.push_back({"key", s["value"], "", "", std::nullopt});
    if (s["kind"] == "principal") opt.seeds.push_back({"principal", s["value"], "", "", std::nullopt});
  }
  return opt;
}

}  // namespace credtrace::testing_support
