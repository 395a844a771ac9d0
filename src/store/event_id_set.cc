#include "store/event_id_set.h"

#include "store/string_hash.h"

namespace credtrace::store {

namespace {
int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 8-4-4-4-12 hex digits.
bool ParseGuid(std::string_view s, EventKey* k) {
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
  uint64_t parts[2] = {0, 0};
  int n = 0;
  for (char c : s) {
    if (c == '-') continue;
    int v = HexVal(c);
    if (v < 0) return false;
    parts[n / 16] = (parts[n / 16] << 4) | static_cast<uint64_t>(v);
    ++n;
  }
  k->hi = parts[0];
  k->lo = parts[1];
  return true;
}
}  // namespace

EventKey MakeEventKey(std::string_view event_id, std::string_view raw_record) {
  EventKey k;
  if (ParseGuid(event_id, &k)) return k;
  std::string_view basis = event_id.empty() ? raw_record : event_id;
  // Tag the high word so that hashed keys cannot collide with a GUID's bits by construction
  // of the variant nibble (GUIDs from AWS are version 4: that nibble is 4).
  k.hi = HashString(basis, 0x243F6A8885A308D3ull) | 0xF000ull;
  k.lo = HashString(basis, 0x13198A2E03707344ull) ^ (event_id.empty() ? 1 : 0);
  return k;
}

bool EventIdSet::Insert(const EventKey& k) {
  Shard& s = shards_[(k.lo >> 7) & 63];
  std::lock_guard<std::mutex> lock(s.mu);
  return s.keys.insert(k).second;
}

size_t EventIdSet::size() const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.keys.size();
  }
  return n;
}

}  // namespace credtrace::store
