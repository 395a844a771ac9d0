#include "investigate/json_output.h"

namespace credtrace::investigate {

namespace {

using json = nlohmann::json;

json Time(TimeMs t) { return t < 0 ? json(nullptr) : json(FormatIsoTime(t)); }
json StrOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json Strings(const std::vector<std::string_view>& v) {
  json a = json::array();
  for (std::string_view s : v) a.push_back(std::string(s));
  return a;
}

// Tags as an object {key: value}, empty when none (keys are data: any string).
json Tags(const std::map<std::string, std::string>& tags) {
  json o = json::object();
  for (const auto& [k, v] : tags) o[k] = v;
  return o;
}

}  // namespace

std::string DumpJson(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json ToJson(const Investigation& inv, const GeneratorInfo& gen) {
  json out;
  out["schema"] = kInvestigationSchema;
  out["generator"] = {{"tool", "credtrace investigate"},
                      {"version", gen.version},
                      {"case", gen.case_dir},
                      {"created", gen.created},
                      {"options", gen.options},
                      {"caseEvents", inv.case_events},
                      {"seconds", inv.seconds}};
  json seeds = json::array();
  for (const Seed& s : inv.seeds) {
    seeds.push_back({{"kind", s.file.empty() ? s.kind : "finding"},
                     {"value", s.file.empty() ? s.value : (s.finding_type.empty() ? s.value : s.finding_type)},
                     {"credential", s.value},
                     {"file", StrOrNull(s.file)},
                     {"since", s.since ? Time(*s.since) : json(nullptr)},
                     {"scenario", nullptr}});
  }
  out["seeds"] = seeds;
  out["compromiseTime"] = inv.credentials.empty() ? json(nullptr) : Time(inv.compromise_time);
  json scen = json::array(), est = json::array();
  for (const CompromiseEstimate& e : inv.estimates) {
    json ids = e.event_ids;
    est.push_back({{"credential", e.credential},
                   {"time", Time(e.time)},
                   {"method", e.method},
                   {"reason", e.reason},
                   {"eventIds", ids}});
    std::string victim;
    for (const Credential& c : inv.credentials) {
      if (c.id == e.credential) victim = c.principal_arn;
    }
    scen.push_back({{"name", "investigation"},
                    {"title", e.credential},
                    {"victim", StrOrNull(victim)},
                    {"compromiseTime", Time(e.time)},
                    {"how", e.reason}});
  }
  out["scenarios"] = scen;
  out["estimates"] = est;
  json creds = json::array();
  for (const Credential& c : inv.credentials) {
    creds.push_back({{"id", c.id},
                     {"accessKeyId", StrOrNull(c.access_key_id)},
                     {"keys", c.keys},
                     {"principalArn", c.principal_arn},
                     {"kind", KindName(c.kind)},
                     {"parent", c.parent < 0 ? json(nullptr) : json(inv.credentials[c.parent].id)},
                     {"createdByEventId", StrOrNull(c.created_by_event_id)},
                     {"created", Time(c.created)},
                     {"compromisedSince", Time(c.compromised_since)},
                     {"firstUsed", Time(c.first_used)},
                     {"lastUsed", Time(c.last_used)},
                     {"events", c.events},
                     {"rule", c.rule},
                     {"suspected", c.suspected},
                     {"scenario", nullptr},
                     {"how", c.how}});
  }
  out["credentials"] = creds;
  json events = json::array();
  for (const Event& e : inv.events) {
    json res = json::array();
    for (const ResourceTouch& t : e.resources) res.push_back({{"id", t.id}, {"action", ActionName(t.action)}});
    events.push_back({{"eventID", e.event_id},
                      {"eventTime", e.event_time},
                      {"eventSource", e.event_source},
                      {"eventName", e.event_name},
                      {"awsRegion", e.aws_region},
                      {"recipientAccountId", e.recipient_account_id},
                      {"accessKeyId", StrOrNull(e.access_key_id)},
                      {"sourceIPAddress", e.source_ip},
                      {"userAgent", e.user_agent},
                      {"principalArn", StrOrNull(e.principal_arn)},
                      {"errorCode", StrOrNull(e.error_code)},
                      {"attribution", AttributionName(e.attribution)},
                      {"why", e.why},
                      {"categories", Strings(e.classification.categories)},
                      {"techniques", Strings(e.classification.techniques)},
                      {"classificationRule", StrOrNull(std::string(e.classification.rule))},
                      {"resources", res},
                      {"phase", nullptr},
                      {"credential", e.credential < 0 ? json(nullptr) : json(inv.credentials[e.credential].id)},
                      {"scenario", nullptr}});
  }
  out["events"] = events;
  json resources = json::array();
  for (const ResourceEntry& r : inv.resources) {
    resources.push_back({{"id", r.id},
                         {"type", r.type},
                         {"account", r.account},
                         {"region", r.region},
                         {"action", ActionName(r.action)},
                         {"eventIds", r.event_ids},
                         {"aspects", r.aspects},
                         {"stateAfter", StrOrNull(r.state_after)},
                         {"stateBefore", StrOrNull(r.state_before)},
                         {"stateBeforeEventId", StrOrNull(r.before_event_id)},
                         {"sharedWith", r.shared_with},
                         {"bytes", r.bytes < 0 ? json(nullptr) : json(r.bytes)},
                         {"tags", Tags(r.tags)}});
  }
  out["resources"] = resources;
  json grants = json::array();
  for (const Grant& g : inv.grants) {
    grants.push_back({{"rule", g.rule}, {"eventId", g.event_id}, {"target", g.target},
                      {"credential", g.credential}, {"time", Time(g.time)}});
  }
  out["grants"] = grants;
  json suspects = json::array();
  for (const Suspect& s : inv.suspects) {
    suspects.push_back({{"accessKeyId", StrOrNull(s.access_key_id)},
                        {"principalArn", s.principal_arn},
                        {"ip", s.ip},
                        {"reason", s.reason},
                        {"firstSeen", Time(s.first_seen)},
                        {"events", s.events},
                        {"eventIds", s.event_ids},
                        {"followed", s.followed}});
  }
  out["suspects"] = suspects;
  const Context& c = inv.context;
  json addrs = json::array();
  for (const Context::Address& a : c.addresses) {
    addrs.push_back({{"ip", a.ip}, {"network", a.network}, {"asn", StrOrNull(a.asn)}, {"events", a.events},
                     {"scenario", nullptr}});
  }
  json other = json::array();
  for (const OtherChange& o : c.other_changes) {
    other.push_back({{"principalArn", o.principal_arn}, {"userAgent", o.user_agent}, {"events", o.events},
                     {"eventNames", o.event_names}, {"firstEventId", o.first_event_id}});
  }
  json keys = json::array();
  for (const Context::KeyAccount& k : c.key_accounts) {
    keys.push_back({{"accessKeyId", k.key}, {"account", StrOrNull(k.account)}});
  }
  json usage = json::array();
  for (const Context::PrincipalUsage& u : c.principal_usage) {
    usage.push_back({{"principalArn", u.principal_arn},
                     {"kind", u.kind},
                     {"from", Time(u.from)},
                     {"to", Time(u.to)},
                     {"events", u.events},
                     {"otherEvents", u.other_events},
                     {"otherSessions", u.other_sessions},
                     {"otherKeys", u.other_keys},
                     {"lastOtherUse", Time(u.last_other_use)}});
  }
  json tagged = json::array();
  for (const Context::ResourceTags& t : c.resource_tags) {
    tagged.push_back({{"id", t.id}, {"tags", Tags(t.tags)}, {"eventId", StrOrNull(t.event_id)}});
  }
  out["context"] = {{"accountsTouched", c.accounts_touched},
                    {"resourceTags", tagged},
                    {"principalUsage", usage},
                    {"regionsTouched", c.regions_touched},
                    {"attackerInfrastructure", {{"addresses", addrs}, {"userAgents", c.user_agents}}},
                    {"otherChanges", other},
                    {"keyAccounts", keys}};
  out["openItems"] = inv.open_items;
  return out;
}

}  // namespace credtrace::investigate
