// A segment file opened for reading: the SegmentView the query layer uses. Blocks are
// decompressed on first use and kept; concurrent readers are safe.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/file.h"
#include "store/segment_format.h"
#include "store/segment_view.h"

namespace credtrace::store {

class SegmentReader final : public SegmentView {
 public:
  // Opens and checks the trailer and directory; blocks are read later. kCorrupt when the file
  // is not a complete segment.
  static Result<std::unique_ptr<SegmentReader>> Open(const std::filesystem::path& path);
  ~SegmentReader() override;

  uint32_t num_rows() const override { return rows_; }
  Result<std::span<const TimeMs>> Times() const override;
  Status TimesOf(std::span<const uint32_t> rows, TimeMs* out) const override;
  Result<const DictionaryView*> Dictionary(Column c) const override;
  Result<std::span<const uint32_t>> Ids(Column c) const override;
  Result<std::span<const uint32_t>> Postings(Column c, uint32_t id) const override;
  Result<std::span<const uint8_t>> Bools(Column c) const override;
  Result<RecordLocation> Location(uint32_t row) const override;

  const std::filesystem::path& path() const { return path_; }
  // Total compressed bytes of the file.
  uint64_t file_size() const { return map_.size(); }

 private:
  SegmentReader() = default;
  // A block once decompressed. Its bytes are not zero-filled first (zstd writes them all), and
  // the time and postings blocks are decoded in place: no second copy of the big blocks.
  struct Block {
    std::unique_ptr<char[]> bytes;
    size_t size = 0;
    char* data() const { return bytes.get(); }
  };
  struct Dict;
  struct PostingList;
  Result<Block*> Load(BlockKind kind, uint8_t column) const;
  template <typename F>
  Status DecodeTimes(F&& f) const;
  Result<std::span<const uint32_t>> IdsLocked(Column c, const DictionaryView& dict) const;

  std::filesystem::path path_;
  MappedFile map_;
  uint32_t rows_ = 0;
  uint8_t version_ = 0;  // of the format (segment_format.h)
  std::vector<BlockEntry> dir_;
  mutable std::mutex mu_;
  mutable std::vector<Block> loaded_;  // by directory index
  mutable const TimeMs* times_ = nullptr;  // every row's time, once Times() was called
  mutable std::vector<TimeMs> own_times_;  // version 2: decoded from the varints
  mutable uint32_t sparse_time_reads_ = 0;  // TimesOf calls answered without the column
  mutable std::vector<std::unique_ptr<Dict>> dicts_;           // by column
  mutable std::vector<uint8_t> ids_checked_;                    // by column: ids < dictionary size
  mutable std::vector<std::vector<uint32_t>> wide_ids_;         // version 3: narrow ids widened
  mutable std::vector<std::unique_ptr<PostingList>> postings_;  // by column
};

}  // namespace credtrace::store
