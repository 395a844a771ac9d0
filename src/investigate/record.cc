#include "investigate/record.h"

#include <functional>

namespace credtrace::investigate {

namespace dom = simdjson::dom;

struct Record::Impl {
  simdjson::padded_string text;
  dom::document doc;
  dom::element root;
};

Record::Record() : impl_(std::make_unique<Impl>()) {}
Record::Record(Record&&) noexcept = default;
Record& Record::operator=(Record&&) noexcept = default;
Record::~Record() = default;

Result<Record> Record::Parse(std::string_view json) {
  Record r;
  r.impl_->text = simdjson::padded_string(json);
  // One parser per thread, reused: a parser's buffers are the expensive part; the document
  // (the tape) belongs to the record.
  thread_local dom::parser parser;
  auto root = parser.parse_into_document(r.impl_->doc, r.impl_->text.data(), r.impl_->text.size());
  if (root.error()) {
    return Status::Corrupt(std::string("record is not valid JSON: ") +
                           simdjson::error_message(root.error()));
  }
  if (!root.value_unsafe().is_object()) return Status::Corrupt("record is not a JSON object");
  r.impl_->root = root.value_unsafe();
  return r;
}

std::string_view Record::text() const {
  return std::string_view(impl_->text.data(), impl_->text.size());
}
dom::element Record::root() const { return impl_->root; }

namespace {

// Walks `path` from `e`; calls fn for each element reached. Returns false when fn asked to stop.
bool Walk(dom::element e, std::string_view path, const std::function<bool(dom::element)>& fn) {
  while (!path.empty()) {
    if (path.front() == '.') {
      path.remove_prefix(1);
      continue;
    }
    if (path.substr(0, 2) == "[]") {
      dom::array arr;
      if (e.get_array().get(arr)) return true;
      std::string_view rest = path.substr(2);
      for (dom::element item : arr) {
        if (!Walk(item, rest, fn)) return false;
      }
      return true;
    }
    size_t end = path.find_first_of(".[");
    std::string_view key = path.substr(0, end);
    path = end == std::string_view::npos ? std::string_view() : path.substr(end);
    dom::object obj;
    if (e.get_object().get(obj)) return true;
    if (obj.at_key(key).get(e)) return true;  // absent
  }
  return fn(e);
}

}  // namespace

void WalkPath(dom::element from, std::string_view path,
              const std::function<void(dom::element)>& fn) {
  Walk(from, path, [&](dom::element e) {
    fn(e);
    return true;
  });
}

simdjson::simdjson_result<dom::element> Record::At(std::string_view path) const {
  simdjson::simdjson_result<dom::element> out(simdjson::NO_SUCH_FIELD);
  Walk(impl_->root, path, [&](dom::element e) {
    out = simdjson::simdjson_result<dom::element>(dom::element(e));
    return false;
  });
  return out;
}

std::string_view Record::Str(std::string_view path) const {
  dom::element e;
  if (At(path).get(e)) return {};
  std::string_view s;
  if (e.get_string().get(s)) return {};
  return s;
}

std::vector<std::string_view> Record::Strs(std::string_view path) const {
  std::vector<std::string_view> out;
  Walk(impl_->root, path, [&](dom::element e) {
    std::string_view s;
    if (!e.get_string().get(s)) out.push_back(s);
    return true;
  });
  return out;
}

bool Record::Bool(std::string_view path) const {
  dom::element e;
  if (At(path).get(e)) return false;
  bool b = false;
  if (!e.get_bool().get(b)) return b;
  std::string_view s;
  if (!e.get_string().get(s)) return s == "true";
  return false;
}

double Record::Num(std::string_view path, double dflt) const {
  dom::element e;
  if (At(path).get(e)) return dflt;
  double d = 0;
  if (!e.get_double().get(d)) return d;
  int64_t i = 0;
  if (!e.get_int64().get(i)) return static_cast<double>(i);
  uint64_t u = 0;
  if (!e.get_uint64().get(u)) return static_cast<double>(u);
  return dflt;
}

std::string Record::Json(std::string_view path) const {
  dom::element e;
  if (At(path).get(e)) return {};
  return simdjson::minify(e);
}

}  // namespace credtrace::investigate
