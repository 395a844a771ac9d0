#include "store/segment_reader.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "store/varint.h"

namespace credtrace::store {

using cloudtrail::kNumColumns;

struct SegmentReader::Dict final : DictionaryView {
  std::string unpacked;                // GUID dictionaries, expanded to text
  std::vector<uint32_t> own_offsets;
  uint32_t count = 0;
  const uint32_t* offsets = nullptr;
  const char* bytes = nullptr;
  uint32_t size() const override { return count; }
  std::string_view value(uint32_t i) const override {
    return std::string_view(bytes + offsets[i], offsets[i + 1] - offsets[i]);
  }
};

// The rows of each value of one column. A look-up of one key decodes that key's list, not the
// whole column's:
// - version 2 indexed column: byte_starts and area point into the postings block; a value's
//   varints are decoded into `lists` the first time it is asked for;
// - version 1 indexed column: starts and rows point into the postings block, whose row deltas
//   are summed in place the first time a value is asked for;
// - other columns: the lists are built from the ids (own_starts, own_rows), already absolute.
struct SegmentReader::PostingList {
  const uint32_t* starts = nullptr;  // count + 1
  uint32_t* rows = nullptr;
  std::vector<uint8_t> decoded;      // version 1: per value, its deltas were summed
  std::vector<uint32_t> own_starts, own_rows;
  const uint32_t* byte_starts = nullptr;  // version 2: count + 1 offsets into area
  const char* area = nullptr;
  std::unordered_map<uint32_t, std::vector<uint32_t>> lists;  // version 2: decoded so far
};

SegmentReader::~SegmentReader() = default;

Result<std::unique_ptr<SegmentReader>> SegmentReader::Open(const std::filesystem::path& path) {
  std::unique_ptr<SegmentReader> r(new SegmentReader());
  r->path_ = path;
  CT_ASSIGN_OR_RETURN(r->map_, MappedFile::Open(path));
  std::string_view d = r->map_.data();
  auto corrupt = [&](const std::string& why) {
    return Status::Corrupt("segment " + path.string() + ": " + why);
  };
  if (d.size() < kSegmentMagicV1.size() + kTrailerSize) return corrupt("bad header (not a credtrace segment)");
  if (d.substr(0, 8) == kSegmentMagicV1) r->version_ = 1;
  else if (d.substr(0, 8) == kSegmentMagicV2) r->version_ = 2;
  else if (d.substr(0, 8) == kSegmentMagicV3) r->version_ = 3;
  else if (d.substr(0, 8) == kSegmentMagicV4) r->version_ = 4;
  else if (d.substr(0, 6) == kSegmentMagicV1.substr(0, 6))
    return corrupt("format version " + std::to_string(static_cast<unsigned char>(d[6])) +
                   " is newer than this credtrace reads (" + std::to_string(kSegmentFormatVersion) + ")");
  else return corrupt("bad header (not a credtrace segment)");
  std::string_view tr = d.substr(d.size() - kTrailerSize);
  if (tr.substr(16, 8) != kSegmentTrailerMagic) return corrupt("bad trailer (incomplete file)");
  uint64_t dir_off;
  uint32_t count;
  std::memcpy(&dir_off, tr.data(), 8);
  std::memcpy(&count, tr.data() + 8, 4);
  std::memcpy(&r->rows_, tr.data() + 12, 4);
  if (dir_off + uint64_t{count} * sizeof(BlockEntry) != d.size() - kTrailerSize)
    return corrupt("directory size mismatch");
  r->dir_.resize(count);
  std::memcpy(r->dir_.data(), d.data() + dir_off, count * sizeof(BlockEntry));
  for (const BlockEntry& e : r->dir_) {
    if (e.offset + e.compressed_size > dir_off) return corrupt("block outside the file");
  }
  r->loaded_.resize(count);
  r->dicts_.resize(kNumColumns);
  r->ids_checked_.assign(kNumColumns, 0);
  r->wide_ids_.resize(kNumColumns);
  r->postings_.resize(kNumColumns);
  return r;
}

// Must be called with mu_ held.
Result<SegmentReader::Block*> SegmentReader::Load(BlockKind kind, uint8_t column) const {
  for (size_t i = 0; i < dir_.size(); ++i) {
    const BlockEntry& e = dir_[i];
    if (e.kind != static_cast<uint8_t>(kind) || e.column != column) continue;
    Block& b = loaded_[i];
    if (b.bytes) return &b;
    // The frame says how big it is: a directory entry that disagrees is corrupt, and one that
    // claims more than the frame can hold is not believed (no allocation from a bad size).
    unsigned long long content = ZSTD_getFrameContentSize(map_.data().data() + e.offset, e.compressed_size);
    if (content != e.raw_size)
      return Status::Corrupt("segment " + path_.string() + ": block " + std::to_string(i) +
                             " is not the size the directory says");
    // Uninitialised: zstd writes every byte, so zero-filling first would only cost a pass.
    std::unique_ptr<char[]> out(new char[e.raw_size == 0 ? 1 : e.raw_size]);
    size_t got = ZSTD_decompress(out.get(), e.raw_size, map_.data().data() + e.offset, e.compressed_size);
    if (ZSTD_isError(got) || got != e.raw_size)
      return Status::Corrupt("segment " + path_.string() + ": block " + std::to_string(i) +
                             " does not decompress: " + (ZSTD_isError(got) ? ZSTD_getErrorName(got) : "size mismatch"));
    b.bytes = std::move(out);
    b.size = e.raw_size;
    return &b;
  }
  return Status::NotFound("segment " + path_.string() + " has no block " +
                          std::to_string(static_cast<int>(kind)) + "/" + std::to_string(column));
}

Result<std::span<const TimeMs>> SegmentReader::Times() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!times_) {
    if (version_ >= 2) {
      own_times_.resize(rows_);
      CT_RETURN_IF_ERROR(DecodeTimes([&](uint32_t row, TimeMs t) { own_times_[row] = t; }));
      times_ = own_times_.data();
    } else {
      CT_ASSIGN_OR_RETURN(Block* raw, Load(BlockKind::kTime, 0));
      if (raw->size != uint64_t{rows_} * 8) return Status::Corrupt("segment " + path_.string() + ": time block size");
      // Deltas to times, in place (new[] storage is aligned for int64).
      TimeMs* t = reinterpret_cast<TimeMs*>(raw->data());
      for (uint32_t i = 1; i < rows_; ++i) t[i] = static_cast<TimeMs>(static_cast<uint64_t>(t[i]) + static_cast<uint64_t>(t[i - 1]));
      times_ = t;
    }
  }
  return std::span<const TimeMs>(times_, rows_);
}

// Must be called with mu_ held. Calls f(row, time) for every row in order; kCorrupt unless the
// block holds exactly one well-formed varint a row.
template <typename F>
Status SegmentReader::DecodeTimes(F&& f) const {
  CT_ASSIGN_OR_RETURN(Block* raw, Load(BlockKind::kTimeVarint, 0));
  const char* p = raw->data();
  const char* end = p + raw->size;
  uint64_t t = 0;
  for (uint32_t r = 0; r < rows_; ++r) {
    uint64_t z;
    if (!(p = DecodeVarint64(p, end, &z))) return Status::Corrupt("segment " + path_.string() + ": time block ends early");
    t += static_cast<uint64_t>(UnZigZag(z));
    f(r, static_cast<TimeMs>(t));
  }
  if (p != end) return Status::Corrupt("segment " + path_.string() + ": time block size");
  return Status::Ok();
}

Status SegmentReader::TimesOf(std::span<const uint32_t> rows, TimeMs* out) const {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] >= rows_ || (i > 0 && rows[i] <= rows[i - 1])) return Status::InvalidArgument("rows must ascend within the segment");
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!times_ && version_ >= 2 && sparse_time_reads_++ == 0) {
      // The first time: one pass over the varints, keeping the rows asked for, with no time
      // column in memory (a one-off look-up). Asked again, the segment keeps the column: a
      // session of look-ups then pays the decoding once.
      size_t next = 0;
      return DecodeTimes([&](uint32_t row, TimeMs t) {
        if (next < rows.size() && rows[next] == row) out[next++] = t;
      });
    }
  }
  CT_ASSIGN_OR_RETURN(std::span<const TimeMs> all, Times());
  for (size_t i = 0; i < rows.size(); ++i) out[i] = all[rows[i]];
  return Status::Ok();
}

Result<const DictionaryView*> SegmentReader::Dictionary(Column c) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t ci = static_cast<size_t>(c);
  if (ci >= kNumColumns) return Status::InvalidArgument("no such column");
  if (!dicts_[ci]) {
    auto dict = std::make_unique<Dict>();
    auto packed = Load(BlockKind::kPackedDictionary, static_cast<uint8_t>(ci));
    if (packed.ok()) {
      std::string_view raw(packed.value()->data(), packed.value()->size);
      auto bad = [&] { return Status::Corrupt("segment " + path_.string() + ": packed dictionary block"); };
      if (raw.size() < 4) return bad();
      std::memcpy(&dict->count, raw.data(), 4);
      // Every value takes at least 5 bytes: a count beyond that is corrupt (and not reserved).
      if (dict->count > raw.size() / 5) return bad();
      static const char* kHex = "0123456789abcdef";
      dict->unpacked.reserve(uint64_t{dict->count} * 36);
      dict->own_offsets.reserve(uint64_t{dict->count} + 1);
      dict->own_offsets.push_back(0);
      size_t p = 4;
      for (uint32_t i = 0; i < dict->count; ++i) {
        if (p >= raw.size()) return bad();
        char tag = raw[p++];
        if (tag == 1) {
          if (p + 16 > raw.size()) return bad();
          const unsigned char* b = reinterpret_cast<const unsigned char*>(raw.data() + p);
          for (int k = 0; k < 16; ++k) {
            if (k == 4 || k == 6 || k == 8 || k == 10) dict->unpacked.push_back('-');
            dict->unpacked.push_back(kHex[b[k] >> 4]);
            dict->unpacked.push_back(kHex[b[k] & 15]);
          }
          p += 16;
        } else if (tag == 0) {
          uint32_t len;
          if (p + 4 > raw.size()) return bad();
          std::memcpy(&len, raw.data() + p, 4);
          p += 4;
          if (p + len > raw.size()) return bad();
          dict->unpacked.append(raw.data() + p, len);
          p += len;
        } else {
          return bad();
        }
        dict->own_offsets.push_back(static_cast<uint32_t>(dict->unpacked.size()));
      }
      if (p != raw.size()) return bad();
      dict->offsets = dict->own_offsets.data();
      dict->bytes = dict->unpacked.data();
      dicts_[ci] = std::move(dict);
      return static_cast<const DictionaryView*>(dicts_[ci].get());
    }
    CT_ASSIGN_OR_RETURN(Block* raw, Load(BlockKind::kDictionary, static_cast<uint8_t>(ci)));
    if (raw->size < 8) return Status::Corrupt("segment " + path_.string() + ": dictionary block");
    std::memcpy(&dict->count, raw->data(), 4);
    uint64_t need = 4 + (uint64_t{dict->count} + 1) * 4;
    if (raw->size < need) return Status::Corrupt("segment " + path_.string() + ": dictionary block");
    dict->offsets = reinterpret_cast<const uint32_t*>(raw->data() + 4);
    dict->bytes = raw->data() + need;
    if (dict->offsets[0] != 0 || need + dict->offsets[dict->count] != raw->size)
      return Status::Corrupt("segment " + path_.string() + ": dictionary size");
    if (!std::is_sorted(dict->offsets, dict->offsets + dict->count + 1))
      return Status::Corrupt("segment " + path_.string() + ": dictionary offsets");
    dicts_[ci] = std::move(dict);
  }
  return static_cast<const DictionaryView*>(dicts_[ci].get());
}

Result<std::span<const uint32_t>> SegmentReader::Ids(Column c) const {
  CT_ASSIGN_OR_RETURN(const DictionaryView* dict, Dictionary(c));
  std::lock_guard<std::mutex> lock(mu_);
  return IdsLocked(c, *dict);
}

// Must be called with mu_ held.
Result<std::span<const uint32_t>> SegmentReader::IdsLocked(Column c, const DictionaryView& dict) const {
  size_t ci = static_cast<size_t>(c);
  std::span<const uint32_t> ids;
  if (version_ >= 3) {
    if (!wide_ids_[ci].empty() || rows_ == 0) {
      ids = std::span<const uint32_t>(wide_ids_[ci]);
    } else {
      CT_ASSIGN_OR_RETURN(Block* raw, Load(BlockKind::kIdsNarrow, static_cast<uint8_t>(c)));
      const uint8_t width = raw->size >= 4 ? static_cast<uint8_t>(raw->data()[0]) : 0;
      if ((width != 1 && width != 2 && width != 4) || raw->size != 4 + uint64_t{rows_} * width)
        return Status::Corrupt("segment " + path_.string() + ": ids block size");
      const char* p = raw->data() + 4;  // 4-aligned: blocks are allocated aligned
      if (width == 4) {
        ids = std::span<const uint32_t>(reinterpret_cast<const uint32_t*>(p), rows_);
      } else {
        std::vector<uint32_t>& wide = wide_ids_[ci];
        wide.resize(rows_);
        if (width == 1) {
          for (uint32_t i = 0; i < rows_; ++i) wide[i] = static_cast<unsigned char>(p[i]);
        } else {
          for (uint32_t i = 0; i < rows_; ++i) {
            uint16_t v;
            std::memcpy(&v, p + size_t{i} * 2, 2);
            wide[i] = v;
          }
        }
        ids = std::span<const uint32_t>(wide);
      }
    }
  } else {
    CT_ASSIGN_OR_RETURN(Block* raw, Load(BlockKind::kIds, static_cast<uint8_t>(c)));
    if (raw->size != uint64_t{rows_} * 4) return Status::Corrupt("segment " + path_.string() + ": ids block size");
    ids = std::span<const uint32_t>(reinterpret_cast<const uint32_t*>(raw->data()), rows_);
  }
  // Once per column: every id must name a dictionary value, so that callers can index with it.
  if (!ids_checked_[ci]) {
    uint32_t max = 0;
    for (uint32_t v : ids) max = std::max(max, v);
    if (rows_ > 0 && max >= dict.size()) return Status::Corrupt("segment " + path_.string() + ": an id outside the dictionary");
    ids_checked_[ci] = 1;
  }
  return ids;
}

Result<std::span<const uint32_t>> SegmentReader::Postings(Column c, uint32_t id) const {
  size_t ci = static_cast<size_t>(c);
  CT_ASSIGN_OR_RETURN(const DictionaryView* dict, Dictionary(c));
  if (id >= dict->size()) return Status::InvalidArgument("dictionary id out of range");
  std::lock_guard<std::mutex> lock(mu_);
  if (!postings_[ci]) {
    auto pl = std::make_unique<PostingList>();
    auto stored = Load(version_ >= 2 ? BlockKind::kPostingsVarint : BlockKind::kPostings, static_cast<uint8_t>(ci));
    auto bad = [&](const char* what) { return Status::Corrupt("segment " + path_.string() + ": postings block " + what); };
    if (stored.ok() && version_ >= 2) {
      Block* raw = *stored;
      uint32_t count = 0;
      if (raw->size >= 4) std::memcpy(&count, raw->data(), 4);
      const uint64_t head = 4 + (uint64_t{count} + 1) * 4;
      if (count != dict->size() || raw->size < head) return bad("size");
      pl->byte_starts = reinterpret_cast<const uint32_t*>(raw->data() + 4);
      pl->area = raw->data() + head;
      if (pl->byte_starts[0] != 0 || pl->byte_starts[count] != raw->size - head ||
          !std::is_sorted(pl->byte_starts, pl->byte_starts + count + 1))
        return bad("starts");
    } else if (stored.ok()) {
      Block* raw = *stored;
      uint32_t count = 0;
      if (raw->size >= 4) std::memcpy(&count, raw->data(), 4);
      if (count != dict->size() || raw->size != 4 + (uint64_t{count} + 1) * 4 + uint64_t{rows_} * 4) return bad("size");
      pl->starts = reinterpret_cast<const uint32_t*>(raw->data() + 4);
      pl->rows = reinterpret_cast<uint32_t*>(raw->data() + 4 + (uint64_t{count} + 1) * 4);
      // The lists must tile the rows, so that no list reaches outside the block.
      if (pl->starts[0] != 0 || pl->starts[count] != rows_ || !std::is_sorted(pl->starts, pl->starts + count + 1))
        return bad("starts");
      pl->decoded.assign(count, 0);
    } else {
      // Not an indexed column: build the lists from the ids (one counting sort).
      CT_ASSIGN_OR_RETURN(std::span<const uint32_t> ids, IdsLocked(c, *dict));
      pl->own_starts.assign(dict->size() + 1, 0);
      for (uint32_t v : ids) pl->own_starts[v + 1]++;
      for (size_t i = 1; i < pl->own_starts.size(); ++i) pl->own_starts[i] += pl->own_starts[i - 1];
      std::vector<uint32_t> fill(pl->own_starts.begin(), pl->own_starts.end() - 1);
      pl->own_rows.resize(rows_);
      for (uint32_t r = 0; r < rows_; ++r) pl->own_rows[fill[ids[r]]++] = r;
      pl->starts = pl->own_starts.data();
      pl->rows = pl->own_rows.data();
    }
    postings_[ci] = std::move(pl);
  }
  PostingList& p = *postings_[ci];
  if (p.area) {
    auto [it, added] = p.lists.try_emplace(id);
    std::vector<uint32_t>& list = it->second;
    if (added) {
      const char* q = p.area + p.byte_starts[id];
      const char* end = p.area + p.byte_starts[id + 1];
      list.reserve(static_cast<size_t>(end - q));
      uint64_t row = 0;
      while (q < end) {
        uint64_t d;
        q = DecodeVarint64(q, end, &d);
        // Strictly ascending rows of this segment (only the first delta may be 0).
        if (!q || d >= rows_ || (d == 0 && !list.empty()) || (row += d) >= rows_) {
          p.lists.erase(it);
          return Status::Corrupt("segment " + path_.string() + ": posting list of value " + std::to_string(id));
        }
        list.push_back(static_cast<uint32_t>(row));
      }
    }
    return std::span<const uint32_t>(list);
  }
  uint32_t* list = p.rows + p.starts[id];
  uint32_t n = p.starts[id + 1] - p.starts[id];
  if (!p.decoded.empty() && !p.decoded[id]) {
    for (uint32_t k = 1; k < n; ++k) list[k] += list[k - 1];  // the first is the row itself
    p.decoded[id] = 1;
  }
  return std::span<const uint32_t>(list, n);
}

Result<std::span<const uint8_t>> SegmentReader::Bools(Column c) const {
  std::lock_guard<std::mutex> lock(mu_);
  CT_ASSIGN_OR_RETURN(Block* raw, Load(BlockKind::kBool, static_cast<uint8_t>(c)));
  if (raw->size != rows_) return Status::Corrupt("segment " + path_.string() + ": bool block size");
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(raw->data()), rows_);
}

Result<RecordLocation> SegmentReader::Location(uint32_t row) const {
  if (row >= rows_) return Status::InvalidArgument("row out of range");
  std::lock_guard<std::mutex> lock(mu_);
  CT_ASSIGN_OR_RETURN(Block* enc, Load(BlockKind::kLocEncoding, 0));
  if (enc->size != rows_) return Status::Corrupt("segment " + path_.string() + ": location block size");
  RecordLocation loc;
  loc.encoding = static_cast<uint8_t>(enc->data()[row]);
  if (version_ >= 4) {
    // base:u64 + (width bytes at row), checked against the block and the field's range.
    auto narrow = [&](BlockKind kind, uint64_t max, uint64_t* out) -> Status {
      CT_ASSIGN_OR_RETURN(Block* b, Load(kind, 0));
      const uint8_t width = b->size >= 12 ? static_cast<uint8_t>(b->data()[0]) : 0;
      if ((width != 1 && width != 2 && width != 4 && width != 8) || b->size != 12 + uint64_t{rows_} * width)
        return Status::Corrupt("segment " + path_.string() + ": location block size");
      uint64_t base, d = 0;
      std::memcpy(&base, b->data() + 4, 8);
      std::memcpy(&d, b->data() + 12 + uint64_t{row} * width, width);
      if (d > max - std::min(max, base) || base > max)
        return Status::Corrupt("segment " + path_.string() + ": location out of range");
      *out = base + d;
      return Status::Ok();
    };
    uint64_t source = 0, offset = 0, length = 0;
    CT_RETURN_IF_ERROR(narrow(BlockKind::kLocSourceNarrow, UINT32_MAX, &source));
    CT_RETURN_IF_ERROR(narrow(BlockKind::kLocOffsetNarrow, UINT64_MAX, &offset));
    CT_RETURN_IF_ERROR(narrow(BlockKind::kLocLengthNarrow, UINT32_MAX, &length));
    loc.source_id = static_cast<decltype(loc.source_id)>(source);
    loc.offset = offset;
    loc.length = static_cast<uint32_t>(length);
    return loc;
  }
  CT_ASSIGN_OR_RETURN(Block* src, Load(BlockKind::kLocSource, 0));
  CT_ASSIGN_OR_RETURN(Block* off, Load(BlockKind::kLocOffset, 0));
  CT_ASSIGN_OR_RETURN(Block* len, Load(BlockKind::kLocLength, 0));
  if (src->size != uint64_t{rows_} * 4 || off->size != uint64_t{rows_} * 8 || len->size != uint64_t{rows_} * 4)
    return Status::Corrupt("segment " + path_.string() + ": location block size");
  std::memcpy(&loc.source_id, src->data() + uint64_t{row} * 4, 4);
  std::memcpy(&loc.offset, off->data() + uint64_t{row} * 8, 8);
  std::memcpy(&loc.length, len->data() + uint64_t{row} * 4, 4);
  return loc;
}

}  // namespace credtrace::store
