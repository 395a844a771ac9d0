#include "respond/investigation.h"

namespace credtrace::respond {

namespace {

using json = nlohmann::json;

std::string Str(const json& o, const char* key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::vector<std::string> Strs(const json& o, const char* key) {
  std::vector<std::string> out;
  if (!o.is_object()) return out;
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return out;
  for (const json& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

const json& Arr(const json& o, const char* key) {
  static const json kEmpty = json::array();
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return kEmpty;
  return *it;
}

}  // namespace

Result<Investigation> ReadInvestigation(const json& doc) {
  if (!doc.is_object()) return Status::InvalidArgument("investigation: not a JSON object");
  Investigation inv;
  inv.schema = Str(doc, "schema");
  if (inv.schema.rfind("credtrace.investigation/", 0) != 0)
    return Status::InvalidArgument("investigation: schema is not credtrace.investigation/N: '" + inv.schema + "'");
  if (!doc.contains("credentials") || !doc["credentials"].is_array())
    return Status::InvalidArgument("investigation: no credentials[] array");
  if (doc.contains("generator")) inv.created = Str(doc["generator"], "created");
  for (const json& c : Arr(doc, "credentials")) {
    if (!c.is_object()) continue;
    InvCredential x{Str(c, "id"),          Str(c, "accessKeyId"),      Str(c, "principalArn"),
                    Str(c, "kind"),        Str(c, "parent"),           Str(c, "createdByEventId"),
                    Str(c, "compromisedSince"), Str(c, "how")};
    if (x.id.empty()) continue;
    inv.credentials.push_back(std::move(x));
  }
  for (const json& e : Arr(doc, "events")) {
    if (!e.is_object()) continue;
    inv.events.push_back({Str(e, "eventID"), Str(e, "eventTime"), Str(e, "eventSource"), Str(e, "eventName"),
                          Str(e, "awsRegion"), Str(e, "recipientAccountId"), Str(e, "accessKeyId"),
                          Str(e, "principalArn"), Str(e, "attribution"), Str(e, "credential"),
                          Str(e, "errorCode")});
  }
  for (const json& r : Arr(doc, "resources")) {
    if (!r.is_object()) continue;
    InvResource x{Str(r, "id"),     Str(r, "type"),       Str(r, "account"),       Str(r, "region"),
                  Str(r, "action"), Str(r, "stateAfter"), Strs(r, "eventIds"),    Strs(r, "aspects"),
                  Strs(r, "sharedWith"), "", "", -1};
    if (x.id.empty()) continue;
    x.state_before = Str(r, "stateBefore");
    x.state_before_event_id = Str(r, "stateBeforeEventId");
    if (r.contains("bytes") && r["bytes"].is_number()) x.bytes = r["bytes"].get<double>();
    inv.resources.push_back(std::move(x));
  }
  for (const json& g : Arr(doc, "grants")) {
    if (!g.is_object()) continue;
    inv.grants.push_back({Str(g, "rule"), Str(g, "eventId"), Str(g, "target"), Str(g, "credential"), Str(g, "time")});
  }
  if (doc.contains("context") && doc["context"].is_object()) {
    inv.accounts = Strs(doc["context"], "accountsTouched");
    const nlohmann::json& ctx = doc["context"];
    if (ctx.contains("principalUsage") && ctx["principalUsage"].is_array()) {
      for (const nlohmann::json& u : ctx["principalUsage"]) {
        if (!u.is_object()) continue;
        InvUsage x;
        x.principal_arn = Str(u, "principalArn");
        x.kind = Str(u, "kind");
        x.from = Str(u, "from");
        x.to = Str(u, "to");
        x.last_other_use = Str(u, "lastOtherUse");
        if (u.contains("events") && u["events"].is_number_integer()) x.events = u["events"].get<long long>();
        if (u.contains("otherEvents") && u["otherEvents"].is_number_integer())
          x.other_events = u["otherEvents"].get<long long>();
        x.other_sessions = Strs(u, "otherSessions");
        x.other_keys = Strs(u, "otherKeys");
        inv.usage.push_back(std::move(x));
      }
    }
  }
  return inv;
}

Arn ParseArn(std::string_view s) {
  Arn a;
  if (s.rfind("arn:", 0) != 0) return a;
  std::string_view rest = s.substr(4);
  std::string* parts[] = {&a.partition, &a.service, &a.region, &a.account};
  for (std::string* p : parts) {
    size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return Arn{};
    *p = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  a.resource = std::string(rest);
  return a;
}

Principal ParsePrincipal(std::string_view s) {
  Principal p;
  Arn a = ParseArn(s);
  if (a.resource.empty()) return p;
  p.account = a.account;
  std::string_view r = a.resource;
  auto last = [](std::string_view v) { size_t k = v.rfind('/'); return std::string(k == std::string_view::npos ? v : v.substr(k + 1)); };
  if (a.service == "iam" && r == "root") {
    p.kind = "root";
  } else if (a.service == "iam" && r.rfind("user/", 0) == 0) {
    p.kind = "user";
    p.name = last(r.substr(5));
  } else if (a.service == "iam" && r.rfind("role/", 0) == 0) {
    p.kind = "role";
    p.name = last(r.substr(5));
  } else if (a.service == "sts" && r.rfind("assumed-role/", 0) == 0) {
    // Role names cannot contain '/', session names can contain none either: the first '/' after
    // the role name ends it.
    std::string_view rs = r.substr(13);
    size_t k = rs.find('/');
    if (k == std::string_view::npos) return Principal{};
    p.kind = "assumed-role";
    p.name = std::string(rs.substr(0, k));
    p.session = std::string(rs.substr(k + 1));
  } else if (a.service == "sts" && r.rfind("federated-user/", 0) == 0) {
    p.kind = "federated-user";
    p.name = std::string(r.substr(15));
  }
  return p;
}

}  // namespace credtrace::respond
