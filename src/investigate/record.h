// One original CloudTrail record, parsed once (simdjson DOM), read by dotted paths as written in
// jq and Athena: "requestParameters.roleArn", "responseElements.instancesSet.items[].instanceId"
// ("[]" walks every element of an array). The investigation's tables of AWS knowledge (lineage
// rules, classification conditions, resource extraction) name fields by such paths, so that the
// knowledge stays data.
//
// Everything in a record is attacker-controlled: values are returned as views, never
// interpreted; a missing field, a null or a value of another type reads as absent.
#pragma once

#include <simdjson.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace credtrace::investigate {

class Record {
 public:
  // Parses `json` (one record's text). kCorrupt when it is not a JSON object.
  static Result<Record> Parse(std::string_view json);

  Record(Record&&) noexcept;
  Record& operator=(Record&&) noexcept;
  ~Record();

  // The text the record was parsed from.
  std::string_view text() const;
  simdjson::dom::element root() const;

  // The element at `path` (the first one when the path walks an array with "[]"); an error
  // result when absent.
  simdjson::simdjson_result<simdjson::dom::element> At(std::string_view path) const;
  // The string at `path`; "" when absent, null or not a string.
  std::string_view Str(std::string_view path) const;
  // Every string reached by `path` (which may hold "[]" steps), in document order.
  std::vector<std::string_view> Strs(std::string_view path) const;
  // True when `path` holds a JSON true, or the string "true" (sessionContext booleans).
  bool Bool(std::string_view path) const;
  // The number at `path` (integer or floating, as CloudTrail writes bytes counts); `dflt` when
  // absent or not a number.
  double Num(std::string_view path, double dflt = 0) const;
  // The value at `path` as compact JSON text ("" when absent): policy documents, request
  // parameters for the recovery plan.
  std::string Json(std::string_view path) const;

 private:
  Record();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Calls `fn(element)` for every element `path` reaches from `from`. Exposed for tables that
// walk sub-objects.
void WalkPath(simdjson::dom::element from, std::string_view path,
              const std::function<void(simdjson::dom::element)>& fn);

}  // namespace credtrace::investigate
