#include "store/input_walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace credtrace::store {

namespace fs = std::filesystem;

namespace {

bool AllDigits(const std::string& s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Components of p after its last "AWSLogs" component (empty ones, from a trailing slash, left
// out); false when there is none.
bool AfterAwsLogs(const fs::path& p, std::vector<std::string>* out) {
  out->clear();
  bool found = false;
  for (const auto& part : p) {
    std::string s = part.string();
    if (s == "AWSLogs") {
      found = true;
      out->clear();
      continue;
    }
    if (found && !s.empty()) out->push_back(s);
  }
  return found;
}

std::atomic<size_t> g_open_dirs{0};
// Directories kept open for the files found in them; past this, files are opened by path.
constexpr size_t kMaxOpenDirs = 256;

std::string Join(const std::string& dir, const char* name) {
  std::string p = dir;
  if (!p.empty() && p.back() != '/') p.push_back('/');
  p.append(name);
  return p;
}

// The recursive walk of one directory tree, in directory order, depth first (each directory's
// content right after the directory itself, as std::filesystem::recursive_directory_iterator).
struct Walker {
  const WalkFilter& filter;
  WalkResult& r;
  const std::function<void(InputFile&&)>& on_file;

  // `fd` is the open directory at `path` (taken: closed here); `parts` its components after
  // AWSLogs when it is under one (`under_aws_logs`).
  void Dir(int fd, const std::string& path, bool under_aws_logs, std::vector<std::string>& parts) {
    DIR* d = ::fdopendir(fd);
    if (d == nullptr) {
      r.errors.push_back({path, std::strerror(errno)});
      ::close(fd);
      return;
    }
    // Kept open while its files wait to be read, unless too many are open already.
    std::shared_ptr<const WalkDir> keep;
    if (WalkDir::open_count() < kMaxOpenDirs) {
      int dup = ::fcntl(::dirfd(d), F_DUPFD_CLOEXEC, 0);
      if (dup >= 0) keep = std::make_shared<const WalkDir>(dup);
    }
    const int dfd = ::dirfd(d);
    while (true) {
      errno = 0;
      struct dirent* e = ::readdir(d);
      if (e == nullptr) {
        if (errno != 0) r.errors.push_back({path, std::string("cannot list: ") + std::strerror(errno)});
        break;
      }
      const char* name = e->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN || type == DT_LNK) {
        struct stat st;
        if (::fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
          r.errors.push_back({Join(path, name), std::strerror(errno)});
          continue;
        }
        if (S_ISLNK(st.st_mode)) {
          if (::fstatat(dfd, name, &st, 0) != 0) {
            if (errno == ENOENT) r.errors.push_back({Join(path, name), "broken symbolic link"});
            else r.errors.push_back({Join(path, name), std::strerror(errno)});
            continue;
          }
          if (S_ISDIR(st.st_mode)) continue;  // not followed
          type = S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
        } else {
          type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
        }
      }
      if (type == DT_DIR) {
        // Below an AWSLogs folder, its components name account, region and date: prune by them.
        const bool aws_logs = std::strcmp(name, "AWSLogs") == 0;
        std::vector<std::string> saved;
        if (aws_logs) saved.swap(parts);  // parts is now empty: the components below start here
        else if (under_aws_logs) parts.emplace_back(name);
        std::string sub = Join(path, name);
        if (under_aws_logs && !aws_logs && !S3PathMayMatch(parts, filter)) {
          r.pruned_dirs++;
        } else {
          int sfd = ::openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
          if (sfd < 0) r.errors.push_back({sub, std::string("cannot open directory: ") + std::strerror(errno)});
          else Dir(sfd, sub, under_aws_logs || aws_logs, parts);
        }
        if (aws_logs) parts.swap(saved);
        else if (under_aws_logs) parts.pop_back();
        continue;
      }
      if (type != DT_REG) {
        r.skipped_special++;
        continue;
      }
      InputFile f;
      f.path = Join(path, name);
      if (keep) {
        f.dir = keep;
        f.name_at = static_cast<uint32_t>(f.path.size() - std::strlen(name));
      }
      on_file(std::move(f));  // size: taken when the file is read (no stat here)
    }
    ::closedir(d);
  }
};

}  // namespace

bool S3PathMayMatch(const std::vector<std::string>& c, const WalkFilter& f) {
  size_t i = 0;
  if (i < c.size() && c[i].rfind("o-", 0) == 0) ++i;  // organization trail
  if (i >= c.size()) return true;
  const std::string& account = c[i];
  if (!AllDigits(account, 12)) return true;  // not the layout we know: do not prune
  if (!f.accounts.empty() && !f.accounts.count(account)) return false;
  if (++i >= c.size()) return true;
  ++i;  // CloudTrail, CloudTrail-Digest, CloudTrail-Insight...
  if (i >= c.size()) return true;
  if (!f.regions.empty() && !f.regions.count(c[i])) return false;
  if (++i >= c.size() || !AllDigits(c[i], 4)) return true;
  int y = std::stoi(c[i]);
  int m = 1, d = 1;
  bool have_m = false, have_d = false;
  if (i + 1 < c.size() && AllDigits(c[i + 1], 2)) { m = std::stoi(c[i + 1]); have_m = true; }
  if (have_m && i + 2 < c.size() && AllDigits(c[i + 2], 2)) { d = std::stoi(c[i + 2]); have_d = true; }
  if (m < 1 || m > 12 || d < 1 || d > 31) return true;
  // The folder [start, end) of what it can hold: a year, a month or a day.
  TimeMs start = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86'400'000;
  TimeMs end;
  if (have_d) end = start + 86'400'000;
  else if (have_m) end = DaysFromCivil(m == 12 ? y + 1 : y, m == 12 ? 1u : static_cast<unsigned>(m + 1), 1) * 86'400'000;
  else end = DaysFromCivil(y + 1, 1, 1) * 86'400'000;
  // A file is filed under the day it was delivered; its records are from then or before
  // (late deliveries included), so a folder that ends before `since` holds nothing newer, and
  // a folder that starts more than a day after `until` is assumed to hold nothing older.
  if (f.since != kNoTime && end <= f.since) return false;
  if (f.until != kNoTime && start > f.until + 86'400'000) return false;
  return true;
}

WalkDir::WalkDir(int fd) : fd_(fd) { g_open_dirs.fetch_add(1, std::memory_order_relaxed); }
WalkDir::~WalkDir() {
  ::close(fd_);
  g_open_dirs.fetch_sub(1, std::memory_order_relaxed);
}
size_t WalkDir::open_count() { return g_open_dirs.load(std::memory_order_relaxed); }

int InputFile::Open() const {
  if (dir) return ::openat(dir->fd(), path.c_str() + name_at, O_RDONLY | O_CLOEXEC);
  return ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
}

WalkResult WalkInputs(const std::vector<fs::path>& paths, const WalkFilter& filter) {
  WalkResult r;
  std::vector<InputFile> files;
  WalkInputs(paths, filter, &r, [&](InputFile&& f) { files.push_back(std::move(f)); });
  std::sort(files.begin(), files.end(), [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  r.files = std::move(files);
  return r;
}

void WalkInputs(const std::vector<fs::path>& paths, const WalkFilter& filter, WalkResult* stats,
                const std::function<void(InputFile&&)>& on_file) {
  WalkResult& r = *stats;
  Walker walker{filter, r, on_file};
  std::vector<std::string> parts;
  for (const fs::path& root : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(root, ec);
    if (ec || !fs::exists(st)) {
      std::error_code lec;
      bool dangling = fs::is_symlink(fs::symlink_status(root, lec));
      r.errors.push_back({root.string(), dangling ? "broken symbolic link" : ec ? ec.message() : "no such file or directory"});
      continue;
    }
    if (fs::is_regular_file(st)) {
      InputFile f;
      f.path = root.string();
      f.size = fs::file_size(root, ec);
      on_file(std::move(f));
      continue;
    }
    if (!fs::is_directory(st)) {
      r.skipped_special++;
      continue;
    }
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      r.errors.push_back({root.string(), std::string("cannot open directory: ") + std::strerror(errno)});
      continue;
    }
    bool under = AfterAwsLogs(root, &parts);
    walker.Dir(fd, root.string(), under, parts);
  }
}

}  // namespace credtrace::store
