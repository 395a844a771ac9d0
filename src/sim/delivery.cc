#include "sim/delivery.h"

#include <algorithm>
#include <system_error>

#include "sim/ids.h"

namespace credtrace::sim {

namespace {
constexpr TimeMs kMin = 60 * 1000, kWindow = 5 * kMin;
TimeMs WindowOf(TimeMs t) { return (t / kWindow + 1) * kWindow; }
}  // namespace

namespace {
// A record delivered after a delivery delay carries, from eventVersion 1.08 on,
// "addendum":{"reason":"DELIVERY_DELAY"} (aws-ir-facts.md §1.2). Records are rendered with
// eventVersion first: {"eventVersion":"1.NN",...}.
std::string WithDelayAddendum(const std::string& json) {
  constexpr std::string_view kPrefix = "{\"eventVersion\":\"1.";
  if (json.size() < kPrefix.size() + 3 || json.compare(0, kPrefix.size(), kPrefix) != 0 || json.back() != '}') return json;
  int minor = (json[kPrefix.size()] - '0') * 10 + (json[kPrefix.size() + 1] - '0');
  if (minor < 8) return json;
  std::string out = json.substr(0, json.size() - 1);
  out += ",\"addendum\":{\"reason\":\"DELIVERY_DELAY\"}}";
  return out;
}
}  // namespace

void S3Delivery::Add(const Record& r) {
  ++stats_.records;
  TimeMs delay;
  bool late = rng_.Chance(o_.late_rate);
  if (late) {
    delay = rng_.Range(20, 150) * kMin;
    ++stats_.late;
  } else {
    delay = rng_.Range(60, 11 * 60) * 1000;
  }
  TimeMs w = WindowOf(r.time + delay);
  const std::string json = late ? WithDelayAddendum(r.json) : r.json;
  open_[{w, r.account, r.region}].push_back(json);
  if (rng_.Chance(o_.duplicate_rate)) {
    ++stats_.duplicates;
    open_[{w + rng_.Range(1, 6) * kWindow, r.account, r.region}].push_back(json);
  }
}

Status S3Delivery::WriteFile(const Key& k, std::vector<std::string>* records) {
  const auto& [window, account, region] = k;
  Rng r(MixHash(MixHash(o_.seed, static_cast<uint64_t>(window)), HashString(0, account + region)));
  // Records in a delivered file are not in time order.
  for (size_t i = records->size(); i > 1; --i) {
    if (r.Chance(0.3)) std::swap((*records)[i - 1], (*records)[r.Below(i)]);
  }
  std::filesystem::path dir = o_.out / "AWSLogs";
  if (!o_.org_id.empty()) dir /= o_.org_id;
  dir = dir / account / "CloudTrail" / region / DateFolder(window);
  std::string ds = dir.string();
  if (!dirs_.count(ds)) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IoError("cannot create " + ds + ": " + ec.message());
    dirs_[ds] = true;
  }
  for (size_t start = 0; start < records->size(); start += o_.max_records_per_file) {
    size_t end = std::min(records->size(), start + o_.max_records_per_file);
    std::string content;
    size_t total = 16;
    for (size_t i = start; i < end; ++i) total += (*records)[i].size() + 1;
    content.reserve(total);
    content.append("{\"Records\":[");
    for (size_t i = start; i < end; ++i) {
      if (i > start) content.push_back(',');
      content.append((*records)[i]);
    }
    content.append("]}");
    std::string name = account + "_CloudTrail_" + region + "_" + FileStamp(window) + "_" + FileUniqueString(&r) + ".json.gz";
    pool_->Submit(dir / name, std::move(content));
    ++stats_.files;
  }
  return Status::Ok();
}

Status S3Delivery::FlushBefore(TimeMs t) {
  while (!open_.empty() && std::get<0>(open_.begin()->first) < t) {
    auto node = open_.extract(open_.begin());
    CT_RETURN_IF_ERROR(WriteFile(node.key(), &node.mapped()));
  }
  return Status::Ok();
}

}  // namespace credtrace::sim
