#include "store/segment_reader.h"

#include <zstd.h>

#include <cstring>

namespace credtrace::store {

using cloudtrail::kNumColumns;

struct SegmentReader::Dict final : DictionaryView {
  const std::string* raw = nullptr;
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

struct SegmentReader::PostingList {
  std::vector<uint32_t> starts;  // count + 1
  std::vector<uint32_t> rows;    // absolute row numbers
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
  if (d.size() < kSegmentMagic.size() + kTrailerSize || d.substr(0, 8) != kSegmentMagic)
    return corrupt("bad header (not a credtrace segment, or another format version)");
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
  r->postings_.resize(kNumColumns);
  return r;
}

// Must be called with mu_ held.
Result<const std::string*> SegmentReader::Load(BlockKind kind, uint8_t column) const {
  for (size_t i = 0; i < dir_.size(); ++i) {
    const BlockEntry& e = dir_[i];
    if (e.kind != static_cast<uint8_t>(kind) || e.column != column) continue;
    if (loaded_[i]) return loaded_[i].get();
    auto out = std::make_unique<std::string>();
    out->resize(e.raw_size);
    size_t got = ZSTD_decompress(out->data(), out->size(), map_.data().data() + e.offset, e.compressed_size);
    if (ZSTD_isError(got) || got != e.raw_size)
      return Status::Corrupt("segment " + path_.string() + ": block " + std::to_string(i) +
                             " does not decompress: " + (ZSTD_isError(got) ? ZSTD_getErrorName(got) : "size mismatch"));
    loaded_[i] = std::move(out);
    return loaded_[i].get();
  }
  return Status::NotFound("segment " + path_.string() + " has no block " +
                          std::to_string(static_cast<int>(kind)) + "/" + std::to_string(column));
}

Result<std::span<const TimeMs>> SegmentReader::Times() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!times_ready_) {
    CT_ASSIGN_OR_RETURN(const std::string* raw, Load(BlockKind::kTime, 0));
    if (raw->size() != uint64_t{rows_} * 8) return Status::Corrupt("segment " + path_.string() + ": time block size");
    times_.resize(rows_);
    TimeMs t = 0;
    for (uint32_t i = 0; i < rows_; ++i) {
      int64_t delta;
      std::memcpy(&delta, raw->data() + i * 8, 8);
      t += delta;
      times_[i] = t;
    }
    times_ready_ = true;
  }
  return std::span<const TimeMs>(times_);
}

Result<const DictionaryView*> SegmentReader::Dictionary(Column c) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t ci = static_cast<size_t>(c);
  if (ci >= kNumColumns) return Status::InvalidArgument("no such column");
  if (!dicts_[ci]) {
    auto dict = std::make_unique<Dict>();
    auto packed = Load(BlockKind::kPackedDictionary, static_cast<uint8_t>(ci));
    if (packed.ok()) {
      const std::string* raw = *packed;
      auto bad = [&] { return Status::Corrupt("segment " + path_.string() + ": packed dictionary block"); };
      if (raw->size() < 4) return bad();
      std::memcpy(&dict->count, raw->data(), 4);
      static const char* kHex = "0123456789abcdef";
      dict->unpacked.reserve(uint64_t{dict->count} * 36);
      dict->own_offsets.reserve(uint64_t{dict->count} + 1);
      dict->own_offsets.push_back(0);
      size_t p = 4;
      for (uint32_t i = 0; i < dict->count; ++i) {
        if (p >= raw->size()) return bad();
        char tag = (*raw)[p++];
        if (tag == 1) {
          if (p + 16 > raw->size()) return bad();
          const unsigned char* b = reinterpret_cast<const unsigned char*>(raw->data() + p);
          for (int k = 0; k < 16; ++k) {
            if (k == 4 || k == 6 || k == 8 || k == 10) dict->unpacked.push_back('-');
            dict->unpacked.push_back(kHex[b[k] >> 4]);
            dict->unpacked.push_back(kHex[b[k] & 15]);
          }
          p += 16;
        } else if (tag == 0) {
          uint32_t len;
          if (p + 4 > raw->size()) return bad();
          std::memcpy(&len, raw->data() + p, 4);
          p += 4;
          if (p + len > raw->size()) return bad();
          dict->unpacked.append(raw->data() + p, len);
          p += len;
        } else {
          return bad();
        }
        dict->own_offsets.push_back(static_cast<uint32_t>(dict->unpacked.size()));
      }
      if (p != raw->size()) return bad();
      dict->offsets = dict->own_offsets.data();
      dict->bytes = dict->unpacked.data();
      dict->raw = raw;
      dicts_[ci] = std::move(dict);
      return static_cast<const DictionaryView*>(dicts_[ci].get());
    }
    CT_ASSIGN_OR_RETURN(const std::string* raw, Load(BlockKind::kDictionary, static_cast<uint8_t>(ci)));
    if (raw->size() < 8) return Status::Corrupt("segment " + path_.string() + ": dictionary block");
    std::memcpy(&dict->count, raw->data(), 4);
    uint64_t need = 4 + (uint64_t{dict->count} + 1) * 4;
    if (raw->size() < need) return Status::Corrupt("segment " + path_.string() + ": dictionary block");
    dict->offsets = reinterpret_cast<const uint32_t*>(raw->data() + 4);
    dict->bytes = raw->data() + need;
    if (need + dict->offsets[dict->count] != raw->size())
      return Status::Corrupt("segment " + path_.string() + ": dictionary size");
    dict->raw = raw;
    dicts_[ci] = std::move(dict);
  }
  return static_cast<const DictionaryView*>(dicts_[ci].get());
}

Result<std::span<const uint32_t>> SegmentReader::Ids(Column c) const {
  std::lock_guard<std::mutex> lock(mu_);
  CT_ASSIGN_OR_RETURN(const std::string* raw, Load(BlockKind::kIds, static_cast<uint8_t>(c)));
  if (raw->size() != uint64_t{rows_} * 4) return Status::Corrupt("segment " + path_.string() + ": ids block size");
  return std::span<const uint32_t>(reinterpret_cast<const uint32_t*>(raw->data()), rows_);
}

Result<std::span<const uint32_t>> SegmentReader::Postings(Column c, uint32_t id) const {
  size_t ci = static_cast<size_t>(c);
  CT_ASSIGN_OR_RETURN(const DictionaryView* dict, Dictionary(c));
  if (id >= dict->size()) return Status::InvalidArgument("dictionary id out of range");
  std::span<const uint32_t> ids;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (postings_[ci]) {
      const PostingList& p = *postings_[ci];
      return std::span<const uint32_t>(p.rows.data() + p.starts[id], p.starts[id + 1] - p.starts[id]);
    }
    auto pl = std::make_unique<PostingList>();
    auto stored = Load(BlockKind::kPostings, static_cast<uint8_t>(ci));
    if (stored.ok()) {
      const std::string* raw = *stored;
      uint32_t count;
      std::memcpy(&count, raw->data(), 4);
      if (count != dict->size() || raw->size() != 4 + (uint64_t{count} + 1) * 4 + uint64_t{rows_} * 4)
        return Status::Corrupt("segment " + path_.string() + ": postings block size");
      pl->starts.resize(count + 1);
      std::memcpy(pl->starts.data(), raw->data() + 4, (count + 1) * 4);
      pl->rows.resize(rows_);
      std::memcpy(pl->rows.data(), raw->data() + 4 + (count + 1) * 4, uint64_t{rows_} * 4);
      for (uint32_t v = 0; v < count; ++v) {  // undo the deltas
        uint32_t acc = 0;
        for (uint32_t k = pl->starts[v]; k < pl->starts[v + 1]; ++k) {
          acc += pl->rows[k];
          pl->rows[k] = acc;
        }
      }
    } else {
      // Not an indexed column: build the lists from the ids (one counting sort).
      CT_ASSIGN_OR_RETURN(const std::string* raw, Load(BlockKind::kIds, static_cast<uint8_t>(ci)));
      ids = std::span<const uint32_t>(reinterpret_cast<const uint32_t*>(raw->data()), rows_);
      pl->starts.assign(dict->size() + 1, 0);
      for (uint32_t v : ids) pl->starts[v + 1]++;
      for (size_t i = 1; i < pl->starts.size(); ++i) pl->starts[i] += pl->starts[i - 1];
      std::vector<uint32_t> fill(pl->starts.begin(), pl->starts.end() - 1);
      pl->rows.resize(rows_);
      for (uint32_t r = 0; r < rows_; ++r) pl->rows[fill[ids[r]]++] = r;
    }
    postings_[ci] = std::move(pl);
    const PostingList& p = *postings_[ci];
    return std::span<const uint32_t>(p.rows.data() + p.starts[id], p.starts[id + 1] - p.starts[id]);
  }
}

Result<std::span<const uint8_t>> SegmentReader::Bools(Column c) const {
  std::lock_guard<std::mutex> lock(mu_);
  CT_ASSIGN_OR_RETURN(const std::string* raw, Load(BlockKind::kBool, static_cast<uint8_t>(c)));
  if (raw->size() != rows_) return Status::Corrupt("segment " + path_.string() + ": bool block size");
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(raw->data()), rows_);
}

Result<RecordLocation> SegmentReader::Location(uint32_t row) const {
  if (row >= rows_) return Status::InvalidArgument("row out of range");
  std::lock_guard<std::mutex> lock(mu_);
  CT_ASSIGN_OR_RETURN(const std::string* src, Load(BlockKind::kLocSource, 0));
  CT_ASSIGN_OR_RETURN(const std::string* off, Load(BlockKind::kLocOffset, 0));
  CT_ASSIGN_OR_RETURN(const std::string* len, Load(BlockKind::kLocLength, 0));
  CT_ASSIGN_OR_RETURN(const std::string* enc, Load(BlockKind::kLocEncoding, 0));
  if (src->size() != uint64_t{rows_} * 4 || off->size() != uint64_t{rows_} * 8 ||
      len->size() != uint64_t{rows_} * 4 || enc->size() != rows_)
    return Status::Corrupt("segment " + path_.string() + ": location block size");
  RecordLocation loc;
  std::memcpy(&loc.source_id, src->data() + uint64_t{row} * 4, 4);
  std::memcpy(&loc.offset, off->data() + uint64_t{row} * 8, 8);
  std::memcpy(&loc.length, len->data() + uint64_t{row} * 4, 4);
  loc.encoding = static_cast<uint8_t>((*enc)[row]);
  return loc;
}

}  // namespace credtrace::store
