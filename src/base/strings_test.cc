#include "base/strings.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

namespace credtrace {
namespace {

// Every length up to a few words, a difference at every position (and none): the word loads
// see each byte once at least, and never read outside either range (checked under ASan).
TEST(SameBytes, AgreesWithMemcmpAtEveryLengthAndPosition) {
  for (size_t n = 0; n <= 40; ++n) {
    std::string a(n, 'x'), b(n, 'x');
    for (size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<char>('a' + i % 26);
    // Exact-size heap copies: a read past the end is a sanitizer error.
    std::unique_ptr<char[]> pa(new char[n ? n : 1]), pb(new char[n ? n : 1]);
    std::memcpy(pa.get(), a.data(), n);
    std::memcpy(pb.get(), b.data(), n);
    EXPECT_TRUE(SameBytes(pa.get(), pb.get(), n)) << n;
    for (size_t i = 0; i < n; ++i) {
      pb[i] = static_cast<char>(pb[i] ^ 0x80);
      EXPECT_FALSE(SameBytes(pa.get(), pb.get(), n)) << n << " at " << i;
      pb[i] = static_cast<char>(pb[i] ^ 0x80);
    }
  }
}

TEST(EqualsIgnoreCase, ComparesAsciiLettersCaseBlind) {
  EXPECT_TRUE(EqualsIgnoreCase("eventName", "EVENTNAME"));
  EXPECT_FALSE(EqualsIgnoreCase("eventName", "eventNam"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "b"));
}

}  // namespace
}  // namespace credtrace
