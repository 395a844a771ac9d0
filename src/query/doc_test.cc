// docs/QUERY.md cannot drift: it must name every field and alias of the field table and the
// bare-value columns, and every example it gives must parse.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cloudtrail/fields.h"
#include "query/parser.h"

namespace credtrace::query {
namespace {

std::string ReadDoc() {
  std::ifstream in(std::string(CREDTRACE_SOURCE_DIR) + "/docs/QUERY.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(QueryDoc, NamesEveryFieldAndAlias) {
  const std::string doc = ReadDoc();
  ASSERT_FALSE(doc.empty()) << "docs/QUERY.md is missing";
  size_t checked = 0;
  for (const auto& f : cloudtrail::AllFields()) {
    // The table row: path first, then every alias.
    std::string row = "| `" + std::string(f.path) + "` |";
    EXPECT_NE(doc.find(row), std::string::npos) << "no table row for " << f.path;
    std::string_view a = f.aliases;
    while (!a.empty()) {
      size_t sp = a.find(' ');
      std::string alias = "`" + std::string(a.substr(0, sp)) + "`";
      size_t at = doc.find(row);
      size_t eol = doc.find('\n', at);
      EXPECT_NE(doc.substr(at, eol - at).find(alias), std::string::npos)
          << "alias " << alias << " missing from the row of " << f.path;
      ++checked;
      if (sp == std::string_view::npos) break;
      a.remove_prefix(sp + 1);
    }
  }
  EXPECT_GT(checked, cloudtrail::AllFields().size());
  for (Column c : BareValueColumns()) {
    EXPECT_NE(doc.find("`" + std::string(cloudtrail::FieldOf(c).path) + "`"), std::string::npos);
  }
}

TEST(QueryDoc, EveryExampleParses) {
  const std::string doc = ReadDoc();
  std::istringstream in(doc);
  std::string line;
  bool in_block = false;
  int examples = 0;
  while (std::getline(in, line)) {
    if (line == "```query") {
      in_block = true;
    } else if (line == "```") {
      in_block = false;
    } else if (in_block && !line.empty()) {
      auto q = ParseQuery(line, 1710151200000);
      EXPECT_TRUE(q.ok()) << line << "\n" << q.status().message();
      ++examples;
    }
  }
  EXPECT_GE(examples, 20);
}

}  // namespace
}  // namespace credtrace::query
