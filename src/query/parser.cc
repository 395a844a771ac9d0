#include "query/parser.h"

#include "base/strings.h"

#include <array>
#include <cctype>

#include "query/errors.h"
#include "query/glob.h"
#include "query/lexer.h"

namespace credtrace::query {
namespace {

using cloudtrail::FieldOf;
using cloudtrail::FieldType;

constexpr std::array<Column, 6> kBareColumns = {Column::kEventId,   Column::kAccessKeyId,
                                                Column::kPrincipalId, Column::kArn,
                                                Column::kSourceIp,  Column::kEventName};
constexpr int kMaxDepth = 200;

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens, TimeMs now)
      : text_(text), toks_(std::move(tokens)), now_(now) {}

  Result<Query> Run() {
    q_.text = std::string(text_);
    if (Peek().kind == Token::Kind::kEnd) {
      q_.nodes.push_back(Node{});  // a kAll term
      q_.root = 0;
      return std::move(q_);
    }
    CT_ASSIGN_OR_RETURN(uint32_t root, ParseOr(0));
    if (Peek().kind == Token::Kind::kRParen) return QueryError(text_, Peek().pos, "unexpected ')'");
    if (Peek().kind != Token::Kind::kEnd) return QueryError(text_, Peek().pos, "unexpected text");
    q_.root = root;
    return std::move(q_);
  }

 private:
  const Token& Peek() const { return toks_[i_]; }
  const Token& Take() { return toks_[i_++]; }
  static bool StartsTerm(Token::Kind k) {
    return k == Token::Kind::kTerm || k == Token::Kind::kBare || k == Token::Kind::kLParen ||
           k == Token::Kind::kNot;
  }

  uint32_t Add(Node n) {
    q_.nodes.push_back(std::move(n));
    return static_cast<uint32_t>(q_.nodes.size() - 1);
  }
  // Makes an AND/OR node, merging children of the same kind: (a AND b) AND c is one node.
  uint32_t Combine(Node::Kind kind, const std::vector<uint32_t>& parts) {
    if (parts.size() == 1) return parts[0];
    Node n;
    n.kind = kind;
    for (uint32_t p : parts) {
      if (q_.nodes[p].kind == kind) {
        auto& c = q_.nodes[p].children;
        n.children.insert(n.children.end(), c.begin(), c.end());
      } else {
        n.children.push_back(p);
      }
    }
    return Add(std::move(n));
  }

  Status ExpectTermAfter(const Token& op, std::string_view name) {
    if (StartsTerm(Peek().kind)) return Status::Ok();
    return QueryError(text_, Peek().pos, "expected a term after " + std::string(name));
  }

  Result<uint32_t> ParseOr(int depth) {
    if (depth > kMaxDepth) return QueryError(text_, Peek().pos, "query nested too deeply");
    std::vector<uint32_t> parts;
    CT_ASSIGN_OR_RETURN(uint32_t first, ParseAnd(depth));
    parts.push_back(first);
    while (Peek().kind == Token::Kind::kOr) {
      const Token& op = Take();
      CT_RETURN_IF_ERROR(ExpectTermAfter(op, "OR"));
      CT_ASSIGN_OR_RETURN(uint32_t next, ParseAnd(depth));
      parts.push_back(next);
    }
    return Combine(Node::Kind::kOr, parts);
  }

  Result<uint32_t> ParseAnd(int depth) {
    std::vector<uint32_t> parts;
    CT_ASSIGN_OR_RETURN(uint32_t first, ParseUnary(depth));
    parts.push_back(first);
    while (true) {
      if (Peek().kind == Token::Kind::kAnd) {
        const Token& op = Take();
        CT_RETURN_IF_ERROR(ExpectTermAfter(op, "AND"));
      } else if (!StartsTerm(Peek().kind)) {
        break;
      }
      CT_ASSIGN_OR_RETURN(uint32_t next, ParseUnary(depth));
      parts.push_back(next);
    }
    return Combine(Node::Kind::kAnd, parts);
  }

  Result<uint32_t> ParseUnary(int depth) {
    if (depth > kMaxDepth) return QueryError(text_, Peek().pos, "query nested too deeply");
    const Token& t = Peek();
    switch (t.kind) {
      case Token::Kind::kNot: {
        Take();
        CT_RETURN_IF_ERROR(ExpectTermAfter(t, "NOT"));
        CT_ASSIGN_OR_RETURN(uint32_t child, ParseUnary(depth + 1));
        Node n;
        n.kind = Node::Kind::kNot;
        n.children.push_back(child);
        return Add(std::move(n));
      }
      case Token::Kind::kLParen: {
        const uint32_t open = t.pos;
        Take();
        if (Peek().kind == Token::Kind::kRParen) return QueryError(text_, open, "empty parentheses");
        if (Peek().kind == Token::Kind::kEnd) return QueryError(text_, open, "unclosed parenthesis");
        if (!StartsTerm(Peek().kind)) {
          return QueryError(text_, Peek().pos, "expected a term after '('");
        }
        CT_ASSIGN_OR_RETURN(uint32_t inner, ParseOr(depth + 1));
        if (Peek().kind != Token::Kind::kRParen) return QueryError(text_, open, "unclosed parenthesis");
        Take();
        return inner;
      }
      case Token::Kind::kTerm:
      case Token::Kind::kBare: {
        Take();
        return ParseTerm(t);
      }
      case Token::Kind::kRParen: return QueryError(text_, t.pos, "unexpected ')'");
      case Token::Kind::kAnd:
      case Token::Kind::kOr:
        return QueryError(text_, t.pos, "expected a term before " +
                                            std::string(t.kind == Token::Kind::kAnd ? "AND" : "OR"));
      case Token::Kind::kEnd: return QueryError(text_, t.pos, "expected a term");
    }
    return QueryError(text_, t.pos, "unexpected token");
  }

  uint32_t AddTerm(Term term) {
    Node n;
    n.kind = Node::Kind::kTerm;
    n.term = std::move(term);
    return Add(std::move(n));
  }

  // ---- terms ----

  Result<uint32_t> ParseTerm(const Token& t) {
    if (t.kind == Token::Kind::kBare) return BareTerm(t, t.value, t.quoted);
    std::optional<Column> col = cloudtrail::FindField(t.field);
    if (!col) {
      // "fe80::1" lexes as field "fe80"; an address is a bare value, not an unknown field.
      std::string_view raw = text_.substr(t.pos, t.end - t.pos);
      if (t.op == Op::kMatch && ParseCidr(raw)) return BareTerm(t, std::string(raw), false);
      std::string msg = "unknown field '" + t.field + "'";
      if (auto near = NearestFieldName(t.field)) msg += " (did you mean " + *near + "?)";
      return QueryError(text_, t.pos, msg + "; docs/QUERY.md lists the fields");
    }
    const auto& spec = FieldOf(*col);
    switch (spec.type) {
      case FieldType::kTime: return TimeTerm(t);
      case FieldType::kBool: return BoolTerm(t, *col);
      case FieldType::kString: break;
    }
    if (t.op != Op::kMatch) {
      return QueryError(text_, t.op_pos, "comparisons (> >= < <=) apply only to eventTime; use " +
                                             t.field + ":value");
    }
    if (t.is_range) return QueryError(text_, t.value_pos, "ranges apply only to eventTime");
    std::string value = t.value;
    Column c = *col;
    // `arn:arn:aws:...` and `arn:aws:iam::...` both mean the ARN arn:aws:iam::...
    if (c == Column::kArn && !t.quoted && EqualsIgnoreCase(t.field, "arn") &&
        (value.starts_with("aws:") || value.starts_with("aws-"))) {
      value = "arn:" + value;
    }
    // A principal given as an ARN is looked for in the ARN column.
    if (c == Column::kPrincipalId && value.starts_with("arn:")) c = Column::kArn;
    CT_ASSIGN_OR_RETURN(Term term, StringTerm(c, value, t.quoted, t.value_pos, /*strict=*/true));
    term.pos = t.pos;
    return AddTerm(std::move(term));
  }

  // A value for a string column. With strict, a malformed CIDR on an IP column is an error;
  // otherwise it is compared as plain text.
  Result<Term> StringTerm(Column c, const std::string& value, bool quoted, uint32_t value_pos,
                          bool strict) {
    Term term;
    term.column = c;
    if (value.empty()) {
      term.kind = Term::Kind::kAbsent;
      return term;
    }
    if (value == "*") {
      term.kind = Term::Kind::kPresent;
      return term;
    }
    Glob glob(value);
    if (glob.has_wildcards()) {
      term.kind = Term::Kind::kGlob;
      term.value = value;
      return term;
    }
    std::string literal = Unescape(value);
    if (FieldOf(c).is_ip) {
      std::optional<Cidr> cidr = ParseCidr(literal);
      if (literal.find('/') != std::string::npos) {
        if (!cidr) {
          if (strict) {
            return QueryError(text_, value_pos,
                              "invalid CIDR '" + literal + "' (expected e.g. 203.0.113.0/24 or 2001:db8::/32)");
          }
        } else {
          term.kind = Term::Kind::kCidr;
          term.cidr = *cidr;
          return term;
        }
      } else if (cidr && cidr->network.v6) {
        // IPv6 has several spellings of one address: compare addresses, not text.
        term.kind = Term::Kind::kCidr;
        term.cidr = *cidr;
        return term;
      }
    }
    term.kind = Term::Kind::kEquals;
    term.value = std::move(literal);
    return term;
  }

  Result<uint32_t> BareTerm(const Token& t, const std::string& value, bool quoted) {
    if (!quoted && value == "*") {
      Term all;
      all.pos = t.pos;
      return AddTerm(all);
    }
    if (value.empty()) {
      return QueryError(text_, t.pos, "empty value; to find absent values write field:\"\"");
    }
    if (value.starts_with("arn:")) {
      CT_ASSIGN_OR_RETURN(Term term, StringTerm(Column::kArn, value, quoted, t.value_pos, false));
      term.pos = t.pos;
      return AddTerm(std::move(term));
    }
    std::string literal = Unescape(value);
    if (!Glob(value).has_wildcards() && ParseCidr(literal)) {
      CT_ASSIGN_OR_RETURN(Term term, StringTerm(Column::kSourceIp, value, quoted, t.value_pos, false));
      term.pos = t.pos;
      return AddTerm(std::move(term));
    }
    std::vector<uint32_t> parts;
    for (Column c : kBareColumns) {
      CT_ASSIGN_OR_RETURN(Term term, StringTerm(c, value, quoted, t.value_pos, false));
      term.pos = t.pos;
      parts.push_back(AddTerm(std::move(term)));
    }
    return Combine(Node::Kind::kOr, parts);
  }

  Result<TimeMs> ParseTime(std::string_view v, uint32_t pos) {
    // Bound the text so that relative times cannot overflow (-999999999d is the most).
    std::optional<TimeMs> t;
    if (v.size() <= 40 && !(v.starts_with("-") && v.size() > 11)) t = ParseUserTime(v, now_);
    if (!t) {
      return QueryError(text_, pos, "invalid time '" + std::string(v) +
                                        "' (expected e.g. 2024-03-11T10:00:00Z, 2024-03-11, now, -2h, -30m, -7d)");
    }
    return *t;
  }

  Result<uint32_t> TimeTerm(const Token& t) {
    Term term;
    term.kind = Term::Kind::kTimeRange;
    term.column = Column::kEventTime;
    term.pos = t.pos;
    if (t.is_range) {
      if (t.lo != "*") {
        CT_ASSIGN_OR_RETURN(TimeMs lo, ParseTime(t.lo, t.lo_pos));
        term.time_begin = t.lo_inclusive ? lo : lo + 1;
      }
      if (t.hi != "*") {
        CT_ASSIGN_OR_RETURN(TimeMs hi, ParseTime(t.hi, t.hi_pos));
        term.time_end = t.hi_inclusive ? hi + 1 : hi;
      }
      if (term.time_begin > term.time_end) {
        return QueryError(text_, t.hi_pos, "the range ends before it starts");
      }
      return AddTerm(std::move(term));
    }
    if (t.op == Op::kMatch && !t.quoted && t.value == "*") {
      term.kind = Term::Kind::kAll;
      return AddTerm(std::move(term));
    }
    if (Glob(t.value).has_wildcards()) {
      return QueryError(text_, t.value_pos,
                        "wildcards do not apply to eventTime; use time>=..., time<... or time:[A TO B]");
    }
    CT_ASSIGN_OR_RETURN(TimeMs v, ParseTime(Unescape(t.value), t.value_pos));
    switch (t.op) {
      case Op::kMatch: term.time_begin = v; term.time_end = v + 1; break;
      case Op::kGt: term.time_begin = v + 1; break;
      case Op::kGe: term.time_begin = v; break;
      case Op::kLt: term.time_end = v; break;
      case Op::kLe: term.time_end = v + 1; break;
    }
    return AddTerm(std::move(term));
  }

  Result<uint32_t> BoolTerm(const Token& t, Column c) {
    if (t.op != Op::kMatch) {
      return QueryError(text_, t.op_pos, "comparisons (> >= < <=) apply only to eventTime");
    }
    if (t.is_range) return QueryError(text_, t.value_pos, "ranges apply only to eventTime");
    Term term;
    term.column = c;
    term.pos = t.pos;
    if (t.value.empty()) {
      term.kind = Term::Kind::kAbsent;
    } else if (t.value == "*") {
      term.kind = Term::Kind::kPresent;
    } else if (EqualsIgnoreCase(t.value, "true") || EqualsIgnoreCase(t.value, "false")) {
      term.kind = Term::Kind::kBool;
      term.bool_value = EqualsIgnoreCase(t.value, "true");
    } else {
      return QueryError(text_, t.value_pos,
                        "expected true or false for " + std::string(FieldOf(c).path) + ", not '" +
                            Unescape(t.value) + "'");
    }
    return AddTerm(std::move(term));
  }

  std::string_view text_;
  std::vector<Token> toks_;
  TimeMs now_;
  size_t i_ = 0;
  Query q_;
};

}  // namespace

std::span<const Column> BareValueColumns() { return kBareColumns; }

Result<Query> ParseQuery(std::string_view text, TimeMs now) {
  CT_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text));
  return Parser(text, std::move(tokens), now).Run();
}

Result<Query> ParseQuery(std::string_view text) { return ParseQuery(text, NowMs()); }

}  // namespace credtrace::query
