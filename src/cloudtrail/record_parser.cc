#include "cloudtrail/record_parser.h"

#include <cstring>
#include <utility>
#include <vector>

namespace credtrace::cloudtrail {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

// The raw key text (CloudTrail keys are plain ASCII without escapes; a key with an escape simply
// matches nothing we look for).
inline std::string_view RawKey(od::field& f) {
  const char* p = f.key().raw();
  const char* q = static_cast<const char*>(std::memchr(p, '"', 256));
  return q ? std::string_view(p, static_cast<size_t>(q - p)) : std::string_view();
}

// Reads a string value; null and non-strings leave `out` empty. Returns a JSON error only when
// the bytes are broken.
inline error_code GetOptString(od::value& v, std::string_view* out) {
  od::json_type t;
  error_code e = v.type().get(t);
  if (e) return e;
  if (t == od::json_type::string) return v.get_string().get(*out);
  return SUCCESS;  // skipped by the iterator
}

// The JSON paths to extract, as a tree built once from the field table (fields.cc): the table
// is the one place that says which CloudTrail fields become columns.
struct PathNode {
  std::string_view key;
  int column = -1;                 // a string column to fill, or -1
  std::vector<PathNode> children;  // for objects
  const PathNode* Find(std::string_view k) const {
    for (const PathNode& c : children)
      if (c.key.size() == k.size() && c.key == k) return &c;
    return nullptr;
  }
};

const PathNode& PathTree() {
  static const PathNode root = [] {
    PathNode r;
    for (const FieldSpec& f : AllFields()) {
      // Filled elsewhere: eventTime (a time), readOnly (a bool), sessionName (derived).
      if (f.type != FieldType::kString || f.column == Column::kSessionName) continue;
      PathNode* node = &r;
      std::string_view path = f.path;
      while (true) {
        size_t dot = path.find('.');
        std::string_view part = path.substr(0, dot);
        PathNode* next = const_cast<PathNode*>(node->Find(part));
        if (next == nullptr) {
          node->children.push_back(PathNode{part, -1, {}});
          next = &node->children.back();
        }
        node = next;
        if (dot == std::string_view::npos) break;
        path.remove_prefix(dot + 1);
      }
      node->column = static_cast<int>(f.column);
    }
    return r;
  }();
  return root;
}

// Fills the columns under `node` from the object v (null and non-objects are skipped).
error_code ParseNested(od::value v, const PathNode& node, Event* ev) {
  od::object o;
  if (v.get_object().get(o)) return SUCCESS;
  for (auto fr : o) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) return e;
    const PathNode* child = node.Find(RawKey(f));
    if (child == nullptr) continue;
    if (child->column >= 0) {
      std::string_view s;
      if (error_code e = GetOptString(f.value(), &s)) return e;
      ev->text[static_cast<size_t>(child->column)] = s;
    } else if (error_code e = ParseNested(f.value(), *child, ev)) {
      return e;
    }
  }
  return SUCCESS;
}

// "arn:aws:sts::123456789012:assumed-role/RoleName/SessionName" -> "SessionName".
std::string_view SessionNameOf(std::string_view arn) {
  size_t p = arn.find(":assumed-role/");
  if (p == std::string_view::npos) return {};
  std::string_view rest = arn.substr(p + 14);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return {};
  return rest.substr(slash + 1);
}

}  // namespace

ParseOutcome ParseRecordObject(od::object obj, Event* ev, ObjectShape* shape,
                               UnknownKeyHandler* unknown, std::string* why,
                               error_code* json_error) {
  const PathNode& tree = PathTree();
  std::string_view time_text;
  bool has_time = false, has_version = false;
  for (auto fr : obj) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) { *json_error = e; return ParseOutcome::kJsonError; }
    std::string_view k = RawKey(f);
    error_code e = SUCCESS;
    if (const PathNode* node = tree.Find(k)) {
      if (node->column >= 0) {
        std::string_view s;
        e = GetOptString(f.value(), &s);
        ev->text[static_cast<size_t>(node->column)] = s;
      } else {
        e = ParseNested(f.value(), *node, ev);
      }
    } else if (k == "eventTime") {
      has_time = true;
      e = GetOptString(f.value(), &time_text);
    } else if (k == "readOnly") {
      od::value v = f.value();
      od::json_type t;
      e = v.type().get(t);
      if (!e && t == od::json_type::boolean) {
        bool b = false;
        e = v.get_bool().get(b);
        ev->read_only = b ? 1 : 0;
      } else if (!e && t == od::json_type::string) {
        std::string_view s;
        e = v.get_string().get(s);
        if (s == "true") ev->read_only = 1;
        else if (s == "false") ev->read_only = 0;
      }
    } else if (k == "eventVersion") {
      has_version = true;
    } else if (unknown != nullptr) {
      e = unknown->OnKey(k, f.value(), shape);
    } else if (k == "CloudTrailEvent") {
      shape->cloudtrail_event = true;
    }
    if (e) { *json_error = e; return ParseOutcome::kJsonError; }
  }
  bool looks_like_record = has_time || has_version || !ev->get(Column::kEventName).empty();
  if (!looks_like_record) return ParseOutcome::kNotRecord;
  if (time_text.empty()) { *why = "record has no eventTime"; return ParseOutcome::kBadRecord; }
  auto t = ParseIsoTime(time_text);
  if (!t) { *why = "record has an eventTime that is not ISO 8601: " + std::string(time_text.substr(0, 64)); return ParseOutcome::kBadRecord; }
  ev->time = *t;
  // Insights records carry their event name inside insightDetails; the reader sets them aside.
  if (ev->get(Column::kEventType) == "AwsCloudTrailInsight") return ParseOutcome::kRecord;
  if (ev->get(Column::kEventName).empty()) { *why = "record has no eventName"; return ParseOutcome::kBadRecord; }
  if (ev->get(Column::kEventSource).empty()) { *why = "record has no eventSource"; return ParseOutcome::kBadRecord; }
  ev->set(Column::kSessionName, SessionNameOf(ev->get(Column::kArn)));
  return ParseOutcome::kRecord;
}

}  // namespace credtrace::cloudtrail
