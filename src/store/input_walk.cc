#include "store/input_walk.h"

#include <algorithm>
#include <cctype>

namespace credtrace::store {

namespace fs = std::filesystem;

namespace {

bool AllDigits(const std::string& s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Components of p after its last "AWSLogs" component; empty when there is none.
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
    if (found) out->push_back(s);
  }
  return found;
}

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
      on_file({root, fs::file_size(root, ec)});
      continue;
    }
    if (!fs::is_directory(st)) {
      r.skipped_special++;
      continue;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      r.errors.push_back({root.string(), ec.message()});
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        r.errors.push_back({it->path().string(), ec.message()});
        ec.clear();
        continue;
      }
      const fs::directory_entry& e = *it;
      std::error_code ec2;
      if (e.is_directory(ec2)) {
        if (AfterAwsLogs(e.path(), &parts) && !S3PathMayMatch(parts, filter)) {
          it.disable_recursion_pending();
          r.pruned_dirs++;
        }
        continue;
      }
      if (!e.is_regular_file(ec2)) {
        if (e.is_symlink(ec2) && !fs::exists(e.path(), ec2)) {
          r.errors.push_back({e.path().string(), "broken symbolic link"});
        } else {
          r.skipped_special++;
        }
        continue;
      }
      on_file({e.path(), 0});  // size: taken when the file is read (no stat here)
    }
  }
}

}  // namespace credtrace::store
