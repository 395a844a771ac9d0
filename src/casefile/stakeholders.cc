#include "casefile/stakeholders.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/file.h"
#include "base/strings.h"
#include "casefile/json_fields.h"

namespace credtrace::casefile {

using json = nlohmann::json;

namespace {

constexpr uint64_t kMaxCmdbBytes = 64ull << 20;

std::string ContactKey(const Contact& c) { return c.email.empty() ? c.name : c.email; }

int SeverityIndex(std::string_view s) {
  for (size_t i = 0; i < std::size(kSeverities); ++i) {
    if (s == kSeverities[i]) return static_cast<int>(i);
  }
  return -1;
}

std::string ActionWhy(const std::string& action) {
  if (action == "created") return "created by the attacker";
  if (action == "modified") return "modified by the attacker";
  if (action == "deleted") return "deleted by the attacker";
  if (action == "read") return "read by the attacker";
  if (action == "shared") return "shared by the attacker";
  if (action == "assumed") return "assumed by the attacker";
  if (action == "compromised") return "a compromised principal";
  return action + " by the attacker";
}

// What the attacker did that global contacts' conditions ask about.
struct Conditions {
  bool data_access = false, impact = false, credentials = false;
  int severity = -1;
};

Conditions ConditionsOf(const Facts& f) {
  Conditions c;
  c.severity = SeverityIndex(f.state.Meta("severity"));
  if (!f.investigation_doc) return c;
  const json& doc = *f.investigation_doc;
  if (doc.contains("events") && doc["events"].is_array()) {
    for (const json& e : doc["events"]) {
      if (!e.is_object() || e.value("attribution", "") == "owner") continue;
      if (!e.contains("categories") || !e["categories"].is_array()) continue;
      for (const json& cat : e["categories"]) {
        if (cat == "data-access" || cat == "exfiltration") c.data_access = true;
        if (cat == "impact" || cat == "deletion") c.impact = true;
      }
    }
  }
  if (f.investigation) {
    for (const respond::InvResource& r : f.investigation->resources) {
      if (r.action == "read") c.data_access = true;
      if (r.action == "deleted") c.impact = true;
    }
    for (const respond::InvCredential& cr : f.investigation->credentials) {
      if (!cr.parent.empty()) c.credentials = true;
    }
  }
  return c;
}

std::string ConditionWhy(const std::string& notify, const Conditions& c, bool* holds) {
  *holds = false;
  if (notify == "always") {
    *holds = true;
    return "told of every incident";
  }
  if (notify == "data-access") {
    *holds = c.data_access;
    return "the attacker read or took data";
  }
  if (notify == "impact") {
    *holds = c.impact;
    return "the attacker deleted or destroyed resources";
  }
  if (notify == "credentials") {
    *holds = c.credentials;
    return "the attacker made new credentials";
  }
  if (notify.rfind("severity>=", 0) == 0) {
    int want = SeverityIndex(notify.substr(10));
    *holds = want >= 0 && c.severity >= want;
    return "the case's severity is " + std::string(c.severity >= 0 ? kSeverities[c.severity] : "not set") + " (told at " +
           notify.substr(10) + " and above)";
  }
  return notify;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> TagsOf(const json& resource) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!resource.is_object() || !resource.contains("tags")) return out;
  const json& t = resource["tags"];
  if (t.is_object()) {
    for (const auto& [k, v] : t.items()) out.push_back({k, v.is_string() ? v.get<std::string>() : v.dump()});
  } else if (t.is_array()) {
    for (const json& x : t) {
      if (x.is_object() && x.contains("key") && x["key"].is_string())
        out.push_back({x["key"], x.contains("value") && x["value"].is_string() ? x["value"].get<std::string>() : ""});
    }
  }
  return out;
}

StakeholderView ComputeStakeholders(const Facts& f, const Cmdb* cmdb) {
  StakeholderView v;
  v.cmdb = cmdb != nullptr;
  // The tags the logs show, for resources and for the principals behind the credentials
  // (context.resourceTags); a resource's own resources[].tags come first.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> tags_of;
  if (f.investigation_doc) {
    for (const json& t : JArr(JObj(*f.investigation_doc, "context"), "resourceTags")) {
      std::string id = JStr(t, "id");
      if (!id.empty()) tags_of[id] = TagsOf(t);
    }
  }
  // The resources, then the principals behind the compromised credentials.
  std::set<std::string> seen;
  if (f.investigation_doc && f.investigation_doc->contains("resources") && (*f.investigation_doc)["resources"].is_array()) {
    for (const json& r : (*f.investigation_doc)["resources"]) {
      if (!r.is_object()) continue;
      ImpactedResource ir;
      auto s = [&](const char* k) { return r.contains(k) && r[k].is_string() ? r[k].get<std::string>() : std::string(); };
      ir.ref = {s("id"), s("type"), s("account"), s("region"), s("action"), TagsOf(r)};
      if (ir.ref.id.empty()) continue;
      if (ir.ref.tags.empty() && tags_of.count(ir.ref.id)) ir.ref.tags = tags_of[ir.ref.id];
      ir.why = ActionWhy(ir.ref.action);
      seen.insert(ir.ref.id);
      v.resources.push_back(std::move(ir));
    }
  }
  if (f.investigation) {
    for (const respond::InvCredential& c : f.investigation->credentials) {
      respond::Principal p = respond::ParsePrincipal(c.principal_arn);
      std::string id = c.principal_arn, type = "AWS::IAM::User";
      if (p.kind == "assumed-role") {
        std::string partition = respond::ParseArn(c.principal_arn).partition;
        id = "arn:" + (partition.empty() ? std::string("aws") : partition) + ":iam::" + p.account + ":role/" + p.name;
        type = "AWS::IAM::Role";
      } else if (p.kind == "root") {
        type = "AWS::IAM::Root";
      } else if (p.kind == "federated-user") {
        type = "AWS::STS::FederatedUser";
      }
      if (id.empty() || !seen.insert(id).second) continue;
      ImpactedResource ir;
      ir.ref = {id, type, p.account, "global", "compromised", tags_of.count(id) ? tags_of[id] : std::vector<std::pair<std::string, std::string>>{}};
      ir.why = ActionWhy("compromised");
      v.resources.push_back(std::move(ir));
    }
  }
  if (!cmdb) {
    v.unmapped = v.resources.size();
    return v;
  }
  // Resources -> applications, and what each application suffered.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> suffered;  // app -> why -> ids
  for (ImpactedResource& ir : v.resources) {
    for (const AppMatch& m : MatchResource(*cmdb, ir.ref)) {
      const std::string& app = cmdb->applications[m.app].name;
      ir.apps.push_back(app);
      ir.how.push_back(m.how);
      if (std::find(v.applications.begin(), v.applications.end(), app) == v.applications.end()) v.applications.push_back(app);
      suffered[app][ir.why].push_back(ir.ref.id);
    }
    if (ir.apps.empty()) v.unmapped += 1;
  }
  std::map<std::string, size_t> at;  // contact key -> index
  auto add = [&](const Contact& c, const std::string& app, const std::string& why) {
    std::string key = ContactKey(c);
    auto it = at.find(key);
    if (it == at.end()) {
      it = at.emplace(key, v.stakeholders.size()).first;
      Stakeholder s;
      s.contact = c;
      s.key = key;
      v.stakeholders.push_back(std::move(s));
    }
    Stakeholder& s = v.stakeholders[it->second];
    if (!app.empty() && std::find(s.applications.begin(), s.applications.end(), app) == s.applications.end()) s.applications.push_back(app);
    if (std::find(s.why.begin(), s.why.end(), why) == s.why.end()) s.why.push_back(why);
  };
  for (const std::string& app : v.applications) {
    const Application* a = nullptr;
    for (const Application& x : cmdb->applications) {
      if (x.name == app) a = &x;
    }
    std::string summary;
    for (const auto& [why, ids] : suffered[app]) {
      if (!summary.empty()) summary += "; ";
      summary += std::to_string(ids.size()) + " " + why + " (" + ids.front() + (ids.size() > 1 ? ", ..." : "") + ")";
    }
    for (const Contact& c : a->contacts) {
      add(c, app, (c.role.empty() ? std::string("contact") : c.role) + " of " + app +
                      (a->criticality.empty() ? "" : " (criticality " + a->criticality + ")") + ": " + summary);
    }
  }
  Conditions cond = ConditionsOf(f);
  for (const Contact& c : cmdb->contacts) {
    bool holds = false;
    std::string why = ConditionWhy(c.notify, cond, &holds);
    if (holds) add(c, "", (c.role.empty() ? std::string("contact") : c.role) + ": " + why);
  }
  for (Stakeholder& s : v.stakeholders) {
    auto it = f.state.notified.find(s.key);
    if (it == f.state.notified.end() && !s.contact.name.empty()) it = f.state.notified.find(s.contact.name);
    if (it != f.state.notified.end()) {
      s.notified = true;
      s.notification = it->second;
      v.notified += 1;
    }
  }
  return v;
}

Result<StakeholderView> ComputeStakeholders(const Facts& f) {
  if (f.cmdb_file.empty()) return ComputeStakeholders(f, nullptr);
  CT_ASSIGN_OR_RETURN(std::string text, ReadFile(f.cmdb_file, kMaxCmdbBytes));
  CT_ASSIGN_OR_RETURN(Cmdb cmdb, ParseCmdb(text, f.cmdb_file.string()));
  StakeholderView v = ComputeStakeholders(f, &cmdb);
  if (f.cmdb_note) {
    v.cmdb_path = f.cmdb_note->value("source", std::string());
    v.cmdb_sha256 = f.cmdb_note->value("sha256", std::string());
  }
  return v;
}

const Stakeholder* FindStakeholder(const StakeholderView& v, std::string_view name_or_email) {
  for (const Stakeholder& s : v.stakeholders) {
    if (EqualsIgnoreCase(s.key, name_or_email) || EqualsIgnoreCase(s.contact.name, name_or_email) ||
        (!s.contact.email.empty() && EqualsIgnoreCase(s.contact.email, name_or_email)))
      return &s;
  }
  return nullptr;
}

}  // namespace credtrace::casefile
