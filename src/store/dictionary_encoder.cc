#include "store/dictionary_encoder.h"

#include <algorithm>
#include <cstring>

namespace credtrace::store {

namespace {

// Lower-case hex digit values; -1 for anything else (upper case is not canonical).
struct HexTable {
  int8_t v[256];
  constexpr HexTable() : v() {
    for (int i = 0; i < 256; ++i) v[i] = -1;
    for (int i = 0; i < 10; ++i) v['0' + i] = static_cast<int8_t>(i);
    for (int i = 0; i < 6; ++i) v['a' + i] = static_cast<int8_t>(10 + i);
  }
};
constexpr HexTable kHexValue;

uint64_t LoadBigEndian(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

// First 16 bytes of s as two big-endian integers, zero-padded: integer order is byte order.
void PrefixKey(std::string_view s, uint64_t* k0, uint64_t* k1) {
  unsigned char b[16] = {0};
  std::memcpy(b, s.data(), std::min<size_t>(16, s.size()));
  *k0 = LoadBigEndian(b);
  *k1 = LoadBigEndian(b + 8);
}

struct Key {
  uint64_t k0, k1;
  uint32_t id;
};

void GuidText(uint64_t hi, uint64_t lo, char out[36]) {
  static const char* kHex = "0123456789abcdef";
  unsigned char b[16];
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<unsigned char>(hi >> (56 - 8 * i));
    b[8 + i] = static_cast<unsigned char>(lo >> (56 - 8 * i));
  }
  int o = 0;
  for (int k = 0; k < 16; ++k) {
    if (k == 4 || k == 6 || k == 8 || k == 10) out[o++] = '-';
    out[o++] = kHex[b[k] >> 4];
    out[o++] = kHex[b[k] & 15];
  }
}

template <typename T>
void AppendPod(std::string* out, const T& v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

// Sorts text keys: prefix integers first, the strings only on ties.
void SortText(std::vector<Key>* keys, const StringDictBuilder& d) {
  std::sort(keys->begin(), keys->end(), [&](const Key& a, const Key& b) {
    if (a.k0 != b.k0) return a.k0 < b.k0;
    if (a.k1 != b.k1) return a.k1 < b.k1;
    return d.value(a.id) < d.value(b.id);
  });
}

}  // namespace

bool PackGuid(std::string_view s, unsigned char out[16]) {
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
  // Positions of the 16 digit pairs in the text.
  static constexpr uint8_t kPair[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
  int bad = 0;
  for (int k = 0; k < 16; ++k) {
    int hi = kHexValue.v[static_cast<unsigned char>(s[kPair[k]])];
    int lo = kHexValue.v[static_cast<unsigned char>(s[kPair[k] + 1])];
    bad |= hi | lo;  // negative when either is not a digit
    out[k] = static_cast<unsigned char>((static_cast<unsigned>(hi) << 4) | (static_cast<unsigned>(lo) & 15u));
  }
  return bad >= 0;
}

EncodedDictionary EncodeDictionary(const StringDictBuilder& d) {
  const uint32_t n = d.size();
  EncodedDictionary out;
  out.remap.resize(n);
  // One sequential pass: GUID values become integer keys; other text gets prefix keys.
  std::vector<Key> guids, text;
  guids.reserve(n);
  for (uint32_t id = 0; id < n; ++id) {
    std::string_view v = d.value(id);
    unsigned char packed[16];
    if (PackGuid(v, packed)) {
      guids.push_back({LoadBigEndian(packed), LoadBigEndian(packed + 8), id});
    } else {
      Key k{0, 0, id};
      PrefixKey(v, &k.k0, &k.k1);
      text.push_back(k);
    }
  }
  // A builder in append mode may hold a value under several ids: equal values sort next to each
  // other and become one entry (every id of the value remaps to it).
  auto same_text = [&](const Key& a, const Key& b) {
    return a.k0 == b.k0 && a.k1 == b.k1 && d.value(a.id) == d.value(b.id);
  };
  std::string& p = out.payload;
  if (guids.size() * 2 > n) {
    // Mostly GUIDs: packed dictionary. Merge the two sorted runs by text order.
    std::sort(guids.begin(), guids.end(), [](const Key& a, const Key& b) {
      return a.k0 != b.k0 ? a.k0 < b.k0 : a.k1 < b.k1;
    });
    SortText(&text, d);
    out.kind = BlockKind::kPackedDictionary;
    p.reserve(4 + guids.size() * 17 + text.size() * 24);
    AppendPod<uint32_t>(&p, 0);  // the count, once known
    size_t gi = 0, ti = 0;
    uint32_t pos = 0;
    char gtext[36];
    while (gi < guids.size() || ti < text.size()) {
      bool take_guid;
      if (gi == guids.size()) take_guid = false;
      else if (ti == text.size()) take_guid = true;
      else {
        GuidText(guids[gi].k0, guids[gi].k1, gtext);
        take_guid = std::string_view(gtext, 36) < d.value(text[ti].id);
      }
      if (take_guid) {
        const Key& g = guids[gi++];
        if (gi > 1 && guids[gi - 2].k0 == g.k0 && guids[gi - 2].k1 == g.k1) {
          out.remap[g.id] = pos - 1;  // the same GUID as the entry just written
          continue;
        }
        p.push_back(1);
        for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>(g.k0 >> (56 - 8 * i)));
        for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>(g.k1 >> (56 - 8 * i)));
        out.remap[g.id] = pos++;
      } else {
        const Key& t = text[ti++];
        if (ti > 1 && same_text(text[ti - 2], t)) {
          out.remap[t.id] = pos - 1;
          continue;
        }
        std::string_view v = d.value(t.id);
        p.push_back(0);
        AppendPod<uint32_t>(&p, static_cast<uint32_t>(v.size()));
        p.append(v);
        out.remap[t.id] = pos++;
      }
    }
    std::memcpy(p.data(), &pos, 4);
    out.count = pos;
    return out;
  }
  // Plain dictionary: every value as text.
  for (const Key& g : guids) {
    Key k{0, 0, g.id};
    PrefixKey(d.value(g.id), &k.k0, &k.k1);
    text.push_back(k);
  }
  SortText(&text, d);
  out.kind = BlockKind::kDictionary;
  // Distinct values, in order: text[i] is a repeat of the entry before when repeat[i].
  uint32_t distinct = 0;
  size_t bytes = 0;
  std::vector<uint8_t> repeat(n, 0);
  for (uint32_t i = 0; i < n; ++i) {
    if (i > 0 && same_text(text[i - 1], text[i])) {
      repeat[i] = 1;
      continue;
    }
    distinct++;
    bytes += d.value(text[i].id).size();
  }
  p.reserve(8 + 4 * (uint64_t{distinct} + 1) + bytes);
  AppendPod<uint32_t>(&p, distinct);
  uint32_t off = 0, pos = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (repeat[i]) {
      out.remap[text[i].id] = pos - 1;
      continue;
    }
    out.remap[text[i].id] = pos++;
    AppendPod<uint32_t>(&p, off);
    off += static_cast<uint32_t>(d.value(text[i].id).size());
  }
  AppendPod<uint32_t>(&p, off);
  for (uint32_t i = 0; i < n; ++i)
    if (!repeat[i]) p.append(d.value(text[i].id));
  out.count = distinct;
  return out;
}

}  // namespace credtrace::store
