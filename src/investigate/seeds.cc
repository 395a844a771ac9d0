// Seeds: the credentials an investigation starts from, and when each was compromised.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "investigate/investigator.h"

namespace credtrace::investigate {

std::vector<Seed> SeedsFromFindings(const std::vector<Finding>& findings, std::string_view file) {
  std::vector<Seed> out;
  for (const Finding& f : findings) {
    Seed s;
    s.file = file;
    s.since = f.first_seen;
    if (!f.access_key_id.empty()) {
      s.kind = "key";
      s.value = f.access_key_id;
    } else if (!f.principal_arn.empty()) {
      s.kind = "principal";
      s.value = f.principal_arn;
    } else {
      continue;
    }
    s.finding_type = f.type;
    out.push_back(std::move(s));
  }
  return out;
}

Status Investigator::LinkCreation(Credential* c) const {
  if (!c->created_by_event_id.empty() || c->access_key_id.empty()) return Status::Ok();
  for (Column col : {Column::kIssuedCredentialKeyId, Column::kCreatedAccessKeyId}) {
    CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(col, c->access_key_id));
    for (const EventRef& r : rows) {
      // GetSigninToken repeats the key it exchanged in the same field: it did not mint it.
      CT_ASSIGN_OR_RETURN(std::string_view src, ev_.Value(r, Column::kEventSource));
      if (src == "signin.amazonaws.com") continue;
      CT_ASSIGN_OR_RETURN(std::string_view id, ev_.Value(r, Column::kEventId));
      c->created_by_event_id = id;
      c->created = r.time;
      c->created_ref = r;
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Result<CredKind> Investigator::KindOfKey(std::string_view key, const std::vector<EventRef>& uses) const {
  if (key.starts_with("AKIA")) return CredKind::kAccessKey;
  if (uses.empty()) return CredKind::kRoleSession;
  CT_ASSIGN_OR_RETURN(std::string_view type, ev_.Value(uses.front(), Column::kIdentityType));
  CT_ASSIGN_OR_RETURN(std::string_view session, ev_.Value(uses.front(), Column::kSessionName));
  if (type == "FederatedUser") return CredKind::kFederationToken;
  if (type == "IAMUser" || type == "Root") return CredKind::kSessionToken;
  if (session.starts_with("i-")) return CredKind::kInstanceProfileSession;
  return CredKind::kRoleSession;
}

Result<CompromiseEstimate> Investigator::DateCompromise(const std::string& cred_id,
                                                        const std::vector<EventRef>& uses,
                                                        std::string_view principal,
                                                        std::optional<TimeMs> given,
                                                        std::string_view given_how) {
  CompromiseEstimate est;
  est.credential = cred_id;
  if (given) {
    est.time = *given;
    est.method = std::string(given_how);
    est.reason = fmt::format("compromise time given by the {}", given_how);
    for (const EventRef& r : uses) {
      if (r.time < *given) continue;
      CT_ASSIGN_OR_RETURN(std::string_view id, ev_.Value(r, Column::kEventId));
      est.event_ids.emplace_back(id);
      break;
    }
    return est;
  }
  std::vector<EventRef> history;
  if (!principal.empty()) {
    CT_ASSIGN_OR_RETURN(history, ev_.Rows(Column::kArn, principal));
  }
  if (EstimateCompromise(ev_, uses, history, &est)) {
    est.credential = cred_id;
    return est;
  }
  est.method = "first-use";
  if (uses.empty()) {
    est.time = 0;
    est.reason = "never used in the evidence";
    return est;
  }
  est.time = uses.front().time;
  est.reason = history.size() > uses.size()
                   ? "no call from a network the principal had not used before: the first use in the evidence is taken"
                   : "no activity of the principal before this credential's first use in the evidence: the first use is taken";
  CT_ASSIGN_OR_RETURN(std::string_view id, ev_.Value(uses.front(), Column::kEventId));
  est.event_ids.emplace_back(id);
  return est;
}

Status Investigator::SeedKey(const Seed& s) {
  const std::string& key = s.value;
  CT_ASSIGN_OR_RETURN(auto uses, ev_.Rows(Column::kAccessKeyId, key));
  std::string principal;
  if (!uses.empty()) {
    CT_ASSIGN_OR_RETURN(std::string_view arn, ev_.Value(uses.front(), Column::kArn));
    principal = arn;
  }
  std::optional<TimeMs> given = s.since ? s.since : opts_.since;
  std::string_view how = s.since ? "finding" : "command line";
  CT_ASSIGN_OR_RETURN(CompromiseEstimate est, DateCompromise(key, uses, principal, given, how));
  CT_ASSIGN_OR_RETURN(CredKind kind, KindOfKey(key, uses));
  Credential c;
  c.id = key;
  c.access_key_id = key;
  c.keys = {key};
  c.principal_arn = principal;
  c.kind = kind;
  c.compromised_since = est.time;
  c.rule = s.file.empty() ? "seed:key" : "seed:finding";
  c.how = s.file.empty() ? "seed given on the command line"
                         : fmt::format("named by finding {} ({})", s.finding_type, s.file);
  if (uses.empty()) inv_.open_items.push_back(fmt::format("seed key {} is never used in the evidence", key));
  CT_RETURN_IF_ERROR(LinkCreation(&c));
  inv_.estimates.push_back(std::move(est));
  AddCredential(std::move(c));
  return Status::Ok();
}

Status Investigator::SeedPrincipal(const Seed& s) {
  const std::string& arn = s.value;
  std::optional<TimeMs> given = s.since ? s.since : opts_.since;
  std::string_view how = s.since ? "finding" : "command line";
  bool is_role = arn.find(":role/") != std::string::npos;
  CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(is_role ? Column::kSessionIssuerArn : Column::kArn, arn));
  // The principal's credentials: its keys (long-term for a user, sessions for a role) and, for
  // a user who signs in, its console password.
  std::map<std::string, std::vector<EventRef>> keys;
  std::vector<EventRef> signins;
  for (const EventRef& r : rows) {
    CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kAccessKeyId));
    CT_ASSIGN_OR_RETURN(std::string_view src, ev_.Value(r, Column::kEventSource));
    if (key.empty()) {
      if (src == "signin.amazonaws.com") signins.push_back(r);
    } else if (is_role || key.starts_with("AKIA") || arn.find(":assumed-role/") != std::string::npos) {
      keys[std::string(key)].push_back(r);
    }
  }
  struct Candidate {
    Credential cred;
    CompromiseEstimate est;
  };
  std::vector<Candidate> cands;
  auto make_key = [&](const std::string& key, const std::vector<EventRef>& uses,
                      CompromiseEstimate est) -> Status {
    CT_ASSIGN_OR_RETURN(std::string_view karn, ev_.Value(uses.front(), Column::kArn));
    CT_ASSIGN_OR_RETURN(CredKind kind, KindOfKey(key, uses));
    Credential c;
    c.id = key;
    c.access_key_id = key;
    c.keys = {key};
    c.principal_arn = karn;
    c.kind = kind;
    c.compromised_since = est.time;
    est.credential = key;
    cands.push_back({std::move(c), std::move(est)});
    return Status::Ok();
  };
  auto make_password = [&](CompromiseEstimate est) {
    Credential c;
    c.id = "password:" + arn;
    c.principal_arn = arn;
    c.kind = CredKind::kConsolePassword;
    c.compromised_since = est.time;
    est.credential = c.id;
    cands.push_back({std::move(c), std::move(est)});
  };
  if (given) {
    // The responder dates it: every credential of the principal used since then.
    for (auto& [key, uses] : keys) {
      CT_ASSIGN_OR_RETURN(CompromiseEstimate est, DateCompromise(key, uses, "", given, how));
      CT_RETURN_IF_ERROR(make_key(key, uses, std::move(est)));
    }
    if (!signins.empty()) {
      CT_ASSIGN_OR_RETURN(CompromiseEstimate est, DateCompromise("password:" + arn, signins, "", given, how));
      make_password(std::move(est));
    }
  } else {
    // Date the principal's compromise over all its activity: the credential the first
    // suspicious call used is the one in the attacker's hands; another credential of the
    // principal used from that network afterwards is too.
    CompromiseEstimate est;
    if (EstimateCompromise(ev_, rows, rows, &est)) {
      EventRef first{};
      std::string net;
      for (const EventRef& r : rows) {
        if (r.time < est.time) continue;
        CT_ASSIGN_OR_RETURN(std::string_view id, ev_.Value(r, Column::kEventId));
        if (!est.event_ids.empty() && id != est.event_ids.front()) continue;
        first = r;
        CT_ASSIGN_OR_RETURN(std::string_view ip, ev_.Value(r, Column::kSourceIp));
        net = NetworkOf(ip);
        break;
      }
      for (auto& [key, uses] : keys) {
        bool hit = false;
        for (const EventRef& u : uses) {
          if (u.time < est.time) continue;
          CT_ASSIGN_OR_RETURN(std::string_view ip, ev_.Value(u, Column::kSourceIp));
          if (u == first || NetworkOf(ip) == net) {
            hit = true;
            break;
          }
        }
        if (hit) CT_RETURN_IF_ERROR(make_key(key, uses, est));
      }
      bool pw = false;
      for (const EventRef& u : signins) {
        if (u.time < est.time) continue;
        CT_ASSIGN_OR_RETURN(std::string_view ip, ev_.Value(u, Column::kSourceIp));
        if (u == first || NetworkOf(ip) == net) {
          pw = true;
          break;
        }
      }
      if (pw) make_password(est);
    }
    if (cands.empty()) {
      if (!rows.empty()) {
        inv_.open_items.push_back(fmt::format(
            "no sign of compromise found for {}: all its credentials are taken from their first use", arn));
      }
      for (auto& [key, uses] : keys) {
        CT_ASSIGN_OR_RETURN(CompromiseEstimate e, DateCompromise(key, uses, "", std::nullopt, how));
        CT_RETURN_IF_ERROR(make_key(key, uses, std::move(e)));
      }
      if (!signins.empty()) {
        CT_ASSIGN_OR_RETURN(CompromiseEstimate e, DateCompromise("password:" + arn, signins, "", std::nullopt, how));
        make_password(std::move(e));
      }
    }
  }
  if (rows.empty()) inv_.open_items.push_back(fmt::format("seed principal {} never acts in the evidence", arn));
  for (Candidate& c : cands) {
    c.cred.rule = s.file.empty() ? "seed:principal" : "seed:finding";
    c.cred.how = s.file.empty() ? fmt::format("credential of seed principal {}", arn)
                                : fmt::format("credential of {} named by finding {} ({})", arn, s.finding_type, s.file);
    CT_RETURN_IF_ERROR(LinkCreation(&c.cred));
    inv_.estimates.push_back(std::move(c.est));
    AddCredential(std::move(c.cred));
  }
  return Status::Ok();
}

Status Investigator::AddSeeds() {
  for (const Seed& s : opts_.seeds) {
    inv_.seeds.push_back(s);
    if (s.kind == "key") {
      CT_RETURN_IF_ERROR(SeedKey(s));
    } else if (s.kind == "principal") {
      CT_RETURN_IF_ERROR(SeedPrincipal(s));
    } else {
      return Status::InvalidArgument(fmt::format("unknown seed kind '{}'", s.kind));
    }
  }
  return Status::Ok();
}

}  // namespace credtrace::investigate
