#include "query/ip.h"

#include <gtest/gtest.h>

namespace credtrace::query {
namespace {

bool In(const char* cidr, const char* ip) {
  auto c = ParseCidr(cidr);
  auto a = ParseIp(ip);
  EXPECT_TRUE(c) << cidr;
  if (!c || !a) return false;
  return c->Contains(*a);
}

TEST(QueryCidr, IPv4) {
  EXPECT_TRUE(In("203.0.113.0/24", "203.0.113.0"));
  EXPECT_TRUE(In("203.0.113.0/24", "203.0.113.255"));
  EXPECT_FALSE(In("203.0.113.0/24", "203.0.114.1"));
  EXPECT_TRUE(In("10.0.0.0/9", "10.127.255.255"));
  EXPECT_FALSE(In("10.0.0.0/9", "10.128.0.0"));
  EXPECT_TRUE(In("0.0.0.0/0", "198.51.100.7"));
  EXPECT_FALSE(In("0.0.0.0/0", "2001:db8::1"));  // /0 of IPv4 is every IPv4 address only
  EXPECT_TRUE(In("198.51.100.7/32", "198.51.100.7"));
  EXPECT_FALSE(In("198.51.100.7/32", "198.51.100.8"));
  EXPECT_TRUE(In("198.51.100.7", "198.51.100.7"));  // a bare address is /32
  EXPECT_TRUE(In("10.0.0.5/24", "10.0.0.200"));     // host bits are cleared
}

TEST(QueryCidr, IPv6) {
  EXPECT_TRUE(In("2001:db8::/32", "2001:db8:ffff::1"));
  EXPECT_FALSE(In("2001:db8::/32", "2001:db9::1"));
  EXPECT_TRUE(In("::/0", "fe80::1"));
  EXPECT_FALSE(In("::/0", "1.2.3.4"));
  EXPECT_TRUE(In("2001:db8::1/128", "2001:0db8:0000:0000:0000:0000:0000:0001"));
  EXPECT_FALSE(In("2001:db8::1/128", "2001:db8::2"));
  EXPECT_TRUE(In("2001:db8::/127", "2001:db8::1"));
  EXPECT_TRUE(In("fe80::/10", "febf::1"));
  EXPECT_FALSE(In("fe80::/10", "fec0::1"));
  // IPv4-mapped addresses are compared as IPv4 against an IPv4 block.
  EXPECT_TRUE(In("192.0.2.0/24", "::ffff:192.0.2.9"));
  EXPECT_TRUE(In("::ffff:0:0/96", "::ffff:192.0.2.9"));
}

TEST(QueryCidr, ParsesAddressForms) {
  auto a = ParseIp("::ffff:192.0.2.1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->v6);
  EXPECT_EQ(a->bytes[10], 0xff);
  EXPECT_EQ(a->bytes[15], 1);
  EXPECT_TRUE(ParseIp("::"));
  EXPECT_TRUE(ParseIp("1::"));
  EXPECT_TRUE(ParseIp("1:2:3:4:5:6:7:8"));
  EXPECT_TRUE(ParseIp("1:2:3:4:5:6:1.2.3.4"));
  EXPECT_TRUE(ParseIp("0.0.0.0"));
  EXPECT_TRUE(ParseIp("255.255.255.255"));
}

TEST(QueryCidr, RejectsMalformed) {
  for (const char* bad : {"", "ec2.amazonaws.com", "AWS Internal", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                          "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/x", "1.2.3.4/0032",
                          "2001:db8::/129", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "12345::",
                          "fe80::1%eth0", "1.2.3.4::", "::1.2.3", "01234.1.1.1", "/24", "g::1"}) {
    EXPECT_FALSE(ParseCidr(bad)) << bad;
  }
  EXPECT_FALSE(ParseIp("10.0.0.0/8"));
}

}  // namespace
}  // namespace credtrace::query
