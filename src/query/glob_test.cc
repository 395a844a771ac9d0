#include "query/glob.h"

#include <gtest/gtest.h>

namespace credtrace::query {
namespace {

TEST(QueryGlob, StarAndQuestionMark) {
  Glob g("Create*");
  EXPECT_TRUE(g.has_wildcards());
  EXPECT_TRUE(g.is_prefix_only());
  EXPECT_EQ(g.literal_prefix(), "Create");
  EXPECT_TRUE(g.Matches("CreateUser"));
  EXPECT_TRUE(g.Matches("Create"));
  EXPECT_FALSE(g.Matches("createUser"));  // case-sensitive
  EXPECT_FALSE(g.Matches("DeleteUser"));

  Glob a("Attach*Policy");
  EXPECT_FALSE(a.is_prefix_only());
  EXPECT_EQ(a.literal_prefix(), "Attach");
  EXPECT_TRUE(a.Matches("AttachUserPolicy"));
  EXPECT_TRUE(a.Matches("AttachPolicy"));
  EXPECT_FALSE(a.Matches("AttachUserPolicyVersion"));

  Glob q("Get?bject");
  EXPECT_TRUE(q.Matches("GetObject"));
  EXPECT_FALSE(q.Matches("Getbject"));
  EXPECT_FALSE(q.Matches("GetOObject"));

  Glob s("*a*b*");
  EXPECT_EQ(s.literal_prefix(), "");
  EXPECT_TRUE(s.Matches("xxaxxbxx"));
  EXPECT_TRUE(s.Matches("ab"));
  EXPECT_FALSE(s.Matches("ba"));
  EXPECT_TRUE(Glob("*").Matches(""));
  EXPECT_TRUE(Glob("*").is_prefix_only());
}

TEST(QueryGlob, EscapesAreLiteral) {
  Glob g("a\\*b");
  EXPECT_FALSE(g.has_wildcards());
  EXPECT_EQ(g.literal_prefix(), "a*b");
  EXPECT_TRUE(g.Matches("a*b"));
  EXPECT_FALSE(g.Matches("axxb"));
  EXPECT_EQ(Unescape("a\\*b\\?c\\\\d"), "a*b?c\\d");
  Glob h("x\\?*");
  EXPECT_TRUE(h.is_prefix_only());
  EXPECT_EQ(h.literal_prefix(), "x?");
  EXPECT_TRUE(h.Matches("x?yz"));
  EXPECT_FALSE(h.Matches("xayz"));
}

TEST(QueryGlob, NoWildcardsIsExact) {
  Glob g("CreateUser");
  EXPECT_FALSE(g.has_wildcards());
  EXPECT_FALSE(g.is_prefix_only());
  EXPECT_TRUE(g.Matches("CreateUser"));
  EXPECT_FALSE(g.Matches("CreateUsers"));
}

}  // namespace
}  // namespace credtrace::query
