// The lexer: splits query text into parentheses, the operators AND/OR/NOT, and terms.
// A term is either `field OP value` (OP one of : = > >= < <=, optional spaces around it) or a
// bare value. Values are unquoted (up to a space or parenthesis) or "quoted" (spaces allowed).
// Value text is kept in glob form: unescaped `*`/`?` are wildcards, `\*`, `\?`, `\\` literal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace credtrace::query {

enum class Op : uint8_t { kMatch, kGt, kGe, kLt, kLe };  // kMatch is ':' or '='

struct Token {
  enum class Kind : uint8_t { kEnd, kLParen, kRParen, kAnd, kOr, kNot, kTerm, kBare };
  Kind kind = Kind::kEnd;
  uint32_t pos = 0;  // byte offset in the query text where the token starts
  uint32_t end = 0;  // byte offset just past the token

  // kTerm: the field name as written, and the operator.
  std::string field;
  Op op = Op::kMatch;
  uint32_t op_pos = 0;

  // kTerm and kBare: the value in glob form, where it starts, and whether it was quoted.
  std::string value;
  uint32_t value_pos = 0;
  bool quoted = false;

  // kTerm with a range value: [lo TO hi], {lo TO hi}, or mixed; `*` for an open end.
  bool is_range = false;
  std::string lo, hi;
  uint32_t lo_pos = 0, hi_pos = 0;
  bool lo_inclusive = true, hi_inclusive = true;
};

// Tokenizes `text`; the last token is kEnd (pos = text.size()). AND, OR and NOT are recognised
// in any case when unquoted; `-` directly before a letter, a quote or '(' is NOT. Errors (an
// unclosed quote or range, a missing value, a bad escape) come from QueryError, with a caret.
Result<std::vector<Token>> Lex(std::string_view text);

}  // namespace credtrace::query
