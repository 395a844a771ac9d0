// Lists the files to ingest under the paths given, pruning CloudTrail's S3 layout
// AWSLogs/[o-xxxxxxxxxx/]<account>/CloudTrail/<region>/YYYY/MM/DD/ by account, region and date
// before any file is opened.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace credtrace::store {

struct WalkFilter {
  TimeMs since = kNoTime;  // prune day folders that end before this
  TimeMs until = kNoTime;  // prune day folders that start more than a day after this
  std::set<std::string> accounts;
  std::set<std::string> regions;
};

// A directory the walk opened, kept open while files found in it wait to be read: a file is
// opened relative to it (one name to look up, not every component of its path again).
class WalkDir {
 public:
  explicit WalkDir(int fd);
  ~WalkDir();
  WalkDir(const WalkDir&) = delete;
  WalkDir& operator=(const WalkDir&) = delete;
  int fd() const { return fd_; }
  // How many are open in the process (the walk stops handing them out above a bound, so that a
  // tree of many directories with a file or two each stays far under the descriptor limit).
  static size_t open_count();

 private:
  int fd_;
};

struct InputFile {
  std::string path;  // as found (the given path joined with the walk)
  uint64_t size = 0;  // 0 for files found in a directory walk (read later)
  // The open directory it was found in, and where its name starts in `path`; null when it was
  // given by path (or too many directories were open).
  std::shared_ptr<const WalkDir> dir;
  uint32_t name_at = 0;
  // Opens it read-only (relative to `dir` when there is one); -1 with errno set on failure.
  int Open() const;
};

struct WalkResult {
  std::vector<InputFile> files;          // sorted by path, for a deterministic order
  struct Error {
    std::string path;
    std::string reason;
  };
  std::vector<Error> errors;             // paths that could not be listed or read
  uint64_t pruned_dirs = 0;
  uint64_t skipped_special = 0;          // sockets, devices...
};

// Walks every path (a file or a directory, recursively). Missing paths, broken symbolic links
// and directories that cannot be listed are errors; symbolic links to directories are not
// followed (a loop cannot make the walk endless), those to files are.
WalkResult WalkInputs(const std::vector<std::filesystem::path>& paths, const WalkFilter& filter);

// The same, handing each file to on_file as soon as it is found (in directory order, not
// sorted), so that files can be read while the walk goes on; `stats` gets everything but files.
void WalkInputs(const std::vector<std::filesystem::path>& paths, const WalkFilter& filter,
                WalkResult* stats, const std::function<void(InputFile&&)>& on_file);

// Whether a directory at `rel` (components after AWSLogs) may hold records that pass the
// filter. Exposed for tests.
bool S3PathMayMatch(const std::vector<std::string>& after_awslogs, const WalkFilter& filter);

}  // namespace credtrace::store
