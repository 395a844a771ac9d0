// The on-disk layout of a segment file (docs/STORE_FORMAT.md has the grammar).
#pragma once

#include <cstdint>
#include <string_view>

namespace credtrace::store {

// Format version 4 (written): record locations as narrow integers (kinds 14-16). Versions 1 to
// 3 are still read: cases ingested before stay usable (docs/STORE_FORMAT.md, "Versions").
inline constexpr uint8_t kSegmentFormatVersion = 4;
inline constexpr std::string_view kSegmentMagicV1{"CTSEG\0\1\0", 8};
inline constexpr std::string_view kSegmentMagicV2{"CTSEG\0\2\0", 8};
inline constexpr std::string_view kSegmentMagicV3{"CTSEG\0\3\0", 8};
inline constexpr std::string_view kSegmentMagicV4{"CTSEG\0\4\0", 8};
inline constexpr std::string_view kSegmentTrailerMagic{"CTSEGEND", 8};

enum class BlockKind : uint8_t {
  kTime = 1,         // int64 eventTime deltas (first value absolute), one per row (version 1)
  kDictionary = 2,   // u32 count, u32 offsets[count + 1], value bytes; values sorted
  kIds = 3,          // u32 dictionary id per row
  kPostings = 4,     // u32 count, u32 starts[count + 1], u32 row deltas per value (version 1)
  kBool = 5,         // u8 per row: 0 false, 1 true, 2 absent
  kLocSource = 6,    // u32 source id per row
  kLocOffset = 7,    // u64 offset per row
  kLocLength = 8,    // u32 length per row
  kLocEncoding = 9,  // u8 per row
  kPackedDictionary = 10,  // u32 count, then per value: 0x00 u32 len bytes | 0x01 16-byte GUID
  kTimeVarint = 11,        // zig-zag varint eventTime deltas, one per row (version 2)
  kPostingsVarint = 12,    // u32 count, u32 byte_starts[count + 1], varint row deltas (version 2)
  kIdsNarrow = 13,         // u8 width (1, 2 or 4), 3 zero bytes, then an id of that width per row (version 3)
  // Version 4: u8 width (1, 2, 4 or 8), 3 zero bytes, u64 base, then value - base per row in
  // that width. Instead of kinds 6, 7 and 8.
  kLocSourceNarrow = 14,
  kLocOffsetNarrow = 15,
  kLocLengthNarrow = 16,
};

// One entry of the directory at the end of the file. Little-endian, packed to 32 bytes.
struct BlockEntry {
  uint8_t kind;
  uint8_t column;
  uint16_t reserved;
  uint32_t reserved2;
  uint64_t offset;           // of the zstd frame in the file
  uint64_t compressed_size;  // of the frame
  uint64_t raw_size;         // once decompressed
};
static_assert(sizeof(BlockEntry) == 32);

// Trailer: u64 directory offset, u32 directory entries, u32 rows, then kSegmentTrailerMagic.
inline constexpr size_t kTrailerSize = 8 + 4 + 4 + 8;

}  // namespace credtrace::store
