#include "query/evaluate.h"

#include <algorithm>

#include "query/glob.h"
#include "query/ip.h"

namespace credtrace::query {
namespace {

using cloudtrail::FieldOf;
using cloudtrail::FieldType;
using store::DictionaryView;
using store::SegmentView;

// Rough relative cost of evaluating a node, so that AND evaluates cheap, selective children
// first and can stop as soon as its result is empty.
int Cost(const Query& q, uint32_t i) {
  const Node& n = q.nodes[i];
  if (n.kind != Node::Kind::kTerm) {
    int c = 0;
    for (uint32_t ch : n.children) c = std::max(c, Cost(q, ch));
    return c + 1;
  }
  switch (n.term.kind) {
    case Term::Kind::kTimeRange: return 0;
    case Term::Kind::kAll: return 0;
    case Term::Kind::kEquals: return 1;
    case Term::Kind::kAbsent: return 1;
    case Term::Kind::kBool: return 2;
    case Term::Kind::kPresent: return 2;
    case Term::Kind::kGlob: return Glob(n.term.value).literal_prefix().empty() ? 4 : 3;
    case Term::Kind::kCidr: return 4;
  }
  return 5;
}

// AND tests its remaining rows one by one when they are fewer than 1 in kSparseFactor rows.
constexpr uint64_t kSparseFactor = 32;

class Evaluator {
 public:
  Evaluator(const Query& q, const SegmentView& seg) : q_(q), seg_(seg), n_(seg.num_rows()) {}

  Result<RowSet> Eval(uint32_t i) {
    const auto& node = q_.nodes[i];
    switch (node.kind) {
      case Node::Kind::kTerm: return EvalTerm(node.term);
      case Node::Kind::kNot: {
        CT_ASSIGN_OR_RETURN(RowSet s, Eval(node.children[0]));
        s.Not();
        return s;
      }
      case Node::Kind::kOr: {
        RowSet acc(n_);
        for (uint32_t c : node.children) {
          CT_ASSIGN_OR_RETURN(RowSet s, Eval(c));
          acc.Or(s);
        }
        return acc;
      }
      case Node::Kind::kAnd: {
        std::vector<uint32_t> order(node.children);
        std::stable_sort(order.begin(), order.end(),
                         [&](uint32_t a, uint32_t b) { return Cost(q_, a) < Cost(q_, b); });
        // Start from a positive child (NOT children subtract from it).
        auto first = std::find_if(order.begin(), order.end(),
                                  [&](uint32_t c) { return q_.nodes[c].kind != Node::Kind::kNot; });
        RowSet acc = RowSet::All(n_);
        if (first != order.end()) {
          CT_ASSIGN_OR_RETURN(acc, Eval(*first));
          order.erase(first);
        }
        for (uint32_t c : order) {
          const uint64_t have = acc.Count();
          if (have == 0) break;
          const auto& child = q_.nodes[c];
          // Few rows left: test them one by one on their dictionary ids (integers, never text)
          // rather than building the child's bitmap over the whole segment.
          const bool negated = child.kind == Node::Kind::kNot;
          const auto& leaf = negated ? q_.nodes[child.children[0]] : child;
          if (have * kSparseFactor < n_ && leaf.kind == Node::Kind::kTerm && IsFilterable(leaf.term)) {
            CT_RETURN_IF_ERROR(Filter(leaf.term, negated, &acc));
            continue;
          }
          if (child.kind == Node::Kind::kNot) {
            CT_ASSIGN_OR_RETURN(RowSet s, Eval(child.children[0]));
            acc.AndNot(s);
          } else {
            CT_ASSIGN_OR_RETURN(RowSet s, Eval(c));
            acc.And(s);
          }
        }
        return acc;
      }
    }
    return Status::InvalidArgument("bad query node");
  }

 private:
  // Adds the posting list of dictionary id `id` of column c.
  Status AddPostings(Column c, uint32_t id, RowSet* out) {
    CT_ASSIGN_OR_RETURN(std::span<const uint32_t> rows, seg_.Postings(c, id));
    for (uint32_t r : rows) {
      if (r >= n_) return Status::Corrupt("posting list row out of range");
    }
    out->AddAll(rows);
    return Status::Ok();
  }

  Result<RowSet> EvalTerm(const Term& t) {
    RowSet out(n_);
    const FieldType type = FieldOf(t.column).type;
    if (t.kind == Term::Kind::kAll) return RowSet::All(n_);
    if (t.kind == Term::Kind::kTimeRange) {
      CT_ASSIGN_OR_RETURN(std::span<const TimeMs> times, seg_.Times());
      if (times.size() != n_) return Status::Corrupt("segment has a time per row missing");
      auto b = std::lower_bound(times.begin(), times.end(), t.time_begin);
      auto e = std::lower_bound(b, times.end(), t.time_end);
      out.AddRange(static_cast<uint32_t>(b - times.begin()), static_cast<uint32_t>(e - times.begin()));
      return out;
    }
    if (type == FieldType::kBool) {
      CT_ASSIGN_OR_RETURN(std::span<const uint8_t> v, seg_.Bools(t.column));
      if (v.size() != n_) return Status::Corrupt("bool column has the wrong length");
      for (uint32_t r = 0; r < n_; ++r) {
        if (BoolMatches(t, v[r])) out.Add(r);
      }
      return out;
    }
    CT_ASSIGN_OR_RETURN(const DictionaryView* dict, seg_.Dictionary(t.column));
    if (t.kind == Term::Kind::kPresent) {  // the complement of the absent value's rows
      int64_t id = dict->Find("");
      if (id >= 0) CT_RETURN_IF_ERROR(AddPostings(t.column, static_cast<uint32_t>(id), &out));
      out.Not();
      return out;
    }
    CT_ASSIGN_OR_RETURN(std::vector<uint32_t> ids, MatchingIds(t, *dict));
    for (uint32_t id : ids) CT_RETURN_IF_ERROR(AddPostings(t.column, id, &out));
    return out;
  }

  static bool IsFilterable(const Term& t) {
    return t.kind != Term::Kind::kAll && t.kind != Term::Kind::kTimeRange;
  }

  // Keeps in *acc the rows that match t (or, with negated, that do not).
  Status Filter(const Term& t, bool negated, RowSet* acc) {
    RowSet keep(n_);
    uint32_t row;
    if (FieldOf(t.column).type == FieldType::kBool) {
      CT_ASSIGN_OR_RETURN(std::span<const uint8_t> v, seg_.Bools(t.column));
      if (v.size() != n_) return Status::Corrupt("bool column has the wrong length");
      for (RowCursor cur(acc, false); cur.Next(&row);) {
        if (BoolMatches(t, v[row]) != negated) keep.Add(row);
      }
      *acc = std::move(keep);
      return Status::Ok();
    }
    CT_ASSIGN_OR_RETURN(const DictionaryView* dict, seg_.Dictionary(t.column));
    CT_ASSIGN_OR_RETURN(std::span<const uint32_t> row_ids, seg_.Ids(t.column));
    if (row_ids.size() != n_) return Status::Corrupt("id column has the wrong length");
    std::vector<uint8_t> hit(dict->size(), 0);
    if (t.kind == Term::Kind::kPresent) {
      std::fill(hit.begin(), hit.end(), 1);
      int64_t id = dict->Find("");
      if (id >= 0) hit[id] = 0;
    } else {
      CT_ASSIGN_OR_RETURN(std::vector<uint32_t> ids, MatchingIds(t, *dict));
      for (uint32_t id : ids) hit[id] = 1;
    }
    for (RowCursor cur(acc, false); cur.Next(&row);) {
      uint32_t id = row_ids[row];
      if (id >= hit.size()) return Status::Corrupt("dictionary id out of range");
      if ((hit[id] != 0) != negated) keep.Add(row);
    }
    *acc = std::move(keep);
    return Status::Ok();
  }

  static bool BoolMatches(const Term& t, uint8_t b) {
    switch (t.kind) {
      case Term::Kind::kBool: return b == (t.bool_value ? 1 : 0);
      case Term::Kind::kPresent: return b != 2;
      case Term::Kind::kAbsent: return b == 2;
      default: return false;
    }
  }

  // The dictionary ids of a string column that an equals, absent, glob or CIDR term selects.
  Result<std::vector<uint32_t>> MatchingIds(const Term& t, const DictionaryView& dict) {
    std::vector<uint32_t> ids;
    const uint32_t size = dict.size();
    switch (t.kind) {
      case Term::Kind::kEquals:
      case Term::Kind::kAbsent: {
        int64_t id = dict.Find(t.kind == Term::Kind::kEquals ? std::string_view(t.value) : "");
        if (id >= 0) ids.push_back(static_cast<uint32_t>(id));
        return ids;
      }
      case Term::Kind::kGlob: {
        // Only values starting with the literal prefix can match: a binary search finds where
        // they start in the sorted dictionary. Wildcards never match the absent value.
        Glob glob(t.value);
        const std::string& prefix = glob.literal_prefix();
        for (uint32_t id = dict.LowerBound(prefix); id < size; ++id) {
          std::string_view v = dict.value(id);
          if (!v.starts_with(prefix)) break;
          if (!v.empty() && (glob.is_prefix_only() || glob.Matches(v))) ids.push_back(id);
        }
        return ids;
      }
      case Term::Kind::kCidr: {
        for (const std::string& prefix : CidrTextPrefixes(t.cidr)) {
          for (uint32_t id = dict.LowerBound(prefix); id < size; ++id) {
            std::string_view v = dict.value(id);
            if (!v.starts_with(prefix)) break;
            std::optional<IpAddress> a = ParseIp(v);
            if (a && t.cidr.Contains(*a)) ids.push_back(id);
          }
        }
        std::sort(ids.begin(), ids.end());
        return ids;
      }
      default: break;
    }
    return Status::InvalidArgument("term does not apply to column " + std::string(FieldOf(t.column).path));
  }

  // Text prefixes, disjoint, that every address of the block starts with when written out: an
  // IPv4 block of /8 or longer fixes its leading octets ("10.1." for 10.1.0.0/16), and IPv4-mapped
  // IPv6 spellings start with ':' or '0'. Otherwise the whole dictionary ("").
  static std::vector<std::string> CidrTextPrefixes(const Cidr& c) {
    if (c.network.v6 || c.prefix_len < 8) return {""};
    std::string p;
    for (int i = 0; i < std::min(c.prefix_len / 8, 3); ++i) p += std::to_string(c.network.bytes[i]) + ".";
    if (p.starts_with("0")) return {":", "0"};
    return {p, ":", "0"};
  }

  const Query& q_;
  const SegmentView& seg_;
  const uint32_t n_;
};

}  // namespace

Result<RowSet> Evaluate(const Query& query, const SegmentView& segment) {
  if (query.nodes.empty()) return RowSet::All(segment.num_rows());
  if (query.root >= query.nodes.size()) return Status::InvalidArgument("bad query");
  return Evaluator(query, segment).Eval(query.root);
}

Result<uint64_t> CountRows(const Query& query, const SegmentView& segment) {
  const uint32_t n = segment.num_rows();
  if (query.nodes.empty()) return uint64_t{n};
  if (query.root < query.nodes.size() && query.nodes[query.root].kind == Node::Kind::kTerm) {
    const Term& t = query.nodes[query.root].term;
    switch (t.kind) {
      case Term::Kind::kAll: return uint64_t{n};
      case Term::Kind::kTimeRange: {
        CT_ASSIGN_OR_RETURN(std::span<const TimeMs> times, segment.Times());
        auto b = std::lower_bound(times.begin(), times.end(), t.time_begin);
        auto e = std::lower_bound(b, times.end(), t.time_end);
        return static_cast<uint64_t>(e - b);
      }
      case Term::Kind::kEquals:
      case Term::Kind::kAbsent:
      case Term::Kind::kPresent: {
        if (FieldOf(t.column).type != FieldType::kString) break;
        CT_ASSIGN_OR_RETURN(const DictionaryView* dict, segment.Dictionary(t.column));
        int64_t id = dict->Find(t.kind == Term::Kind::kEquals ? std::string_view(t.value) : "");
        uint64_t hits = 0;
        if (id >= 0) {
          CT_ASSIGN_OR_RETURN(std::span<const uint32_t> rows,
                              segment.Postings(t.column, static_cast<uint32_t>(id)));
          hits = rows.size();
        }
        return t.kind == Term::Kind::kPresent ? n - hits : hits;
      }
      default: break;
    }
  }
  CT_ASSIGN_OR_RETURN(RowSet s, Evaluate(query, segment));
  return s.Count();
}

}  // namespace credtrace::query
