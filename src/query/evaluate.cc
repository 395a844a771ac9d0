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
          if (acc.Empty()) break;
          const auto& child = q_.nodes[c];
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
        bool hit = false;
        switch (t.kind) {
          case Term::Kind::kBool: hit = v[r] == (t.bool_value ? 1 : 0); break;
          case Term::Kind::kPresent: hit = v[r] != 2; break;
          case Term::Kind::kAbsent: hit = v[r] == 2; break;
          default: break;
        }
        if (hit) out.Add(r);
      }
      return out;
    }
    CT_ASSIGN_OR_RETURN(const DictionaryView* dict, seg_.Dictionary(t.column));
    switch (t.kind) {
      case Term::Kind::kEquals: {
        int64_t id = dict->Find(t.value);
        if (id >= 0) CT_RETURN_IF_ERROR(AddPostings(t.column, static_cast<uint32_t>(id), &out));
        return out;
      }
      case Term::Kind::kAbsent: {
        int64_t id = dict->Find("");
        if (id >= 0) CT_RETURN_IF_ERROR(AddPostings(t.column, static_cast<uint32_t>(id), &out));
        return out;
      }
      case Term::Kind::kPresent: {
        int64_t id = dict->Find("");
        if (id >= 0) CT_RETURN_IF_ERROR(AddPostings(t.column, static_cast<uint32_t>(id), &out));
        out.Not();
        return out;
      }
      case Term::Kind::kGlob: {
        // Only values starting with the literal prefix can match: a binary search finds where
        // they start in the sorted dictionary. Wildcards never match the absent value.
        Glob glob(t.value);
        const std::string& prefix = glob.literal_prefix();
        const uint32_t size = dict->size();
        for (uint32_t id = dict->LowerBound(prefix); id < size; ++id) {
          std::string_view v = dict->value(id);
          if (!v.starts_with(prefix)) break;
          if (v.empty()) continue;
          if (glob.is_prefix_only() || glob.Matches(v)) {
            CT_RETURN_IF_ERROR(AddPostings(t.column, id, &out));
          }
        }
        return out;
      }
      case Term::Kind::kCidr: {
        const uint32_t size = dict->size();
        for (uint32_t id = 0; id < size; ++id) {
          std::optional<IpAddress> a = ParseIp(dict->value(id));
          if (a && t.cidr.Contains(*a)) CT_RETURN_IF_ERROR(AddPostings(t.column, id, &out));
        }
        return out;
      }
      default: break;
    }
    return Status::InvalidArgument("term does not apply to column " + std::string(FieldOf(t.column).path));
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
