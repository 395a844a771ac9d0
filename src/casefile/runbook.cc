// Deciding each runbook step from the case. Every rule below says what in the case shows the
// step done; when nothing can, the step stays `todo` until a person marks it, and `detail` says
// what credtrace prepared for it.
#include "casefile/runbook.h"
#include "casefile/json_fields.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/time.h"
#include "query/glob.h"

namespace credtrace::casefile {

using json = nlohmann::json;

namespace {

struct Verdict {
  std::string status = "todo";  // todo, done, n/a
  std::string detail;
  std::vector<std::string> refs;
};

Verdict Done(std::string detail, std::vector<std::string> refs = {}) { return {"done", std::move(detail), std::move(refs)}; }
Verdict Na(std::string detail) { return {"n/a", std::move(detail), {}}; }
Verdict Todo(std::string detail = "", std::vector<std::string> refs = {}) { return {"todo", std::move(detail), std::move(refs)}; }

std::string Ref(const Stamp& s) { return "custody #" + std::to_string(s.seq); }

bool IsLongTerm(const std::string& kind) { return kind == "access-key" || kind == "console-password"; }

// The investigation's events made by the attacker or by nobody known (owner events excluded).
std::vector<const json*> SuspectEvents(const Facts& f) {
  std::vector<const json*> out;
  if (!f.investigation_doc || !f.investigation_doc->contains("events") || !(*f.investigation_doc)["events"].is_array()) return out;
  for (const json& e : (*f.investigation_doc)["events"]) {
    if (e.is_object() && e.value("attribution", "") != "owner") out.push_back(&e);
  }
  return out;
}

bool HasCategory(const json& e, std::initializer_list<const char*> cats) {
  if (!e.contains("categories") || !e["categories"].is_array()) return false;
  for (const json& c : e["categories"]) {
    for (const char* want : cats) {
      if (c == want) return true;
    }
  }
  return false;
}

std::string Name(const json& e) { return e.contains("eventName") && e["eventName"].is_string() ? e["eventName"].get<std::string>() : ""; }

// "N events: A x3, B x2, ..." for a list of events.
std::string CountByName(const std::vector<const json*>& evs, size_t top = 6) {
  std::map<std::string, size_t> n;
  for (const json* e : evs) n[Name(*e)] += 1;
  std::vector<std::pair<std::string, size_t>> v(n.begin(), n.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out = fmt::format("{} event{}", evs.size(), evs.size() == 1 ? "" : "s");
  for (size_t i = 0; i < v.size() && i < top; ++i) out += fmt::format("{} {} x{}", i == 0 ? ":" : ",", v[i].first, v[i].second);
  if (v.size() > top) out += fmt::format(", and {} other names", v.size() - top);
  return out;
}

std::vector<std::string> FirstIds(const std::vector<const json*>& evs, size_t n = 5) {
  std::vector<std::string> out;
  for (const json* e : evs) {
    if (out.size() >= n) break;
    if (e->contains("eventID") && (*e)["eventID"].is_string()) out.push_back((*e)["eventID"]);
  }
  return out;
}

std::vector<const respond::InvResource*> ResourcesWith(const Facts& f, const char* action) {
  std::vector<const respond::InvResource*> out;
  if (!f.investigation) return out;
  for (const respond::InvResource& r : f.investigation->resources) {
    if (r.action == action) out.push_back(&r);
  }
  return out;
}

std::string ResourceList(const std::vector<const respond::InvResource*>& rs, size_t n = 4) {
  std::string out;
  for (size_t i = 0; i < rs.size() && i < n; ++i) out += (i ? ", " : "") + rs[i]->id;
  if (rs.size() > n) out += fmt::format(", and {} more", rs.size() - n);
  return out;
}

const PhaseExecution* Executed(const Facts& f, const char* phase) {
  auto it = f.executed.find(phase);
  return it == f.executed.end() ? nullptr : &it->second;
}

// Containment of a set of credentials: done when every one has a successful contain step.
Verdict Contained(const Facts& f, const std::vector<const respond::InvCredential*>& creds, const char* what) {
  if (creds.empty()) return Na(fmt::format("no {} among the compromised credentials", what));
  const PhaseExecution* ex = Executed(f, "contain");
  std::vector<std::string> open;
  for (const respond::InvCredential* c : creds) {
    if (!ex || !ex->credentials_ok.count(c->id)) open.push_back(c->id);
  }
  const Artifact* plan = f.state.LastArtifact("plan", "contain");
  if (open.empty()) {
    return Done(fmt::format("{} {} contained by credtrace contain --execute (journal run {})", creds.size(), what, ex->last_run),
                {"journal.jsonl"});
  }
  std::string detail = fmt::format("{} of {} {} not contained yet ({}{})", open.size(), creds.size(), what, open.front(),
                                   open.size() > 1 ? ", ..." : "");
  if (plan) detail += fmt::format("; the containment plan was written ({})", Ref(plan->stamp));
  if (ex && !ex->steps_failed.empty()) detail += fmt::format("; {} step(s) failed: {}", ex->steps_failed.size(), *ex->steps_failed.begin());
  return Todo(detail, plan ? std::vector<std::string>{Ref(plan->stamp)} : std::vector<std::string>{});
}

std::vector<const respond::InvCredential*> Credentials(const Facts& f, bool (*pred)(const respond::InvCredential&)) {
  std::vector<const respond::InvCredential*> out;
  if (!f.investigation) return out;
  for (const respond::InvCredential& c : f.investigation->credentials) {
    if (pred(c)) out.push_back(&c);
  }
  return out;
}

// Seeds of the investigation by kind.
std::vector<const json*> Seeds(const Facts& f, const char* kind) {
  std::vector<const json*> out;
  if (!f.investigation_doc || !f.investigation_doc->contains("seeds") || !(*f.investigation_doc)["seeds"].is_array()) return out;
  for (const json& s : (*f.investigation_doc)["seeds"]) {
    if (s.is_object() && s.value("kind", "") == kind) out.push_back(&s);
  }
  return out;
}

std::string Str(const json& j, const char* k) { return JStr(j, k); }

const char* kNoInvestigation = "no investigation yet";

// verify.json (docs/VERIFY_SCHEMA.md).
bool VerifyContained(const json& v) { return Str(v, "verdict") == "no-successful-use"; }
int64_t VerifySucceeded(const json& v) {
  return v.contains("summary") && v["summary"].is_object() ? v["summary"].value("succeeded", int64_t{0}) : 0;
}

Verdict Evaluate(const RunbookStep& s, const Facts& f, const StakeholderView& sv) {
  const State& st = f.state;
  const bool inv = f.investigation.has_value();
  switch (s.check) {
    case Check::kPerson:
      return Todo();
    case Check::kEvidence: {
      if (f.evidence.sources == 0) return Todo("no evidence in the case yet");
      return Done(fmt::format("{} files ({:.1f} MB) kept byte-exact and hashed, {} events from {} to {}; {} evidence entries in the "
                              "chain of custody{}",
                              f.evidence.sources, f.evidence.bytes / 1e6, f.evidence.events, f.evidence.first_event,
                              f.evidence.last_event, st.evidence_entries,
                              f.evidence.files_with_problems ? fmt::format("; {} files with problems (credtrace manifest --problems)",
                                                                           f.evidence.files_with_problems)
                                                             : ""),
                  {"manifest.json.gz"});
    }
    case Check::kTicket: {
      auto it = st.meta.find("ticket");
      if (it == st.meta.end() || it->second.value.empty()) return Todo("no ticket ID recorded");
      return Done("ticket " + it->second.value, {Ref(it->second.stamp)});
    }
    case Check::kImpact: {
      auto it = st.meta.find("impact");
      if (it == st.meta.end() || it->second.value.empty()) return Todo("no end-user impact recorded");
      return Done(it->second.value, {Ref(it->second.stamp)});
    }
    case Check::kDetection: {
      std::vector<const json*> findings = Seeds(f, "finding");
      std::string detail;
      std::vector<std::string> refs;
      for (const json* x : findings) {
        detail += (detail.empty() ? "" : "; ") + std::string("finding ") + Str(*x, "value") +
                  (Str(*x, "file").empty() ? "" : " (" + Str(*x, "file") + ")");
      }
      auto it = st.meta.find("detection");
      if (it != st.meta.end() && !it->second.value.empty()) {
        detail += (detail.empty() ? "" : "; ") + it->second.value;
        refs.push_back(Ref(it->second.stamp));
      }
      if (detail.empty()) return Todo("not recorded: give the finding to investigate, or set --detection");
      return Done(detail, refs);
    }
    case Check::kCredentials: {
      if (!inv) return Todo(kNoInvestigation);
      size_t seeds = 0;
      for (const auto& c : f.investigation->credentials) seeds += c.parent.empty();
      if (f.investigation->credentials.empty()) return Todo("the investigation found no credential");
      return Done(fmt::format("{} credentials in the attacker's hands: {} seed(s), {} derived", f.investigation->credentials.size(),
                              seeds, f.investigation->credentials.size() - seeds),
                  {"investigation.json"});
    }
    case Check::kSeedFromTicket:
    case Check::kSeedFromFinding: {
      if (!inv) return Todo(kNoInvestigation);
      bool ticket = s.check == Check::kSeedFromTicket;
      std::vector<const json*> a = Seeds(f, "key"), b = Seeds(f, "principal"), c = Seeds(f, "finding");
      if (ticket) a.insert(a.end(), b.begin(), b.end());
      const std::vector<const json*>& mine = ticket ? a : c;
      if (mine.empty()) return Na(ticket ? "the investigation started from a finding" : "the investigation started from the ticket's credentials");
      std::string detail;
      for (const json* x : mine) {
        detail += (detail.empty() ? "" : ", ") + (ticket ? Str(*x, "value") : Str(*x, "value") + " -> " + Str(*x, "credential"));
      }
      return Done(detail, {"investigation.json"});
    }
    case Check::kCompromiseTime: {
      if (!inv) return Todo(kNoInvestigation);
      const json& doc = *f.investigation_doc;
      std::string detail = "compromise time " + Str(doc, "compromiseTime");
      if (doc.contains("estimates") && doc["estimates"].is_array()) {
        for (const json& e : doc["estimates"]) {
          if (e.is_object()) detail += fmt::format("; {}: {} ({})", Str(e, "credential"), Str(e, "time"), Str(e, "method"));
        }
      }
      if (Str(doc, "compromiseTime").empty()) return Todo("the investigation could not date the compromise");
      return Done(detail, {"investigation.json"});
    }
    case Check::kOtherChanges: {
      if (!inv) return Todo(kNoInvestigation);
      const json& doc = *f.investigation_doc;
      size_t n = 0, events = 0;
      std::string names;
      if (doc.contains("context") && doc["context"].is_object() && doc["context"].contains("otherChanges") &&
          doc["context"]["otherChanges"].is_array()) {
        for (const json& o : doc["context"]["otherChanges"]) {
          ++n;
          events += o.value("events", 0);
          if (n <= 3) names += (names.empty() ? "" : ", ") + Str(o, "principalArn");
        }
      }
      if (n == 0) return Todo("no other principal changed anything in the attacker's window; confirm no deployment explains the disruption");
      return Todo(fmt::format("prepared: {} other principals made {} changes in the attacker's window ({}{}); review them "
                              "(investigation context.otherChanges) and the deployment pipeline",
                              n, events, names, n > 3 ? ", ..." : ""),
                  {"investigation.json"});
    }
    case Check::kStakeholders: {
      if (!sv.cmdb) return Todo("no CMDB in the case");
      if (!inv) return Todo(kNoInvestigation);
      return Done(fmt::format("{} stakeholders for {} impacted application(s) ({} resources not in the CMDB)", sv.stakeholders.size(),
                              sv.applications.size(), sv.unmapped),
                  {"cmdb"});
    }
    case Check::kNotified: {
      if (!sv.cmdb) return Todo("no CMDB in the case: nobody to list yet");
      if (sv.stakeholders.empty()) return Todo("the CMDB names nobody for what the attacker touched");
      if (sv.notified == sv.stakeholders.size()) return Done(fmt::format("all {} stakeholders told", sv.stakeholders.size()));
      std::string left;
      for (const Stakeholder& x : sv.stakeholders) {
        if (!x.notified) left += (left.empty() ? "" : ", ") + x.key;
      }
      return Todo(fmt::format("{} of {} told; still to tell: {}", sv.notified, sv.stakeholders.size(), left));
    }
    case Check::kContainAll:
      if (!inv) return Todo(kNoInvestigation);
      return Contained(f, Credentials(f, [](const respond::InvCredential&) { return true; }), "credentials");
    case Check::kContainLongTerm:
      if (!inv) return Todo(kNoInvestigation);
      return Contained(f, Credentials(f, [](const respond::InvCredential& c) { return IsLongTerm(c.kind); }),
                       "long-term credentials");
    case Check::kContainShortTerm:
      if (!inv) return Todo(kNoInvestigation);
      return Contained(f, Credentials(f, [](const respond::InvCredential& c) { return !IsLongTerm(c.kind); }),
                       "short-term credentials");
    case Check::kRevokeSessions: {
      if (!inv) return Todo(kNoInvestigation);
      auto roles = Credentials(f, [](const respond::InvCredential& c) {
        return c.kind == "role-session" || c.kind == "instance-profile-session" || c.kind == "lambda-session";
      });
      if (roles.empty()) return Na("no role session among the compromised credentials");
      const PhaseExecution* ex = Executed(f, "contain");
      size_t revoked = 0, seen = 0;
      if (ex) {
        for (const auto& [step, action] : ex->action_of_step) {
          if (action != "revoke-role-sessions" && action != "deny-role-sessions") continue;
          ++seen;
          revoked += ex->steps_ok.count(step);
        }
      }
      if (seen > 0 && revoked == seen) return Done(fmt::format("{} role revocation step(s) carried out", revoked), {"journal.jsonl"});
      return Todo(fmt::format("{} role session(s) to cut off{}", roles.size(),
                              seen ? fmt::format("; {} of {} revocation steps done", revoked, seen) : ""));
    }
    case Check::kContainEscalation: {
      if (!f.verify) return Todo("run credtrace verify first: this step is needed only if the credentials still work");
      if (VerifyContained(*f.verify)) return Na("the verification found no use after the containment: not needed");
      return Todo(fmt::format("the verification found {} successful call(s) after the containment: block the role's policies or "
                              "trust by hand",
                              VerifySucceeded(*f.verify)),
                  {"verify.json"});
    }
    case Check::kVerify: {
      if (!f.verify) return Todo("no verification yet");
      const json& v = *f.verify;
      if (!VerifyContained(v))
        return Todo(fmt::format("NOT contained: {} successful call(s) after the containment", VerifySucceeded(v)), {"verify.json"});
      // The runbook watches for 30 minutes: the evidence must reach 30 minutes past the latest containment.
      std::optional<TimeMs> latest, until;
      if (v.contains("credentials") && v["credentials"].is_array()) {
        for (const json& c : v["credentials"]) {
          if (!c.is_object() || !c.contains("containedAt") || !c["containedAt"].is_string()) continue;
          auto t = ParseIsoTime(c["containedAt"].get<std::string>());
          if (t && (!latest || *t > *latest)) latest = t;
        }
      }
      std::string complete = v.contains("evidence") && v["evidence"].is_object() ? Str(v["evidence"], "completeUntil") : "";
      if (!complete.empty()) until = ParseIsoTime(complete);
      if (latest && until && *until - *latest >= 30 * 60 * 1000) {
        return Done(fmt::format("no use after the containment; evidence complete until {}, {} min after it", complete,
                                (*until - *latest) / 60000),
                    {"verify.json"});
      }
      return Todo(fmt::format("no use so far, but the evidence covers only {} min after the containment: watch for 30 "
                              "(credtrace verify --watch)",
                              latest && until ? std::max<TimeMs>(0, *until - *latest) / 60000 : 0),
                  {"verify.json"});
    }
    case Check::kActionsRetrieved:
    case Check::kActionsListed: {
      if (!inv) return Todo(kNoInvestigation);
      auto evs = SuspectEvents(f);
      size_t owner = f.investigation->events.size() - evs.size();
      return Done(fmt::format("{} events of the compromised credentials since the compromise: {} by the attacker or unknown, {} by "
                              "the owner",
                              f.investigation->events.size(), evs.size(), owner),
                  {"investigation.json"});
    }
    case Check::kThirdPartyTool:
      if (f.evidence.sources == 0) return Todo("no evidence in the case yet");
      return Na("the CloudTrail evidence is in the case and credtrace reads it");
    case Check::kS3Logs:
      if (f.evidence.s3_layout_sources == 0) return Na("the evidence did not come as an S3 delivery tree");
      return Done(fmt::format("{} CloudTrail delivery files from the S3 layout in the case", f.evidence.s3_layout_sources),
                  {"manifest.json.gz"});
    case Check::kQueryable:
      if (f.evidence.events == 0) return Todo("no events in the case yet");
      return Done(fmt::format("{} events indexed by access key, principal, ARN, IP, event name and time (credtrace search)",
                              f.evidence.events));
    case Check::kClassified:
    case Check::kIdentity:
    case Check::kDataAccess: {
      if (!inv) return Todo(kNoInvestigation);
      std::vector<const json*> hit;
      for (const json* e : SuspectEvents(f)) {
        bool ok = s.check == Check::kClassified ? e->contains("categories") && (*e)["categories"].is_array() && !(*e)["categories"].empty()
                  : s.check == Check::kDataAccess ? HasCategory(*e, {"data-access", "exfiltration"})
                                                  : HasCategory(*e, {"identity", "persistence", "privilege-escalation", "credential-access"});
        if (ok) hit.push_back(e);
      }
      if (s.check == Check::kClassified)
        return Done(fmt::format("{} of {} events classified (docs/CLASSIFICATION.md)", hit.size(), SuspectEvents(f).size()),
                    {"investigation.json"});
      return Done(hit.empty() ? std::string("none") : CountByName(hit), FirstIds(hit));
    }
    case Check::kPattern: {
      if (!inv) return Todo(kNoInvestigation);
      std::vector<query::Glob> globs;
      std::string_view arg = s.arg;
      while (!arg.empty()) {
        size_t bar = arg.find('|');
        globs.emplace_back(arg.substr(0, bar));
        arg = bar == std::string_view::npos ? std::string_view() : arg.substr(bar + 1);
      }
      std::vector<const json*> hit;
      for (const json* e : SuspectEvents(f)) {
        std::string n = Name(*e);
        if (std::any_of(globs.begin(), globs.end(), [&](const query::Glob& g) { return g.Matches(n); })) hit.push_back(e);
      }
      return Done(hit.empty() ? std::string("none") : CountByName(hit), FirstIds(hit));
    }
    case Check::kCreated:
    case Check::kDeleted:
    case Check::kModified: {
      if (!inv) return Todo(kNoInvestigation);
      const char* action = s.check == Check::kCreated ? "created" : s.check == Check::kDeleted ? "deleted" : "modified";
      auto rs = ResourcesWith(f, action);
      return Done(rs.empty() ? std::string("none") : fmt::format("{} resources {}: {}", rs.size(), action, ResourceList(rs)),
                  {"investigation.json"});
    }
    case Check::kResourcesIdentified: {
      if (!inv) return Todo(kNoInvestigation);
      size_t tagged = 0;
      for (const ImpactedResource& r : sv.resources) tagged += !r.ref.tags.empty();
      return Done(fmt::format("{} resources and principals with their ARN or ID; {} with tags from the logs", sv.resources.size(), tagged),
                  {"investigation.json"});
    }
    case Check::kResourcesMapped:
    case Check::kDeletedApps: {
      if (!inv) return Todo(kNoInvestigation);
      std::vector<const ImpactedResource*> rs;
      for (const ImpactedResource& r : sv.resources) {
        if (s.check == Check::kResourcesMapped || r.ref.action == "deleted") rs.push_back(&r);
      }
      if (rs.empty()) return Na(s.check == Check::kDeletedApps ? "nothing was deleted" : "no resource to map");
      if (!sv.cmdb) return Todo("no CMDB in the case");
      std::string unmapped;
      size_t n = 0;
      for (const ImpactedResource* r : rs) {
        if (!r->apps.empty()) continue;
        if (++n <= 3) unmapped += (unmapped.empty() ? "" : ", ") + r->ref.id;
      }
      if (n == 0) return Done(fmt::format("all {} mapped to {} application(s)", rs.size(), sv.applications.size()), {"cmdb"});
      return Todo(fmt::format("{} of {} not in the CMDB: {}{}; add them or mark this step done", n, rs.size(), unmapped, n > 3 ? ", ..." : ""));
    }
    case Check::kOwnersNotified: {
      if (!sv.cmdb) return Todo("no CMDB in the case");
      std::vector<const Stakeholder*> owners;
      for (const Stakeholder& x : sv.stakeholders) {
        if (!x.applications.empty()) owners.push_back(&x);
      }
      if (owners.empty()) return sv.applications.empty() ? Na("no impacted application") : Todo("the CMDB names no contact for the impacted applications");
      size_t told = static_cast<size_t>(std::count_if(owners.begin(), owners.end(), [](const Stakeholder* x) { return x->notified; }));
      if (told == owners.size()) return Done(fmt::format("all {} application contacts told", owners.size()));
      return Todo(fmt::format("{} of {} application contacts told", told, owners.size()));
    }
    case Check::kDerivedContained:
      if (!inv) return Todo(kNoInvestigation);
      return Contained(f, Credentials(f, [](const respond::InvCredential& c) { return !c.parent.empty(); }), "derived credentials");
    case Check::kIterated: {
      if (!inv) return Todo(kNoInvestigation);
      size_t derived = Credentials(f, [](const respond::InvCredential& c) { return !c.parent.empty(); }).size();
      size_t suspects = 0;
      if (f.investigation_doc->contains("suspects") && (*f.investigation_doc)["suspects"].is_array()) {
        for (const json& x : (*f.investigation_doc)["suspects"]) suspects += x.is_object() && !x.value("followed", false);
      }
      std::string detail = fmt::format("the investigation followed every lineage rule until no new credential appeared: {} derived", derived);
      if (suspects) {
        return Todo(detail + fmt::format("; {} suspect credential(s) from the attacker's infrastructure not followed: check them "
                                         "(investigate --follow-infrastructure)",
                                         suspects),
                    {"investigation.json"});
      }
      return Done(detail, {"investigation.json"});
    }
    case Check::kDerivedFollowedUp: {
      if (!inv) return Todo(kNoInvestigation);
      const Artifact* e = st.LastArtifact("plan", "eradicate");
      const Artifact* r = st.LastArtifact("plan", "recover");
      if (e && r) return Done("eradication and recovery planned", {Ref(e->stamp), Ref(r->stamp)});
      return Todo(std::string("to plan: ") + (e ? "" : "eradication ") + (r ? "" : "recovery"));
    }
    case Check::kEradicated: {
      if (!inv) return Todo(kNoInvestigation);
      auto created = ResourcesWith(f, "created");
      const PhaseExecution* ex = Executed(f, "eradicate");
      if (created.empty() && !ex) return Na("the attacker created no resource");
      if (ex && ex->completed) return Done(fmt::format("eradication carried out: {} steps", ex->steps_ok.size()), {"journal.jsonl"});
      const Artifact* plan = st.LastArtifact("plan", "eradicate");
      return Todo(fmt::format("{} created resources; {}", created.size(),
                              ex ? "the eradication run has not completed" : plan ? "planned, not carried out" : "not planned yet"),
                  plan ? std::vector<std::string>{Ref(plan->stamp)} : std::vector<std::string>{});
    }
    case Check::kToRecovery: {
      if (!inv) return Todo(kNoInvestigation);
      size_t n = ResourcesWith(f, "modified").size() + ResourcesWith(f, "deleted").size();
      if (n == 0) return Na("nothing was modified or deleted");
      const Artifact* plan = st.LastArtifact("plan", "recover");
      if (plan) return Done(fmt::format("{} modified or deleted resources in the recovery plan", n), {Ref(plan->stamp)});
      return Todo(fmt::format("{} modified or deleted resources; recovery not planned yet", n));
    }
    case Check::kModifiedReplace:
    case Check::kModifiedPerson: {
      if (!inv) return Todo(kNoInvestigation);
      auto rs = ResourcesWith(f, "modified");
      if (rs.empty()) return Na("nothing was modified");
      return Todo(fmt::format("prepared: {} modified resources ({}); the recovery plan has their previous state where the logs show it",
                              rs.size(), ResourceList(rs, 3)));
    }
    case Check::kRestored: {
      if (!inv) return Todo(kNoInvestigation);
      auto rs = ResourcesWith(f, "modified");
      if (rs.empty()) return Na("nothing was modified");
      const PhaseExecution* ex = Executed(f, "recover");
      if (ex && ex->completed) return Done(fmt::format("recovery carried out: {} steps", ex->steps_ok.size()), {"journal.jsonl"});
      return Todo(fmt::format("{} modified resources; {}", rs.size(), ex ? "the recovery run has not completed" : "recovery not carried out yet"));
    }
    case Check::kDeletedPerson: {
      if (!inv) return Todo(kNoInvestigation);
      auto rs = ResourcesWith(f, "deleted");
      if (rs.empty()) return Na("nothing was deleted");
      return Todo(fmt::format("prepared: {} deleted resources ({}); the recovery plan has the last configuration the logs show",
                              rs.size(), ResourceList(rs, 3)));
    }
    case Check::kForensics: {
      size_t notes = static_cast<size_t>(std::count_if(st.notes.begin(), st.notes.end(), [](const Note& n) { return n.kind == "forensics"; }));
      std::string detail;
      const PhaseExecution* ex = Executed(f, "contain");
      size_t isolated = 0;
      if (ex) {
        for (const auto& [step, action] : ex->action_of_step) isolated += (action == "isolate-instance" || action == "snapshot-instance") && ex->steps_ok.count(step);
      }
      if (isolated) detail = fmt::format("{} instance isolation and snapshot step(s) carried out; ", isolated);
      detail += fmt::format("{} forensics note(s) recorded", notes);
      return Todo(detail);
    }
    case Check::kLessons: {
      std::vector<std::string> refs;
      for (const Note& n : st.notes) {
        if (n.kind == "lesson") refs.push_back(Ref(n.stamp));
      }
      if (refs.empty()) return Todo("no lesson recorded yet");
      return Done(fmt::format("{} lesson(s) recorded", refs.size()), refs);
    }
    case Check::kArtifacts: {
      const Artifact* e = st.LastArtifact("export");
      if (!e) return Todo("no export yet");
      return Todo(fmt::format("prepared: the case was exported to {} (SHA-256 {}); store it with the CMDB entries", e->path,
                              e->sha256.substr(0, 16)),
                  {Ref(e->stamp)});
    }
  }
  return Todo();
}

int DepthOf(std::string_view id) { return static_cast<int>(std::count(id.begin(), id.end(), '.')); }

}  // namespace

RunbookView EvaluateRunbook(const Facts& facts, const StakeholderView& sv) {
  RunbookView v;
  const auto& steps = RunbookSteps();
  std::set<std::string> has_children;
  for (const RunbookStep& s : steps) has_children.insert(ParentStep(s.id));
  for (const RunbookStep& s : steps) {
    StepStatus out;
    out.step = &s;
    out.depth = DepthOf(s.id);
    Verdict verdict = Evaluate(s, facts, sv);
    out.detail = verdict.detail;
    out.refs = verdict.refs;
    out.status = verdict.status;
    out.automatic = s.check != Check::kPerson && verdict.status != "todo";
    auto mark = facts.state.steps.find(s.id);
    if (mark != facts.state.steps.end()) {
      out.status = mark->second.status;
      out.automatic = false;
      out.by = mark->second.stamp.actor;
      out.time = mark->second.stamp.time;
      out.note = mark->second.note;
      out.refs.insert(out.refs.begin(), Ref(mark->second.stamp));
    }
    v.steps.push_back(std::move(out));
  }
  // Parents: closed when every leaf below is closed, unless a person marked them.
  for (size_t i = v.steps.size(); i-- > 0;) {
    StepStatus& p = v.steps[i];
    std::string id = p.step->id;
    if (!has_children.count(id)) {
      p.leaves = 1;
      p.leaves_closed = p.status == "done" || p.status == "n/a";
      continue;
    }
    bool blocked = false, all_na = true;
    for (size_t j = i + 1; j < v.steps.size(); ++j) {
      const StepStatus& c = v.steps[j];
      if (ParentStep(c.step->id) != id) continue;
      p.leaves += c.leaves;
      p.leaves_closed += c.leaves_closed;
      blocked = blocked || c.status == "blocked";
      all_na = all_na && c.status == "n/a";
    }
    if (facts.state.steps.count(id)) continue;
    // A parent with a check of its own must pass it too.
    bool own_open = p.step->check != Check::kPerson && p.status == "todo";
    p.automatic = true;
    p.status = blocked ? "blocked" : p.leaves_closed == p.leaves && !own_open ? (all_na ? "n/a" : "done") : "todo";
  }
  for (const StepStatus& s : v.steps) {
    if (has_children.count(s.step->id)) continue;
    if (s.status == "done") ++v.done;
    else if (s.status == "n/a") ++v.na;
    else if (s.status == "blocked") ++v.blocked;
    else ++v.todo;
  }
  for (size_t i = 0; i < v.steps.size() && v.next.size() < 5; ++i) {
    const StepStatus& s = v.steps[i];
    if (!has_children.count(s.step->id) && (s.status == "todo" || s.status == "blocked")) v.next.push_back(i);
  }
  return v;
}

json RunbookToJson(const RunbookView& v, const Facts& facts) {
  json steps = json::array();
  for (const StepStatus& s : v.steps) {
    json j = {{"id", s.step->id},
              {"title", s.step->title},
              {"runbook", s.step->runbook},
              {"depth", s.depth},
              {"status", s.status},
              {"automatic", s.automatic},
              {"by", s.automatic ? json("credtrace") : s.by.empty() ? json(nullptr) : json(s.by)},
              {"time", s.time.empty() ? json(nullptr) : json(s.time)},
              {"note", s.note.empty() ? json(nullptr) : json(s.note)},
              {"detail", s.detail.empty() ? json(nullptr) : json(s.detail)},
              {"refs", s.refs},
              {"hint", *s.step->hint ? json(s.step->hint) : json(nullptr)}};
    if (s.leaves > 1 || s.depth == 0) j["progress"] = {{"closed", s.leaves_closed}, {"steps", s.leaves}};
    steps.push_back(std::move(j));
  }
  json next = json::array();
  for (size_t i : v.next) next.push_back(v.steps[i].step->id);
  return {{"schema", "credtrace.runbook/1"},
          {"phase", facts.state.Phase()},
          {"summary", {{"done", v.done}, {"n/a", v.na}, {"blocked", v.blocked}, {"todo", v.todo}}},
          {"next", next},
          {"steps", steps}};
}

}  // namespace credtrace::casefile
