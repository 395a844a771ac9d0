#include "store/dictionary_encoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>

namespace credtrace::store {
namespace {

// Decodes a payload back to the list of values, the way the reader does.
std::vector<std::string> Decode(const EncodedDictionary& e) {
  std::vector<std::string> out;
  const std::string& p = e.payload;
  uint32_t n;
  std::memcpy(&n, p.data(), 4);
  if (e.kind == BlockKind::kDictionary) {
    const uint32_t* off = reinterpret_cast<const uint32_t*>(p.data() + 4);
    const char* bytes = p.data() + 4 + 4 * (n + 1);
    for (uint32_t i = 0; i < n; ++i) out.emplace_back(bytes + off[i], off[i + 1] - off[i]);
    return out;
  }
  static const char* kHex = "0123456789abcdef";
  size_t q = 4;
  for (uint32_t i = 0; i < n; ++i) {
    if (p[q++] == 1) {
      std::string s;
      for (int k = 0; k < 16; ++k) {
        if (k == 4 || k == 6 || k == 8 || k == 10) s.push_back('-');
        unsigned char b = static_cast<unsigned char>(p[q + k]);
        s.push_back(kHex[b >> 4]);
        s.push_back(kHex[b & 15]);
      }
      q += 16;
      out.push_back(s);
    } else {
      uint32_t len;
      std::memcpy(&len, p.data() + q, 4);
      q += 4;
      out.emplace_back(p.data() + q, len);
      q += len;
    }
  }
  return out;
}

void ExpectSortedAndRemapped(const StringDictBuilder& d, const EncodedDictionary& e) {
  std::vector<std::string> values = Decode(e);
  std::vector<std::string> distinct;
  for (uint32_t id = 0; id < d.size(); ++id) distinct.emplace_back(d.value(id));
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  ASSERT_EQ(values.size(), distinct.size());
  EXPECT_EQ(e.count, values.size());
  // Strictly sorted: every value once.
  EXPECT_TRUE(std::adjacent_find(values.begin(), values.end(), std::greater_equal<std::string>()) == values.end());
  for (uint32_t id = 0; id < d.size(); ++id) {
    ASSERT_LT(e.remap[id], values.size());
    EXPECT_EQ(values[e.remap[id]], d.value(id)) << id;
  }
}

std::string RandomGuid(std::mt19937_64& rng) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) s.push_back('-');
    s.push_back(kHex[rng() % 16]);
  }
  return s;
}

TEST(DictionaryEncoder, MostlyGuidsArePackedAndMergedInTextOrder) {
  std::mt19937_64 rng(1);
  StringDictBuilder d;
  for (int i = 0; i < 5000; ++i) d.Intern(RandomGuid(rng));
  // Non-GUID values that sort among, before and after the GUIDs.
  for (const char* s : {"R7B29DBAOY8PP85O", "0", "ffffffff-zzzz", "7c66478c", "A1", "~last", "0f8c2b1e-9D3A-4c5e-8f7a-1b2c3d4e5f60"})
    d.Intern(s);
  EncodedDictionary e = EncodeDictionary(d);
  EXPECT_EQ(e.kind, BlockKind::kPackedDictionary);
  ExpectSortedAndRemapped(d, e);
}

TEST(DictionaryEncoder, TextSharingLongPrefixes) {
  StringDictBuilder d;
  std::mt19937_64 rng(2);
  for (int i = 0; i < 3000; ++i) {
    std::string arn = "arn:aws:sts::123456789012:assumed-role/role-" + std::to_string(rng() % 50) + "/i-" + std::to_string(rng());
    d.Intern(arn);
  }
  using namespace std::string_view_literals;
  for (std::string_view s : {"arn:aws:sts::123456789012"sv, "arn:aws:sts::123456789012:"sv, "arn"sv, "ar"sv, "x\0y"sv, "x"sv, "\xff\xfe"sv})
    d.Intern(s);
  EncodedDictionary e = EncodeDictionary(d);
  EXPECT_EQ(e.kind, BlockKind::kDictionary);
  ExpectSortedAndRemapped(d, e);
}

// A column of nearly all new values switches the builder to append mode (no look-ups); the
// values it then holds twice are folded into one entry, GUIDs and text alike.
TEST(DictionaryEncoder, AppendModeRepeatsFolded) {
  for (bool guid_column : {true, false}) {
    std::mt19937_64 rng(3);
    StringDictBuilder d;
    std::vector<std::string> seen;
    for (int i = 0; i < 20000; ++i) {
      std::string v = guid_column ? RandomGuid(rng) : "req-" + std::to_string(rng());
      // Now and then a value seen before (not the last one), and a few non-GUIDs.
      if (i > 5000 && i % 97 == 0) v = seen[rng() % seen.size()];
      if (guid_column && i % 1000 == 0) v = "not-a-guid-" + std::to_string(i % 3000);
      seen.push_back(v);
      uint32_t id = d.Intern(v);
      ASSERT_EQ(d.value(id), v);
    }
    EXPECT_TRUE(d.may_repeat());
    EncodedDictionary e = EncodeDictionary(d);
    EXPECT_EQ(e.kind, guid_column ? BlockKind::kPackedDictionary : BlockKind::kDictionary);
    EXPECT_LT(e.count, d.size());
    ExpectSortedAndRemapped(d, e);
  }
}

// A column that repeats its values keeps looking them up: one id per value.
TEST(DictionaryEncoder, RepeatingColumnStaysDistinct) {
  StringDictBuilder d;
  for (int i = 0; i < 20000; ++i) d.Intern("user-" + std::to_string(i % 700));
  EXPECT_FALSE(d.may_repeat());
  EXPECT_EQ(d.size(), 701u);
  ExpectSortedAndRemapped(d, EncodeDictionary(d));
}

// Text that defeats 16-byte keys: shared prefixes of every length (beyond 256 bytes too),
// zero bytes and 0xFF runs, strings that are prefixes of others, lengths at multiples of 16,
// repeats (append mode) and GUIDs among them.
TEST(DictionaryEncoder, AdversarialTextSortsExactly) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 6; ++round) {
    StringDictBuilder d;
    // Odd rounds: 4096 new values first, so that the builder appends and holds repeats.
    if (round % 2)
      for (int i = 0; i < 4096; ++i) d.Intern(std::to_string(i).append("u"));
    std::vector<std::string> pool;
    std::string base(300, 'a');
    for (size_t i = 0; i < base.size(); ++i) base[i] = "a\0\xff"[rng() % 3];
    for (int i = 0; i < 6000; ++i) {
      std::string v;
      switch (rng() % 6) {
        case 0: v = base.substr(0, rng() % 300); break;                        // prefixes of one another
        case 1: v = base.substr(0, 16 * (rng() % 19)) + std::string(1 + rng() % 3, "\0\xff"[rng() % 2]); break;
        case 2:  // past 256
          v = base.substr(0, 260 + rng() % 40);
          v.append(std::to_string(rng() % 50));
          break;
        case 3: v = std::string(rng() % 40, '\xff'); break;
        case 4: v = RandomGuid(rng); break;
        default: v = pool.empty() ? "x" : pool[rng() % pool.size()]; break;  // a repeat
      }
      pool.push_back(v);
      d.Intern(v);
    }
    EXPECT_EQ(d.may_repeat(), round % 2 == 1);
    EncodedDictionary e = EncodeDictionary(d);
    ExpectSortedAndRemapped(d, e);
  }
}

TEST(DictionaryEncoder, EmptyAndTiny) {
  StringDictBuilder d;
  EncodedDictionary e = EncodeDictionary(d);  // only ""
  ExpectSortedAndRemapped(d, e);
  d.Intern("b");
  d.Intern("a");
  ExpectSortedAndRemapped(d, EncodeDictionary(d));
}

}  // namespace
}  // namespace credtrace::store
