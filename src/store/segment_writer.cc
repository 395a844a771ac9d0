#include "store/segment_writer.h"

#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>

#include "base/file.h"
#include "store/dictionary_encoder.h"
#include "store/segment_format.h"
#include "store/varint.h"

namespace credtrace::store {

using cloudtrail::Column;
using cloudtrail::FieldType;
using cloudtrail::kNumColumns;

bool IsIndexedColumn(Column c) {
  switch (c) {
    case Column::kAccessKeyId:
    case Column::kPrincipalId:
    case Column::kArn:
    case Column::kSourceIp:
    case Column::kEventName:
    case Column::kSessionIssuerArn:
    case Column::kIssuedCredentialKeyId:
    case Column::kCreatedAccessKeyId:
    case Column::kRequestRoleArn:
    case Column::kRequestUserName:
      return true;
    default:
      return false;
  }
}

namespace {
bool IsStringColumn(size_t c) {
  return cloudtrail::FieldOf(static_cast<Column>(c)).type == FieldType::kString;
}

template <typename T>
void AppendPod(std::string* out, const T& v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}
}  // namespace

SegmentBuilder::SegmentBuilder() : dicts_(kNumColumns), ids_(kNumColumns) {}

namespace {
const std::vector<size_t>& StringColumnsButEventId() {
  static const std::vector<size_t> v = [] {
    std::vector<size_t> v;
    for (size_t c = 0; c < kNumColumns; ++c)
      if (IsStringColumn(c) && c != static_cast<size_t>(Column::kEventId)) v.push_back(c);
    return v;
  }();
  return v;
}
}  // namespace

void SegmentBuilder::Add(const cloudtrail::Event& e, uint32_t source_id, uint64_t offset_base) {
  static_assert(kNumColumns <= 32, "pending is a bit mask of columns");
  times_.push_back(e.time);
  min_time_ = std::min(min_time_, e.time);
  max_time_ = std::max(max_time_, e.time);
  // Intern in stages over all the columns (string_dict_builder.h): first what needs no table
  // and the loads of the slots of the rest, then the loads of their values, then the look-ups,
  // so that the cache misses of one column overlap those of the others.
  uint32_t pending = 0;
  std::array<uint64_t, kNumColumns> hash;
  for (size_t c : StringColumnsButEventId()) {
    uint32_t id = 0;
    if (!dicts_[c].Quick(e.text[c], &id)) {
      hash[c] = dicts_[c].Prepare(e.text[c]);
      pending |= 1u << c;
    }
    ids_[c].push_back(id);
  }
  for (uint32_t m = pending; m != 0; m &= m - 1) {
    size_t c = static_cast<size_t>(__builtin_ctz(m));
    dicts_[c].Prefetch(hash[c]);
  }
  for (uint32_t m = pending; m != 0; m &= m - 1) {
    size_t c = static_cast<size_t>(__builtin_ctz(m));
    ids_[c].back() = dicts_[c].InternHashed(e.text[c], hash[c]);
  }
  // Event IDs are all but unique (a double delivery is dropped at the seal): no look-up.
  constexpr size_t kId = static_cast<size_t>(Column::kEventId);
  ids_[kId].push_back(dicts_[kId].AppendDistinct(e.text[kId]));
  read_only_.push_back(e.read_only);
  loc_source_.push_back(source_id);
  loc_offset_.push_back(offset_base + e.raw_offset);
  loc_length_.push_back(e.raw_length);
  loc_encoding_.push_back(static_cast<uint8_t>(e.raw_encoding));
}

size_t SegmentBuilder::MemoryBytes() const {
  // Bytes in use. Vectors keep their capacity from one segment to the next (no reallocation
  // churn), so what is held settles at up to twice this.
  size_t n = times_.size() * (8 + 1 + 4 + 8 + 4 + 1);
  for (size_t c = 0; c < kNumColumns; ++c) n += ids_[c].size() * 4 + dicts_[c].bytes();
  return n;
}

// Buffers and the zstd context of sealing, kept from one segment to the next (no allocation,
// page faults or zero-filling of fresh memory at every seal).
struct SegmentBuilder::Scratch {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ~Scratch() { ZSTD_freeCCtx(cctx); }
  std::vector<uint32_t> order, ids, starts, fill, last, rows;
  std::vector<uint8_t> used;
  std::string raw, cbuf;
};

void SegmentBuilder::Drop(std::vector<uint8_t> dropped) {
  dropped.resize(rows(), 0);
  dropped_count_ = 0;
  min_time_ = INT64_MAX;
  max_time_ = INT64_MIN;
  for (uint32_t r = 0; r < rows(); ++r) {
    if (dropped[r]) {
      ++dropped_count_;
      continue;
    }
    min_time_ = std::min(min_time_, times_[r]);
    max_time_ = std::max(max_time_, times_[r]);
  }
  dropped_ = std::move(dropped);
  if (dropped_count_ == 0) dropped_.clear();
}

SegmentBuilder::~SegmentBuilder() = default;
SegmentBuilder::SegmentBuilder(SegmentBuilder&&) noexcept = default;
SegmentBuilder& SegmentBuilder::operator=(SegmentBuilder&&) noexcept = default;

Status SegmentBuilder::WriteTo(const std::filesystem::path& path, int zstd_level, uint8_t format_version) {
  if (format_version < 1 || format_version > 4) return Status::InvalidArgument("no such segment format version");
  const bool v1 = format_version == 1;
  const uint32_t n = kept_rows();
  if (!scratch_) scratch_ = std::make_unique<Scratch>();
  Scratch& sc = *scratch_;
  // Row order: by time, stable (keeps the input order of events with the same second).
  std::vector<uint32_t>& order = sc.order;
  if (dropped_.empty()) {
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
  } else {
    order.clear();
    for (uint32_t r = 0; r < rows(); ++r)
      if (!dropped_[r]) order.push_back(r);
  }
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return times_[a] < times_[b]; });

  // Blocks go to the file as they are compressed (temporary file, fsync, rename).
  AtomicFileWriter file;
  CT_RETURN_IF_ERROR(file.Open(path));
  static constexpr std::string_view kMagic[] = {kSegmentMagicV1, kSegmentMagicV2, kSegmentMagicV3, kSegmentMagicV4};
  CT_RETURN_IF_ERROR(file.Write(kMagic[format_version - 1]));
  std::vector<BlockEntry> dir;
  ZSTD_CCtx* cctx = sc.cctx;
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, zstd_level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  Status status;
  auto add_block = [&](BlockKind kind, uint8_t column, std::string_view raw, int level_here = 0) {
    if (!status.ok()) return;
    if (level_here != 0) ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level_here);
    size_t bound = ZSTD_compressBound(raw.size());
    if (sc.cbuf.size() < bound) sc.cbuf.resize(bound);
    size_t cs = ZSTD_compress2(cctx, sc.cbuf.data(), sc.cbuf.size(), raw.data(), raw.size());
    if (ZSTD_isError(cs)) {
      status = Status::IoError(std::string("zstd: ") + ZSTD_getErrorName(cs));
      return;
    }
    if (level_here != 0) ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, zstd_level);
    BlockEntry e{};
    e.kind = static_cast<uint8_t>(kind);
    e.column = column;
    e.offset = file.size();
    e.compressed_size = cs;
    e.raw_size = raw.size();
    dir.push_back(e);
    status = file.Write(std::string_view(sc.cbuf.data(), cs));
  };
  auto bytes_of = [](const auto& v) {
    return std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(v[0]));
  };
  // A per-row block in row order: raw[i] = get(order[i]).
  auto per_row = [&](BlockKind kind, uint8_t column, auto get) {
    using T = decltype(get(0u));
    std::string& raw = sc.raw;
    raw.resize(size_t{n} * sizeof(T));
    char* w = raw.data();
    for (uint32_t r : order) {
      T v = get(r);
      std::memcpy(w, &v, sizeof(T));
      w += sizeof(T);
    }
    add_block(kind, column, raw);
  };

  // Time, delta encoded: rows are in time order, so the deltas are small (a byte each as varints).
  if (v1) {
    TimeMs prev = 0;
    per_row(BlockKind::kTime, 0, [&, prev](uint32_t r) mutable {
      int64_t d = times_[r] - prev;
      prev = times_[r];
      return d;
    });
  } else {
    std::string& raw = sc.raw;
    raw.resize(size_t{n} * kMaxVarint64Bytes);
    char* w = raw.data();
    uint64_t prev = 0;
    for (uint32_t r : order) {
      uint64_t t = static_cast<uint64_t>(times_[r]);
      w = EncodeVarint64(w, ZigZag(static_cast<int64_t>(t - prev)));  // wraps, never overflows
      prev = t;
    }
    raw.resize(static_cast<size_t>(w - raw.data()));
    add_block(BlockKind::kTimeVarint, 0, raw);
  }

  std::vector<uint32_t>& ids = sc.ids;
  ids.resize(n);
  for (size_t c = 0; c < kNumColumns; ++c) {
    if (!IsStringColumn(c)) continue;
    const std::vector<uint32_t>& col = ids_[c];
    std::vector<uint8_t>* used = nullptr;
    if (!dropped_.empty()) {
      // Only the values of the rows kept go into the dictionary.
      used = &sc.used;
      used->assign(dicts_[c].size(), 0);
      // In row order, not time order: the same rows, but the column is read sequentially (in
      // time order every read was a cache miss: a third of this function's time).
      const uint8_t* drop = dropped_.data();
      const uint32_t* ids_of = col.data();
      uint8_t* u = used->data();
      for (uint32_t r = 0, end = rows(); r < end; ++r) u[ids_of[r]] |= static_cast<uint8_t>(drop[r] == 0);
    }
    EncodedDictionary enc = EncodeDictionary(dicts_[c], used);
    const uint32_t dict_size = enc.count;
    const std::vector<uint32_t>& remap = enc.remap;
    add_block(enc.kind, static_cast<uint8_t>(c), enc.payload, enc.incompressible ? -1 : 0);

    for (uint32_t i = 0; i < n; ++i) ids[i] = remap[col[order[i]]];
    if (format_version >= 3) {  // (and 4)
      // As narrow as the dictionary allows: most columns have a few hundred values at most, and
      // zstd's time grows with its input (a third of this block's bytes, a third of its time).
      const uint8_t width = dict_size <= 0x100u ? 1 : dict_size <= 0x10000u ? 2 : 4;
      std::string& raw = sc.raw;
      raw.assign(4, '\0');
      raw[0] = static_cast<char>(width);
      raw.resize(4 + size_t{n} * width);
      char* w = raw.data() + 4;
      if (width == 1) {
        for (uint32_t i = 0; i < n; ++i) w[i] = static_cast<char>(ids[i]);
      } else if (width == 2) {
        for (uint32_t i = 0; i < n; ++i) {
          uint16_t v = static_cast<uint16_t>(ids[i]);
          std::memcpy(w + size_t{i} * 2, &v, 2);
        }
      } else {
        std::memcpy(w, ids.data(), size_t{n} * 4);
      }
      add_block(BlockKind::kIdsNarrow, static_cast<uint8_t>(c), raw);
    } else {
      add_block(BlockKind::kIds, static_cast<uint8_t>(c), bytes_of(ids));
    }

    if (IsIndexedColumn(static_cast<Column>(c)) && v1) {
      // Counting sort of rows by id: starts[] and row deltas within each list. The block is
      // n:u32 start:u32{n+1} delta:u32{rows}, built in place.
      std::string& raw = sc.raw;
      raw.resize(4 + (size_t{dict_size} + 1) * 4 + size_t{n} * 4);
      std::memcpy(raw.data(), &dict_size, 4);
      uint32_t* starts = reinterpret_cast<uint32_t*>(raw.data() + 4);
      uint32_t* deltas = starts + dict_size + 1;
      std::fill(starts, starts + dict_size + 1, 0u);
      for (uint32_t id : ids) starts[id + 1]++;
      for (size_t i = 1; i <= dict_size; ++i) starts[i] += starts[i - 1];
      std::vector<uint32_t>& fill = sc.fill;
      std::vector<uint32_t>& last = sc.last;
      fill.assign(starts, starts + dict_size);
      last.assign(dict_size, 0);
      for (uint32_t r = 0; r < n; ++r) {
        uint32_t id = ids[r];
        deltas[fill[id]++] = r - last[id];
        last[id] = r;
      }
      add_block(BlockKind::kPostings, static_cast<uint8_t>(c), raw);
    } else if (IsIndexedColumn(static_cast<Column>(c))) {
      // Rows grouped by id (counting sort), then each value's list as varint deltas; byte_starts
      // lets a reader decode one value's list alone. The block is
      // n:u32 byte_start:u32{n+1} varint{rows}.
      std::vector<uint32_t>& fill = sc.fill;
      std::vector<uint32_t>& grouped = sc.rows;
      fill.assign(size_t{dict_size} + 1, 0);
      for (uint32_t id : ids) fill[id + 1]++;
      for (size_t i = 1; i <= dict_size; ++i) fill[i] += fill[i - 1];
      grouped.resize(n);
      for (uint32_t r = 0; r < n; ++r) grouped[fill[ids[r]]++] = r;
      // fill[id] is now where value id's rows end in grouped (and value id + 1's begin).
      std::string& raw = sc.raw;
      const size_t head = 4 + (size_t{dict_size} + 1) * 4;
      raw.resize(head + size_t{n} * 5);  // a row number (< 2^32) takes at most 5 bytes
      std::memcpy(raw.data(), &dict_size, 4);
      char* area = raw.data() + head;
      char* w = area;
      uint32_t begin = 0;
      for (uint32_t id = 0; id < dict_size; ++id) {
        uint32_t bstart = static_cast<uint32_t>(w - area);
        std::memcpy(raw.data() + 4 + size_t{id} * 4, &bstart, 4);
        uint32_t prev = 0;
        for (uint32_t k = begin; k < fill[id]; ++k) {
          w = EncodeVarint64(w, grouped[k] - prev);
          prev = grouped[k];
        }
        begin = fill[id];
      }
      uint32_t total = static_cast<uint32_t>(w - area);
      std::memcpy(raw.data() + 4 + size_t{dict_size} * 4, &total, 4);
      raw.resize(head + total);
      add_block(BlockKind::kPostingsVarint, static_cast<uint8_t>(c), raw);
    }
  }

  per_row(BlockKind::kBool, static_cast<uint8_t>(Column::kReadOnly), [&](uint32_t r) { return read_only_[r]; });
  if (format_version >= 4) {
    // Narrow: sources a segment holds are a few thousand consecutive ids, offsets in a source's
    // content fit 32 bits, records 16. Half the bytes for zstd (2.4x faster on these blocks).
    auto narrow = [&](BlockKind kind, const auto& v) {
      uint64_t lo = UINT64_MAX, hi = 0;
      for (uint32_t r : order) {
        lo = std::min<uint64_t>(lo, v[r]);
        hi = std::max<uint64_t>(hi, v[r]);
      }
      if (n == 0) lo = hi = 0;
      const uint64_t span = hi - lo;
      const uint8_t width = span <= 0xFFu ? 1 : span <= 0xFFFFu ? 2 : span <= 0xFFFFFFFFu ? 4 : 8;
      std::string& raw = sc.raw;
      raw.assign(12 + size_t{n} * width, '\0');
      raw[0] = static_cast<char>(width);
      std::memcpy(raw.data() + 4, &lo, 8);
      char* w = raw.data() + 12;
      for (uint32_t r : order) {
        uint64_t d = v[r] - lo;  // little-endian: the low `width` bytes
        std::memcpy(w, &d, width);
        w += width;
      }
      add_block(kind, 0, raw);
    };
    narrow(BlockKind::kLocSourceNarrow, loc_source_);
    narrow(BlockKind::kLocOffsetNarrow, loc_offset_);
    narrow(BlockKind::kLocLengthNarrow, loc_length_);
  } else {
    per_row(BlockKind::kLocSource, 0, [&](uint32_t r) { return loc_source_[r]; });
    per_row(BlockKind::kLocOffset, 0, [&](uint32_t r) { return loc_offset_[r]; });
    per_row(BlockKind::kLocLength, 0, [&](uint32_t r) { return loc_length_[r]; });
  }
  per_row(BlockKind::kLocEncoding, 0, [&](uint32_t r) { return loc_encoding_[r]; });
  if (!status.ok()) return status;

  std::string tail;
  uint64_t dir_offset = file.size();
  for (const BlockEntry& e : dir) AppendPod(&tail, e);
  AppendPod<uint64_t>(&tail, dir_offset);
  AppendPod<uint32_t>(&tail, static_cast<uint32_t>(dir.size()));
  AppendPod<uint32_t>(&tail, n);
  tail.append(kSegmentTrailerMagic);
  CT_RETURN_IF_ERROR(file.Write(tail));
  CT_RETURN_IF_ERROR(file.Commit());

  Clear();
  return Status::Ok();
}

void SegmentBuilder::Clear() {
  times_.clear();
  for (auto& d : dicts_) d.Clear();
  for (auto& v : ids_) v.clear();
  read_only_.clear();
  loc_source_.clear();
  loc_offset_.clear();
  loc_length_.clear();
  loc_encoding_.clear();
  min_time_ = INT64_MAX;
  max_time_ = INT64_MIN;
  dropped_.clear();
  dropped_count_ = 0;
}

}  // namespace credtrace::store
