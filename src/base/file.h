// Small file helpers. Paths are std::filesystem paths; errors come back as Status naming the path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace credtrace {

namespace fs = std::filesystem;

// Reads a whole file. Fails with kTooLarge when it is bigger than max_bytes.
Result<std::string> ReadFile(const fs::path& path, uint64_t max_bytes = UINT64_MAX);

// Like ReadFile, into *out (its capacity is reused from call to call).
Status ReadFileInto(const fs::path& path, uint64_t max_bytes, std::string* out);
// The same on `fd` when it is >= 0 (opened for `path` by the caller; closed here in every
// case), otherwise on `path` opened here. `path` names the file in errors.
Status ReadFileInto(const std::string& path, int fd, uint64_t max_bytes, std::string* out);

// Asks the kernel to start reading all of the open file fd in the background (posix_fadvise
// WILLNEED), so that reading it a little later does not wait for the disk. Returns fd.
int StartReadAhead(int fd);

// Writes data to path through a temporary file, fsync and rename: after a crash the path holds
// either the old content or the new one, never a mix.
Status WriteFileAtomic(const fs::path& path, std::string_view data);
// The same, calling `before_rename` once the new content is durable and before it replaces the
// old (to record it somewhere first); an error from it leaves the old file and is returned.
Status WriteFileAtomic(const fs::path& path, std::string_view data, const std::function<Status()>& before_rename);

// WriteFileAtomic for content produced a piece at a time: written to path + ".tmp" as it comes,
// then Commit() fsyncs it and renames it onto path. Without Commit, the temporary file is
// removed when the object goes away.
class AtomicFileWriter {
 public:
  AtomicFileWriter() = default;
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status Open(const fs::path& path);
  Status Write(std::string_view data);
  uint64_t size() const { return size_; }
  Status Commit();

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
  fs::path path_, tmp_;
};

// Makes a directory's entries durable (fsync on the directory).
Status SyncDir(const fs::path& dir);

// A read-only memory map of a whole file. Empty files map to an empty view. The view stays
// valid as long as the object lives.
class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(MappedFile&& o) noexcept;
  MappedFile& operator=(MappedFile&& o) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  static Result<MappedFile> Open(const fs::path& path);
  std::string_view data() const { return {static_cast<const char*>(addr_), size_}; }
  size_t size() const { return size_; }
  // Drops the mapped pages before `offset` from this process (they stay in the page cache and
  // come back if read again): a sequential reader of a big file keeps its resident memory to
  // what it is reading instead of the whole file.
  void DropBefore(size_t offset);

 private:
  void* addr_ = nullptr;
  size_t size_ = 0;
  size_t dropped_ = 0;
};

// An append-only file opened for writing; Sync() makes what was appended durable.
class AppendFile {
 public:
  AppendFile() = default;
  ~AppendFile();
  AppendFile(AppendFile&& o) noexcept;
  AppendFile& operator=(AppendFile&& o) noexcept;
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;

  // Opens (creating if needed) and truncates the file to `truncate_to` bytes if it is longer
  // (to drop an uncommitted tail left by a crash); pass UINT64_MAX to keep it as it is.
  static Result<AppendFile> Open(const fs::path& path, uint64_t truncate_to = UINT64_MAX);
  // Appends; small appends are gathered in a 1 MiB buffer (one write() for many evidence files).
  Status Append(std::string_view data);
  // Writes the buffer out (no fsync).
  Status Flush();
  // Flush, then fdatasync: what was appended is durable.
  Status Sync();
  // fdatasync alone: what was flushed is durable. May run on another thread than Append (the
  // ingest's committer syncs a pack while its worker goes on appending).
  Status SyncFlushed() const;
  // Bytes appended so far, buffered or not.
  uint64_t size() const { return size_; }
  const fs::path& path() const { return path_; }

 private:
  Status WriteAll(std::string_view data);
  int fd_ = -1;
  uint64_t size_ = 0;
  fs::path path_;
  std::string buffer_;
};

// Reads `len` bytes at `offset` of a file.
Result<std::string> ReadFileRange(const fs::path& path, uint64_t offset, uint64_t len);

}  // namespace credtrace
