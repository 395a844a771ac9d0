// Small JSON documents (findings files, hand-saved API output) read with errors that say where:
// the byte offset of a syntax error, and of a value whose type is wrong. nlohmann_json builds the
// tree but keeps no positions, so a value's path from its document root is carried along while
// reading, and turned into a byte offset only when something is wrong (LocateValue).
//
// A text may hold several documents: concatenated, or one per line (JSON lines).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace credtrace::investigate {

using Json = nlohmann::json;

// A failure at a byte offset of the text; the caller names the file.
struct JsonFailure {
  StatusCode code = StatusCode::kCorrupt;
  size_t offset = 0;
  std::string reason;  // never quotes bytes of the text (they may be anything)
};

// One top-level value of a text and the bytes it was parsed from.
struct JsonDocument {
  size_t begin = 0, end = 0;  // [begin, end) in the text
  Json value;
};

// Deepest nesting of objects and arrays accepted. Findings nest about 10 deep; the bound keeps a
// hostile file from exhausting the stack of anything that walks the tree recursively.
inline constexpr size_t kMaxJsonDepth = 256;

// Parses every top-level value of `text` (objects or arrays, separated by white space; a UTF-8
// byte order mark at the start is skipped). Stops at the first value that is not well-formed
// JSON, is not an object or array, or nests deeper than kMaxJsonDepth, and returns where.
std::optional<JsonFailure> ParseJsonDocuments(std::string_view text,
                                              std::vector<JsonDocument>* docs);

// A step from a value to one of its members (key) or elements (index).
using JsonStep = std::variant<std::string, size_t>;
using JsonPath = std::vector<JsonStep>;

// "Findings[1].Resource.AccessKeyDetails" (keys as the document spells them).
std::string JsonPathText(const JsonPath& path);

// The byte offset, inside `doc` (the text of one well-formed JSON value), of the value at
// `path`; when a step is missing, the offset of the deepest value found. With duplicate keys the
// last one counts, as in the parsed tree.
size_t LocateJsonValue(std::string_view doc, const JsonPath& path);

// A value of a parsed document with its path; absent when the document has nothing there.
// Holds a pointer into the document's tree: valid while that tree lives.
class JsonNode {
 public:
  JsonNode() = default;
  JsonNode(const Json* value, JsonPath path) : v_(value), path_(std::move(path)) {}

  // False when absent or JSON null (AWS writes null for "none" in places).
  bool present() const { return v_ != nullptr && !v_->is_null(); }
  const Json& value() const { return *v_; }
  const JsonPath& path() const { return path_; }
  bool is_object() const { return present() && v_->is_object(); }
  bool is_array() const { return present() && v_->is_array(); }
  // The member `key`, or, when there is none, the member spelt with the other case of its first
  // letter: the GuardDuty API writes "accessKeyId" where the AWS CLI prints "AccessKeyId". Absent
  // when this is not an object.
  JsonNode Member(std::string_view key) const;
  // Element `i` of an array (absent when out of range or not an array).
  JsonNode Element(size_t i) const;
  size_t size() const { return is_array() ? v_->size() : 0; }

 private:
  const Json* v_ = nullptr;
  JsonPath path_;
};

// Reads typed values out of nodes, checking every type: the first value of a wrong type is
// remembered (path and reason, as kCorrupt) and reads go on, so one pass over a finding either
// yields it or says the first thing wrong with it. Absent values read as empty, never as errors.
class JsonReader {
 public:
  // Follows `keys` from `from`; a value on the way that is present but not an object is an error.
  JsonNode Dig(const JsonNode& from, std::initializer_list<std::string_view> keys);
  // The object at `n` (absent stays absent; another type is an error and reads as absent).
  JsonNode Object(const JsonNode& n);
  // The array at `n`, likewise.
  JsonNode Array(const JsonNode& n);
  // The string at `n`; "" when absent.
  std::string Str(const JsonNode& n);
  // A string or an integer, as text: ASNs are strings in GuardDuty and numbers in ASFF.
  std::string StrOrInteger(const JsonNode& n);
  std::optional<double> Number(const JsonNode& n);
  // An ISO 8601 time string (fractional seconds and offsets allowed); "" reads as absent.
  std::optional<TimeMs> Time(const JsonNode& n);
  // Every string of an array of strings.
  std::vector<std::string> Strs(const JsonNode& n);

  // Records a failure at `n` unless one is already recorded.
  void Fail(const JsonNode& n, StatusCode code, std::string reason);
  bool failed() const { return failure_.has_value(); }
  struct Failure {
    JsonPath path;
    StatusCode code;
    std::string reason;
  };
  const std::optional<Failure>& failure() const { return failure_; }

 private:
  void WrongType(const JsonNode& n, const char* expected);
  std::optional<Failure> failure_;
};

}  // namespace credtrace::investigate
