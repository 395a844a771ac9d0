#include "cloudtrail/record_parser.h"

#include <cstring>
#include <utility>

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

error_code ParseSessionIssuer(od::value v, Event* ev) {
  od::object o;
  if (v.get_object().get(o)) return SUCCESS;  // null or not an object
  for (auto fr : o) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) return e;
    if (RawKey(f) == "arn") {
      std::string_view s;
      if (error_code e = GetOptString(f.value(), &s)) return e;
      ev->set(Column::kSessionIssuerArn, s);
    }
  }
  return SUCCESS;
}

error_code ParseSessionContext(od::value v, Event* ev) {
  od::object o;
  if (v.get_object().get(o)) return SUCCESS;
  for (auto fr : o) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) return e;
    if (RawKey(f) == "sessionIssuer") {
      if (error_code e = ParseSessionIssuer(f.value(), ev)) return e;
    }
  }
  return SUCCESS;
}

error_code ParseIdentity(od::value v, Event* ev) {
  od::object o;
  if (v.get_object().get(o)) return SUCCESS;
  for (auto fr : o) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) return e;
    std::string_view k = RawKey(f);
    Column c;
    if (k == "type") c = Column::kIdentityType;
    else if (k == "principalId") c = Column::kPrincipalId;
    else if (k == "arn") c = Column::kArn;
    else if (k == "accountId") c = Column::kIdentityAccountId;
    else if (k == "accessKeyId") c = Column::kAccessKeyId;
    else if (k == "userName") c = Column::kUserName;
    else if (k == "invokedBy") c = Column::kInvokedBy;
    else if (k == "sessionContext") {
      if (error_code e = ParseSessionContext(f.value(), ev)) return e;
      continue;
    } else {
      continue;
    }
    std::string_view s;
    if (error_code e = GetOptString(f.value(), &s)) return e;
    ev->set(c, s);
  }
  return SUCCESS;
}

// requestParameters: only top-level keys that name credentials' targets.
error_code ParseRequestParameters(od::value v, Event* ev) {
  od::object o;
  if (v.get_object().get(o)) return SUCCESS;
  for (auto fr : o) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) return e;
    std::string_view k = RawKey(f);
    Column c;
    if (k == "roleArn") c = Column::kRequestRoleArn;
    else if (k == "roleSessionName") c = Column::kRequestRoleSessionName;
    else if (k == "userName") c = Column::kRequestUserName;
    else continue;
    std::string_view s;
    if (error_code e = GetOptString(f.value(), &s)) return e;
    ev->set(c, s);
  }
  return SUCCESS;
}

// responseElements.credentials.accessKeyId and responseElements.accessKey.accessKeyId.
error_code ParseKeyHolder(od::value v, Event* ev, Column c) {
  od::object o;
  if (v.get_object().get(o)) return SUCCESS;
  for (auto fr : o) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) return e;
    if (RawKey(f) == "accessKeyId") {
      std::string_view s;
      if (error_code e = GetOptString(f.value(), &s)) return e;
      ev->set(c, s);
    }
  }
  return SUCCESS;
}

error_code ParseResponseElements(od::value v, Event* ev) {
  od::object o;
  if (v.get_object().get(o)) return SUCCESS;
  for (auto fr : o) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) return e;
    std::string_view k = RawKey(f);
    if (k == "credentials") {
      if (error_code e = ParseKeyHolder(f.value(), ev, Column::kIssuedCredentialKeyId)) return e;
    } else if (k == "accessKey") {
      if (error_code e = ParseKeyHolder(f.value(), ev, Column::kCreatedAccessKeyId)) return e;
    }
  }
  return SUCCESS;
}

// Top-level string fields, by key.
inline bool TopLevelColumn(std::string_view k, Column* c) {
  struct Entry { std::string_view key; Column column; };
  static constexpr Entry kTop[] = {
      {"eventName", Column::kEventName},         {"eventSource", Column::kEventSource},
      {"awsRegion", Column::kAwsRegion},         {"sourceIPAddress", Column::kSourceIp},
      {"userAgent", Column::kUserAgent},         {"eventID", Column::kEventId},
      {"eventType", Column::kEventType},         {"recipientAccountId", Column::kRecipientAccountId},
      {"requestID", Column::kRequestId},         {"errorCode", Column::kErrorCode},
      {"eventCategory", Column::kEventCategory}, {"sharedEventID", Column::kSharedEventId},
      {"vpcEndpointId", Column::kVpcEndpointId},
  };
  for (const Entry& e : kTop) {
    if (e.key.size() == k.size() && e.key == k) { *c = e.column; return true; }
  }
  return false;
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
  std::string_view time_text;
  bool has_time = false, has_version = false;
  for (auto fr : obj) {
    od::field f;
    if (error_code e = std::move(fr).get(f)) { *json_error = e; return ParseOutcome::kJsonError; }
    std::string_view k = RawKey(f);
    Column c;
    error_code e = SUCCESS;
    if (TopLevelColumn(k, &c)) {
      std::string_view s;
      e = GetOptString(f.value(), &s);
      ev->set(c, s);
    } else if (k == "eventTime") {
      has_time = true;
      e = GetOptString(f.value(), &time_text);
    } else if (k == "userIdentity") {
      e = ParseIdentity(f.value(), ev);
    } else if (k == "requestParameters") {
      e = ParseRequestParameters(f.value(), ev);
    } else if (k == "responseElements") {
      e = ParseResponseElements(f.value(), ev);
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
