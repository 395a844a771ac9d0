// The categories (runbook classes plus ATT&CK tactics) and MITRE ATT&CK technique IDs of an
// API call, from a table keyed by eventName (aws-ir-facts.md §8). Used for the answer key.
#pragma once

#include <string_view>
#include <vector>

namespace credtrace::sim {

struct Classification {
  std::vector<std::string_view> categories;
  std::vector<std::string_view> techniques;
};

Classification Classify(std::string_view event_source, std::string_view event_name);

}  // namespace credtrace::sim
