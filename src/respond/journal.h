// The case journal (docs/CASE_FORMAT.md): <case>/journal.jsonl, one JSON object a line, appended
// and fdatasync'ed entry by entry, never rewritten. The plan executor (execute.h) writes an entry
// before and after every command it runs, so that a run killed at any point leaves a journal that
// says what was done, what was interrupted and what was not started.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace credtrace::respond {

inline constexpr const char* kJournalFile = "journal.jsonl";

class Journal {
 public:
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Opens the journal for appending (creating it, mode 0600), with an exclusive lock held until
  // the object is destroyed (a second executor on the same case is refused), and reads its
  // entries. A last line without its newline is what a process killed while writing left: it is
  // cut off (torn_bytes says how much). A bad line elsewhere is kCorrupt.
  static Result<std::unique_ptr<Journal>> Open(const std::filesystem::path& file);

  // Reads the entries without writing or locking (dry runs); a missing file has none.
  static Result<std::vector<nlohmann::json>> Read(const std::filesystem::path& file);

  const std::vector<nlohmann::json>& entries() const { return entries_; }
  uint64_t torn_bytes() const { return torn_bytes_; }

  // Appends one entry as a line and makes it durable (write, fdatasync) before returning.
  Status Append(const nlohmann::json& entry);

 private:
  Journal() = default;
  int fd_ = -1;
  std::filesystem::path path_;
  std::vector<nlohmann::json> entries_;
  uint64_t torn_bytes_ = 0;
};

}  // namespace credtrace::respond
