// The table-top narrative: a Markdown timeline of injects (what the team sees and when) for a
// facilitator, without the answer.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario.h"

namespace credtrace::sim {

std::string RenderNarrative(std::vector<NarrativeInject> injects, TimeMs start, TimeMs end,
                            const std::vector<std::string>& scenarios, uint64_t seed);

}  // namespace credtrace::sim
