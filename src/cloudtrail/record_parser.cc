#include "cloudtrail/record_parser.h"

#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "base/strings.h"

namespace credtrace::cloudtrail {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

namespace {

// The raw key text (CloudTrail keys are plain ASCII without escapes; a key with an escape simply
// matches nothing we look for). simdjson guarantees SIMDJSON_PADDING readable bytes past the end
// of the document, so the 32 bytes from the key's first character can be loaded at once.
inline std::string_view RawKey(od::field& f) {
  const char* p = f.key().raw();
#if defined(__AVX2__)
  __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  uint32_t m = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"'))));
  if (m != 0) return std::string_view(p, static_cast<size_t>(__builtin_ctz(m)));
#endif
  const char* q = static_cast<const char*>(std::memchr(p, '"', 256));
  return q ? std::string_view(p, static_cast<size_t>(q - p)) : std::string_view();
}

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint32_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// A hash of a key from its length and first bytes (keys of one object differ there).
inline uint64_t KeyHash(std::string_view k) {
  uint64_t w = 0;
  if (k.size() >= 8) w = Load64(k.data()) ^ Load64(k.data() + k.size() - 8);
  else if (k.size() >= 4) w = Load32(k.data()) | (uint64_t{Load32(k.data() + k.size() - 4)} << 32);
  else
    for (size_t i = 0; i < k.size(); ++i) w = (w << 8) | static_cast<unsigned char>(k[i]);
  return (w ^ (k.size() * 0x9E3779B97F4A7C15ull)) * 0xFF51AFD7ED558CCDull;
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
  // children by KeyHash: a table with no two children in one slot (index + 1; 0 = none), so a
  // look-up is one hash, one slot and one comparison.
  std::vector<uint8_t> slots;
  unsigned shift = 64;
  const PathNode* Find(std::string_view k) const {
    if (slots.empty()) return nullptr;
    uint8_t i = slots[KeyHash(k) >> shift];
    if (i == 0) return nullptr;
    const PathNode& c = children[i - 1u];
    return c.key.size() == k.size() && SameBytes(c.key.data(), k.data(), k.size()) ? &c : nullptr;
  }
  // Builds the slot tables of this node and those below (once the tree is complete).
  void Index() {
    for (PathNode& c : children) c.Index();
    if (children.empty()) return;
    for (unsigned bits = 4; bits <= 16; ++bits) {
      std::vector<uint8_t> t(size_t{1} << bits, 0);
      bool clash = false;
      for (size_t i = 0; i < children.size() && !clash; ++i) {
        uint8_t& s = t[KeyHash(children[i].key) >> (64 - bits)];
        if (s != 0) clash = true;
        else s = static_cast<uint8_t>(i + 1);
      }
      if (!clash) {
        slots = std::move(t);
        shift = 64 - bits;
        return;
      }
    }
    std::abort();  // cannot happen for the field table's few distinct keys per object
  }
  const PathNode* FindSlow(std::string_view k) const {
    for (const PathNode& c : children)
      if (c.key == k) return &c;
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
        PathNode* next = const_cast<PathNode*>(node->FindSlow(part));
        if (next == nullptr) {
          PathNode child;
          child.key = part;
          node->children.push_back(std::move(child));
          next = &node->children.back();
        }
        node = next;
        if (dot == std::string_view::npos) break;
        path.remove_prefix(dot + 1);
      }
      node->column = static_cast<int>(f.column);
    }
    r.Index();
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
