#include "respond/verify.h"

#include <algorithm>
#include <chrono>
#include <system_error>
#include <thread>

#include "base/file.h"
#include "respond/investigation.h"
#include "respond/respond.h"

namespace credtrace::respond {

namespace {

using json = nlohmann::json;
using investigate::EventRef;
using investigate::Evidence;
using cloudtrail::Column;
namespace fs = std::filesystem;

constexpr size_t kFetchBatch = 8192;

std::string Str(const json& o, const char* key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

const json& Arr(const json& o, const char* key) {
  static const json kEmpty = json::array();
  if (!o.is_object()) return kEmpty;
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return kEmpty;
  return *it;
}

// The error codes that say the call was refused because of who made it: the deny policies
// (AccessDenied, AccessDeniedException, Client.UnauthorizedOperation...) and a deactivated or
// unknown key (InvalidClientTokenId in STS and IAM, AuthFailure in EC2, InvalidAccessKeyId in
// S3, UnrecognizedClientException in JSON services), or an expired session.
bool IsDenial(std::string_view code) {
  if (code.empty()) return false;
  if (code.find("AccessDenied") != std::string_view::npos) return true;
  if (code.find("UnauthorizedOperation") != std::string_view::npos) return true;
  static constexpr std::string_view kCodes[] = {
      "InvalidClientTokenId",        "Client.InvalidClientTokenId", "AuthFailure",
      "Client.AuthFailure",          "InvalidAccessKeyId",          "UnrecognizedClientException",
      "ExpiredToken",                "ExpiredTokenException",       "Client.ExpiredToken",
      "UnauthorizedAccess",          "NotAuthorized"};
  for (std::string_view c : kCodes)
    if (code == c) return true;
  return false;
}

// sessionContext.attributes.creationDate: ISO 8601 extended ("2024-08-02T08:20:52Z") or the
// older documented basic form ("20131102T010628Z").
std::optional<TimeMs> ParseCreationDate(std::string_view s) {
  if (auto t = ParseIsoTime(s)) return t;
  if (s.size() == 16 && s[8] == 'T' && s[15] == 'Z') {
    std::string ext = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                      std::string(s.substr(6, 2)) + "T" + std::string(s.substr(9, 2)) + ":" +
                      std::string(s.substr(11, 2)) + ":" + std::string(s.substr(13, 2)) + "Z";
    return ParseIsoTime(ext);
  }
  return std::nullopt;
}

// "arn:aws:iam::A:role/path/Name" -> "A/Name" (the plan's targets carry no path).
std::string RoleKey(std::string_view arn) {
  Arn a = ParseArn(arn);
  if (a.service != "iam" || a.resource.rfind("role/", 0) != 0) return "";
  std::string_view res = a.resource;
  size_t slash = res.rfind('/');
  return a.account + "/" + std::string(res.substr(slash + 1));
}

bool IsSessionKind(std::string_view kind) {
  return kind == "role-session" || kind == "instance-profile-session" || kind == "lambda-session";
}

class Verifier {
 public:
  Verifier(const Evidence& ev, const VerifyInvestigation& inv, const VerifyOptions& opt)
      : ev_(ev), inv_(inv), opt_(opt) {}

  Result<VerifyReport> Run() {
    VerifyReport r;
    r.grace_ms = opt_.grace_ms;
    r.delivery_delay_ms = opt_.delivery_delay_ms;
    for (const store::SegmentView* s : ev_.segments()) {
      CT_ASSIGN_OR_RETURN(auto times, s->Times());
      if (!times.empty() && (!r.last_event || times.back() > *r.last_event)) r.last_event = times.back();
    }
    if (r.last_event) r.complete_until = *r.last_event - opt_.delivery_delay_ms;

    std::set<std::string> contained_keys;
    for (const VerifyCredential& c : inv_.credentials) {
      VerifyCredentialResult cr;
      cr.credential = c;
      if (opt_.after) {
        cr.contained_at = opt_.after;
        cr.contained_from = "--after";
      } else if (auto it = opt_.journal.find(c.id); it != opt_.journal.end()) {
        cr.contained_at = it->second;
        cr.contained_from = "journal";
      }
      if (cr.contained_at)
        for (const std::string& k : c.keys) contained_keys.insert(k);
      r.credentials.push_back(std::move(cr));
    }
    bool any = false;
    for (const auto& cr : r.credentials) any = any || cr.contained_at.has_value();
    if (!any && !r.credentials.empty())
      return Status::InvalidArgument(
          "no containment time: give --after T (the journal of `credtrace contain --execute` names none of the "
          "investigation's credentials)");

    CT_RETURN_IF_ERROR(RevokedRoles(&r));
    for (VerifyCredentialResult& cr : r.credentials) {
      if (!cr.contained_at) {
        ++r.unchecked;
        continue;
      }
      std::vector<VerifyUse> uses;
      CT_RETURN_IF_ERROR(KeyUses(cr, &uses));
      CT_RETURN_IF_ERROR(SignInUses(cr, &uses));
      for (VerifyUse& u : uses) Place(cr, std::move(u));
    }
    // Other sessions of each revoked role, issued before the containment: the TokenIssueTime
    // deny must refuse them too. Reported under the first credential of the role.
    for (auto& [issuer, idx] : role_owner_) {
      VerifyCredentialResult& cr = r.credentials[idx];
      std::vector<VerifyUse> uses;
      CT_RETURN_IF_ERROR(OlderRoleSessionUses(issuer, role_cutoff_[issuer], contained_keys, &uses));
      for (VerifyUse& u : uses) Place(cr, std::move(u));
    }
    for (VerifyCredentialResult& cr : r.credentials) {
      for (auto* v : {&cr.denied, &cr.succeeded, &cr.within_grace}) {
        std::sort(v->begin(), v->end(), [](const VerifyUse& a, const VerifyUse& b) {
          return a.time != b.time ? a.time < b.time : a.event_id < b.event_id;
        });
      }
      r.denied += cr.denied.size();
      r.succeeded += cr.succeeded.size();
      r.within_grace += cr.within_grace.size();
    }
    return r;
  }

 private:
  void Place(VerifyCredentialResult& cr, VerifyUse u) {
    TimeMs at = *cr.contained_at;
    u.within_grace = u.time < at + opt_.grace_ms;
    if (u.denied) {
      cr.denied.push_back(std::move(u));
    } else if (u.within_grace) {
      cr.within_grace.push_back(std::move(u));
    } else {
      cr.succeeded.push_back(std::move(u));
    }
  }

  // Which contained session credentials belong to a role the containment plan revokes by
  // TokenIssueTime (not by session name: then the role's other sessions are left alone).
  Status RevokedRoles(VerifyReport* r) {
    auto inv = ReadInvestigation(inv_.doc);
    if (!inv.ok()) return Status::Ok();
    std::set<std::string> revoked;  // "account/name"
    PlanOptions po;
    TimeMs at = kNoTime;
    for (const auto& cr : r->credentials)
      if (cr.contained_at && (at == kNoTime || *cr.contained_at < at)) at = *cr.contained_at;
    if (at == kNoTime) return Status::Ok();
    po.at = FormatIsoTime(at);
    auto plan = PlanContainment(*inv, po);
    if (!plan.ok()) return Status::Ok();
    for (const Step& s : plan->steps)
      if (s.action == "revoke-role-sessions") revoked.insert(RoleKey(s.target));
    for (size_t i = 0; i < r->credentials.size(); ++i) {
      VerifyCredentialResult& cr = r->credentials[i];
      if (!cr.contained_at || !IsSessionKind(cr.credential.kind)) continue;
      for (const std::string& k : cr.credential.keys) {
        CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kAccessKeyId, k));
        if (rows.empty()) continue;
        CT_ASSIGN_OR_RETURN(std::string_view issuer, ev_.Value(rows.front(), Column::kSessionIssuerArn));
        std::string key = RoleKey(issuer);
        if (key.empty() || !revoked.count(key)) continue;
        cr.role_revoked = std::string(issuer);
        std::string is(issuer);
        if (!role_owner_.count(is)) role_owner_[is] = i;
        auto [it, fresh] = role_cutoff_.emplace(is, *cr.contained_at);
        if (!fresh) it->second = std::min(it->second, *cr.contained_at);
        break;
      }
    }
    return Status::Ok();
  }

  Result<VerifyUse> UseOf(const EventRef& ref, const std::string& credential, std::string via) {
    VerifyUse u;
    u.via = std::move(via);
    u.time = ref.time;
    u.event_time = FormatIsoTime(ref.time);
    auto col = [&](Column c) -> Result<std::string> {
      CT_ASSIGN_OR_RETURN(std::string_view v, ev_.Value(ref, c));
      return std::string(v);
    };
    CT_ASSIGN_OR_RETURN(u.event_id, col(Column::kEventId));
    CT_ASSIGN_OR_RETURN(u.event_source, col(Column::kEventSource));
    CT_ASSIGN_OR_RETURN(u.event_name, col(Column::kEventName));
    CT_ASSIGN_OR_RETURN(u.source_ip, col(Column::kSourceIp));
    CT_ASSIGN_OR_RETURN(u.user_agent, col(Column::kUserAgent));
    CT_ASSIGN_OR_RETURN(u.error_code, col(Column::kErrorCode));
    CT_ASSIGN_OR_RETURN(u.access_key_id, col(Column::kAccessKeyId));
    CT_ASSIGN_OR_RETURN(u.principal_arn, col(Column::kArn));
    u.denied = IsDenial(u.error_code);
    Attribute(credential, &u);
    return u;
  }

  void Attribute(const std::string& credential, VerifyUse* u) const {
    if (auto it = inv_.attribution_of_event.find(u->event_id); it != inv_.attribution_of_event.end()) {
      u->attribution = it->second;
      u->why = "labelled so by the investigation";
    } else if (inv_.attacker_ips.count(u->source_ip)) {
      u->attribution = "attacker";
      u->why = "from an address of the attacker's (investigation context)";
    } else if (inv_.owner_habits.count({credential, u->source_ip + "\n" + u->user_agent})) {
      u->attribution = "owner";
      u->why = "from the owner's network with the owner's user agent (the investigation's owner events)";
    } else {
      u->attribution = "unknown";
      u->why = "neither an attacker address nor the owner's network and user agent";
    }
  }

  Status KeyUses(const VerifyCredentialResult& cr, std::vector<VerifyUse>* out) {
    for (const std::string& k : cr.credential.keys) {
      CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kAccessKeyId, k, *cr.contained_at));
      for (const EventRef& ref : rows) {
        CT_ASSIGN_OR_RETURN(VerifyUse u, UseOf(ref, cr.credential.id, "key"));
        out->push_back(std::move(u));
      }
    }
    return Status::Ok();
  }

  // A console password's uses: the user's sign-in events (no key). A sign-in refused shows as
  // an errorCode or responseElements.ConsoleLogin "Failure" (sign-in failures have no errorCode).
  Status SignInUses(const VerifyCredentialResult& cr, std::vector<VerifyUse>* out) {
    if (cr.credential.kind != "console-password" || cr.credential.principal_arn.empty()) return Status::Ok();
    CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kArn, cr.credential.principal_arn, *cr.contained_at));
    std::vector<EventRef> signins;
    for (const EventRef& ref : rows) {
      CT_ASSIGN_OR_RETURN(std::string_view src, ev_.Value(ref, Column::kEventSource));
      CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(ref, Column::kAccessKeyId));
      if (src == "signin.amazonaws.com" && key.empty()) signins.push_back(ref);
    }
    for (size_t b = 0; b < signins.size(); b += kFetchBatch) {
      std::vector<EventRef> batch(signins.begin() + b, signins.begin() + std::min(signins.size(), b + kFetchBatch));
      CT_RETURN_IF_ERROR(ev_.Prefetch(batch));
      for (const EventRef& ref : batch) {
        CT_ASSIGN_OR_RETURN(VerifyUse u, UseOf(ref, cr.credential.id, "sign-in"));
        auto rec = ev_.RecordOf(ref);
        if (rec.ok() && (*rec)->Str("responseElements.ConsoleLogin") == "Failure") u.denied = true;
        if (!u.error_code.empty()) u.denied = true;  // sign-in refused
        out->push_back(std::move(u));
      }
      ev_.DropRecords();
    }
    return Status::Ok();
  }

  Status OlderRoleSessionUses(const std::string& issuer, TimeMs cutoff, const std::set<std::string>& contained,
                              std::vector<VerifyUse>* out) {
    CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kSessionIssuerArn, issuer, cutoff));
    std::vector<EventRef> others;
    for (const EventRef& ref : rows) {
      CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(ref, Column::kAccessKeyId));
      if (!key.empty() && !contained.count(std::string(key))) others.push_back(ref);
    }
    for (size_t b = 0; b < others.size(); b += kFetchBatch) {
      std::vector<EventRef> batch(others.begin() + b, others.begin() + std::min(others.size(), b + kFetchBatch));
      CT_RETURN_IF_ERROR(ev_.Prefetch(batch));
      for (const EventRef& ref : batch) {
        auto rec = ev_.RecordOf(ref);
        if (!rec.ok()) continue;
        std::string_view created = (*rec)->Str("userIdentity.sessionContext.attributes.creationDate");
        auto t = ParseCreationDate(created);
        if (!t || *t >= cutoff) continue;  // issued after the revocation: allowed
        CT_ASSIGN_OR_RETURN(VerifyUse u, UseOf(ref, "", "older-role-session"));
        u.session_created = std::string(created);
        out->push_back(std::move(u));
      }
      ev_.DropRecords();
    }
    return Status::Ok();
  }

  const Evidence& ev_;
  const VerifyInvestigation& inv_;
  const VerifyOptions& opt_;
  std::map<std::string, size_t> role_owner_;   // session issuer ARN -> credential index
  std::map<std::string, TimeMs> role_cutoff_;  // session issuer ARN -> earliest containment
};

json UseJson(const VerifyUse& u) {
  auto n = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return json{{"eventID", u.event_id},
              {"eventTime", u.event_time},
              {"eventSource", u.event_source},
              {"eventName", u.event_name},
              {"sourceIPAddress", n(u.source_ip)},
              {"userAgent", n(u.user_agent)},
              {"errorCode", n(u.error_code)},
              {"accessKeyId", n(u.access_key_id)},
              {"principalArn", n(u.principal_arn)},
              {"via", u.via},
              {"sessionCreated", n(u.session_created)},
              {"attribution", u.attribution},
              {"why", u.why},
              {"withinGrace", u.within_grace}};
}

}  // namespace

Result<VerifyInvestigation> ReadVerifyInvestigation(const json& doc) {
  if (!doc.is_object()) return Status::InvalidArgument("investigation: not a JSON object");
  std::string schema = Str(doc, "schema");
  if (schema.rfind("credtrace.investigation/", 0) != 0)
    return Status::InvalidArgument("investigation: schema is not credtrace.investigation/N: '" + schema + "'");
  if (!doc.contains("credentials") || !doc["credentials"].is_array())
    return Status::InvalidArgument("investigation: no credentials[] array");
  VerifyInvestigation inv;
  inv.doc = doc;
  for (const json& c : Arr(doc, "credentials")) {
    VerifyCredential x{Str(c, "id"), Str(c, "kind"), Str(c, "principalArn"), {}};
    if (x.id.empty()) continue;
    for (const json& k : Arr(c, "keys"))
      if (k.is_string() && !k.get<std::string>().empty()) x.keys.push_back(k.get<std::string>());
    std::string key = Str(c, "accessKeyId");
    if (!key.empty() && std::find(x.keys.begin(), x.keys.end(), key) == x.keys.end()) x.keys.push_back(key);
    inv.credentials.push_back(std::move(x));
  }
  for (const json& e : Arr(doc, "events")) {
    std::string id = Str(e, "eventID"), attr = Str(e, "attribution");
    if (id.empty() || attr.empty()) continue;
    inv.attribution_of_event[id] = attr;
    if (attr == "owner")
      inv.owner_habits.insert({Str(e, "credential"), Str(e, "sourceIPAddress") + "\n" + Str(e, "userAgent")});
  }
  if (doc.contains("context") && doc["context"].is_object()) {
    const json& ctx = doc["context"];
    if (ctx.contains("attackerInfrastructure") && ctx["attackerInfrastructure"].is_object())
      for (const json& a : Arr(ctx["attackerInfrastructure"], "addresses")) {
        std::string ip = Str(a, "ip");
        if (!ip.empty()) inv.attacker_ips.insert(ip);
      }
  }
  return inv;
}

Result<std::map<std::string, TimeMs>> ReadJournalContainment(const fs::path& file, const VerifyInvestigation& inv) {
  std::map<std::string, TimeMs> out;
  std::error_code ec;
  if (!fs::exists(file, ec)) return out;
  CT_ASSIGN_OR_RETURN(std::string text, ReadFile(file, 1ull << 30));
  // The plan of each contain run, rebuilt from the investigation and the run's `at` (plans are
  // deterministic), gives the credentials of each step ID.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> step_creds;  // run -> step -> creds
  auto parsed = ReadInvestigation(inv.doc);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;  // a torn last line: the executor was killed writing it
    std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) continue;
    std::string type = Str(j, "type"), run = Str(j, "run");
    if (Str(j, "phase") != "contain") continue;
    if (type == "run") {
      if (!parsed.ok()) continue;
      PlanOptions po;
      po.at = Str(j, "at");
      po.case_dir = Str(j, "case");
      auto plan = PlanContainment(*parsed, po);
      if (!plan.ok()) continue;
      auto& m = step_creds[run];
      for (const Step& st : plan->steps) m[st.id] = st.credentials;
      continue;
    }
    if (type != "step" || Str(j, "status") != "ok") continue;
    auto t = ParseIsoTime(Str(j, "time"));
    if (!t) continue;
    std::vector<std::string> creds;
    for (const json& c : Arr(j, "credentials"))
      if (c.is_string()) creds.push_back(c.get<std::string>());
    if (creds.empty()) {
      auto r = step_creds.find(run);
      if (r == step_creds.end()) continue;
      auto st = r->second.find(Str(j, "step"));
      if (st == r->second.end()) continue;
      creds = st->second;
    }
    for (const std::string& c : creds) {
      auto [it, fresh] = out.emplace(c, *t);
      if (!fresh) it->second = std::max(it->second, *t);
    }
  }
  return out;
}

Result<VerifyReport> Verify(const Evidence& ev, const VerifyInvestigation& inv, const VerifyOptions& opt) {
  Verifier v(ev, inv, opt);
  return v.Run();
}

json VerifyToJson(const VerifyReport& r, const json& extra) {
  json doc = {{"schema", kVerifySchema}};
  for (auto it = extra.begin(); it != extra.end(); ++it) doc[it.key()] = it.value();
  doc["verdict"] = r.NotContained() ? "not-contained" : "no-successful-use";
  doc["graceSeconds"] = r.grace_ms / 1000;
  doc["evidence"] = {
      {"lastEvent", r.last_event ? json(FormatIsoTime(*r.last_event)) : json(nullptr)},
      {"completeUntil", r.complete_until ? json(FormatIsoTime(*r.complete_until)) : json(nullptr)},
      {"deliveryDelaySeconds", r.delivery_delay_ms / 1000},
      {"note", "CloudTrail delivers most events within 5 minutes and some up to about 15; calls after completeUntil "
               "may still arrive"}};
  doc["summary"] = {{"credentials", r.credentials.size()},
                    {"unchecked", r.unchecked},
                    {"denied", r.denied},
                    {"succeeded", r.succeeded},
                    {"withinGrace", r.within_grace}};
  json creds = json::array();
  for (const VerifyCredentialResult& c : r.credentials) {
    json j = {{"credential", c.credential.id},
              {"kind", c.credential.kind},
              {"principalArn", c.credential.principal_arn},
              {"keys", c.credential.keys},
              {"containedAt", c.contained_at ? json(FormatIsoTime(*c.contained_at)) : json(nullptr)},
              {"containedFrom", c.contained_from.empty() ? json(nullptr) : json(c.contained_from)},
              {"checked", c.contained_at.has_value()},
              {"roleRevoked", c.role_revoked.empty() ? json(nullptr) : json(c.role_revoked)}};
    for (auto [name, v] : {std::pair{"denied", &c.denied}, std::pair{"succeeded", &c.succeeded},
                           std::pair{"withinGrace", &c.within_grace}}) {
      json a = json::array();
      for (const VerifyUse& u : *v) a.push_back(UseJson(u));
      j[name] = std::move(a);
    }
    creds.push_back(std::move(j));
  }
  doc["credentials"] = std::move(creds);
  return doc;
}

Result<VerifyReport> Watch(store::Case& c, const VerifyInvestigation& inv, const VerifyOptions& vopt,
                           const WatchOptions& wopt, WatchSummary* summary) {
  auto now = wopt.now ? wopt.now : [] { return NowMs(); };
  auto sleep = wopt.sleep ? wopt.sleep : [](TimeMs ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
  WatchSummary local;
  WatchSummary& sum = summary ? *summary : local;
  struct Seen {
    uintmax_t size = 0;
    fs::file_time_type mtime;
    bool ingested = false;
  };
  std::map<fs::path, Seen> seen;
  std::set<std::string> reported;
  const TimeMs end = now() + wopt.duration_ms;
  {
    // What the case shows before the watch is the caller's first report: not new.
    CT_ASSIGN_OR_RETURN(auto segs, c.Segments());
    investigate::Evidence ev(&c, segs);
    CT_ASSIGN_OR_RETURN(VerifyReport r, Verify(ev, inv, vopt));
    for (const VerifyCredentialResult& cr : r.credentials)
      for (auto* v : {&cr.denied, &cr.succeeded, &cr.within_grace})
        for (const VerifyUse& u : *v) reported.insert(u.event_id);
  }
  for (;;) {
    bool last = now() >= end;
    // Files under the directory, taken once settled.
    std::vector<fs::path> take;
    std::error_code ec;
    auto file_now = fs::file_time_type::clock::now();
    for (fs::recursive_directory_iterator it(wopt.path, fs::directory_options::skip_permission_denied, ec), e;
         !ec && it != e; it.increment(ec)) {
      std::error_code fe;
      if (!it->is_regular_file(fe)) continue;
      uintmax_t size = it->file_size(fe);
      if (fe) continue;
      auto mtime = it->last_write_time(fe);
      if (fe) continue;
      auto [s, fresh] = seen.try_emplace(it->path());
      bool same = !fresh && s->second.size == size && s->second.mtime == mtime;
      if (same && s->second.ingested) continue;
      if (!same) s->second = Seen{size, mtime, false};
      bool old = file_now - mtime > std::chrono::minutes(1);
      if (same || old || last) {
        s->second.ingested = true;
        take.push_back(it->path());
      }
    }
    if (ec) return Status::IoError("--watch " + wopt.path.string() + ": " + ec.message());
    store::IngestSummary is;
    if (!take.empty()) {
      std::sort(take.begin(), take.end());
      CT_ASSIGN_OR_RETURN(is, store::Ingest(c, take, wopt.ingest));
      sum.files_ingested += is.files_ingested;
      sum.new_events += is.events;
      sum.problems.insert(sum.problems.end(), is.problems.begin(), is.problems.end());
    }
    ++sum.polls;
    CT_ASSIGN_OR_RETURN(auto segs, c.Segments());
    investigate::Evidence ev(&c, segs);
    CT_ASSIGN_OR_RETURN(VerifyReport r, Verify(ev, inv, vopt));
    std::vector<std::pair<std::string, VerifyUse>> fresh;
    for (const VerifyCredentialResult& cr : r.credentials)
      for (auto* v : {&cr.denied, &cr.succeeded, &cr.within_grace})
        for (const VerifyUse& u : *v)
          if (reported.insert(u.event_id).second) fresh.emplace_back(cr.credential.id, u);
    std::sort(fresh.begin(), fresh.end(), [](const auto& a, const auto& b) { return a.second.time < b.second.time; });
    if (wopt.on_new && (!fresh.empty() || is.files_ingested > 0)) wopt.on_new(fresh, is);
    if (last) return r;
    TimeMs left = end - now();
    sleep(std::max<TimeMs>(0, std::min(wopt.interval_ms, left)));
  }
}

}  // namespace credtrace::respond
