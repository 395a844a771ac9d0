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
