#include "investigate/located_json.h"

#include <algorithm>
#include <cctype>

namespace credtrace::investigate {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

// `i` at an opening quote; returns the index after the closing one (or the end).
size_t SkipString(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// `i` at the first byte of a value; returns the index after it. Objects and arrays are skipped by
// counting brackets outside strings (no recursion: the text may nest deep).
size_t SkipValue(std::string_view s, size_t i) {
  if (i >= s.size()) return s.size();
  if (s[i] == '"') return SkipString(s, i);
  if (s[i] != '{' && s[i] != '[') {
    while (i < s.size() && !IsSpace(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;
    return i;
  }
  size_t depth = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"') {
      i = SkipString(s, i);
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
    ++i;
  }
  return s.size();
}

// `token` is a JSON string with its quotes: does it spell `key`? Escapes are decoded (a key may
// be written "\u0041ccessKeyId"), the slow way, since this runs only to report an error.
bool KeyEquals(std::string_view token, std::string_view key) {
  if (token.size() < 2) return false;
  std::string_view raw = token.substr(1, token.size() - 2);
  if (raw.find('\\') == std::string_view::npos) return raw == key;
  try {
    Json k = Json::parse(token);
    return k.is_string() && k.get_ref<const std::string&>() == key;
  } catch (const Json::exception&) {
    return false;
  }
}

// nlohmann's message without its "[json.exception...] parse error at line 1, column 6: " prefix
// and without "; last read: '...'", which quotes the input.
std::string CleanParseError(std::string_view what) {
  size_t col = what.find("column ");
  if (col != std::string_view::npos) {
    size_t colon = what.find(": ", col);
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  size_t last = what.find("; last read");
  if (last != std::string_view::npos) what = what.substr(0, last);
  return std::string(what);
}

// The end of the value starting at `begin` ('{' or '['), found by counting brackets; the end of
// the text when it is truncated. Fails when the nesting is deeper than kMaxJsonDepth.
std::optional<JsonFailure> FindEnd(std::string_view text, size_t begin, size_t* end) {
  size_t depth = 0;
  size_t i = begin;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      i = SkipString(text, i);
      continue;
    }
    if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) {
        return JsonFailure{StatusCode::kCorrupt, i,
                           "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
      }
    } else if ((c == '}' || c == ']') && --depth == 0) {
      *end = i + 1;
      return std::nullopt;
    }
    ++i;
  }
  *end = text.size();
  return std::nullopt;
}

}  // namespace

std::optional<JsonFailure> ParseJsonDocuments(std::string_view text,
                                              std::vector<JsonDocument>* docs) {
  size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (;;) {
    i = SkipSpace(text, i);
    if (i >= text.size()) return std::nullopt;
    if (text[i] != '{' && text[i] != '[') {
      return JsonFailure{StatusCode::kCorrupt, i, "expected a JSON object or array"};
    }
    size_t end = 0;
    if (auto f = FindEnd(text, i, &end)) return f;
    JsonDocument doc;
    doc.begin = i;
    doc.end = end;
    try {
      doc.value = Json::parse(text.begin() + static_cast<ptrdiff_t>(i),
                              text.begin() + static_cast<ptrdiff_t>(end));
    } catch (const Json::parse_error& e) {
      // e.byte is 1-based and points one past the end when the input ran out.
      size_t at = i + std::min(e.byte > 0 ? e.byte - 1 : 0, end - i);
      return JsonFailure{StatusCode::kCorrupt, at, "invalid JSON: " + CleanParseError(e.what())};
    } catch (const Json::exception&) {
      // out_of_range (a number beyond double) is the only other error parsing raises.
      return JsonFailure{StatusCode::kCorrupt, i, "invalid JSON: a number out of range"};
    }
    docs->push_back(std::move(doc));
    i = end;
  }
}

std::string JsonPathText(const JsonPath& path) {
  std::string out;
  for (const JsonStep& step : path) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (!out.empty()) out += '.';
      out += *key;
    } else {
      out += '[' + std::to_string(std::get<size_t>(step)) + ']';
    }
  }
  return out.empty() ? "(top level)" : out;
}

size_t LocateJsonValue(std::string_view doc, const JsonPath& path) {
  size_t i = SkipSpace(doc, 0);
  for (const JsonStep& step : path) {
    if (i >= doc.size()) break;
    std::optional<size_t> found;
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (doc[i] != '{') break;
      size_t j = SkipSpace(doc, i + 1);
      while (j < doc.size() && doc[j] == '"') {
        size_t key_end = SkipString(doc, j);
        bool match = KeyEquals(doc.substr(j, key_end - j), *key);
        j = SkipSpace(doc, key_end);
        if (j >= doc.size() || doc[j] != ':') break;
        j = SkipSpace(doc, j + 1);
        if (match) found = j;  // keep going: the last duplicate is the one parsed
        j = SkipSpace(doc, SkipValue(doc, j));
        if (j >= doc.size() || doc[j] != ',') break;
        j = SkipSpace(doc, j + 1);
      }
    } else {
      if (doc[i] != '[') break;
      size_t want = std::get<size_t>(step);
      size_t j = SkipSpace(doc, i + 1);
      for (size_t n = 0; j < doc.size() && doc[j] != ']'; ++n) {
        if (n == want) {
          found = j;
          break;
        }
        j = SkipSpace(doc, SkipValue(doc, j));
        if (j >= doc.size() || doc[j] != ',') break;
        j = SkipSpace(doc, j + 1);
      }
    }
    if (!found) break;
    i = *found;
  }
  return std::min(i, doc.size());
}

JsonNode JsonNode::Member(std::string_view key) const {
  if (!is_object() || key.empty()) return {};
  std::string k(key);
  auto it = v_->find(k);
  if (it == v_->end()) {
    unsigned char c = static_cast<unsigned char>(k[0]);
    k[0] = static_cast<char>(std::isupper(c) ? std::tolower(c) : std::toupper(c));
    it = v_->find(k);
    if (it == v_->end()) return {};
  }
  JsonPath p = path_;
  p.emplace_back(std::move(k));
  return JsonNode(&*it, std::move(p));
}

JsonNode JsonNode::Element(size_t i) const {
  if (!is_array() || i >= v_->size()) return {};
  JsonPath p = path_;
  p.emplace_back(i);
  return JsonNode(&(*v_)[i], std::move(p));
}

void JsonReader::Fail(const JsonNode& n, StatusCode code, std::string reason) {
  if (!failure_) failure_ = Failure{n.path(), code, std::move(reason)};
}

void JsonReader::WrongType(const JsonNode& n, const char* expected) {
  const Json& v = n.value();
  const char* found = v.is_object()    ? "an object"
                      : v.is_array()   ? "an array"
                      : v.is_string()  ? "a string"
                      : v.is_number()  ? "a number"
                      : v.is_boolean() ? "a boolean"
                                       : "null";
  Fail(n, StatusCode::kCorrupt, std::string("expected ") + expected + ", found " + found);
}

JsonNode JsonReader::Object(const JsonNode& n) {
  if (!n.present()) return {};
  if (!n.value().is_object()) {
    WrongType(n, "an object");
    return {};
  }
  return n;
}

JsonNode JsonReader::Array(const JsonNode& n) {
  if (!n.present()) return {};
  if (!n.value().is_array()) {
    WrongType(n, "an array");
    return {};
  }
  return n;
}

JsonNode JsonReader::Dig(const JsonNode& from, std::initializer_list<std::string_view> keys) {
  JsonNode n = from;
  for (std::string_view k : keys) {
    n = Object(n);
    if (!n.present()) return {};
    n = n.Member(k);
  }
  return n;
}

std::string JsonReader::Str(const JsonNode& n) {
  if (!n.present()) return {};
  if (!n.value().is_string()) {
    WrongType(n, "a string");
    return {};
  }
  return n.value().get<std::string>();
}

std::string JsonReader::StrOrInteger(const JsonNode& n) {
  if (!n.present()) return {};
  const Json& v = n.value();
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  WrongType(n, "a string or an integer");
  return {};
}

std::optional<double> JsonReader::Number(const JsonNode& n) {
  if (!n.present()) return std::nullopt;
  if (!n.value().is_number()) {
    WrongType(n, "a number");
    return std::nullopt;
  }
  return n.value().get<double>();
}

std::optional<TimeMs> JsonReader::Time(const JsonNode& n) {
  std::string s = Str(n);
  if (s.empty()) return std::nullopt;
  std::optional<TimeMs> t = ParseIsoTime(s);
  if (!t) Fail(n, StatusCode::kCorrupt, "expected an ISO 8601 time");
  return t;
}

std::vector<std::string> JsonReader::Strs(const JsonNode& n) {
  std::vector<std::string> out;
  JsonNode a = Array(n);
  for (size_t i = 0; i < a.size(); ++i) {
    std::string s = Str(a.Element(i));
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace credtrace::investigate
