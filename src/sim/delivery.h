// How CloudTrail delivers records: about every 5 minutes, one file per account and region,
// named and foldered by delivery time (aws-ir-facts.md §5.1-§5.2); a few records late, a few
// delivered twice with the same eventID; records inside a file not in time order.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "base/prng.h"
#include "sim/file_writer_pool.h"
#include "sim/record_writer.h"

namespace credtrace::sim {

struct DeliveryOptions {
  std::filesystem::path out;
  std::string org_id;          // non-empty: organization trail layout AWSLogs/o-.../<account>/
  uint64_t seed = 1;
  double late_rate = 0.012;    // delivered 20-150 minutes late
  double duplicate_rate = 0.001;
  size_t max_records_per_file = 2500;
};

struct DeliveryStats {
  uint64_t records = 0, duplicates = 0, late = 0, files = 0;
};

class S3Delivery {
 public:
  S3Delivery(const DeliveryOptions& o, FileWriterPool* pool) : o_(o), pool_(pool), rng_(MixHash(o.seed, 0xDE11)) {}
  void Add(const Record& r);
  // Writes every file whose delivery time is before t.
  Status FlushBefore(TimeMs t);
  Status FlushAll() { return FlushBefore(INT64_MAX); }
  const DeliveryStats& stats() const { return stats_; }
  static constexpr TimeMs kMaxDelay = 3 * 3600 * 1000;

 private:
  using Key = std::tuple<TimeMs, std::string, std::string>;  // window, account, region
  Status WriteFile(const Key& k, std::vector<std::string>* records);
  DeliveryOptions o_;
  FileWriterPool* pool_;
  Rng rng_;
  std::map<Key, std::vector<std::string>> open_;
  std::map<std::string, bool> dirs_;
  DeliveryStats stats_;
};

// File name pattern for tests and docs.
inline constexpr const char* kS3KeyPattern =
    R"(^AWSLogs/(o-[a-z0-9]{10,32}/)?(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/\2_CloudTrail_\3_(\d{8})T(\d{4})Z_[A-Za-z0-9]{16}\.json\.gz$)";

}  // namespace credtrace::sim
