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
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}

// Bytes [off, off + 16) of s as two big-endian integers, zero-padded: integer order is byte
// order.
void ChunkKey(std::string_view s, size_t off, uint64_t* k0, uint64_t* k1) {
  unsigned char b[16] = {0};
  if (off < s.size()) std::memcpy(b, s.data() + off, std::min<size_t>(16, s.size() - off));  // never from an empty view's null pointer
  *k0 = LoadBigEndian(b);
  *k1 = LoadBigEndian(b + 8);
}

struct Key {
  uint64_t k0, k1;
  uint32_t id;
  uint32_t same = 0;  // after SortText: the same string as the element before
};

inline bool KeyLess(const Key& a, const Key& b) { return a.k0 != b.k0 ? a.k0 < b.k0 : a.k1 < b.k1; }
inline bool SameKey(const Key& a, const Key& b) { return a.k0 == b.k0 && a.k1 == b.k1; }

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

// Sorts by (k0, k1). Big inputs (GUID columns: as many values as rows) are first distributed by
// the top 12 bits of k0 in one counting pass, so that std::sort only orders small buckets; keys
// that all share their top bits simply make one big bucket (never worse than std::sort alone).
void SortByKey(std::vector<Key>* keys, std::vector<Key>* tmp) {
  const size_t n = keys->size();
  if (n < 8192) {
    std::sort(keys->begin(), keys->end(), KeyLess);
    return;
  }
  constexpr int kBits = 12;
  std::vector<uint32_t> start((1u << kBits) + 1, 0);
  for (const Key& k : *keys) start[(k.k0 >> (64 - kBits)) + 1]++;
  for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::vector<uint32_t> fill(start.begin(), start.end() - 1);
  tmp->resize(n);
  for (const Key& k : *keys) (*tmp)[fill[k.k0 >> (64 - kBits)]++] = k;
  keys->swap(*tmp);
  for (size_t b = 0; b + 1 < start.size(); ++b)
    if (start[b + 1] - start[b] > 1) std::sort(keys->begin() + start[b], keys->begin() + start[b + 1], KeyLess);
}

// Sorts text values byte-wise by successive 16-byte keys: keys of the first 16 bytes, then
// each run of equal keys again by the next 16 bytes, and so on. Strings are read a chunk at a
// time for the elements that still tie, instead of compared whole at every comparison of the
// sort (values of one column often share long prefixes: ARNs, principal IDs, user agents).
// Sets `same` on each element equal to the one before it.
void SortText(std::vector<Key>* keys, std::vector<Key>* tmp, const StringDictBuilder& d) {
  for (Key& k : *keys) {
    ChunkKey(d.value(k.id), 0, &k.k0, &k.k1);
    k.same = 0;
  }
  SortByKey(keys, tmp);
  struct Range {
    size_t lo, hi, off;  // [lo, hi) share their first `off` bytes (zero-padded)
  };
  std::vector<Range> todo = {{0, keys->size(), 16}};
  Key* a = keys->data();
  auto len = [&](const Key& k) { return d.value(k.id).size(); };
  while (!todo.empty()) {
    Range r = todo.back();
    todo.pop_back();
    for (size_t i = r.lo; i < r.hi;) {
      size_t j = i + 1;
      while (j < r.hi && SameKey(a[i], a[j])) ++j;
      if (j - i > 1) {
        // [i, j) agree on their first r.off bytes (zero-padded). Those that end there are
        // prefixes of the others: they come first, shorter first, and equal lengths are equal
        // strings. The others are ordered by what follows.
        Key* mid = std::partition(a + i, a + j, [&](const Key& k) { return len(k) <= r.off; });
        std::sort(a + i, mid, [&](const Key& x, const Key& y) { return len(x) < len(y); });
        for (Key* k = a + i + 1; k < mid; ++k) k->same = len(*k) == len(k[-1]);
        size_t m = static_cast<size_t>(mid - a);
        if (j - m > 1) {
          if (r.off >= 256) {
            // Long shared prefixes: compare the rest of the strings.
            std::sort(a + m, a + j, [&](const Key& x, const Key& y) {
              return d.value(x.id).substr(r.off) < d.value(y.id).substr(r.off);
            });
            for (size_t k = m + 1; k < j; ++k) a[k].same = d.value(a[k].id) == d.value(a[k - 1].id);
          } else {
            for (size_t k = m; k < j; ++k) ChunkKey(d.value(a[k].id), r.off, &a[k].k0, &a[k].k1);
            std::sort(a + m, a + j, KeyLess);
            todo.push_back({m, j, r.off + 16});
          }
        }
      }
      i = j;
    }
  }
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

EncodedDictionary EncodeDictionary(const StringDictBuilder& d, const std::vector<uint8_t>* used) {
  const uint32_t n = d.size();
  EncodedDictionary out;
  out.remap.resize(n);
  // Scratch kept by the thread from one segment to the next.
  thread_local std::vector<Key> guids, text, tmp;
  guids.clear();
  text.clear();
  // One sequential pass: GUID values become integer keys; other text is sorted apart.
  guids.reserve(n);
  for (uint32_t id = 0; id < n; ++id) {
    if (used != nullptr && id != 0 && !(*used)[id]) continue;  // "" (id 0) is always there
    std::string_view v = d.value(id);
    unsigned char packed[16];
    if (PackGuid(v, packed)) guids.push_back({LoadBigEndian(packed), LoadBigEndian(packed + 8), id, 0});
    else text.push_back({0, 0, id, 0});
  }
  // A builder in append mode may hold a value under several ids: equal values sort next to each
  // other and become one entry (every id of the value remaps to it).
  std::string& p = out.payload;
  const size_t kept = guids.size() + text.size();
  if (guids.size() * 2 > kept) {
    // Mostly GUIDs: packed dictionary. Merge the two sorted runs by text order.
    SortByKey(&guids, &tmp);
    SortText(&text, &tmp, d);
    out.kind = BlockKind::kPackedDictionary;
    size_t bound = 4 + guids.size() * 17;
    for (const Key& t : text) bound += 5 + d.value(t.id).size();
    p.resize(bound);
    char* w = p.data() + 4;
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
        if (gi > 1 && SameKey(guids[gi - 2], g)) {
          out.remap[g.id] = pos - 1;  // the same GUID as the entry just written
          continue;
        }
        *w++ = 1;
        uint64_t b0 = __builtin_bswap64(g.k0), b1 = __builtin_bswap64(g.k1);
        std::memcpy(w, &b0, 8);
        std::memcpy(w + 8, &b1, 8);
        w += 16;
        out.remap[g.id] = pos++;
      } else {
        const Key& t = text[ti++];
        if (t.same) {
          out.remap[t.id] = pos - 1;
          continue;
        }
        std::string_view v = d.value(t.id);
        uint32_t len = static_cast<uint32_t>(v.size());
        *w++ = 0;
        std::memcpy(w, &len, 4);
        std::memcpy(w + 4, v.data(), v.size());
        w += 4 + v.size();
        out.remap[t.id] = pos++;
      }
    }
    std::memcpy(p.data(), &pos, 4);
    p.resize(static_cast<size_t>(w - p.data()));
    out.count = pos;
    out.incompressible = text.size() <= 1;  // at most "" besides the GUIDs
    return out;
  }
  // Plain dictionary: every value as text.
  for (const Key& g : guids) text.push_back({0, 0, g.id, 0});
  SortText(&text, &tmp, d);
  out.kind = BlockKind::kDictionary;
  // Distinct values, in order: text[i] is a repeat of the entry before when `same`.
  uint32_t distinct = 0;
  size_t bytes = 0;
  for (size_t i = 0; i < kept; ++i) {
    if (text[i].same) continue;
    distinct++;
    bytes += d.value(text[i].id).size();
  }
  p.resize(8 + 4 * (uint64_t{distinct} + 1) + bytes);
  std::memcpy(p.data(), &distinct, 4);
  char* offs = p.data() + 4;
  char* w = p.data() + 4 + 4 * (uint64_t{distinct} + 1);
  char* const bytes_start = w;
  uint32_t pos = 0;
  for (size_t i = 0; i < kept; ++i) {
    if (text[i].same) {
      out.remap[text[i].id] = pos - 1;
      continue;
    }
    out.remap[text[i].id] = pos++;
    uint32_t off = static_cast<uint32_t>(w - bytes_start);
    std::memcpy(offs, &off, 4);
    offs += 4;
    std::string_view v = d.value(text[i].id);
    std::memcpy(w, v.data(), v.size());
    w += v.size();
  }
  uint32_t end = static_cast<uint32_t>(w - bytes_start);
  std::memcpy(offs, &end, 4);
  p.resize(static_cast<size_t>(w - p.data()));
  out.count = distinct;
  return out;
}

}  // namespace credtrace::store
