#include "query/lexer.h"

#include "base/strings.h"

#include <cctype>

#include "query/errors.h"

namespace credtrace::query {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsFieldChar(char c) { return IsAlpha(c) || (c >= '0' && c <= '9') || c == '.' || c == '_'; }
bool IsWordEnd(char c) { return IsSpace(c) || c == '(' || c == ')'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      SkipSpace();
      Token t;
      t.pos = static_cast<uint32_t>(i_);
      if (i_ >= s_.size()) {
        t.end = t.pos;
        out.push_back(std::move(t));
        return out;
      }
      char c = s_[i_];
      if (c == '(') {
        t.kind = Token::Kind::kLParen;
        ++i_;
      } else if (c == ')') {
        t.kind = Token::Kind::kRParen;
        ++i_;
      } else if (c == '-' && i_ + 1 < s_.size() &&
                 (IsAlpha(s_[i_ + 1]) || s_[i_ + 1] == '"' || s_[i_ + 1] == '(')) {
        t.kind = Token::Kind::kNot;
        ++i_;
      } else {
        CT_RETURN_IF_ERROR(LexTerm(&t));
      }
      t.end = static_cast<uint32_t>(i_);
      out.push_back(std::move(t));
    }
  }

 private:
  void SkipSpace() {
    while (i_ < s_.size() && IsSpace(s_[i_])) ++i_;
  }

  // Reads an operator at i_, if any.
  bool ReadOp(Op* op) {
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    char n = i_ + 1 < s_.size() ? s_[i_ + 1] : '\0';
    if (c == ':' || c == '=') {
      *op = Op::kMatch;
      ++i_;
    } else if (c == '>' || c == '<') {
      bool eq = n == '=';
      *op = c == '>' ? (eq ? Op::kGe : Op::kGt) : (eq ? Op::kLe : Op::kLt);
      i_ += eq ? 2 : 1;
    } else {
      return false;
    }
    return true;
  }

  Status LexTerm(Token* t) {
    // A field name followed (after optional spaces) by an operator makes a field term.
    if (IsAlpha(s_[i_])) {
      size_t j = i_;
      while (j < s_.size() && IsFieldChar(s_[j])) ++j;
      size_t k = j;
      while (k < s_.size() && IsSpace(s_[k])) ++k;
      if (k < s_.size() && (s_[k] == ':' || s_[k] == '=' || s_[k] == '<' || s_[k] == '>')) {
        t->kind = Token::Kind::kTerm;
        t->field = std::string(s_.substr(i_, j - i_));
        i_ = k;
        t->op_pos = static_cast<uint32_t>(k);
        ReadOp(&t->op);
        SkipSpace();
        if (i_ >= s_.size() || s_[i_] == ')') {
          return QueryError(s_, i_, "missing value after '" + t->field + "'");
        }
        if (t->op == Op::kMatch && (s_[i_] == '[' || s_[i_] == '{')) return LexRange(t);
        return LexValue(t);
      }
    }
    t->kind = Token::Kind::kBare;
    CT_RETURN_IF_ERROR(LexValue(t));
    if (!t->quoted) {
      if (EqualsIgnoreCase(t->value, "AND")) t->kind = Token::Kind::kAnd;
      else if (EqualsIgnoreCase(t->value, "OR")) t->kind = Token::Kind::kOr;
      else if (EqualsIgnoreCase(t->value, "NOT")) t->kind = Token::Kind::kNot;
    }
    return Status::Ok();
  }

  // A value at i_: quoted, or unquoted up to a space or parenthesis.
  Status LexValue(Token* t) {
    t->value_pos = static_cast<uint32_t>(i_);
    if (s_[i_] == '"') return LexQuoted(t);
    while (i_ < s_.size() && !IsWordEnd(s_[i_])) {
      char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size()) {
        char n = s_[i_ + 1];
        if (n == '*' || n == '?' || n == '\\') t->value += '\\';
        t->value += n;
        i_ += 2;
        continue;
      }
      t->value += c;
      ++i_;
    }
    return Status::Ok();
  }

  Status LexQuoted(Token* t) {
    const size_t open = i_++;
    t->quoted = true;
    while (true) {
      if (i_ >= s_.size()) return QueryError(s_, open, "unclosed quote");
      char c = s_[i_];
      if (c == '"') {
        ++i_;
        break;
      }
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) return QueryError(s_, open, "unclosed quote");
        char n = s_[i_ + 1];
        if (n == '*' || n == '?' || n == '\\') {
          t->value += '\\';
          t->value += n;
        } else if (n == '"') {
          t->value += '"';
        } else {
          return QueryError(s_, i_, std::string("unknown escape '\\") + n +
                                        "' (escapes are \\\" \\\\ \\* \\?)");
        }
        i_ += 2;
        continue;
      }
      t->value += c;
      ++i_;
    }
    if (i_ < s_.size() && !IsWordEnd(s_[i_])) {
      return QueryError(s_, i_, "expected a space or parenthesis after the closing quote");
    }
    return Status::Ok();
  }

  // [lo TO hi] with '[' / ']' inclusive and '{' / '}' exclusive ends.
  Status LexRange(Token* t) {
    const size_t open = i_;
    t->is_range = true;
    t->value_pos = static_cast<uint32_t>(open);
    t->lo_inclusive = s_[i_++] == '[';
    size_t close = i_;
    while (close < s_.size() && s_[close] != ']' && s_[close] != '}') ++close;
    if (close >= s_.size()) return QueryError(s_, open, "unclosed range (expected ']' or '}')");
    t->hi_inclusive = s_[close] == ']';
    // Split the inside into words.
    std::vector<std::pair<std::string_view, size_t>> words;
    size_t j = i_;
    while (j < close) {
      while (j < close && IsSpace(s_[j])) ++j;
      size_t b = j;
      while (j < close && !IsSpace(s_[j])) ++j;
      if (j > b) words.emplace_back(s_.substr(b, j - b), b);
    }
    if (words.size() != 3 || !EqualsIgnoreCase(words[1].first, "TO")) {
      return QueryError(s_, open, "expected a range like [START TO END] (use * for an open end)");
    }
    t->lo = std::string(words[0].first);
    t->lo_pos = static_cast<uint32_t>(words[0].second);
    t->hi = std::string(words[2].first);
    t->hi_pos = static_cast<uint32_t>(words[2].second);
    i_ = close + 1;
    if (i_ < s_.size() && !IsWordEnd(s_[i_])) {
      return QueryError(s_, i_, "expected a space or parenthesis after the range");
    }
    return Status::Ok();
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

Result<std::vector<Token>> Lex(std::string_view text) {
  if (text.size() > UINT32_MAX / 2) return Status::InvalidArgument("query too long");
  return Lexer(text).Run();
}

}  // namespace credtrace::query
