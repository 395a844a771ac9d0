// Reading fields of JSON documents credtrace wrote but a person may have edited (the
// investigation, the journal, verify.json, chain entries): a field that is absent or of another
// type reads as empty, never as an error and never as an exception.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace credtrace::casefile {

// The string at j[key], "" when absent or not a string.
inline std::string JStr(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The array at j[key], an empty array when absent or not an array. The reference stays valid as
// long as `j` does.
inline const nlohmann::json& JArr(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

// The object at j[key], an empty object when absent or not an object.
inline const nlohmann::json& JObj(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

// A non-negative integer at j[key], 0 when absent or of another type.
inline uint64_t JU64(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return 0;
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_unsigned()) return it->get<uint64_t>();
  if (it->is_number_integer() && it->get<int64_t>() > 0) return static_cast<uint64_t>(it->get<int64_t>());
  return 0;
}

// "" as null, for documents whose unknown values are null.
inline nlohmann::json JNullIfEmpty(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace credtrace::casefile
