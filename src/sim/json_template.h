// JSON text templates with {{name}} slots, compiled once and expanded by appending: the way
// the simulator writes request parameters and response elements without building a DOM.
// Slot values are inserted verbatim, so a value placed inside quotes must already be
// JSON-escaped (see Escaped()).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace credtrace::sim {

// Name → value pairs for one expansion. Few entries, linear lookup.
class Args {
 public:
  Args& Set(std::string_view name, std::string value) {
    for (auto& kv : kv_) {
      if (kv.first == name) { kv.second = std::move(value); return *this; }
    }
    kv_.emplace_back(name, std::move(value));
    return *this;
  }
  const std::string* Find(std::string_view name) const {
    for (const auto& kv : kv_) {
      if (kv.first == name) return &kv.second;
    }
    return nullptr;
  }
  std::string Get(std::string_view name) const {
    const std::string* v = Find(name);
    return v ? *v : std::string();
  }

 private:
  std::vector<std::pair<std::string_view, std::string>> kv_;
};

// Supplies the values of automatic slots (names starting with '@': @region, @account, @reqid,
// @uuid, @iamdate...). Returns false when the name is unknown.
class AutoSlots {
 public:
  virtual ~AutoSlots() = default;
  virtual bool Append(std::string_view name, std::string* out) = 0;
};

class JsonTemplate {
 public:
  JsonTemplate() = default;
  explicit JsonTemplate(std::string_view text);
  bool empty() const { return parts_.empty(); }
  // Appends the expansion. Missing slots expand to nothing (a bug in the caller; tests check
  // that every generated record is valid JSON).
  void Expand(const Args& args, AutoSlots* autos, std::string* out) const;
  std::string Expand(const Args& args, AutoSlots* autos) const {
    std::string s;
    Expand(args, autos, &s);
    return s;
  }

 private:
  struct Part {
    std::string literal;
    std::string slot;  // empty for the trailing literal
  };
  std::vector<Part> parts_;
};

// s as the inside of a JSON string literal (no surrounding quotes).
std::string Escaped(std::string_view s);

}  // namespace credtrace::sim
