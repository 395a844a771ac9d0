// The investigation as JSON, schema `credtrace.investigation/1` (docs/INVESTIGATION_SCHEMA.md),
// the same schema as the simulator's answer key. Strings from the logs are data: nlohmann
// escapes them, and invalid UTF-8 is replaced, never passed through.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "investigate/model.h"

namespace credtrace::investigate {

inline constexpr std::string_view kInvestigationSchema = "credtrace.investigation/1";

struct GeneratorInfo {
  std::string version;
  std::string case_dir;
  std::string created;  // when the investigation ran (ISO time)
  nlohmann::json options = nlohmann::json::object();
};

nlohmann::json ToJson(const Investigation& inv, const GeneratorInfo& gen);
// Serialised with invalid UTF-8 replaced (log text is hostile).
std::string DumpJson(const nlohmann::json& j, int indent = -1);

}  // namespace credtrace::investigate
