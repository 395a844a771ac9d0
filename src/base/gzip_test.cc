#include "base/gzip.h"

#include <gtest/gtest.h>

namespace credtrace {

TEST(Gzip, RoundTrip) {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += "{\"eventName\":\"GetObject\"," + std::to_string(i) + "}\n";
  std::string gz = GzipCompress(data);
  ASSERT_TRUE(IsGzip(gz));
  EXPECT_LT(gz.size(), data.size() / 4);
  std::string out;
  ASSERT_TRUE(Gunzip(gz, UINT64_MAX, &out).ok());
  EXPECT_EQ(out, data);
}

TEST(Gzip, ConcatenatedMembers) {
  std::string gz = GzipCompress("hello ") + GzipCompress("world");
  std::string out;
  ASSERT_TRUE(Gunzip(gz, 1000, &out).ok());
  EXPECT_EQ(out, "hello world");
}

TEST(Gzip, TruncatedKeepsPrefix) {
  std::string data(1 << 20, 'a');
  for (size_t i = 0; i < data.size(); i += 7) data[i] = static_cast<char>('a' + i % 26);
  std::string gz = GzipCompress(data);
  std::string out;
  Status s = Gunzip(std::string_view(gz).substr(0, gz.size() / 2), UINT64_MAX, &out);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_NE(s.message().find("truncated"), std::string::npos) << s.message();
  EXPECT_GT(out.size(), 0u);
  EXPECT_EQ(out, data.substr(0, out.size()));
}

TEST(Gzip, BombIsBounded) {
  std::string data(64 << 20, '\0');  // 64 MiB of zeros compress to ~64 KiB
  std::string gz = GzipCompress(data);
  std::string out;
  Status s = Gunzip(gz, 1 << 20, &out);
  EXPECT_EQ(s.code(), StatusCode::kTooLarge);
  EXPECT_LE(out.size(), 1u << 20);
}

TEST(Gzip, ExactBoundIsFine) {
  std::string gz = GzipCompress("12345");
  std::string out;
  EXPECT_TRUE(Gunzip(gz, 5, &out).ok());
  EXPECT_EQ(out, "12345");
}

TEST(Gzip, CorruptData) {
  std::string gz = GzipCompress(std::string(10000, 'x') + "tail");
  gz[gz.size() - 6] ^= 0x55;  // flip a CRC byte
  std::string out;
  EXPECT_EQ(Gunzip(gz, UINT64_MAX, &out).code(), StatusCode::kCorrupt);
}

}  // namespace credtrace

namespace credtrace {
TEST(Gzip, GunzipIntoReusesStorageAndBounds) {
  Inflater inf;
  std::string buf;
  size_t len = 0;
  std::string a(100000, 'a'), b = "short";
  ASSERT_TRUE(GunzipInto(&inf, GzipCompress(a), UINT64_MAX, 64, &buf, &len).ok());
  EXPECT_EQ(std::string(buf.data(), len), a);
  EXPECT_GE(buf.size(), len + 64);
  ASSERT_TRUE(GunzipInto(&inf, GzipCompress(b) + GzipCompress(b), UINT64_MAX, 64, &buf, &len).ok());
  EXPECT_EQ(std::string(buf.data(), len), b + b);
  EXPECT_EQ(GunzipInto(&inf, GzipCompress(a), 1000, 64, &buf, &len).code(), StatusCode::kTooLarge);
  EXPECT_LE(len, 1000u);
  EXPECT_TRUE(GunzipInto(&inf, GzipCompress(b), 5, 64, &buf, &len).ok());
  std::string gz = GzipCompress(a);
  EXPECT_EQ(GunzipInto(&inf, std::string_view(gz).substr(0, gz.size() / 2), UINT64_MAX, 64, &buf, &len).code(),
            StatusCode::kCorrupt);
  EXPECT_EQ(std::string(buf.data(), len), a.substr(0, len));
}
}  // namespace credtrace
