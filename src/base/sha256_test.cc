#include "base/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace credtrace {
namespace {

// FIPS 180-2 / NIST test vectors.
TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(Sha256::HexOf(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256::HexOf("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256::HexOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256::HexOf(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, OneShotEqualsIncremental) {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>(i * 131 + (i >> 7));
  Sha256 h;
  for (size_t off = 0; off < data.size(); off += 4093) h.Update(std::string_view(data).substr(off, 4093));
  EXPECT_EQ(h.FinalHex(), Sha256::HexOf(data));
}

// The one-shot path reuses a context per thread: hashes from several threads at once, one after
// the other on each, are each their own.
TEST(Sha256, ThreadsHashIndependently) {
  std::vector<std::string> want(4), got(4);
  for (int t = 0; t < 4; ++t) want[t] = Sha256::HexOf(std::string(1000 + t, static_cast<char>('a' + t)));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::string r = Sha256::HexOf(std::string(1000 + t, static_cast<char>('a' + t)));
        if (i == 0 || r != want[t]) got[t] = r;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace credtrace
