#include "sim/narrative.h"

#include <algorithm>

#include "sim/ids.h"

namespace credtrace::sim {

std::string RenderNarrative(std::vector<NarrativeInject> injects, TimeMs start, TimeMs end,
                            const std::vector<std::string>& scenarios, uint64_t seed) {
  std::stable_sort(injects.begin(), injects.end(),
                   [](const NarrativeInject& a, const NarrativeInject& b) { return a.time < b.time; });
  std::string s;
  s += "# Table-top exercise: facilitator's timeline\n\n";
  s += "Logs cover " + IsoSeconds(start) + " to " + IsoSeconds(end) + " (seed " + std::to_string(seed) + ").\n";
  s += "Read each inject to the team at its time; let them find the rest in the logs.\n";
  s += "The answers are in `ground_truth.json`: do not share it before the debrief.\n\n";
  s += "| When (UTC) | Inject |\n|---|---|\n";
  for (const auto& i : injects) s += "| " + IsoSeconds(i.time) + " | " + i.text + " |\n";
  s += "\n## Questions for the team\n\n";
  s += "1. Which credentials are compromised, and since when? How do you know?\n";
  s += "2. What did the attacker obtain from them (keys, sessions, users, passwords, roles, functions, instances)?\n";
  s += "3. Which of the activity on those credentials is the attacker's, and which is the legitimate owner's?\n";
  s += "4. Which resources were created, changed, read or deleted, in which accounts and regions?\n";
  s += "5. What do you contain first, and what breaks when you do?\n";
  (void)scenarios;
  return s;
}

}  // namespace credtrace::sim
