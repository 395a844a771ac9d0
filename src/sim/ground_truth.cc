#include "sim/ground_truth.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sim/classification.h"
#include "sim/ids.h"

namespace credtrace::sim {

using nlohmann::ordered_json;

namespace {
ordered_json NullOr(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }
ordered_json TimeOr(TimeMs t) { return t == kNoTime ? ordered_json(nullptr) : ordered_json(IsoSeconds(t)); }
}  // namespace

void GroundTruth::AddCredential(TruthCredential c) {
  if (creds_.count(c.id)) return;
  cred_order_.push_back(c.id);
  creds_[c.id] = std::move(c);
}

void GroundTruth::AddEvent(const Record& r, const Call& c, const std::string& attribution,
                           const std::string& phase, const std::string& scenario,
                           const std::string& cred) {
  TruthEvent e;
  e.event_id = r.event_id;
  e.time = r.time;
  e.source = c.api->spec->source;
  e.name = c.api->spec->name;
  e.region = r.region;
  e.account = r.account;
  e.key = c.who->key;
  e.ip = c.client ? c.ip : (c.invoked_by.empty() ? c.service : c.invoked_by);
  e.user_agent = c.client ? c.client->ua : "";
  e.error_code = r.error_code;
  e.attribution = attribution;
  e.phase = phase;
  e.scenario = scenario;
  e.credential = cred;
  events_.push_back(std::move(e));
}

void GroundTruth::AddResource(const std::string& id, const std::string& type,
                              const std::string& account, const std::string& region,
                              const std::string& action, const std::string& event_id) {
  std::string k = action + "|" + id;
  auto& res = resources_[k];
  if (res.id.empty()) res = {id, type, account, region, action, {}};
  res.event_ids.push_back(event_id);
}

void GroundTruth::AddInfra(const std::string& ip, const std::string& network,
                           const std::string& asn, const std::string& scenario) {
  for (const Infra& i : infra_) {
    if (i.ip == ip && i.scenario == scenario) return;
  }
  infra_.push_back({ip, network, asn, scenario});
}

void GroundTruth::WatchKey(const std::string& key, const std::string& cred, TimeMs since,
                           const std::string& scenario) {
  watch_keys_[key] = {cred, scenario, since};
}

void GroundTruth::WatchConsole(const std::string& arn, const std::string& cred, TimeMs since,
                               const std::string& scenario) {
  watch_console_[arn] = {cred, scenario, since};
}

void GroundTruth::OnBackgroundRecord(const Record& r, const Call& c) {
  if (watch_keys_.empty() && watch_console_.empty()) return;
  const Watch* w = nullptr;
  if (!c.who->key.empty()) {
    auto it = watch_keys_.find(c.who->key);
    if (it != watch_keys_.end()) w = &it->second;
  }
  if (!w && !c.who->arn.empty() && (c.console || std::string_view(c.api->spec->name) == "ConsoleLogin")) {
    auto it = watch_console_.find(c.who->arn);
    if (it != watch_console_.end()) w = &it->second;
  }
  if (!w || r.time < w->since) return;
  AddEvent(r, c, "owner", "", w->scenario, w->cred);
}

std::string GroundTruth::ToJson(const std::string& generator_json) const {
  ordered_json j;
  j["schema"] = kSchemaVersion;
  j["generator"] = ordered_json::parse(generator_json);
  std::vector<TruthEvent> evs = events_;
  std::stable_sort(evs.begin(), evs.end(), [](const TruthEvent& a, const TruthEvent& b) {
    return a.time != b.time ? a.time < b.time : a.event_id < b.event_id;
  });

  ordered_json seeds = ordered_json::array();
  for (const auto& s : seeds_) {
    seeds.push_back({{"kind", s.kind}, {"value", s.value}, {"scenario", s.scenario}, {"file", NullOr(s.file)}});
  }
  j["seeds"] = seeds;

  TimeMs first = kNoTime;
  for (const auto& s : scenarios_) {
    if (first == kNoTime || s.compromise < first) first = s.compromise;
  }
  j["compromiseTime"] = TimeOr(first);
  ordered_json sc = ordered_json::array();
  for (const auto& s : scenarios_) {
    sc.push_back({{"name", s.name}, {"title", s.title}, {"victim", s.victim},
                  {"compromiseTime", TimeOr(s.compromise)}, {"how", s.how}});
  }
  j["scenarios"] = sc;

  // Per-credential usage from the events.
  std::map<std::string, std::pair<TimeMs, TimeMs>> used;
  std::map<std::string, int> counts;
  for (const auto& e : evs) {
    if (e.credential.empty()) continue;
    counts[e.credential]++;
    auto& u = used.try_emplace(e.credential, e.time, e.time).first->second;
    u.first = std::min(u.first, e.time);
    u.second = std::max(u.second, e.time);
  }
  ordered_json creds = ordered_json::array();
  for (const auto& id : cred_order_) {
    const TruthCredential& c = creds_.at(id);
    auto u = used.find(id);
    creds.push_back({{"id", c.id},
                     {"accessKeyId", NullOr(c.access_key_id)},
                     {"principalArn", c.principal_arn},
                     {"kind", c.kind},
                     {"parent", NullOr(c.parent)},
                     {"createdByEventId", NullOr(c.created_by_event_id)},
                     {"created", TimeOr(c.created)},
                     {"compromisedSince", TimeOr(c.compromised_since)},
                     {"firstUsed", u == used.end() ? ordered_json(nullptr) : ordered_json(IsoSeconds(u->second.first))},
                     {"lastUsed", u == used.end() ? ordered_json(nullptr) : ordered_json(IsoSeconds(u->second.second))},
                     {"events", counts[id]},
                     {"scenario", c.scenario},
                     {"how", c.how}});
  }
  j["credentials"] = creds;

  ordered_json events = ordered_json::array();
  std::set<std::string> regions, accounts;
  for (const auto& e : evs) {
    Classification cl = Classify(e.source, e.name);
    ordered_json cats = ordered_json::array(), techs = ordered_json::array();
    for (auto c : cl.categories) cats.push_back(std::string(c));
    for (auto t : cl.techniques) techs.push_back(std::string(t));
    events.push_back({{"eventID", e.event_id},
                      {"eventTime", IsoSeconds(e.time)},
                      {"eventSource", e.source},
                      {"eventName", e.name},
                      {"awsRegion", e.region},
                      {"recipientAccountId", e.account},
                      {"accessKeyId", NullOr(e.key)},
                      {"sourceIPAddress", e.ip},
                      {"errorCode", NullOr(e.error_code)},
                      {"attribution", e.attribution},
                      {"categories", cats},
                      {"techniques", techs},
                      {"phase", NullOr(e.phase)},
                      {"credential", NullOr(e.credential)},
                      {"scenario", e.scenario}});
    if (e.attribution == "attacker") {
      regions.insert(e.region);
      accounts.insert(e.account);
    }
  }
  j["events"] = events;

  ordered_json res = ordered_json::array();
  for (const auto& [k, r] : resources_) {
    ordered_json tags = ordered_json::object();
    if (tag_lookup_) {
      for (const auto& [key, value] : tag_lookup_(r.id)) tags[key] = value;
    }
    res.push_back({{"id", r.id}, {"type", r.type}, {"account", r.account}, {"region", r.region},
                   {"action", r.action}, {"eventIds", r.event_ids}, {"tags", tags}});
  }
  j["resources"] = res;

  ordered_json infra = ordered_json::array();
  for (const auto& i : infra_) {
    infra.push_back({{"ip", i.ip}, {"network", i.network}, {"asn", i.asn}, {"scenario", i.scenario}});
  }
  j["context"] = {{"accountsTouched", accounts},
                  {"regionsTouched", regions},
                  {"attackerInfrastructure", {{"addresses", infra}, {"userAgents", user_agents_}}}};
  return j.dump(2) + "\n";
}

}  // namespace credtrace::sim
