// A schema check of one CloudTrail record, written from the reference (aws-ir-facts.md §1.2-
// §1.9, §1.11) and tested against the real samples in ../shared/datasets: the fields every
// record has, their types and formats, and the userIdentity fields each identity type has.
// Fields added after eventVersion 1.0 are required only from the version that introduced them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace credtrace::sim {

// Returns "" when the record passes, else the first problem found.
std::string CheckRecord(const nlohmann::json& record);

}  // namespace credtrace::sim
