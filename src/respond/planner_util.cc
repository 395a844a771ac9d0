#include "respond/planner_util.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "base/time.h"

namespace credtrace::respond::detail {

void Opt(std::vector<std::string>* argv, const std::string& name, const std::string& value) {
  if (!value.empty() && value[0] == '-') {
    argv->push_back(name + "=" + value);
  } else {
    argv->push_back(name);
    argv->push_back(value);
  }
}

Command Aws(std::vector<std::string> words, const std::vector<std::pair<std::string, std::string>>& opts) {
  Command c;
  c.argv.push_back("aws");
  for (std::string& w : words) c.argv.push_back(std::move(w));
  for (const auto& [n, v] : opts) {
    Opt(&c.argv, n, v);
  }
  return c;
}

bool IsEc2Id(std::string_view s, std::string_view prefix) {
  if (s.size() <= prefix.size() + 1 || s.substr(0, prefix.size()) != prefix || s[prefix.size()] != '-') return false;
  std::string_view hex = s.substr(prefix.size() + 1);
  if (hex.size() != 8 && hex.size() != 17) return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool IsAccessKeyId(std::string_view s) {
  if (s.size() != 20 || (s.substr(0, 4) != "AKIA" && s.substr(0, 4) != "ASIA")) return false;
  for (char c : s.substr(4))
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  return true;
}

UsageIndex::UsageIndex(const Investigation& inv, const std::string& at) {
  // The 7 days before containment, ending at the last evidence when the logs stop earlier
  // (a game day on old logs, or delivery lag): "now" would otherwise find no use at all.
  usage_ = inv.usage;
  std::string latest;
  for (const InvEvent& e : inv.events) latest = std::max(latest, e.event_time);
  std::string end = (!at.empty() && (latest.empty() || at < latest)) ? at : latest;
  auto t = ParseIsoTime(end);
  since_ = t ? FormatIsoTime(*t - 7LL * 24 * 3600 * 1000) : "";
  for (const InvEvent& e : inv.events) {
    if (!since_.empty() && e.event_time < since_) continue;
    if (!end.empty() && e.event_time > end) continue;
    Principal p = ParsePrincipal(e.principal_arn);
    bool owner = e.attribution == "owner";
    auto bump = [&](Use& u, const std::string& name) {
      u.session_or_key = name;
      (owner ? u.owner : u.other)++;
      if (e.event_time > u.last) u.last = e.event_time;
    };
    if (p.kind == "assumed-role") bump(roles_[{p.account, p.name}][p.session], p.session);
    if (p.kind == "user") bump(users_[{p.account, p.name}][e.access_key_id.empty() ? "(console)" : e.access_key_id],
                               e.access_key_id);
    if (!e.access_key_id.empty() && owner) bump(keys_[e.access_key_id], e.access_key_id);
  }
}

namespace {
std::string Join(const std::vector<std::string>& v, size_t max) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < max; ++i) out += (i ? ", " : "") + v[i];
  if (v.size() > max) out += ", … (" + std::to_string(v.size() - max) + " more)";
  return out;
}
}  // namespace

bool UsageIndex::RoleHasOtherUsers(const std::string& account, const std::string& role,
                                   const std::vector<std::string>& exclude) const {
  auto it = roles_.find({account, role});
  if (it == roles_.end()) return false;
  std::set<std::string> ex(exclude.begin(), exclude.end());
  for (const auto& [s, u] : it->second)
    if (!ex.count(s) || u.owner > 0) return true;
  return false;
}

std::string UsageIndex::CaseUsage(const std::string& account, const std::string& kind,
                                  const std::string& name) const {
  for (const InvUsage& u : usage_) {
    Principal p = ParsePrincipal(u.principal_arn);
    if (u.kind != kind || p.account != account || p.name != name) continue;
    if (u.other_events == 0) {
      return " In the case, from " + u.from + " to " + u.to + ": no call by any other credential of this " + kind + ".";
    }
    std::string who = kind == "role" ? Join(u.other_sessions, 5) : Join(u.other_keys, 5);
    return " In the case, from " + u.from + " to " + u.to + ": " + std::to_string(u.other_events) +
           " call(s) by other credentials of this " + kind + (who.empty() ? "" : " (" + who + ")") +
           ", the last at " + u.last_other_use + ": they stop working too.";
  }
  return "";
}

std::string UsageIndex::RoleBlastRadius(const std::string& account, const std::string& role,
                                        const std::vector<std::string>& exclude) const {
  std::string head = "role " + role + " (account " + account + "): ";
  auto it = roles_.find({account, role});
  std::set<std::string> ex(exclude.begin(), exclude.end());
  std::vector<std::string> others;
  int owner_events = 0;
  std::vector<std::string> owner_sessions;
  if (it != roles_.end()) {
    for (const auto& [s, u] : it->second) {
      if (!ex.count(s)) others.push_back(s);
      if (u.owner > 0) {
        owner_events += u.owner;
        owner_sessions.push_back(s);
      }
    }
  }
  if (others.empty() && owner_events == 0) {
    std::string in_case = CaseUsage(account, "role", role);
    return head + "no other session and no legitimate use seen in the investigation in the 7 days before containment." +
           (in_case.empty() ? " (It holds only the events of compromised credentials: check CloudTrail for the role's "
                              "other users before applying.)"
                            : in_case);
  }
  std::string out = head;
  if (!others.empty()) {
    out += std::to_string(others.size()) + " other session(s) seen in the 7 days before containment (" + Join(others, 5) + ")";
  }
  if (owner_events > 0) {
    if (!others.empty()) out += "; ";
    out += std::to_string(owner_events) + " event(s) of its legitimate user(s) made with compromised sessions (" +
           Join(owner_sessions, 5) + ")";
  }
  out += ". Every session of the role issued before the containment time is cut: its instances, functions, "
         "pipelines and people must get new credentials (and clear CLI caches).";
  return out + CaseUsage(account, "role", role);
}

std::string UsageIndex::UserBlastRadius(const std::string& account, const std::string& user) const {
  std::string head = "user " + user + " (account " + account + "): ";
  auto it = users_.find({account, user});
  int owner = 0;
  std::string last;
  std::vector<std::string> keys;
  if (it != users_.end()) {
    for (const auto& [k, u] : it->second) {
      owner += u.owner;
      if (u.owner > 0) keys.push_back(k);
      if (u.owner > 0 && u.last > last) last = u.last;
    }
  }
  if (owner == 0)
    return head + "no legitimate use seen in the investigation in the 7 days before containment (none seen)." +
           CaseUsage(account, "user", user);
  return head + "its owner made " + std::to_string(owner) + " call(s) in the 7 days before containment with " +
         Join(keys, 5) + ", the last at " + last +
         ". The deny stops every credential of the user, the owner's too, until it is removed." +
         CaseUsage(account, "user", user);
}

std::string UsageIndex::KeyBlastRadius(const std::string& key) const {
  auto it = keys_.find(key);
  if (it == keys_.end() || it->second.owner == 0) return "key " + key + ": no legitimate use seen (none seen).";
  return "key " + key + ": its owner made " + std::to_string(it->second.owner) +
         " call(s) with it in the 7 days before containment, the last at " + it->second.last +
         "; whatever uses it stops working: give the owner a new key after the incident.";
}

void NumberSteps(Plan* plan) {
  const char* prefix = PhaseName(plan->phase);
  for (size_t i = 0; i < plan->steps.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s-%03zu", prefix, i + 1);
    plan->steps[i].id = buf;
    plan->steps[i].phase = plan->phase;
  }
  for (size_t i = 0; i < plan->manual.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "manual-%02zu", i + 1);
    plan->manual[i].id = buf;
  }
}

std::vector<std::string> EventsOf(const Investigation& inv, const std::string& credential_id, size_t limit) {
  std::vector<std::string> out;
  for (const InvEvent& e : inv.events) {
    if (e.credential != credential_id || e.attribution == "owner") continue;
    out.push_back(e.event_id);
    if (out.size() >= limit) break;
  }
  return out;
}

}  // namespace credtrace::respond::detail
