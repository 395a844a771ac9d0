// Building credtrace.report/1 from the case (docs/REPORT.md has the document, section by
// section). Nothing here renders: the Markdown and HTML views read only this document.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/file.h"
#include "casefile/json_fields.h"
#include "base/time.h"
#include "investigate/finding.h"
#include "report/report.h"
#include "report/timeline.h"
#include "respond/plan.h"
#include "respond/respond.h"

namespace credtrace::report {

namespace {

namespace cf = credtrace::casefile;
using json = nlohmann::json;

constexpr uint64_t kMaxFindingFileBytes = 64ull << 20;

json S(const std::string& s) { return cf::JNullIfEmpty(s); }
std::string Str(const json& j, const char* k) { return cf::JStr(j, k); }
const json& Arr(const json& j, const char* k) { return cf::JArr(j, k); }
const json& Obj(const json& j, const char* k) { return cf::JObj(j, k); }
// The client a user agent names, without what changes call by call: the AWS CLI appends the
// command ("aws-cli/2.13.25 ... command/s3.ls"), SDKs a request attempt ("... attempt/2").
std::string ClientOf(std::string ua) {
  for (const char* token : {" command/", " attempt/", " exec-env/"}) {
    for (size_t at = ua.find(token); at != std::string::npos; at = ua.find(token, at)) {
      size_t end = ua.find(' ', at + 1);
      ua.erase(at, end == std::string::npos ? std::string::npos : end - at);
    }
  }
  return ua;
}

json StampJson(const cf::Stamp& s) { return {{"time", s.time}, {"by", s.actor}, {"entry", s.seq}}; }

json CaseSection(const cf::State& st, const ReportOptions& opt) {
  json phases = json::array();
  for (const cf::PhaseChange& p : st.phases) phases.push_back({{"phase", p.phase}, {"note", p.note}, {"time", p.stamp.time}, {"by", p.stamp.actor}});
  return {{"dir", opt.case_dir},
          {"title", S(st.Meta("title"))},
          {"ticket", S(st.Meta("ticket"))},
          {"severity", S(st.Meta("severity"))},
          {"lead", S(st.Meta("lead"))},
          {"impact", S(st.Meta("impact"))},
          {"detection", S(st.Meta("detection"))},
          {"summary", S(st.Meta("summary"))},
          {"phase", st.Phase()},
          {"phases", phases},
          {"opened", StampJson(st.created)}};
}

json FindingsSection(cf::CaseFile& file, const cf::State& st) {
  json out = json::array();
  std::set<std::string> seen;
  for (const cf::Artifact& a : st.artifacts) {
    if (a.type != "finding" || !seen.insert(a.sha256).second) continue;
    auto text = ReadFile(file.dir() / a.path, kMaxFindingFileBytes);
    if (!text.ok()) continue;
    auto found = investigate::ParseFindings(*text, a.path);
    if (!found.ok()) continue;
    for (const investigate::Finding& f : *found) {
      out.push_back({{"product", f.product},
                     {"id", S(f.id)},
                     {"type", S(f.type)},
                     {"title", S(f.title)},
                     {"severity", f.severity},
                     {"severityLabel", S(f.severity_label)},
                     {"account", S(f.account)},
                     {"region", S(f.region)},
                     {"accessKeyId", S(f.access_key_id)},
                     {"principalArn", S(f.principal_arn)},
                     {"firstSeen", f.first_seen ? json(FormatIsoTime(*f.first_seen)) : json(nullptr)},
                     {"lastSeen", f.last_seen ? json(FormatIsoTime(*f.last_seen)) : json(nullptr)},
                     {"remoteIps", f.remote_ips},
                     {"file", a.body.value("original", a.path)},
                     {"sha256", a.sha256}});
    }
  }
  return out;
}

// The plan of `phase` rebuilt from the investigation, with each step's state in the journal.
json PhaseSection(const cf::Facts& f, respond::Phase phase, const std::string& now) {
  const char* name = respond::PhaseName(phase);
  auto ex = f.executed.find(name);
  const cf::Artifact* written = f.state.LastArtifact("plan", name);
  json out = {{"planned", written ? StampJson(written->stamp) : json(nullptr)}, {"executed", nullptr}, {"steps", json::array()},
              {"manual", json::array()}, {"at", nullptr}};
  if (!f.investigation) return out;
  std::string at = ex != f.executed.end() && !ex->second.at.empty() ? ex->second.at
                   : written && written->body.contains("at") && written->body["at"].is_string() ? written->body["at"].get<std::string>()
                                                                                               : now;
  respond::PlanOptions po;
  po.at = at;
  po.case_dir = f.dir.string();
  auto plan = phase == respond::Phase::kContain     ? respond::PlanContainment(*f.investigation, po)
              : phase == respond::Phase::kEradicate ? respond::PlanEradication(*f.investigation, po)
                                                    : respond::PlanRecovery(*f.investigation, po);
  if (!plan.ok()) return out;
  out["at"] = at;
  for (const respond::Step& s : plan->steps) {
    std::string status = "not run";
    if (ex != f.executed.end()) {
      const cf::PhaseExecution& e = ex->second;
      status = e.steps_ok.count(s.id) ? "done" : e.steps_failed.count(s.id) ? "failed" : e.steps_manual.count(s.id) ? "manual check" : "not run";
    }
    out["steps"].push_back({{"id", s.id},
                            {"title", s.title},
                            {"action", s.action},
                            {"target", s.target},
                            {"targetType", s.target_type},
                            {"account", S(s.account)},
                            {"region", S(s.region)},
                            {"destructive", s.destructive},
                            {"credentials", s.credentials},
                            {"status", status}});
  }
  for (const respond::ManualStep& m : plan->manual) out["manual"].push_back({{"id", m.id}, {"title", m.title}, {"detail", m.detail}});
  if (ex != f.executed.end()) {
    const cf::PhaseExecution& e = ex->second;
    out["executed"] = {{"runs", e.runs},
                       {"lastRun", e.last_run},
                       {"lastTime", S(e.last_time)},
                       {"completed", e.completed},
                       {"planHash", S(e.plan_hash)},
                       {"stepsDone", e.steps_ok.size()},
                       {"stepsFailed", e.steps_failed.size()},
                       {"stepsManual", e.steps_manual.size()}};
  }
  return out;
}

json VerificationSection(const cf::Facts& f) {
  if (!f.verify) return nullptr;
  const json& v = *f.verify;
  json creds = json::array();
  for (const json& c : Arr(v, "credentials")) {
    creds.push_back({{"credential", Str(c, "credential")},
                     {"containedAt", S(Str(c, "containedAt"))},
                     {"denied", Arr(c, "denied").size()},
                     {"succeeded", Arr(c, "succeeded").size()},
                     {"withinGrace", Arr(c, "withinGrace").size()}});
  }
  json uses = json::array();  // the successful uses after containment: what did not hold
  for (const json& c : Arr(v, "credentials")) {
    for (const json& u : Arr(c, "succeeded")) {
      if (uses.size() >= 200) break;
      uses.push_back({{"credential", Str(c, "credential")}, {"eventID", Str(u, "eventID")}, {"eventTime", Str(u, "eventTime")},
                      {"eventName", Str(u, "eventName")}, {"sourceIPAddress", Str(u, "sourceIPAddress")}, {"attribution", Str(u, "attribution")}});
    }
  }
  return {{"verdict", Str(v, "verdict")},
          {"created", S(Str(Obj(v, "generator"), "created"))},
          {"completeUntil", S(Str(Obj(v, "evidence"), "completeUntil"))},
          {"summary", Obj(v, "summary")},
          {"credentials", creds},
          {"succeeded", uses}};
}

}  // namespace

Result<json> BuildReport(cf::CaseFile& file, const cf::Overview& ov, const ReportOptions& opt) {
  const cf::Facts& f = ov.facts;
  const cf::State& st = f.state;
  const json inv = f.investigation_doc ? *f.investigation_doc : json::object();
  json r;
  r["schema"] = kReportSchema;
  r["generator"] = {{"tool", "credtrace report"}, {"version", opt.version}, {"created", opt.created}, {"case", opt.case_dir}};
  r["case"] = CaseSection(st, opt);
  r["investigated"] = f.investigation_doc.has_value();

  // Containment state of each credential, from the journal and the verification.
  std::set<std::string> contained;
  if (auto it = f.executed.find("contain"); it != f.executed.end()) contained = it->second.credentials_ok;
  std::map<std::string, json> verified;
  if (f.verify) {
    for (const json& c : Arr(*f.verify, "credentials")) verified[Str(c, "credential")] = c;
  }

  // Scope.
  json creds = json::array();
  size_t derived = 0;
  for (const json& c : Arr(inv, "credentials")) {
    std::string id = Str(c, "id");
    derived += !Str(c, "parent").empty();
    json v = nullptr;
    if (verified.count(id)) {
      const json& x = verified[id];
      v = {{"containedAt", S(Str(x, "containedAt"))}, {"denied", Arr(x, "denied").size()}, {"succeeded", Arr(x, "succeeded").size()}};
    }
    creds.push_back({{"id", id},
                     {"kind", Str(c, "kind")},
                     {"principalArn", Str(c, "principalArn")},
                     {"accessKeyId", S(Str(c, "accessKeyId"))},
                     {"parent", S(Str(c, "parent"))},
                     {"created", S(Str(c, "created"))},
                     {"createdByEventId", S(Str(c, "createdByEventId"))},
                     {"compromisedSince", S(Str(c, "compromisedSince"))},
                     {"firstUsed", S(Str(c, "firstUsed"))},
                     {"lastUsed", S(Str(c, "lastUsed"))},
                     {"events", c.value("events", 0)},
                     {"rule", S(Str(c, "rule"))},
                     {"how", S(Str(c, "how"))},
                     {"suspected", c.value("suspected", false)},
                     {"contained", contained.count(id) > 0},
                     {"verification", v}});
  }
  // Events: the counts by category, technique, place, address and client.
  std::map<std::string, size_t> by_category, by_name;
  std::map<std::string, std::pair<size_t, std::set<std::string>>> by_technique;
  std::map<std::pair<std::string, std::string>, size_t> by_place;
  std::map<std::string, size_t> by_ua;
  size_t attacker = 0, failed = 0, owner = 0, deliveries = 0;
  std::string first_attacker, last_attacker;
  for (const json& e : Arr(inv, "events")) {
    if (Str(e, "attribution") == "owner") {
      ++owner;
      continue;
    }
    // An AWS service delivering a credential to the attacker's instance or function (EC2's
    // AssumeRole every hour while it runs) is in the timeline, not counted as the attacker's calls.
    if (Str(e, "credential").empty()) {
      ++deliveries;
      continue;
    }
    ++attacker;
    if (!Str(e, "errorCode").empty()) ++failed;
    std::string t = Str(e, "eventTime");
    if (first_attacker.empty() || t < first_attacker) first_attacker = t;
    if (t > last_attacker) last_attacker = t;
    const json& cats = Arr(e, "categories");
    by_category[cats.empty() || !cats[0].is_string() ? std::string("unclassified") : cats[0].get<std::string>()] += 1;
    by_name[Str(e, "eventName")] += 1;
    for (const json& t2 : Arr(e, "techniques")) {
      if (!t2.is_string()) continue;
      auto& x = by_technique[t2.get<std::string>()];
      x.first += 1;
      x.second.insert(Str(e, "eventName"));
    }
    by_place[{Str(e, "recipientAccountId"), Str(e, "awsRegion")}] += 1;
    by_ua[ClientOf(Str(e, "userAgent"))] += 1;
  }
  r["timeline"] = BuildTimeline(f);

  // Resources, with the applications the CMDB gives them.
  std::map<std::string, const cf::ImpactedResource*> impacted;
  for (const cf::ImpactedResource& ir : ov.stakeholders.resources) impacted[ir.ref.id + "\n" + ir.ref.action] = &ir;
  json resources = json::array();
  std::map<std::string, size_t> by_action;
  for (const json& x : Arr(inv, "resources")) {
    std::string id = Str(x, "id"), action = Str(x, "action");
    by_action[action] += 1;
    json tags = json::object();
    for (const auto& [k, v] : cf::TagsOf(x)) tags[k] = v;
    const cf::ImpactedResource* ir = impacted.count(id + "\n" + action) ? impacted[id + "\n" + action] : nullptr;
    json ids = json::array();
    for (const json& e : Arr(x, "eventIds")) {
      if (ids.size() < 5) ids.push_back(e);
    }
    resources.push_back({{"id", id},
                         {"type", Str(x, "type")},
                         {"account", Str(x, "account")},
                         {"region", Str(x, "region")},
                         {"action", action},
                         {"tags", tags},
                         {"applications", ir ? json(ir->apps) : json::array()},
                         {"matchedBy", ir ? json(ir->how) : json::array()},
                         {"aspects", Arr(x, "aspects")},
                         {"eventIds", ids},
                         {"events", Arr(x, "eventIds").size()},
                         {"stateBefore", S(Str(x, "stateBefore"))},
                         {"bytes", x.contains("bytes") ? x["bytes"] : json(nullptr)}});
  }
  r["resources"] = resources;
  json apps = json::array();
  for (const std::string& a : ov.stakeholders.applications) {
    std::map<std::string, size_t> actions;
    for (const cf::ImpactedResource& ir : ov.stakeholders.resources) {
      if (std::find(ir.apps.begin(), ir.apps.end(), a) != ir.apps.end()) actions[ir.ref.action] += 1;
    }
    apps.push_back({{"name", a}, {"resources", actions}});
  }
  json people = json::array();
  for (const cf::Stakeholder& s : ov.stakeholders.stakeholders) {
    people.push_back({{"name", S(s.contact.name)},
                      {"role", S(s.contact.role)},
                      {"email", S(s.contact.email)},
                      {"applications", s.applications},
                      {"why", s.why},
                      {"notified", s.notified ? json({{"time", s.notification.stamp.time}, {"by", s.notification.stamp.actor}, {"note", s.notification.note}})
                                              : json(nullptr)}});
  }
  r["applications"] = {{"cmdb", ov.stakeholders.cmdb ? json({{"source", ov.stakeholders.cmdb_path}, {"sha256", ov.stakeholders.cmdb_sha256}}) : json(nullptr)},
                       {"impacted", apps},
                       {"unmapped", ov.stakeholders.unmapped},
                       {"stakeholders", people}};

  // Activity.
  json cats = json::object();
  for (const auto& [k, v] : by_category) cats[k] = v;
  json techs = json::array();
  for (const auto& [k, v] : by_technique) techs.push_back({{"technique", k}, {"events", v.first}, {"eventNames", std::vector<std::string>(v.second.begin(), v.second.end())}});
  std::stable_sort(techs.begin(), techs.end(), [](const json& a, const json& b) { return a["events"].get<size_t>() > b["events"].get<size_t>(); });
  json names = json::array();
  for (const auto& [k, v] : by_name) names.push_back({{"eventName", k}, {"events", v}});
  std::stable_sort(names.begin(), names.end(), [](const json& a, const json& b) { return a["events"].get<size_t>() > b["events"].get<size_t>(); });
  json places = json::array();
  for (const auto& [k, v] : by_place) places.push_back({{"account", k.first}, {"region", k.second}, {"events", v}});
  json addrs = json::array();
  for (const json& a : Arr(Obj(Obj(inv, "context"), "attackerInfrastructure"), "addresses")) {
    addrs.push_back({{"ip", Str(a, "ip")}, {"network", S(Str(a, "network"))}, {"asn", S(Str(a, "asn"))}, {"events", a.value("events", 0)}});
  }
  std::stable_sort(addrs.begin(), addrs.end(), [](const json& a, const json& b) { return a["events"].get<int64_t>() > b["events"].get<int64_t>(); });
  json uas = json::array();
  for (const auto& [k, v] : by_ua) uas.push_back({{"userAgent", k}, {"events", v}});
  std::stable_sort(uas.begin(), uas.end(), [](const json& a, const json& b) { return a["events"].get<size_t>() > b["events"].get<size_t>(); });
  r["activity"] = {{"byCategory", cats}, {"byTechnique", techs}, {"byEventName", names}, {"byPlace", places},
                   {"addresses", addrs}, {"userAgents", uas}};

  r["detection"] = {{"findings", FindingsSection(file, st)},
                    {"recorded", S(st.Meta("detection"))},
                    {"seeds", Arr(inv, "seeds")}};
  r["scope"] = {{"compromiseTime", inv.contains("compromiseTime") ? inv["compromiseTime"] : json(nullptr)},
                {"estimates", Arr(inv, "estimates")},
                {"credentials", creds},
                {"grants", Arr(inv, "grants")},
                {"suspects", Arr(inv, "suspects")},
                {"accounts", Arr(Obj(inv, "context"), "accountsTouched")},
                {"regions", Arr(Obj(inv, "context"), "regionsTouched")},
                {"principalUsage", Arr(Obj(inv, "context"), "principalUsage")}};

  r["containment"] = PhaseSection(f, respond::Phase::kContain, opt.created);
  r["containment"]["verification"] = VerificationSection(f);
  r["eradication"] = PhaseSection(f, respond::Phase::kEradicate, opt.created);
  r["recovery"] = PhaseSection(f, respond::Phase::kRecover, opt.created);

  // Summary.
  json actions = json::object();
  for (const auto& [k, v] : by_action) actions[k] = v;
  bool any_contained = !contained.empty();
  std::string verdict = f.verify ? Str(*f.verify, "verdict") : "";
  r["summary"] = {{"credentials", creds.size()},
                  {"derivedCredentials", derived},
                  {"attackerEvents", attacker},
                  {"failedAttackerEvents", failed},
                  {"serviceDeliveries", deliveries},
                  {"ownerEvents", owner},
                  {"firstAttackerEvent", S(first_attacker)},
                  {"lastAttackerEvent", S(last_attacker)},
                  {"compromiseTime", inv.contains("compromiseTime") ? inv["compromiseTime"] : json(nullptr)},
                  {"accounts", Arr(Obj(inv, "context"), "accountsTouched")},
                  {"regions", Arr(Obj(inv, "context"), "regionsTouched")},
                  {"addresses", addrs.size()},
                  {"resources", actions},
                  {"containedCredentials", contained.size()},
                  {"verification", S(verdict)},
                  {"text", ""}};
  {
    std::string t;
    if (!f.investigation_doc) {
      t = "The case has not been investigated yet.";
    } else {
      std::string victim;
      for (const json& c : Arr(inv, "credentials")) {
        if (Str(c, "parent").empty()) {
          victim = Str(c, "principalArn");
          break;
        }
      }
      t = fmt::format("Credentials of {} were compromised from {}. The attacker held {} credential{} ({} derived from the first), and made {} "
                      "call{} ({} failed) from {} address{} in {} account{} and {} region{}",
                      victim.empty() ? "an unknown principal" : victim, Str(inv, "compromiseTime").empty() ? "an unknown time" : Str(inv, "compromiseTime"),
                      creds.size(), creds.size() == 1 ? "" : "s", derived, attacker, attacker == 1 ? "" : "s", failed, addrs.size(),
                      addrs.size() == 1 ? "" : "es", Arr(Obj(inv, "context"), "accountsTouched").size(),
                      Arr(Obj(inv, "context"), "accountsTouched").size() == 1 ? "" : "s", Arr(Obj(inv, "context"), "regionsTouched").size(),
                      Arr(Obj(inv, "context"), "regionsTouched").size() == 1 ? "" : "s");
      if (!first_attacker.empty()) t += fmt::format(", between {} and {}", first_attacker, last_attacker);
      t += ".";
      if (deliveries) t += fmt::format(" AWS services delivered credentials to the attacker's instances or functions {} time{}.", deliveries, deliveries == 1 ? "" : "s");
      std::string res;
      for (const char* a : {"created", "modified", "deleted", "read", "shared"}) {
        if (by_action.count(a)) res += fmt::format("{}{} {}", res.empty() ? "" : ", ", by_action[a], a);
      }
      if (!res.empty()) t += " Resources: " + res + ".";
      if (!any_contained) t += " No credential has been contained through credtrace yet.";
      else t += fmt::format(" {} of {} credentials contained.", contained.size(), creds.size());
      if (verdict == "no-successful-use") t += " The verification found no successful use after the containment.";
      if (verdict == "not-contained") t += " The verification found successful uses after the containment: NOT contained.";
    }
    r["summary"]["text"] = t;
  }

  // Open items: from the investigation, the runbook, the stakeholders and the plans.
  json open = json::array();
  for (const json& o : Arr(inv, "openItems")) {
    if (o.is_string()) open.push_back({{"source", "investigation"}, {"text", o}});
  }
  for (size_t i = 0; i < ov.runbook.steps.size(); ++i) {
    const cf::StepStatus& s = ov.runbook.steps[i];
    if (s.status != "todo" && s.status != "blocked") continue;
    bool leaf = i + 1 >= ov.runbook.steps.size() || cf::ParentStep(ov.runbook.steps[i + 1].step->id) != s.step->id;
    if (!leaf) continue;
    open.push_back({{"source", "runbook " + std::string(s.step->id)}, {"text", std::string(s.step->title) + (s.status == "blocked" ? " (blocked: " + s.note + ")" : "") +
                                                                         (s.detail.empty() ? "" : ": " + s.detail)}});
  }
  for (const char* ph : {"containment", "eradication", "recovery"}) {
    for (const json& m : Arr(r[ph], "manual")) open.push_back({{"source", std::string(ph) + " " + Str(m, "id")}, {"text", Str(m, "title")}});
    for (const json& s : Arr(r[ph], "steps")) {
      if (Str(s, "status") == "failed" || Str(s, "status") == "manual check")
        open.push_back({{"source", std::string(ph) + " " + Str(s, "id")}, {"text", Str(s, "title") + " (" + Str(s, "status") + ")"}});
    }
  }
  r["openItems"] = open;

  // Lessons learned: prompts for the review meeting, drawn from what happened, and what the team wrote.
  json prompts = json::array();
  if (f.investigation_doc) {
    for (const json& e : Arr(inv, "estimates")) {
      prompts.push_back(fmt::format("How did {} leak? credtrace dates it to {} ({}): {}", Str(e, "credential"), Str(e, "time"), Str(e, "method"), Str(e, "reason")));
    }
    std::string detected;
    for (const json& fd : r["detection"]["findings"]) {
      if (!Str(fd, "firstSeen").empty() && (detected.empty() || Str(fd, "firstSeen") < detected)) detected = Str(fd, "firstSeen");
    }
    if (!first_attacker.empty()) {
      auto a = ParseIsoTime(first_attacker);
      auto b = ParseIsoTime(st.created.time);
      if (a && b && *b > *a) {
        prompts.push_back(fmt::format("Detection: the first attacker call was at {}; the case was opened at {}, {:.1f} hours later{}. What would have raised the alarm sooner?",
                                      first_attacker, st.created.time, (*b - *a) / 3.6e6, detected.empty() ? "" : " (the finding saw it first at " + detected + ")"));
      }
    }
    if (derived > 0) {
      prompts.push_back(fmt::format("The attacker made {} new credential(s) from the first. Which permission let them (CreateAccessKey, CreateUser, AssumeRole, "
                                    "PassRole...), and could a permissions boundary or an SCP have refused it?", derived));
    }
    if (by_category.count("data-access") || by_action.count("read")) {
      prompts.push_back("Data was read: was it classified, encrypted with a key the attacker could not use, and were S3 data events logged for all of it?");
    }
    if (Arr(Obj(inv, "context"), "regionsTouched").size() > 2) {
      prompts.push_back(fmt::format("The attacker worked in {} regions: are the regions the organisation does not use closed by an SCP?",
                                    Arr(Obj(inv, "context"), "regionsTouched").size()));
    }
    if (by_action.count("deleted")) prompts.push_back("Resources were deleted: were the backups out of the attacker's reach (another account, object lock, AWS Backup vault lock)?");
    if (ov.stakeholders.unmapped > 0 && ov.stakeholders.cmdb) {
      prompts.push_back(fmt::format("{} impacted resources were not in the CMDB: who owns them, and how should the CMDB learn of new resources?", ov.stakeholders.unmapped));
    }
  }
  if (auto it = f.executed.find("contain"); it != f.executed.end() && !first_attacker.empty() && !it->second.last_time.empty()) {
    auto a = ParseIsoTime(first_attacker), b = ParseIsoTime(it->second.last_time);
    if (a && b) prompts.push_back(fmt::format("Containment ended {:.1f} hours after the first attacker call. What slowed it (access, approvals, knowing what to cut)?", (*b - *a) / 3.6e6));
  }
  prompts.push_back("What worked in this response, and what should change in the runbook, the tooling or the access the responders have (break-glass roles)?");
  json recorded = json::array(), forensics = json::array(), notes = json::array();
  for (const cf::Note& n : st.notes) {
    json j = {{"time", n.stamp.time}, {"by", n.stamp.actor}, {"kind", n.kind}, {"text", n.text}, {"step", S(n.step)}, {"entry", n.stamp.seq}};
    if (n.kind == "lesson") recorded.push_back(j);
    if (n.kind == "forensics") forensics.push_back(j);
    notes.push_back(j);
  }
  r["lessons"] = {{"prompts", prompts}, {"recorded", recorded}};
  r["forensics"] = forensics;
  r["notes"] = notes;

  // The runbook, step by step.
  json steps = json::array();
  for (const cf::StepStatus& s : ov.runbook.steps) {
    steps.push_back({{"id", s.step->id}, {"title", s.step->title}, {"depth", s.depth}, {"status", s.status},
                     {"by", s.automatic ? json("credtrace") : S(s.by)}, {"time", S(s.time)}, {"note", S(s.note)}, {"detail", S(s.detail)}});
  }
  r["runbook"] = {{"summary", {{"done", ov.runbook.done}, {"n/a", ov.runbook.na}, {"blocked", ov.runbook.blocked}, {"todo", ov.runbook.todo}}},
                  {"steps", steps}};

  // Artifacts.
  json files = json::array();
  std::map<std::string, const cf::Artifact*> last;
  for (const cf::Artifact& a : st.artifacts) {
    if (!a.path.empty()) last[a.type + "\n" + a.path] = &a;
  }
  for (const auto& [k, a] : last) {
    files.push_back({{"type", a->type}, {"path", a->path}, {"sha256", a->sha256}, {"bytes", a->body.value("bytes", 0)},
                     {"recorded", StampJson(a->stamp)}});
  }
  r["artifacts"] = {{"evidence", {{"files", f.evidence.sources},
                                  {"bytes", f.evidence.bytes},
                                  {"events", f.evidence.events},
                                  {"duplicates", f.evidence.duplicates},
                                  {"rejectedRecords", f.evidence.rejected_records},
                                  {"filesWithProblems", f.evidence.files_with_problems},
                                  {"firstEvent", S(f.evidence.first_event)},
                                  {"lastEvent", S(f.evidence.last_event)},
                                  {"manifest", "manifest.json.gz"}}},
                    {"files", files},
                    {"custody", {{"entries", st.head_seq}, {"headSeq", st.head_seq}, {"head", st.head_hash},
                                 {"anchor", fmt::format("{}:{}", st.head_seq, st.head_hash)}}}};
  return r;
}

}  // namespace credtrace::report
