#include "store/string_dict_builder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace credtrace::store {
namespace {

// The staged look-up (Quick, Prepare, Prefetch, InternHashed) gives the ids Intern gives, on
// values that repeat, values that share a length, long values (past the length a slot holds)
// and after the table grows.
TEST(StringDictBuilder, StagedLookUpGivesTheSameIdsAsIntern) {
  std::mt19937 rng(7);
  std::vector<std::string> pool;
  for (int i = 0; i < 3000; ++i) pool.push_back("arn:aws:iam::123456789012:user/u" + std::to_string(i));
  for (int i = 0; i < 50; ++i) pool.push_back(std::string(20, static_cast<char>('A' + i % 26)) + std::to_string(i % 7));
  pool.push_back(std::string(70000, 'x'));
  pool.push_back(std::string(70000, 'x') + "y");
  pool.push_back(std::string(65535, 'z'));
  pool.push_back("");
  StringDictBuilder a, b;
  for (int i = 0; i < 40000; ++i) {
    const std::string& s = pool[rng() % pool.size()];
    uint32_t want = a.Intern(s);
    uint32_t got = 0;
    if (!b.Quick(s, &got)) {
      uint64_t h = b.Prepare(s);
      b.Prefetch(h);
      got = b.InternHashed(s, h);
    }
    ASSERT_EQ(got, want) << i;
    ASSERT_EQ(b.value(got), s);
  }
  EXPECT_EQ(a.size(), b.size());
  EXPECT_FALSE(a.may_repeat());
}

TEST(StringDictBuilder, LongValuesAreFoundAgain) {
  StringDictBuilder d;
  std::string big(100000, 'q');
  uint32_t id = d.Intern(big);
  EXPECT_EQ(d.Intern("other"), id + 1);
  EXPECT_EQ(d.Intern(big), id);
  EXPECT_EQ(d.Intern(big + "!"), id + 2);
  EXPECT_EQ(d.Intern(big + "!"), id + 2);
  EXPECT_EQ(d.Intern(""), 0u);
}

}  // namespace
}  // namespace credtrace::store
