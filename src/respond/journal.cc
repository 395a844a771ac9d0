#include "respond/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/file.h"

namespace credtrace::respond {

namespace {

constexpr uint64_t kMaxJournalBytes = 4ull << 30;

// Parses the complete lines of `text`; *complete gets the length of the part that ends with a
// newline (the rest is a torn write).
Result<std::vector<nlohmann::json>> ParseLines(const std::string& text, const std::string& name, size_t* complete) {
  std::vector<nlohmann::json> out;
  size_t end = text.rfind('\n');
  *complete = end == std::string::npos ? 0 : end + 1;
  size_t pos = 0, line = 0;
  while (pos < *complete) {
    size_t nl = text.find('\n', pos);
    ++line;
    std::string_view l(text.data() + pos, nl - pos);
    pos = nl + 1;
    if (l.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(l, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return Status::Corrupt(name + ": line " + std::to_string(line) + " is not a JSON object");
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

Result<std::vector<nlohmann::json>> Journal::Read(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::vector<nlohmann::json>{};
  auto text = ReadFile(file, kMaxJournalBytes);
  if (!text.ok()) return text.status();
  size_t complete = 0;
  return ParseLines(*text, file.string(), &complete);
}

Result<std::unique_ptr<Journal>> Journal::Open(const std::filesystem::path& file) {
  std::unique_ptr<Journal> j(new Journal());
  j->path_ = file;
  std::error_code ec;
  bool existed = std::filesystem::exists(file, ec);
  j->fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (j->fd_ < 0) return Status::IoError(file.string() + ": " + strerror(errno));
  if (::flock(j->fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK)
      return Status::Aborted(file.string() + ": another credtrace is executing a plan on this case");
    return Status::IoError(file.string() + ": lock: " + strerror(errno));
  }
  if (!existed) {
    Status st = SyncDir(file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path());
    if (!st.ok()) return st;
  }
  auto text = ReadFile(file, kMaxJournalBytes);
  if (!text.ok()) return text.status();
  size_t complete = 0;
  auto entries = ParseLines(*text, file.string(), &complete);
  if (!entries.ok()) return entries.status();
  j->entries_ = std::move(*entries);
  if (complete < text->size()) {
    j->torn_bytes_ = text->size() - complete;
    if (::ftruncate(j->fd_, static_cast<off_t>(complete)) != 0 || ::fdatasync(j->fd_) != 0)
      return Status::IoError(file.string() + ": cutting a torn last line: " + strerror(errno));
  }
  return j;
}

Status Journal::Append(const nlohmann::json& entry) {
  std::string line = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  size_t off = 0;
  while (off < line.size()) {
    ssize_t w = ::write(fd_, line.data() + off, line.size() - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(path_.string() + ": " + strerror(errno));
    }
    off += static_cast<size_t>(w);
  }
  if (::fdatasync(fd_) != 0) return Status::IoError(path_.string() + ": fdatasync: " + strerror(errno));
  entries_.push_back(entry);
  return Status::Ok();
}

}  // namespace credtrace::respond
