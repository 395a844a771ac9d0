#include "query/ast.h"

#include <cstdio>

namespace credtrace::query {
namespace {

std::string TermString(const Term& t) {
  std::string col(cloudtrail::FieldOf(t.column).path);
  switch (t.kind) {
    case Term::Kind::kAll: return "*";
    case Term::Kind::kEquals: return col + "=" + t.value;
    case Term::Kind::kGlob: return col + "~" + t.value;
    case Term::Kind::kPresent: return col + ":present";
    case Term::Kind::kAbsent: return col + ":absent";
    case Term::Kind::kCidr: {
      std::string s = col + ":cidr(";
      const auto& b = t.cidr.network.bytes;
      if (t.cidr.network.v6) {
        for (int i = 0; i < 16; i += 2) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "%s%x", i ? ":" : "", b[i] << 8 | b[i + 1]);
          s += buf;
        }
      } else {
        s += std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." +
             std::to_string(b[3]);
      }
      return s + "/" + std::to_string(t.cidr.prefix_len) + ")";
    }
    case Term::Kind::kTimeRange: {
      std::string lo = t.time_begin == INT64_MIN ? "*" : FormatIsoTime(t.time_begin);
      std::string hi = t.time_end == INT64_MAX ? "*" : FormatIsoTime(t.time_end);
      return "time[" + lo + "," + hi + ")";
    }
    case Term::Kind::kBool: return col + "=" + (t.bool_value ? "true" : "false");
  }
  return "?";
}

void Render(const Query& q, uint32_t i, std::string* out) {
  const Node& n = q.nodes[i];
  if (n.kind == Node::Kind::kTerm) {
    *out += TermString(n.term);
    return;
  }
  *out += n.kind == Node::Kind::kAnd ? "(AND" : n.kind == Node::Kind::kOr ? "(OR" : "(NOT";
  for (uint32_t c : n.children) {
    *out += ' ';
    Render(q, c, out);
  }
  *out += ')';
}

}  // namespace

std::string Query::ToString() const {
  if (nodes.empty()) return "*";
  std::string out;
  Render(*this, root, &out);
  return out;
}

}  // namespace credtrace::query
