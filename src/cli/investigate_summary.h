// The one-screen summary of an investigation for a terminal: compromise time, the credentials
// tree, activity by category, resources, what is still open. Every string from the logs goes
// through SafeText.
#pragma once

#include <string>

#include "investigate/model.h"

namespace credtrace::cli {

std::string RenderInvestigationSummary(const investigate::Investigation& inv, const std::string& case_dir);

}  // namespace credtrace::cli
