#include "sim/key_codec.h"

#include <gtest/gtest.h>

#include <set>

namespace credtrace::sim {
namespace {

TEST(SimKeyCodec, DecodesReferenceVectors) {
  // aws-ir-facts.md §1.12 test vectors.
  EXPECT_EQ(DecodeAccountId("ASIAY34FZKBOKMUTVV7A"), 609629065308u);
  EXPECT_EQ(DecodeAccountId("AKIASP2TPHJSQH3FJXYZ"), 171436882533u);
  EXPECT_EQ(DecodeAccountId("ASIAQAAAAAAAGMKEM7X5"), 0u);
}

TEST(SimKeyCodec, RejectsOldFormatAndBadCharacters) {
  EXPECT_FALSE(DecodeAccountId("AKIAIOSFODNN7EXAMPLE").has_value());  // 5th char I: old format
  EXPECT_FALSE(DecodeAccountId("AKIAJ3ABCDEFGHIJKLMN").has_value());
  EXPECT_FALSE(DecodeAccountId("AKIAY34FZKBOKMU0VV7A").has_value());  // '0' never appears
  EXPECT_FALSE(DecodeAccountId("AKIA").has_value());
}

TEST(SimKeyCodec, RoundTripsAccountsAndUsesTheRealAlphabet) {
  Rng rng(42);
  std::set<std::string> seen;
  for (uint64_t account : {0ull, 1ull, 123456789012ull, 609629065308ull, 999999999999ull, 171436882533ull}) {
    for (int i = 0; i < 200; ++i) {
      for (const char* prefix : {"AKIA", "ASIA"}) {
        std::string k = EncodeAccessKeyId(prefix, account, &rng);
        ASSERT_EQ(k.size(), 20u);
        ASSERT_EQ(k.substr(0, 4), prefix);
        for (char c : k.substr(4)) ASSERT_NE(kBase32Alphabet.find(c), std::string_view::npos) << k;
        ASSERT_NE(std::string("QRSTUVWXYZ234567").find(k[4]), std::string::npos) << k;
        ASSERT_EQ(DecodeAccountId(k), account) << k;
        seen.insert(k);
      }
      std::string u = EncodeUniqueId("AIDA", account, &rng);
      ASSERT_EQ(u.size(), 21u);
      ASSERT_EQ(DecodeAccountId(u), account) << u;
    }
  }
  EXPECT_EQ(seen.size(), 6u * 400u);  // random tails: no collisions
}

TEST(SimKeyCodec, KeysOfOneAccountShareTheirAccountCharacters) {
  // Real keys of one account share characters 5-12 (AKIAUACFUVW5... / AIDAUACFUVW5...).
  Rng rng(7);
  std::string a = EncodeAccessKeyId("AKIA", 275023965626ull, &rng);
  std::string b = EncodeUniqueId("AIDA", 275023965626ull, &rng);
  EXPECT_EQ(a.substr(4, 8), b.substr(4, 8));
  EXPECT_EQ(a.substr(4, 8), "UACFUVW5");  // as in the real maheribra sample keys
}

TEST(SimKeyCodec, FormatsAccounts) {
  EXPECT_EQ(FormatAccountId(42), "000000000042");
  EXPECT_EQ(FormatAccountId(609629065308ull), "609629065308");
}

}  // namespace
}  // namespace credtrace::sim
