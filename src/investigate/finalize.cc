// After the closure: classify the events, gather the resources the attacker touched, sum up each
// credential, and collect the context the runbook asks for.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/aws_key.h"
#include "investigate/investigator.h"
#include "query/ip.h"

namespace credtrace::investigate {

namespace {

constexpr TimeMs kHour = 3600 * 1000;
constexpr size_t kMaxOtherChanges = 25;

// Write calls that change the account: the prefixes the runbook's change review looks at.
constexpr std::string_view kChangePrefixes[] = {
    "Create",     "Update",    "Put",       "Delete", "Attach",    "Detach",  "Modify",
    "Run",        "Terminate", "Authorize", "Revoke", "Add",       "Remove",  "Set",
    "Enable",     "Disable",   "Stop",      "Start",  "Associate", "Replace", "Register",
    "Deregister", "Tag",       "Untag",     "Upload", "Import",    "Publish", "Invoke"};

bool IsChange(std::string_view name) {
  for (std::string_view p : kChangePrefixes) {
    if (name.starts_with(p)) return true;
  }
  return false;
}

struct AsnRow {
  query::Cidr range;
  std::string asn, name;
};

std::vector<AsnRow> ParseAsnDb(std::string_view text) {
  std::vector<AsnRow> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    size_t c1 = line.find(',');
    if (c1 == std::string_view::npos) continue;
    size_t c2 = line.find(',', c1 + 1);
    auto range = query::ParseCidr(line.substr(0, c1));
    if (!range) continue;
    AsnRow r{*range,
             std::string(line.substr(c1 + 1, c2 == std::string_view::npos ? c2 : c2 - c1 - 1)),
             c2 == std::string_view::npos ? "" : std::string(line.substr(c2 + 1))};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Status Investigator::Finalize() {
  // The events that delivered a credential to the attacker's instance or function (a service's
  // AssumeRole) belong to the attacker's activity, though no credential of theirs signed them.
  for (size_t i = 0; i < inv_.credentials.size(); ++i) {
    const Credential& c = inv_.credentials[i];
    if (c.parent < 0 || !c.created_ref ||
        event_at_.contains({c.created_ref->segment, c.created_ref->row}))
      continue;
    size_t idx =
        AddEvent(*c.created_ref, -1, Attribution::kAttacker,
                 fmt::format("delivered credential {} to the attacker ({})", c.id, c.rule));
    CT_RETURN_IF_ERROR(AddSharedCopies(idx));
  }
  // Events: time order, then eventID (the schema's order); credential indexes stay valid.
  std::sort(inv_.events.begin(), inv_.events.end(), [](const Event& a, const Event& b) {
    if (a.ref.time != b.ref.time) return a.ref.time < b.ref.time;
    return a.event_id < b.event_id;
  });
  for (size_t i = 0; i < inv_.events.size(); ++i)
    event_at_[{inv_.events[i].ref.segment, inv_.events[i].ref.row}] = i;
  // Records of the attacker's (and unknown) events: classification conditions and resources.
  // Fetched and parsed in batches, dropped after each, so that memory stays bounded.
  constexpr size_t kBatch = 8192;
  std::map<std::pair<std::string, ResourceAction>, size_t> res_at;
  for (size_t bi = 0; bi < inv_.events.size(); bi += kBatch) {
    size_t bend = std::min(inv_.events.size(), bi + kBatch);
    std::vector<EventRef> refs;
    for (size_t k = bi; k < bend; ++k) {
      if (inv_.events[k].attribution != Attribution::kOwner) refs.push_back(inv_.events[k].ref);
    }
    CT_RETURN_IF_ERROR(ev_.Prefetch(refs));
    for (size_t k = bi; k < bend; ++k) {
      Event& e = inv_.events[k];
      const Record* rec = nullptr;
      if (e.attribution != Attribution::kOwner) {
        CT_ASSIGN_OR_RETURN(rec, ev_.RecordOf(e.ref));
      }
      e.classification = Classify(e.event_source, e.event_name, rec);
      if (rec == nullptr) continue;
      e.resources = ExtractResources(*rec);
      if (auto changes = ExtractTagChanges(*rec); !changes.empty())
        own_tag_changes_.push_back({e.ref, e.event_id, std::move(changes)});
      if (e.failed()) continue;  // attempts show intent; the resources list holds what happened
      for (const ResourceTouch& t : e.resources) {
        auto key = std::pair(t.id, t.action);
        auto it = res_at.find(key);
        if (it == res_at.end()) {
          ResourceEntry r;
          r.id = t.id;
          r.type = t.type;
          r.account = t.account;
          r.region = t.region;
          r.action = t.action;
          it = res_at.emplace(key, inv_.resources.size()).first;
          inv_.resources.push_back(std::move(r));
        }
        ResourceEntry& r = inv_.resources[it->second];
        if (std::find(r.event_ids.begin(), r.event_ids.end(), e.event_id) == r.event_ids.end())
          r.event_ids.push_back(e.event_id);
        if (!t.aspect.empty() &&
            std::find(r.aspects.begin(), r.aspects.end(), t.aspect) == r.aspects.end())
          r.aspects.push_back(t.aspect);
        if (!t.state.empty()) r.state_after = t.state;
        if (!t.shared_with.empty()) {
          std::string_view sw = t.shared_with;
          while (!sw.empty()) {
            size_t comma = sw.find(',');
            std::string one(sw.substr(0, comma));
            if (std::find(r.shared_with.begin(), r.shared_with.end(), one) == r.shared_with.end())
              r.shared_with.push_back(one);
            sw = comma == std::string_view::npos ? std::string_view() : sw.substr(comma + 1);
          }
        }
        if (t.bytes >= 0) r.bytes = (r.bytes < 0 ? 0 : r.bytes) + t.bytes;
      }
    }
    ev_.DropRecords();
  }
  std::sort(inv_.resources.begin(), inv_.resources.end(),
            [](const ResourceEntry& a, const ResourceEntry& b) {
              return std::tie(a.id, a.action) < std::tie(b.id, b.action);
            });
  CT_RETURN_IF_ERROR(PriorStates());

  // Credentials: first and last use, number of events.
  for (Credential& c : inv_.credentials) {
    c.first_used = c.last_used = -1;
    c.events = 0;
  }
  for (const Event& e : inv_.events) {
    if (e.credential < 0) continue;
    Credential& c = inv_.credentials[e.credential];
    if (c.first_used < 0 || e.ref.time < c.first_used) c.first_used = e.ref.time;
    if (e.ref.time > c.last_used) c.last_used = e.ref.time;
    ++c.events;
  }
  inv_.compromise_time = 0;
  bool first = true;
  for (const Credential& c : inv_.credentials) {
    if (c.parent >= 0) continue;
    if (first || c.compromised_since < inv_.compromise_time)
      inv_.compromise_time = c.compromised_since;
    first = false;
  }

  // Context: accounts and regions touched, attacker addresses and clients.
  Context& ctx = inv_.context;
  std::set<std::string> accounts, regions, agents;
  std::map<std::string, uint64_t> ips;
  TimeMs att_from = kMaxTime, att_to = kMinTime;
  for (const Event& e : inv_.events) {
    if (e.attribution != Attribution::kAttacker) continue;
    if (!e.recipient_account_id.empty()) accounts.insert(e.recipient_account_id);
    if (!e.aws_region.empty()) regions.insert(e.aws_region);
    if (!e.user_agent.empty()) agents.insert(e.user_agent);
    if (!IsServiceAddress(e.source_ip)) ++ips[e.source_ip];
    att_from = std::min(att_from, e.ref.time);
    att_to = std::max(att_to, e.ref.time);
  }
  ctx.accounts_touched.assign(accounts.begin(), accounts.end());
  ctx.regions_touched.assign(regions.begin(), regions.end());
  ctx.user_agents.assign(agents.begin(), agents.end());
  std::vector<AsnRow> asn = ParseAsnDb(opts_.asn_db_text);
  for (const auto& [ip, n] : ips) {
    Context::Address a;
    a.ip = ip;
    a.events = n;
    for (const AsnRow& row : asn) {
      auto addr = query::ParseIp(ip);
      if (addr && row.range.Contains(*addr)) {
        a.asn = row.asn;
        a.network = row.name;
        break;
      }
    }
    if (a.network.empty()) a.network = NetworkOf(ip);
    ctx.addresses.push_back(std::move(a));
  }
  std::sort(ctx.addresses.begin(), ctx.addresses.end(),
            [](const Context::Address& a, const Context::Address& b) {
              return a.events != b.events ? a.events > b.events : a.ip < b.ip;
            });
  for (const Credential& c : inv_.credentials) {
    for (const std::string& k : c.keys) {
      auto acct = DecodeAccountId(k);
      ctx.key_accounts.push_back({k, acct ? FormatAccountId(*acct) : ""});
    }
  }

  // Changes made in the same window by other principals (runbook part 1 step 6): was the
  // disruption something else? Write calls only, grouped by caller.
  if (att_from <= att_to) {
    std::set<std::pair<uint32_t, uint32_t>> ours;
    for (const Event& e : inv_.events) ours.insert({e.ref.segment, e.ref.row});
    std::map<std::string, OtherChange> by_caller;
    TimeMs from = att_from - kHour, to = att_to + kHour;
    for (uint32_t s = 0; s < ev_.segments().size(); ++s) {
      const store::SegmentView* seg = ev_.segments()[s];
      CT_ASSIGN_OR_RETURN(auto times, seg->Times());
      CT_ASSIGN_OR_RETURN(auto ro, seg->Bools(Column::kReadOnly));
      CT_ASSIGN_OR_RETURN(auto names, seg->Ids(Column::kEventName));
      CT_ASSIGN_OR_RETURN(const store::DictionaryView* name_dict,
                          seg->Dictionary(Column::kEventName));
      auto lo = std::lower_bound(times.begin(), times.end(), from) - times.begin();
      for (auto row = static_cast<uint32_t>(lo); row < times.size() && times[row] <= to; ++row) {
        if (ro[row] == 1 || ours.contains({s, row})) continue;
        std::string_view name = name_dict->value(names[row]);
        if (!IsChange(name)) continue;
        CT_ASSIGN_OR_RETURN(std::string_view type, seg->Value(Column::kIdentityType, row));
        if (type == "AWSService") continue;
        CT_ASSIGN_OR_RETURN(std::string_view arn, seg->Value(Column::kArn, row));
        CT_ASSIGN_OR_RETURN(std::string_view ua, seg->Value(Column::kUserAgent, row));
        OtherChange& oc = by_caller[std::string(arn)];
        if (oc.events == 0) {
          oc.principal_arn = arn;
          oc.user_agent = ua.substr(0, 200);
          CT_ASSIGN_OR_RETURN(std::string_view id, seg->Value(Column::kEventId, row));
          oc.first_event_id = id;
        }
        ++oc.events;
        if (oc.event_names.size() < 8 &&
            std::find(oc.event_names.begin(), oc.event_names.end(), name) == oc.event_names.end())
          oc.event_names.emplace_back(name);
      }
    }
    for (auto& [arn, oc] : by_caller) ctx.other_changes.push_back(std::move(oc));
    std::sort(ctx.other_changes.begin(), ctx.other_changes.end(),
              [](const OtherChange& a, const OtherChange& b) { return a.events > b.events; });
    if (ctx.other_changes.size() > kMaxOtherChanges) ctx.other_changes.resize(kMaxOtherChanges);
  }

  CT_RETURN_IF_ERROR(PrincipalUsage());
  CT_RETURN_IF_ERROR(ResourceTags());

  // What is still open for the responder.
  size_t unknown = std::count_if(inv_.events.begin(), inv_.events.end(), [](const Event& e) {
    return e.attribution == Attribution::kUnknown;
  });
  if (unknown > 0) {
    inv_.open_items.push_back(
        fmt::format("{} event{} with a compromised credential could be the owner's or the "
                    "attacker's (attribution unknown)",
                    unknown, unknown == 1 ? "" : "s"));
  }
  for (const Suspect& s : inv_.suspects) {
    if (!s.followed) {
      inv_.open_items.push_back(fmt::format(
          "credential {} ({}) is suspected: {}; review it, or rerun with --follow-infrastructure",
          s.access_key_id.empty() ? "console password" : s.access_key_id, s.principal_arn,
          s.reason));
    }
  }
  for (const Credential& c : inv_.credentials) {
    if (c.kind == CredKind::kConsoleSession && c.keys.empty()) {
      inv_.open_items.push_back(fmt::format("console session {}: no API call linked to it", c.id));
    }
  }
  for (const Grant& g : inv_.grants) {
    inv_.open_items.push_back(fmt::format("access opened by {} on {} (event {}): undo it", g.rule,
                                          g.target.empty() ? "?" : g.target, g.event_id));
  }
  return Status::Ok();
}

Status Investigator::PrincipalUsage() {
  constexpr TimeMs kWindow = 7LL * 24 * 3600 * 1000;
  constexpr size_t kMaxListed = 10;
  TimeMs end = kMinTime;
  for (const Event& e : inv_.events) end = std::max(end, e.ref.time);
  if (end == kMinTime) return Status::Ok();
  TimeMs from = end - kWindow;
  // The principals: roles behind sessions (by the session issuer's ARN, which has the role's
  // path), users behind keys and passwords.
  std::map<std::string, std::pair<Column, std::string>> principals;  // arn -> (column, kind)
  for (const Event& e : inv_.events) {
    if (e.credential < 0) continue;
    if (e.identity_type == "AssumedRole") {
      CT_ASSIGN_OR_RETURN(std::string_view issuer, ev_.Value(e.ref, Column::kSessionIssuerArn));
      if (!issuer.empty()) principals.emplace(std::string(issuer), std::pair(Column::kSessionIssuerArn, "role"));
    } else if (e.identity_type == "IAMUser" && !e.principal_arn.empty()) {
      principals.emplace(e.principal_arn, std::pair(Column::kArn, "user"));
    }
  }
  // Credentials that made no call still say whose they are (a key created for an existing user).
  for (const Credential& c : inv_.credentials) {
    const std::string& p = c.principal_arn;
    if (p.find(":user/") != std::string::npos) {
      principals.emplace(p, std::pair(Column::kArn, "user"));
    } else if (size_t ar = p.find(":assumed-role/"); ar != std::string::npos && p.starts_with("arn:")) {
      // arn:P:sts::A:assumed-role/R/S -> arn:P:iam::A:role/R (a role with a path is found by its events above)
      std::string_view rest = std::string_view(p).substr(ar + 14);
      std::string_view role = rest.substr(0, rest.find('/'));
      std::string_view head = std::string_view(p).substr(0, ar);  // arn:P:sts::A
      size_t sts = head.find(":sts:");
      if (sts == std::string_view::npos) continue;
      std::string arn = std::string(head.substr(0, sts)) + ":iam:" + std::string(head.substr(sts + 5)) + ":role/" +
                        std::string(role);
      bool known = false;
      for (const auto& [a, h] : principals) known |= h.second == "role" && a.ends_with("/" + std::string(role)) &&
                                                    a.find(std::string(head.substr(sts + 5))) != std::string::npos;
      if (!known) principals.emplace(arn, std::pair(Column::kSessionIssuerArn, "role"));
    }
  }
  for (const auto& [arn, how] : principals) {
    Context::PrincipalUsage u;
    u.principal_arn = arn;
    u.kind = how.second;
    u.from = from;
    u.to = end;
    CT_ASSIGN_OR_RETURN(auto rows, ev_.Rows(how.first, arn, from, end));
    std::set<std::string> sessions, keys;
    for (const EventRef& r : rows) {
      ++u.events;
      CT_ASSIGN_OR_RETURN(std::string_view key, ev_.Value(r, Column::kAccessKeyId));
      bool ours = event_at_.contains({r.segment, r.row}) || (!key.empty() && by_key_.contains(std::string(key)));
      if (ours) continue;
      ++u.other_events;
      u.last_other_use = std::max(u.last_other_use, r.time);
      if (u.kind == "role") {
        CT_ASSIGN_OR_RETURN(std::string_view sn, ev_.Value(r, Column::kSessionName));
        sessions.emplace(sn);
      } else if (!key.empty()) {
        keys.emplace(key);
      }
    }
    for (const std::string& x : sessions) {
      if (u.other_sessions.size() < kMaxListed) u.other_sessions.push_back(x);
    }
    for (const std::string& x : keys) {
      if (u.other_keys.size() < kMaxListed) u.other_keys.push_back(x);
    }
    inv_.context.principal_usage.push_back(std::move(u));
  }
  return Status::Ok();
}

Result<Investigation> Investigate(Evidence& evidence, const Options& options) {
  Investigator inv(evidence, options);
  CT_RETURN_IF_ERROR(inv.AddSeeds());
  CT_RETURN_IF_ERROR(inv.Close());
  CT_RETURN_IF_ERROR(inv.Pivot());
  CT_RETURN_IF_ERROR(inv.Finalize());
  inv.result().case_events = evidence.NumRows();
  return std::move(inv.result());
}

}  // namespace credtrace::investigate
