// The infrastructure pivot: other credentials used from the attacker's addresses during the
// incident. Lineage cannot link a key the attacker stole separately (an instance's next session,
// read again through the same flaw after rotation; a second leaked key), but the attacker's
// networks can.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "investigate/investigator.h"

namespace credtrace::investigate {

namespace {
constexpr TimeMs kHour = 3600 * 1000;
constexpr int kMaxRounds = 8;
}  // namespace

Status Investigator::Pivot() {
  for (int round = 0; round < kMaxRounds; ++round) {
    // The attacker's public addresses and the incident window.
    std::map<std::string, uint64_t> addresses;
    TimeMs from = kMaxTime, to = kMinTime;
    for (const Event& e : inv_.events) {
      if (e.attribution != Attribution::kAttacker) continue;
      // The attacker's own instances and functions call from AWS's shared address ranges:
      // those addresses say nothing about other credentials.
      bool aws_compute = e.credential >= 0 && inv_.credentials[e.credential].attacker_made &&
                         (inv_.credentials[e.credential].kind == CredKind::kInstanceProfileSession ||
                          inv_.credentials[e.credential].kind == CredKind::kLambdaSession);
      if (IsPublicIp(e.source_ip) && !aws_compute) ++addresses[e.source_ip];
      from = std::min(from, e.ref.time);
      to = std::max(to, e.ref.time);
    }
    for (const Credential& c : inv_.credentials) from = std::min(from, c.compromised_since);
    if (from == kMaxTime) return Status::Ok();
    from -= kHour;
    to = opts_.until ? *opts_.until : to + 24 * kHour;
    std::map<std::string, Suspect> found;  // by key (or "password:<arn>")
    for (const auto& [ip, n] : addresses) {
      CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kSourceIp, ip, from, to));
      for (const EventRef& r : rows) {
        if (event_at_.contains({r.segment, r.row})) continue;
        CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kAccessKeyId));
        CT_ASSIGN_OR_RETURN(std::string_view arn, ev_.Value(r, Column::kArn));
        CT_ASSIGN_OR_RETURN(std::string_view src, ev_.Value(r, Column::kEventSource));
        std::string id;
        if (!key.empty()) {
          if (by_key_.contains(std::string(key))) continue;
          id = key;
        } else if (src == "signin.amazonaws.com" && !arn.empty()) {
          id = fmt::format("password:{}", arn);
          if (by_id_.contains(id)) continue;
        } else {
          continue;
        }
        Suspect& s = found[id];
        if (s.events == 0) {
          s.access_key_id = key;
          s.principal_arn = arn;
          s.ip = ip;
          s.first_seen = r.time;
          s.reason = fmt::format("used from the attacker's address {}", ip);
        }
        if (r.time < s.first_seen) {
          s.first_seen = r.time;
          s.ip = ip;
        }
        ++s.events;
        if (s.event_ids.size() < 5) {
          CT_ASSIGN_OR_RETURN(std::string_view eid, ev_.Value(r, Column::kEventId));
          s.event_ids.emplace_back(eid);
        }
      }
    }
    // Other sessions of a stolen principal (an instance's next session after rotation, read
    // again through the same flaw) used from a network the principal's owner never used, even
    // when the attacker changed address.
    for (size_t ci = 0; ci < inv_.credentials.size(); ++ci) {
      const Credential& seed = inv_.credentials[ci];
      if (seed.parent >= 0 || seed.attacker_made || seed.suspected ||
          seed.principal_arn.find(":assumed-role/") == std::string::npos)
        continue;
      CT_ASSIGN_OR_RETURN(Profile owner, OwnerProfile(ev_, seed.principal_arn, seed.keys, seed.compromised_since));
      if (owner.empty()) continue;
      CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(Column::kArn, seed.principal_arn, from, to));
      for (const EventRef& r : rows) {
        if (event_at_.contains({r.segment, r.row})) continue;
        CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kAccessKeyId));
        if (key.empty() || by_key_.contains(std::string(key))) continue;
        CT_ASSIGN_OR_RETURN(Features f, FeaturesOf(ev_, r));
        if (owner.networks.contains(f.network) || IsServiceAddress(f.source_ip)) continue;
        Suspect& s = found[std::string(key)];
        if (s.events == 0 || r.time < s.first_seen) {
          s.access_key_id = key;
          s.principal_arn = seed.principal_arn;
          s.ip = f.source_ip;
          s.first_seen = r.time;
          s.reason = fmt::format("another session of {} (stolen as {}) used from {}, a network its owner never used",
                                 seed.principal_arn, seed.id, f.source_ip);
        }
        ++s.events;
        if (s.event_ids.size() < 5) {
          CT_ASSIGN_OR_RETURN(std::string_view eid, ev_.Value(r, Column::kEventId));
          s.event_ids.emplace_back(eid);
        }
      }
    }
    bool added = false;
    for (auto& entry : found) {
      const std::string& id = entry.first;
      Suspect& s = entry.second;
      auto known = std::find_if(inv_.suspects.begin(), inv_.suspects.end(), [&](const Suspect& x) {
        return x.access_key_id == s.access_key_id && x.principal_arn == s.principal_arn;
      });
      if (known != inv_.suspects.end()) continue;
      if (opts_.follow_infrastructure) {
        s.followed = true;
        Credential c;
        c.id = id;
        c.principal_arn = s.principal_arn;
        if (!s.access_key_id.empty()) {
          c.access_key_id = s.access_key_id;
          c.keys = {s.access_key_id};
          std::vector<EventRef> uses;
          CT_ASSIGN_OR_RETURN(uses, ev_.Rows(Column::kAccessKeyId, s.access_key_id));
          CT_ASSIGN_OR_RETURN(c.kind, KindOfKey(s.access_key_id, uses));
        } else {
          c.kind = CredKind::kConsolePassword;
        }
        c.compromised_since = s.first_seen;
        c.rule = "pivot:address";
        c.suspected = true;
        c.how = fmt::format("{} (first at {}); no event links it to the other credentials", s.reason,
                            FormatIsoTime(s.first_seen));
        CompromiseEstimate est;
        est.credential = id;
        est.time = s.first_seen;
        est.method = "infrastructure";
        est.reason = fmt::format("first suspicious use: {}", s.reason);
        est.event_ids = s.event_ids;
        CT_RETURN_IF_ERROR(LinkCreation(&c));
        inv_.estimates.push_back(std::move(est));
        if (AddCredential(std::move(c)) >= 0) added = true;
      }
      inv_.suspects.push_back(std::move(s));
    }
    if (!added) return Status::Ok();
    CT_RETURN_IF_ERROR(Close());
  }
  return Status::Ok();
}

}  // namespace credtrace::investigate
