// The parsed form of a query: a tree of AND/OR/NOT over terms, each term already resolved to a
// column and a typed matcher, so evaluation does no parsing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/time.h"
#include "cloudtrail/fields.h"
#include "query/ip.h"

namespace credtrace::query {

using cloudtrail::Column;

// One leaf of the tree: rows of a segment that one column test selects.
struct Term {
  enum class Kind : uint8_t {
    kAll,        // every row (the empty query, a bare `*`)
    kEquals,     // string column == value (exact, dictionary look-up)
    kGlob,       // string column matches a glob (value keeps its escapes)
    kPresent,    // string column is not empty / bool column is true or false
    kAbsent,     // string column is empty / bool column is absent
    kCidr,       // IP column holds an address inside `cidr`
    kTimeRange,  // eventTime in [time_begin, time_end)
    kBool,       // bool column == bool_value
  };
  Kind kind = Kind::kAll;
  Column column = Column::kEventTime;
  std::string value;  // kEquals: the literal value; kGlob: the pattern with its escapes
  Cidr cidr;
  TimeMs time_begin = INT64_MIN;
  TimeMs time_end = INT64_MAX;
  bool bool_value = false;
  uint32_t pos = 0;  // byte offset of the term in the query text
};

struct Node {
  enum class Kind : uint8_t { kTerm, kAnd, kOr, kNot };
  Kind kind = Kind::kTerm;
  Term term;                      // kTerm
  std::vector<uint32_t> children; // indexes into Query::nodes; kNot has exactly one
};

// A parsed query. nodes[root] is the root; children always come before their parent.
struct Query {
  std::string text;
  std::vector<Node> nodes;
  uint32_t root = 0;

  // A canonical, fully parenthesised rendering for logs and tests, e.g.
  // (AND eventName=CreateUser (NOT errorCode:present)).
  std::string ToString() const;
};

}  // namespace credtrace::query
