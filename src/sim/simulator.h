// credtrace simulate: plays incident scenarios inside the everyday activity of a simulated
// organization and writes the CloudTrail logs AWS would have delivered, the answer key and,
// on request, the facilitator's narrative. Same seed and options, same bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace credtrace::sim {

enum class OutputFormat { kS3, kJsonl, kLookupEvents };

struct SimOptions {
  std::vector<std::string> scenarios;  // names; "all" for every one
  std::filesystem::path out;
  uint64_t seed = 1;
  int64_t events = 0;                  // about this many records (0: default or size_gb)
  double size_gb = 0;                  // or about this much uncompressed JSON
  TimeMs start = 0;                    // 0: 2024-11-04T00:00:00Z
  int days = 7;
  int accounts = 4;
  OutputFormat format = OutputFormat::kS3;
  bool org_trail = false;
  bool narrative = false;
  int threads = 2;
  // Called with the fraction done (0..1), from the calling thread.
  std::function<void(double)> progress;
};

struct SimSummary {
  uint64_t records = 0;        // distinct records
  uint64_t duplicates = 0, late = 0, files = 0;
  uint64_t bytes_json = 0;     // uncompressed bytes written
  uint64_t bytes_written = 0;  // bytes on disk
  uint64_t attacker_events = 0, owner_events = 0, credentials = 0;
  std::vector<std::string> scenarios;
  std::string org_id;
};

inline constexpr int64_t kDefaultEvents = 200000;
inline constexpr double kAverageRecordBytes = 1660.0;  // for --size-gb (measured, docs/PERFORMANCE.md)

Result<SimSummary> Simulate(const SimOptions& options);

// Validates and expands scenario names ("all", comma lists already split).
Result<std::vector<std::string>> ResolveScenarios(const std::vector<std::string>& names);

}  // namespace credtrace::sim
