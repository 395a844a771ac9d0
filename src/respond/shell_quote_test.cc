#include "respond/shell_quote.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace credtrace::respond {
namespace {

TEST(PlanShellQuote, PlainAndEmpty) {
  EXPECT_EQ(ShellQuote("alice"), "'alice'");
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("a'b"), "'a'\\''b'");
  EXPECT_EQ(ShellQuote(std::string("a\0b", 3)), "'ab'");
  EXPECT_EQ(ShellJoin({"aws", "iam", "x y"}), "'aws' 'iam' 'x y'");
}

// The shell gives back every hostile value byte for byte: printf '%s' <quoted> prints the value.
TEST(PlanShellQuote, HostileValuesRoundTripThroughBash) {
  const std::string values[] = {
      "it's",          "$(touch /tmp/credtrace-pwned)", "`id`",   "a;rm -rf /",  "line1\nline2",
      "*",             "-rf",                           "\\'\"",  "${HOME}",     "'; echo pwned; '",
      "a\tb",          "!event",                        "~root",  "x&&y||z",     "$'\\x41'",
  };
  for (const std::string& v : values) {
    std::string cmd = "bash -c " + ShellQuote("printf '%s' " + ShellQuote(v));
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string got;
    char buf[256];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) got.append(buf, n);
    int rc = pclose(p);
    EXPECT_EQ(WEXITSTATUS(rc), 0) << v;
    EXPECT_EQ(got, v);
  }
}

}  // namespace
}  // namespace credtrace::respond
