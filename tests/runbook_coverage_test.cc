// The checklist covers the runbook: every numbered step and sub-step of the credential-leakage
// runbook (tests/data/runbook/, the project's seed document) has its entry in credtrace's
// checklist (src/casefile/runbook_steps.cc) under the runbook's own number, and the checklist has
// no runbook number the runbook does not (credtrace's own additions are numbered ".0").
//
// Numbering: "Part N:" starts part N; items "  1." (2 spaces) are steps N.1, N.2...; "    1."
// (4) are sub-steps a, b, ...; "      1." (6) are i, ii, .... Part 5 has two lists, after the
// paragraphs starting "Firstly" and "Secondly": they are 5.1 and 5.2, their items a, b, c.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.h"
#include "casefile/runbook.h"

namespace credtrace::casefile {
namespace {

std::string Roman(int n) {
  static const char* kRoman[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi"};
  return n > 0 && n < 17 ? kRoman[n] : "?";
}

std::vector<std::string> RunbookStepIds(const std::string& text) {
  std::vector<std::string> ids;
  std::istringstream in(text);
  std::string line;
  std::regex part(R"(^Part (\d+):)"), item(R"(^( *)(\d+)\. )");
  int p = 0, group = 0;  // part 5's "Firstly" / "Secondly"
  std::string l1, l2;    // the current step and sub-step
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, part)) {
      p = std::stoi(m[1]);
      group = 0;
      ids.push_back(std::to_string(p));
      continue;
    }
    if (p == 5 && (line.rfind("Firstly", 0) == 0 || line.rfind("Secondly", 0) == 0)) {
      ++group;
      ids.push_back("5." + std::to_string(group));
      continue;
    }
    if (p == 0 || !std::regex_search(line, m, item)) continue;
    size_t indent = m[1].length();
    int n = std::stoi(m[2]);
    if (p == 5) {
      ids.push_back("5." + std::to_string(group) + "." + std::string(1, static_cast<char>('a' + n - 1)));
    } else if (indent == 2) {
      l1 = std::to_string(p) + "." + std::to_string(n);
      ids.push_back(l1);
    } else if (indent == 4) {
      l2 = l1 + "." + std::string(1, static_cast<char>('a' + n - 1));
      ids.push_back(l2);
    } else if (indent == 6) {
      ids.push_back(l2 + "." + Roman(n));
    } else {
      ADD_FAILURE() << "unexpected indentation in: " << line;
    }
  }
  return ids;
}

TEST(RunbookCoverage, EveryStepOfTheSeedRunbookIsInTheChecklist) {
  auto text = ReadFile(std::string(CREDTRACE_SOURCE_DIR) + "/tests/data/runbook/credential-leakage-runbook.txt");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  std::vector<std::string> want = RunbookStepIds(*text);
  // The runbook as it is: 5 parts, 2 lists in part 5, and the steps below.
  ASSERT_EQ(want.size(), 75u) << "the vendored runbook changed?";
  std::set<std::string> have;
  for (const RunbookStep& s : RunbookSteps()) {
    EXPECT_TRUE(have.insert(s.id).second) << "duplicate step " << s.id;
  }
  for (const std::string& id : want) {
    EXPECT_TRUE(have.count(id)) << "runbook step " << id << " has no checklist entry";
  }
  std::set<std::string> runbook(want.begin(), want.end());
  for (const RunbookStep& s : RunbookSteps()) {
    std::string id = s.id;
    bool ours = id.size() > 2 && id.compare(id.size() - 2, 2, ".0") == 0;
    EXPECT_TRUE(ours || runbook.count(id)) << "checklist step " << id << " is not a step of the runbook";
    EXPECT_TRUE(*s.title) << id;
    EXPECT_TRUE(*s.runbook) << id;
    if (!ours) {
      // A step's parent is listed before it.
      std::string parent = ParentStep(id);
      EXPECT_TRUE(parent.empty() || have.count(parent)) << id;
    }
  }
  // The listing, for the record of what the test checked.
  std::string listed;
  for (const std::string& id : want) listed += id + " ";
  std::cout << "runbook steps checked: " << listed << "\n";
}

TEST(RunbookCoverage, StepsAreInRunbookOrder) {
  auto text = ReadFile(std::string(CREDTRACE_SOURCE_DIR) + "/tests/data/runbook/credential-leakage-runbook.txt");
  ASSERT_TRUE(text.ok());
  std::vector<std::string> want = RunbookStepIds(*text);
  std::vector<std::string> got;
  for (const RunbookStep& s : RunbookSteps()) {
    std::string id = s.id;
    if (id.size() > 2 && id.compare(id.size() - 2, 2, ".0") == 0) continue;
    got.push_back(id);
  }
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace credtrace::casefile
