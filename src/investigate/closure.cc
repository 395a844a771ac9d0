// The lineage closure: seeds in, every credential the attacker holds out (investigate.h).
#include <fmt/format.h>

#include <algorithm>

#include "investigate/investigator.h"

namespace credtrace::investigate {

namespace {

constexpr TimeMs kHour = 3600 * 1000;
// The longest a console session lasts (12 h): its keys are looked for within this window.
constexpr TimeMs kConsoleSessionSpan = 12 * kHour;

std::string_view AccountOfArn(std::string_view arn) {
  // arn:partition:service:region:account:resource
  size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = arn.find(':', pos);
  return end == std::string_view::npos ? std::string_view() : arn.substr(pos, end - pos);
}

std::string_view LastSegment(std::string_view s, char sep) {
  size_t p = s.rfind(sep);
  return p == std::string_view::npos ? s : s.substr(p + 1);
}

// "arn:aws:sts::A:assumed-role/<role>/<session>" for a session of role ARN `role_arn`.
std::string SessionArn(std::string_view role_arn, std::string_view session) {
  return fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", AccountOfArn(role_arn),
                     LastSegment(role_arn, '/'), session);
}

// A Lambda function name from a name or an ARN (arn:aws:lambda:r:a:function:NAME[:qualifier]).
std::string_view FunctionName(std::string_view s) {
  size_t p = s.find(":function:");
  if (p == std::string_view::npos) return s;
  s.remove_prefix(p + 10);
  return s.substr(0, s.find(':'));
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The principals a trust policy allows to assume the role: AWS principals as written ("*" for
// anyone), identity providers as "federated:<provider>".
std::vector<std::string> TrustedPrincipals(std::string_view doc_text) {
  std::string text = doc_text.starts_with("%7B") || doc_text.starts_with("%7b")
                         ? UrlDecode(doc_text)
                         : std::string(doc_text);
  std::vector<std::string> out;
  auto rec = Record::Parse(text);
  if (!rec.ok()) return out;
  auto visit = [&](simdjson::dom::element st) {
    std::string_view effect;
    if (st["Effect"].get_string().get(effect) || effect != "Allow") return;
    simdjson::dom::element p;
    if (st["Principal"].get(p)) return;
    std::string_view star;
    if (!p.get_string().get(star)) {
      if (star == "*") out.emplace_back("*");
      return;
    }
    std::string_view one;
    simdjson::dom::element fed;
    if (!p["Federated"].get(fed)) {
      simdjson::dom::array farr;
      if (!fed.get_string().get(one)) {
        out.push_back("federated:" + std::string(one));
      } else if (!fed.get_array().get(farr)) {
        for (auto f : farr) {
          if (!f.get_string().get(one)) out.push_back("federated:" + std::string(one));
        }
      }
    }
    simdjson::dom::element aws;
    if (p["AWS"].get(aws)) return;
    if (!aws.get_string().get(one)) {
      out.emplace_back(one);
      return;
    }
    simdjson::dom::array arr;
    if (aws.get_array().get(arr)) return;
    for (auto e : arr) {
      if (!e.get_string().get(one)) out.emplace_back(one);
    }
  };
  simdjson::dom::element st;
  if (rec->At("Statement").get(st)) return out;
  simdjson::dom::array arr;
  if (!st.get_array().get(arr)) {
    for (auto e : arr) visit(e);
  } else {
    visit(st);
  }
  return out;
}

// A credential a lineage event gave the attacker: compromised from the event that created it.
Credential Minted(std::string id, std::vector<std::string> keys, std::string principal, CredKind kind,
                  int parent, std::string_view created_by, TimeMs created, std::optional<EventRef> created_ref,
                  std::string_view rule, std::string how, bool attacker_made) {
  Credential c;
  c.id = std::move(id);
  c.access_key_id = keys.empty() ? "" : keys.front();
  c.keys = std::move(keys);
  c.principal_arn = std::move(principal);
  c.kind = kind;
  c.parent = parent;
  c.created_by_event_id = created_by;
  c.created = created;
  c.created_ref = created_ref;
  c.compromised_since = created;
  c.rule = rule;
  c.how = std::move(how);
  c.attacker_made = attacker_made;
  return c;
}

// The same for a key: its ID is the credential's ID.
Credential MintedKey(std::string_view key, std::string principal, CredKind kind, int parent,
                     std::string_view created_by, TimeMs created, std::optional<EventRef> created_ref,
                     std::string_view rule, std::string how, bool attacker_made) {
  return Minted(std::string(key), {std::string(key)}, std::move(principal), kind, parent, created_by, created,
                created_ref, rule, std::move(how), attacker_made);
}

}  // namespace

const std::set<std::string>& Investigator::CaseAccounts() {
  if (!case_accounts_ready_) {
    for (const auto* seg : ev_.segments()) {
      auto dict = seg->Dictionary(Column::kRecipientAccountId);
      if (!dict.ok()) continue;
      for (uint32_t i = 0; i < (*dict)->size(); ++i) {
        if (!(*dict)->value(i).empty()) case_accounts_.emplace((*dict)->value(i));
      }
    }
    case_accounts_ready_ = true;
  }
  return case_accounts_;
}

int Investigator::AddCredential(Credential c) {
  if (auto it = by_id_.find(c.id); it != by_id_.end()) return it->second;
  for (const std::string& k : c.keys) {
    if (auto it = by_key_.find(k); it != by_key_.end()) return it->second;
  }
  if (inv_.credentials.size() >= opts_.max_credentials) return -1;
  int idx = static_cast<int>(inv_.credentials.size());
  by_id_[c.id] = idx;
  for (const std::string& k : c.keys) by_key_[k] = idx;
  inv_.credentials.push_back(std::move(c));
  work_.push_back(idx);
  return idx;
}

Result<std::vector<EventRef>> Investigator::UsesOf(const Credential& c) const {
  TimeMs to = opts_.until.value_or(kMaxTime);
  std::vector<EventRef> out;
  for (const std::string& k : c.keys) {
    CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kAccessKeyId, k, c.compromised_since, to));
    out.insert(out.end(), rows.begin(), rows.end());
  }
  if (c.kind == CredKind::kConsolePassword) {
    // A password's uses are the sign-in events of its user (they carry no key).
    CT_ASSIGN_OR_RETURN(auto rows,
                        ev_.Rows(Column::kArn, c.principal_arn, c.compromised_since, to));
    for (const EventRef& r : rows) {
      CT_ASSIGN_OR_RETURN(std::string_view src, ev_.Value(r, Column::kEventSource));
      CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kAccessKeyId));
      if (src == "signin.amazonaws.com" && key.empty()) out.push_back(r);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<Profile> Investigator::ProfileFor(const Credential& c) {
  return OwnerProfile(ev_, c.principal_arn, c.keys, c.compromised_since);
}

Status Investigator::Close() {
  while (!work_.empty()) {
    int ci = work_.front();
    work_.pop_front();
    CT_RETURN_IF_ERROR(Process(ci));
  }
  return Status::Ok();
}

Status Investigator::Process(int ci) {
  CT_ASSIGN_OR_RETURN(std::vector<EventRef> uses, UsesOf(inv_.credentials[ci]));
  Profile owner;
  bool attacker_made = inv_.credentials[ci].attacker_made;
  if (!attacker_made) {
    CT_ASSIGN_OR_RETURN(owner, ProfileFor(inv_.credentials[ci]));
  }
  std::vector<size_t> lineage;
  for (const EventRef& r : uses) {
    if (event_at_.contains({r.segment, r.row})) continue;
    if (inv_.events.size() >= opts_.max_events) {
      if (!truncated_) {
        truncated_ = true;
        inv_.open_items.push_back(fmt::format(
            "stopped at {} events: the investigation is incomplete; narrow it with --since/--until",
            opts_.max_events));
      }
      break;
    }
    size_t idx = AddEvent(r, ci, Attribution::kAttacker, "");
    Event& added = inv_.events[idx];
    if (attacker_made) {
      const Credential& c = inv_.credentials[ci];
      added.why = c.created_by_event_id.empty()
                      ? fmt::format("credential {} is in the attacker's hands ({})", c.id, c.rule)
                      : fmt::format("credential {} was obtained by the attacker in event {}", c.id,
                                    c.created_by_event_id);
    } else {
      // The columns AddEvent read: not a second look-up.
      Features f{NetworkOf(added.source_ip), added.user_agent, ClientOf(added.user_agent), added.aws_region,
                 added.event_name,           added.error_code, added.source_ip};
      Verdict v = Attribute(owner, f);
      added.attribution = v.attribution;
      added.why = std::move(v.why);
    }
    CT_RETURN_IF_ERROR(AddSharedCopies(idx));
    const Event& e = inv_.events[idx];
    if (IsLineageEventName(e.event_name) && e.attribution != Attribution::kOwner && !e.failed()) {
      lineage.push_back(idx);
    }
  }
  // In batches: an attacker can make millions of calls; parsed records are dropped as we go.
  constexpr size_t kBatch = 8192;
  for (size_t start = 0; start < lineage.size(); start += kBatch) {
    size_t end = std::min(lineage.size(), start + kBatch);
    std::vector<EventRef> batch;
    for (size_t k = start; k < end; ++k) batch.push_back(inv_.events[lineage[k]].ref);
    CT_RETURN_IF_ERROR(ev_.Prefetch(batch));
    for (size_t k = start; k < end; ++k) {
      size_t i = lineage[k];
      for (const LineageRule* rule :
           RulesFor(inv_.events[i].event_source, inv_.events[i].event_name)) {
        CT_RETURN_IF_ERROR(ApplyRule(*rule, i, ci));
      }
    }
    ev_.DropRecords();
  }
  return Status::Ok();
}

size_t Investigator::AddEvent(const EventRef& r, int ci, Attribution a, std::string why) {
  Event e;
  e.ref = r;
  e.credential = ci;
  e.attribution = a;
  e.why = std::move(why);
  auto col = [&](Column c) -> std::string {
    auto v = ev_.Value(r, c);
    return v.ok() ? std::string(*v) : std::string();
  };
  e.event_id = col(Column::kEventId);
  e.event_time = FormatIsoTime(r.time);
  e.event_source = col(Column::kEventSource);
  e.event_name = col(Column::kEventName);
  e.aws_region = col(Column::kAwsRegion);
  e.recipient_account_id = col(Column::kRecipientAccountId);
  e.access_key_id = col(Column::kAccessKeyId);
  e.source_ip = col(Column::kSourceIp);
  e.user_agent = col(Column::kUserAgent);
  e.error_code = col(Column::kErrorCode);
  e.principal_arn = col(Column::kArn);
  e.identity_type = col(Column::kIdentityType);
  size_t idx = inv_.events.size();
  event_at_[{r.segment, r.row}] = idx;
  inv_.events.push_back(std::move(e));
  return idx;
}

Status Investigator::AddSharedCopies(size_t idx) {
  EventRef r = inv_.events[idx].ref;
  CT_ASSIGN_OR_RETURN(std::string_view shared, ev_.Value(r, Column::kSharedEventId));
  if (shared.empty()) return Status::Ok();
  // A cross-account call is delivered to each account (aws-ir-facts.md §1.2): the other copy
  // names the caller only by account and principal ID, so it is linked by sharedEventID.
  CT_ASSIGN_OR_RETURN(auto copies, ev_.Rows(Column::kSharedEventId, shared, r.time - 3600 * 1000,
                                            r.time + 3600 * 1000));
  for (const EventRef& c : copies) {
    if (event_at_.contains({c.segment, c.row})) continue;
    const Event& orig = inv_.events[idx];
    std::string why = fmt::format("copy delivered to account of event {} (same sharedEventID); {}",
                                  orig.event_id, orig.why);
    AddEvent(c, orig.credential, orig.attribution, std::move(why));
  }
  return Status::Ok();
}

Status Investigator::ApplyRule(const LineageRule& rule, size_t ei, int parent) {
  CT_ASSIGN_OR_RETURN(const Record* rec, ev_.RecordOf(inv_.events[ei].ref));
  switch (rule.follow) {
    case Follow::kIssuedKey:
      return FollowIssuedKey(rule, *rec, ei, parent);
    case Follow::kLoginProfile:
      return FollowLoginProfile(rule, *rec, ei, parent);
    case Follow::kConsoleLogin:
    case Follow::kSigninToken:
      return FollowConsole(rule, *rec, ei, parent);
    case Follow::kInstanceProfile:
    case Follow::kLambdaFunction:
    case Follow::kRolesAnywhere:
      return FollowServiceSessions(rule, *rec, ei, parent);
    case Follow::kTrustPolicy:
      return FollowTrust(rule, *rec, ei, parent);
    case Follow::kInstanceAccess:
      return FollowInstanceAccess(rule, *rec, ei, parent);
    case Follow::kGrant:
      return FollowGrant(rule, *rec, ei, parent);
    case Follow::kFederationProvider:
      return FollowFederationProvider(rule, *rec, ei, parent);
  }
  return Status::Ok();
}

Result<std::string> Investigator::UserArn(std::string_view account, std::string_view name) const {
  CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kUserName, name));
  for (const EventRef& r : rows) {
    CT_ASSIGN_OR_RETURN(std::string_view arn, ev_.Value(r, Column::kArn));
    if (arn.find(":user/") != std::string_view::npos && arn.ends_with(fmt::format("/{}", name)) &&
        AccountOfArn(arn) == account) {
      return std::string(arn);
    }
  }
  return fmt::format("arn:aws:iam::{}:user/{}", account, name);
}

Status Investigator::FollowIssuedKey(const LineageRule& rule, const Record& rec, size_t ei,
                                     int parent) {
  const Event& e = inv_.events[ei];
  std::string key(rec.Str(rule.key_path));
  if (key.empty()) return Status::Ok();
  std::string principal(rule.principal_path.empty() ? "" : rec.Str(rule.principal_path));
  std::string target(rule.target_path.empty() ? "" : rec.Str(rule.target_path));
  if (rule.follow == Follow::kIssuedKey && rule.kind == CredKind::kAccessKey) {
    // CreateAccessKey: for the user named in the response or request, else the caller.
    std::string user(rec.Str("responseElements.accessKey.userName"));
    if (user.empty()) user = rec.Str("requestParameters.userName");
    if (user.empty()) user = rec.Str("userIdentity.userName");
    CT_ASSIGN_OR_RETURN(principal, UserArn(e.recipient_account_id, user));
    target = user;
  }
  if (principal.empty()) {
    // GetSessionToken (same principal), or a record without assumedRoleUser: the first use says.
    CT_ASSIGN_OR_RETURN(auto first, ev_.Rows(Column::kAccessKeyId, key));
    if (!first.empty()) {
      CT_ASSIGN_OR_RETURN(std::string_view arn, ev_.Value(first.front(), Column::kArn));
      principal = arn;
    } else if (rule.kind == CredKind::kSessionToken) {
      principal = e.principal_arn;
    }
  }
  std::string how = target.empty()
                        ? fmt::format("{} (event {})", e.event_name, e.event_id)
                        : fmt::format("{} {} (event {})", e.event_name, target, e.event_id);
  AddCredential(MintedKey(key, principal, rule.kind, parent, e.event_id, e.ref.time, std::nullopt,
                          rule.id, std::move(how), true));
  return Status::Ok();
}

Status Investigator::FollowLoginProfile(const LineageRule& rule, const Record& rec, size_t ei,
                                        int parent) {
  const Event& e = inv_.events[ei];
  std::string user(rec.Str(rule.target_path));
  std::string arn;
  if (user.empty() && rec.Str("userIdentity.type") == "Root") {
    // A root session (AssumeRoot with IAMCreateRootUserPassword) setting its own password: the
    // root user's, not the account alias userIdentity.userName carries.
    arn = std::string(rec.Str("userIdentity.arn"));
    user = "root";
  } else {
    if (user.empty()) user = rec.Str("userIdentity.userName");
    if (user.empty()) return Status::Ok();
    CT_ASSIGN_OR_RETURN(arn, UserArn(e.recipient_account_id, user));
  }
  if (arn.empty()) return Status::Ok();
  AddCredential(Minted("password:" + arn, {}, arn, CredKind::kConsolePassword, parent, e.event_id, e.ref.time,
                       std::nullopt, rule.id,
                       fmt::format("{} for user {} (event {})", e.event_name, user, e.event_id), true));
  return Status::Ok();
}

Status Investigator::FollowConsole(const LineageRule& rule, const Record& rec, size_t ei,
                                   int parent) {
  const Event e = inv_.events[ei];
  if (rule.follow == Follow::kConsoleLogin &&
      rec.Str("responseElements.ConsoleLogin") != "Success") {
    return Status::Ok();
  }
  if (rule.follow == Follow::kSigninToken &&
      rec.Str("responseElements.GetSigninToken") == "Failure") {
    return Status::Ok();
  }
  const std::string& arn = e.principal_arn;
  if (arn.empty()) return Status::Ok();
  // The session's own keys: ASIA keys of the same principal first used from the sign-in's
  // network within a session's lifetime (no event names them; aws-ir-facts.md §2.5).
  std::string net = NetworkOf(e.source_ip);
  CT_ASSIGN_OR_RETURN(auto rows,
                      ev_.Rows(Column::kArn, arn, e.ref.time, e.ref.time + kConsoleSessionSpan));
  std::vector<std::string> keys;
  std::set<std::string> rejected;
  const Credential& par = inv_.credentials[parent];
  // The principal's other successful sign-ins in the window.
  std::vector<EventRef> signins;
  for (const EventRef& r : rows) {
    if (r == e.ref) continue;
    CT_ASSIGN_OR_RETURN(std::string_view name, ev_.Value(r, Column::kEventName));
    if (name != "ConsoleLogin" && name != "GetSigninToken") continue;
    CT_ASSIGN_OR_RETURN(const Record* lrec, ev_.RecordOf(r));
    if (lrec->Str("responseElements.ConsoleLogin") == "Success" ||
        lrec->Str("responseElements.GetSigninToken") == "Success")
      signins.push_back(r);
  }
  for (const EventRef& r : rows) {
    CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kAccessKeyId));
    if (!key.starts_with("ASIA")) continue;
    std::string k(key);
    if (rejected.contains(k) || std::find(keys.begin(), keys.end(), k) != keys.end()) continue;
    if (std::find(par.keys.begin(), par.keys.end(), k) != par.keys.end() || by_key_.contains(k)) {
      rejected.insert(k);
      continue;
    }
    CT_ASSIGN_OR_RETURN(std::string_view ip, ev_.Value(r, Column::kSourceIp));
    CT_ASSIGN_OR_RETURN(auto before, ev_.Rows(Column::kAccessKeyId, k, kMinTime, e.ref.time - 1));
    if (NetworkOf(ip) != net || !before.empty()) {
      rejected.insert(k);
      continue;
    }
    // A later successful sign-in of the same principal from the same network, before this
    // key's first use, opened the session the key belongs to.
    bool later_login = false;
    for (const EventRef& l : signins) {
      if (l.time <= e.ref.time || l.time > r.time) continue;
      CT_ASSIGN_OR_RETURN(std::string_view lip, ev_.Value(l, Column::kSourceIp));
      if (NetworkOf(lip) == net) later_login = true;
    }
    if (later_login) {
      rejected.insert(k);
      continue;
    }
    keys.push_back(k);
  }
  std::string_view mfa = rec.Str("additionalEventData.MFAUsed");
  std::string how = rule.follow == Follow::kConsoleLogin
                        ? fmt::format("console session opened by ConsoleLogin from {} (MFA used: {})",
                                      e.source_ip, mfa.empty() ? "unknown" : mfa)
                        : fmt::format("console session from GetSigninToken with {} from {}",
                                      rec.Str("responseElements.credentials.accessKeyId"), e.source_ip);
  AddCredential(Minted(fmt::format("console:{}#{}", arn, e.event_id.substr(0, 8)), std::move(keys), arn,
                       CredKind::kConsoleSession, parent, e.event_id, e.ref.time, std::nullopt, rule.id,
                       std::move(how), true));
  return Status::Ok();
}

Result<std::vector<EventRef>> Investigator::ServiceSessions(std::string_view session_name,
                                                            std::string_view invoked_by,
                                                            std::string_view role_arn,
                                                            std::string_view region,
                                                            TimeMs from) const {
  std::vector<EventRef> out;
  CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kRequestRoleSessionName, session_name, from,
                                          opts_.until.value_or(kMaxTime)));
  for (const EventRef& r : rows) {
    CT_ASSIGN_OR_RETURN(std::string_view name, ev_.Value(r, Column::kEventName));
    CT_ASSIGN_OR_RETURN(std::string_view by, ev_.Value(r, Column::kInvokedBy));
    CT_ASSIGN_OR_RETURN(std::string_view ip, ev_.Value(r, Column::kSourceIp));
    CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kIssuedCredentialKeyId));
    CT_ASSIGN_OR_RETURN(std::string_view role, ev_.Value(r, Column::kRequestRoleArn));
    if (name != "AssumeRole" || key.empty()) continue;
    if (by != invoked_by && ip != invoked_by) continue;
    if (!role_arn.empty() && role != role_arn) continue;
    if (!region.empty()) {
      CT_ASSIGN_OR_RETURN(std::string_view r_region, ev_.Value(r, Column::kAwsRegion));
      if (r_region != region) continue;  // a namesake function in another region
    }
    out.push_back(r);
  }
  return out;
}

Status Investigator::FollowServiceSessions(const LineageRule& rule, const Record& rec, size_t ei,
                                           int parent) {
  const Event e = inv_.events[ei];
  struct Target {
    std::string session_name, role;
  };
  std::vector<Target> targets;
  std::string_view invoked_by;
  std::string what;
  bool attacker_made = true;
  switch (rule.follow) {
    case Follow::kInstanceProfile: {
      invoked_by = "ec2.amazonaws.com";
      if (rule.event_name == "RunInstances") {
        simdjson::dom::element prof;
        if (rec.At("requestParameters.iamInstanceProfile").get(prof)) return Status::Ok();
        what = fmt::format(
            "with instance profile {}",
            rec.Str("requestParameters.iamInstanceProfile.arn").empty()
                ? rec.Str("requestParameters.iamInstanceProfile.name")
                : LastSegment(rec.Str("requestParameters.iamInstanceProfile.arn"), '/'));
      } else {
        attacker_made = false;  // an existing instance: its workload keeps using the role
        what = "given an instance profile";
      }
      std::vector<std::string_view> ids = rec.Strs(rule.target_path);
      for (std::string_view p : {"requestParameters.instanceId",
                                 "requestParameters.AssociateIamInstanceProfileRequest.InstanceId",
                                 "responseElements.AssociateIamInstanceProfileResponse."
                                 "iamInstanceProfileAssociation.instanceId",
                                 "responseElements.iamInstanceProfileAssociation.instanceId"}) {
        if (ids.empty()) ids = rec.Strs(p);
      }
      for (std::string_view id : ids) targets.push_back({std::string(id), ""});
      break;
    }
    case Follow::kLambdaFunction: {
      invoked_by = "lambda.amazonaws.com";
      std::string_view fn = FunctionName(rec.Str(rule.target_path));
      std::string_view role = rec.Str("requestParameters.role");
      if (role.empty()) role = rec.Str("responseElements.role");
      if (!fn.empty()) targets.push_back({std::string(fn), std::string(role)});
      what = "";
      break;
    }
    case Follow::kRolesAnywhere: {
      invoked_by = "rolesanywhere.amazonaws.com";
      std::vector<std::string_view> roles = rec.Strs(rule.target_path);
      if (roles.empty()) {
        // A trust anchor alone names no role: the profile that follows does.
        inv_.grants.push_back({std::string(rule.id), e.event_id,
                               std::string(rec.Str("responseElements.trustAnchor.trustAnchorArn")),
                               inv_.credentials[parent].id, e.ref.time});
        return Status::Ok();
      }
      // Roles Anywhere sessions: AssumeRole-shaped records of the profile's roles by the service
      // (the exact record is UNVERIFIED, aws-ir-facts.md §9): matched by role, any session name.
      for (std::string_view role : roles) {
        CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kRequestRoleArn, role, e.ref.time,
                                                opts_.until.value_or(kMaxTime)));
        for (const EventRef& r : rows) {
          CT_ASSIGN_OR_RETURN(std::string_view by, ev_.Value(r, Column::kInvokedBy));
          CT_ASSIGN_OR_RETURN(std::string_view ip, ev_.Value(r, Column::kSourceIp));
          CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kIssuedCredentialKeyId));
          CT_ASSIGN_OR_RETURN(std::string_view sn, ev_.Value(r, Column::kRequestRoleSessionName));
          CT_ASSIGN_OR_RETURN(std::string_view id, ev_.Value(r, Column::kEventId));
          if ((by != invoked_by && ip != invoked_by) || key.empty()) continue;
          AddCredential(MintedKey(key, SessionArn(role, sn), CredKind::kRoleSession, parent, id, r.time, r,
                                  rule.id,
                                  fmt::format("Roles Anywhere session of {} enabled by {} {}", role,
                                              e.event_name, e.event_id),
                                  true));
        }
      }
      return Status::Ok();
    }
    default:
      return Status::Ok();
  }
  for (const Target& t : targets) {
    CT_ASSIGN_OR_RETURN(auto sessions,
                        ServiceSessions(t.session_name, invoked_by, t.role,
                                                   rule.follow == Follow::kLambdaFunction ? std::string_view(e.aws_region)
                                                                                          : std::string_view(),
                                                   e.ref.time));
    for (const EventRef& r : sessions) {
      CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kIssuedCredentialKeyId));
      CT_ASSIGN_OR_RETURN(std::string_view role, ev_.Value(r, Column::kRequestRoleArn));
      CT_ASSIGN_OR_RETURN(std::string_view id, ev_.Value(r, Column::kEventId));
      std::string how = rule.follow == Follow::kInstanceProfile
                            ? fmt::format("role session of instance {} {} by {} {}", t.session_name,
                                          what, e.event_name, e.event_id)
                            : fmt::format("execution-role session of function {} ({} {})",
                                          t.session_name, e.event_name, e.event_id);
      AddCredential(MintedKey(key, SessionArn(role, t.session_name), rule.kind, parent, id, r.time, r,
                              rule.id, std::move(how), attacker_made));
    }
  }
  return Status::Ok();
}

Status Investigator::FollowTrust(const LineageRule& rule, const Record& rec, size_t ei,
                                 int parent) {
  const Event e = inv_.events[ei];
  std::vector<std::string> principals = TrustedPrincipals(rec.Str(rule.target_path));
  const std::set<std::string>& own = CaseAccounts();
  std::set<std::string> outside;  // account IDs, or "*"
  bool federated = false;  // trust in an identity provider: access opened, sessions via its rule
  for (const std::string& p : principals) {
    if (p.starts_with("federated:")) {
      federated = true;
      continue;
    }
    std::string acct = p == "*" ? "*" : p.starts_with("arn:") ? std::string(AccountOfArn(p)) : p;
    if (acct == "*" || !own.contains(acct)) outside.insert(acct);
  }
  if (outside.empty() && !federated) return Status::Ok();
  std::string role_arn(rec.Str("responseElements.role.arn"));
  std::string role_name(rec.Str("requestParameters.roleName"));
  if (role_name.empty()) role_name = LastSegment(role_arn, '/');
  inv_.grants.push_back({std::string(rule.id), e.event_id, role_arn.empty() ? role_name : role_arn,
                         inv_.credentials[parent].id, e.ref.time});
  if (outside.empty()) return Status::Ok();
  // The sessions outside principals then opened: AssumeRole of that role by a caller from an
  // account in `outside` (any foreign account for "*").
  CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kEventName, "AssumeRole", e.ref.time,
                                          opts_.until.value_or(kMaxTime)));
  for (const EventRef& r : rows) {
    CT_ASSIGN_OR_RETURN(std::string_view role, ev_.Value(r, Column::kRequestRoleArn));
    bool match = !role_arn.empty() ? role == role_arn
                                   : (LastSegment(role, '/') == role_name &&
                                      AccountOfArn(role) == e.recipient_account_id);
    if (!match) continue;
    CT_ASSIGN_OR_RETURN(std::string_view caller_acct, ev_.Value(r, Column::kIdentityAccountId));
    // No account: an AWS service (EC2 delivering an instance profile...), not an outside caller.
    if (caller_acct.empty() || own.contains(std::string(caller_acct))) continue;
    if (!outside.contains("*") && !outside.contains(std::string(caller_acct))) continue;
    CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kIssuedCredentialKeyId));
    CT_ASSIGN_OR_RETURN(std::string_view sn, ev_.Value(r, Column::kRequestRoleSessionName));
    CT_ASSIGN_OR_RETURN(std::string_view id, ev_.Value(r, Column::kEventId));
    if (key.empty()) continue;
    AddCredential(MintedKey(
        key, SessionArn(role, sn), CredKind::kRoleSession, parent, id, r.time, r, rule.id,
        fmt::format("session of {} opened from account {} through the trust policy set by {} {}",
                    role, caller_acct, e.event_name, e.event_id),
        true));
  }
  return Status::Ok();
}

Status Investigator::FollowInstanceAccess(const LineageRule& rule, const Record& rec, size_t ei,
                                          int parent) {
  const Event e = inv_.events[ei];
  std::vector<std::string_view> ids = rec.Strs(rule.target_path);
  // SendCommand with --targets Key=InstanceIds,Values=i-... has no instanceIds member.
  if (ids.empty()) ids = rec.Strs("requestParameters.targets[].values[]");
  for (std::string_view id : ids) {
    if (!id.starts_with("i-")) continue;
    // The instance's own habits before the access; its sessions used from elsewhere afterwards
    // are the credentials the attacker took from it.
    Profile inst;
    CT_ASSIGN_OR_RETURN(auto before, ev_.Rows(Column::kSessionName, id, kMinTime, e.ref.time - 1));
    for (const EventRef& r : before) {
      CT_ASSIGN_OR_RETURN(Features f, FeaturesOf(ev_, r));
      inst.Add(f, r.time);
    }
    CT_ASSIGN_OR_RETURN(
        auto after, ev_.Rows(Column::kSessionName, id, e.ref.time, opts_.until.value_or(kMaxTime)));
    std::map<std::string, std::pair<std::string, bool>> keys;  // key -> (arn, used elsewhere)
    for (const EventRef& r : after) {
      CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kAccessKeyId));
      if (key.empty()) continue;
      CT_ASSIGN_OR_RETURN(std::string_view ip, ev_.Value(r, Column::kSourceIp));
      CT_ASSIGN_OR_RETURN(std::string_view arn, ev_.Value(r, Column::kArn));
      auto& k = keys[std::string(key)];
      k.first = arn;
      // With the instance's habits known: any network it never used. Without (the logs start at
      // the attack): only the network the access came from, the attacker's own.
      bool elsewhere = inst.empty() ? NetworkOf(ip) == NetworkOf(e.source_ip)
                                    : !inst.networks.contains(NetworkOf(ip));
      if (!IsServiceAddress(ip) && elsewhere) k.second = true;
    }
    for (const auto& [key, v] : keys) {
      if (!v.second) continue;
      AddCredential(MintedKey(
          key, v.first, CredKind::kInstanceProfileSession, parent, e.event_id, e.ref.time,
          std::nullopt, rule.id,
          fmt::format("role session of instance {} reached through {} {}, then used outside the "
                      "instance",
                      id, e.event_name, e.event_id),
          false));
    }
  }
  return Status::Ok();
}

Status Investigator::FollowFederationProvider(const LineageRule& rule, const Record& rec, size_t ei,
                                              int parent) {
  const Event e = inv_.events[ei];
  std::string provider;
  for (std::string_view p : {"responseElements.sAMLProviderArn", "requestParameters.sAMLProviderArn",
                             "responseElements.openIDConnectProviderArn",
                             "requestParameters.openIDConnectProviderArn"}) {
    if (provider.empty()) provider = rec.Str(p);
  }
  if (provider.empty()) return Status::Ok();
  inv_.grants.push_back({std::string(rule.id), e.event_id, provider, inv_.credentials[parent].id, e.ref.time});
  // The sessions minted through the provider afterwards: AssumeRoleWithSAML names it in
  // requestParameters.principalArn, AssumeRoleWithWebIdentity in responseElements.provider.
  CT_ASSIGN_OR_RETURN(auto rows, ev_.RowsByName(rule.target_path, e.ref.time, opts_.until.value_or(kMaxTime)));
  for (const EventRef& r : rows) {
    CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kIssuedCredentialKeyId));
    CT_ASSIGN_OR_RETURN(std::string_view err, ev_.Value(r, Column::kErrorCode));
    if (key.empty() || !err.empty()) continue;
    CT_ASSIGN_OR_RETURN(const Record* s, ev_.RecordOf(r));
    std::string_view via = s->Str("requestParameters.principalArn");
    if (via.empty()) via = s->Str("responseElements.provider");
    if (via != provider) continue;
    CT_ASSIGN_OR_RETURN(std::string_view id, ev_.Value(r, Column::kEventId));
    std::string principal(s->Str(rule.principal_path));
    AddCredential(MintedKey(key, principal, rule.kind, parent, id, r.time, r, rule.id,
                            fmt::format("{} through {}, which {} {} changed", rule.target_path, provider,
                                        e.event_name, e.event_id),
                            true));
  }
  return Status::Ok();
}

Status Investigator::FollowGrant(const LineageRule& rule, const Record& rec, size_t ei,
                                 int parent) {
  const Event& e = inv_.events[ei];
  // A key deactivated by the attacker opens nothing (undoing it would re-enable the owner's key).
  if (rule.id == "iam-update-access-key" && rec.Str("requestParameters.status") != "Active") {
    return Status::Ok();
  }
  inv_.grants.push_back({std::string(rule.id), e.event_id, std::string(rec.Str(rule.target_path)),
                         inv_.credentials[parent].id, e.ref.time});
  return Status::Ok();
}

}  // namespace credtrace::investigate
