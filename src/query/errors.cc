#include "query/errors.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "cloudtrail/fields.h"

namespace credtrace::query {

Status QueryError(std::string_view text, size_t pos, std::string_view reason) {
  std::string msg(reason);
  msg += "\n  ";
  size_t col = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    msg += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
    // Count characters, not bytes: skip UTF-8 continuation bytes.
    if (i < pos && (static_cast<unsigned char>(c) & 0xC0) != 0x80) ++col;
  }
  msg += "\n  ";
  msg.append(col, ' ');
  msg += '^';
  return Status::InvalidArgument(std::move(msg));
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> NearestFieldName(std::string_view name) {
  std::string_view best;
  size_t best_d = SIZE_MAX;
  auto consider = [&](std::string_view cand) {
    size_t d = EditDistance(name, cand);
    if (d < best_d) {
      best_d = d;
      best = cand;
    }
  };
  for (const auto& f : cloudtrail::AllFields()) {
    consider(f.path);
    std::string_view a = f.aliases;
    while (!a.empty()) {
      size_t sp = a.find(' ');
      consider(a.substr(0, sp));
      if (sp == std::string_view::npos) break;
      a.remove_prefix(sp + 1);
    }
  }
  if (best_d > std::max<size_t>(2, name.size() / 3)) return std::nullopt;
  return std::string(best);
}

}  // namespace credtrace::query
