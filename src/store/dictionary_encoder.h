// Sorts the dictionary of one column of a segment being sealed and encodes it as a block
// (docs/STORE_FORMAT.md: `dictionary` or `packed_dict`).
//
// Sorting dictionaries is the largest cost of sealing a segment: event and request IDs have
// as many values as rows. Values are therefore sorted by integer keys gathered in one
// sequential pass (a GUID's 16 packed bytes, or the first 16 bytes of other text), touching
// the strings themselves only to break ties.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/segment_format.h"
#include "store/string_dict_builder.h"

namespace credtrace::store {

struct EncodedDictionary {
  BlockKind kind = BlockKind::kDictionary;
  std::string payload;          // the block's content, before compression
  std::vector<uint32_t> remap;  // builder id -> position in the sorted dictionary
  uint32_t count = 0;           // entries (distinct values; fewer than builder ids when it repeats)
  // A packed dictionary of GUIDs alone (eventIDs): random bytes that zstd cannot shrink (2 %
  // at level 1), so it is stored at a level that skips the entropy coding (5x faster).
  bool incompressible = false;
};

// `used`, when given, has an entry per builder id: the ids whose entry is 0 are left out (their
// remap entries are meaningless), except id 0 ("", in every dictionary).
EncodedDictionary EncodeDictionary(const StringDictBuilder& dict, const std::vector<uint8_t>* used = nullptr);

// Packs a canonical lower-case GUID (8-4-4-4-12 hex digits) into 16 bytes; false otherwise.
bool PackGuid(std::string_view text, unsigned char out[16]);

}  // namespace credtrace::store
