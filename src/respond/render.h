// Plans rendered for people (Markdown), machines (JSON, docs/PLAN_SCHEMA.md) and the shell (a
// bash script of AWS CLI calls that prints unless told to execute). Pure functions of the plan.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "respond/plan.h"

namespace credtrace::respond {

std::string RenderMarkdown(const Plan& plan);

// The plan as a credtrace.plan/1 document.
nlohmann::json PlanToJson(const Plan& plan);
// Reads a credtrace.plan/1 document back (for tools and tests); kInvalidArgument when the schema
// or a field's type is wrong.
Result<Plan> PlanFromJson(const nlohmann::json& doc);

// A bash script: `set -euo pipefail`; options --profile P, --region R (or AWS_PROFILE,
// AWS_REGION), --account-profile ACCOUNT=PROFILE (repeatable), --log FILE, --execute. Without
// --execute it prints each command and runs none. Every value is one single-quoted word
// (shell_quote.h); policy documents are written to a mktemp directory by printf, never eval'd.
std::string RenderScript(const Plan& plan);

}  // namespace credtrace::respond
