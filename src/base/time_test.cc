#include "base/time.h"

#include <gtest/gtest.h>

namespace credtrace {

TEST(Time, ParsesCloudTrailForm) {
  auto t = ParseIsoTime("2024-03-11T10:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, 1710151200000);
  EXPECT_EQ(FormatIsoTime(*t), "2024-03-11T10:00:00Z");
}

TEST(Time, ParsesFractionAndOffset) {
  EXPECT_EQ(*ParseIsoTime("2024-03-11T10:00:00.250Z"), 1710151200250);
  EXPECT_EQ(*ParseIsoTime("2024-03-11T12:00:00+02:00"), 1710151200000);
  EXPECT_EQ(*ParseIsoTime("2024-03-11"), 1710115200000);
  EXPECT_EQ(FormatIsoTime(1710151200250), "2024-03-11T10:00:00.250Z");
}

TEST(Time, RejectsGarbage) {
  EXPECT_FALSE(ParseIsoTime(""));
  EXPECT_FALSE(ParseIsoTime("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseIsoTime("2024-03-11T10:00:00"));  // no zone
  EXPECT_FALSE(ParseIsoTime("Jul 30, 2024, 9:46:15 PM"));
  EXPECT_FALSE(ParseIsoTime("2024-03-11T10:00:00Zjunk"));
}

TEST(Time, BeforeEpochRoundTrips) {
  auto t = ParseIsoTime("1969-12-31T23:59:59Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, -1000);
  EXPECT_EQ(FormatIsoTime(*t), "1969-12-31T23:59:59Z");
}

TEST(Time, UserRelativeTimes) {
  EXPECT_EQ(*ParseUserTime("-2h", 10'000'000), 10'000'000 - 7'200'000);
  EXPECT_EQ(*ParseUserTime("now", 5), 5);
  EXPECT_FALSE(ParseUserTime("-h", 5));
  EXPECT_FALSE(ParseUserTime("-99999999999999999999d", 5));  // no overflow
}

}  // namespace credtrace

namespace credtrace {
namespace {
// FormatIsoTime writes its digits itself for years 0000-9999: the same text as printf would.
TEST(Time, FormatIsoTimeMatchesPrintf) {
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 200000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    TimeMs t = static_cast<TimeMs>(x % 400'000'000'000'000ull) - 62'000'000'000'000;  // years ~ 0 to 10600
    if (i % 3 == 0) t -= t % 1000;
    int64_t secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
    int ms = static_cast<int>(t - secs * 1000);
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - days * 86400;
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    char buf[64];
    if (ms == 0)
      std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                    static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
    else
      std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
                    static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60), ms);
    ASSERT_EQ(FormatIsoTime(t), buf) << t;
  }
}
}  // namespace
}  // namespace credtrace
