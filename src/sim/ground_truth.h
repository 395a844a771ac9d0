// The answer key (DIR/ground_truth.json) in the investigation schema
// "credtrace.investigation/1" (docs/INVESTIGATION_SCHEMA.md): compromised and derived
// credentials with their lineage, every attacker event and the leaked credential owner's
// events after the compromise, the resources touched, and the context.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/time.h"
#include "sim/record_writer.h"

namespace credtrace::sim {

inline constexpr const char* kSchemaVersion = "credtrace.investigation/1";

struct TruthCredential {
  std::string id;            // accessKeyId, or "console:<arn>" / "password:<arn>"
  std::string access_key_id; // "" → null
  std::string principal_arn;
  std::string kind;          // access-key, role-session, instance-profile-session, ...
  std::string parent;        // id of the parent credential ("" → null)
  std::string created_by_event_id;  // "" → null (the leaked seed)
  TimeMs created = kNoTime;
  TimeMs compromised_since = kNoTime;
  std::string scenario;
  std::string how;           // one line: how the attacker got it
};

struct TruthEvent {
  std::string event_id;
  TimeMs time = 0;
  std::string source, name, region, account, key, ip, error_code;
  std::string attribution;   // attacker / owner / unknown
  std::string phase;
  std::string scenario;
  std::string credential;    // TruthCredential::id
  std::string user_agent;
};

struct TruthResource {
  std::string id, type, account, region, action;
  std::vector<std::string> event_ids;
};

struct TruthSeed {
  TruthSeed(std::string k, std::string v, std::string sc, std::string f = {})
      : kind(std::move(k)), value(std::move(v)), scenario(std::move(sc)), file(std::move(f)) {}
  std::string kind;   // key, principal, finding
  std::string value;
  std::string scenario;
  std::string file;   // finding seeds: the finding file, relative to the output directory ("" → null)
};

// A GuardDuty finding a scenario starts from, written to `file` (guardduty_finding.h) from the
// attacker events made with `key`: what GuardDuty would have seen of them.
struct TruthFinding {
  std::string scenario, file, type, title, description;
  double severity = 0;
  std::string account, detector_id;
  // resource.accessKeyDetails, as the records' userIdentity shows the credential.
  std::string key, principal_id, user_name, user_type;
  std::string instance_id, instance_profile_arn;  // resource.instanceDetails ("" when none)
};

struct TruthScenario {
  std::string name, title, victim;
  TimeMs compromise = kNoTime;
  std::string how;
};

struct Infra {
  std::string ip, network, asn, scenario;
};

class GroundTruth {
 public:
  void AddScenario(TruthScenario s) { scenarios_.push_back(std::move(s)); }
  void AddSeed(TruthSeed s) { seeds_.push_back(std::move(s)); }
  void AddFinding(TruthFinding f) { findings_.push_back(std::move(f)); }
  void AddCredential(TruthCredential c);
  bool HasCredential(const std::string& id) const { return creds_.count(id) > 0; }
  void AddEvent(const Record& r, const Call& c, const std::string& attribution,
                const std::string& phase, const std::string& scenario, const std::string& cred);
  void AddResource(const std::string& id, const std::string& type, const std::string& account,
                   const std::string& region, const std::string& action, const std::string& event_id);
  void AddInfra(const std::string& ip, const std::string& network, const std::string& asn,
                const std::string& scenario);
  void AddUserAgent(const std::string& ua) { user_agents_.insert(ua); }
  // The tags the world gave a resource (sim/tagging.h KnownTags), written as resources[].tags;
  // the attackers' own resources carry none.
  using TagLookup = std::function<std::vector<std::pair<std::string, std::string>>(const std::string& id)>;
  void SetTagLookup(TagLookup f) { tag_lookup_ = std::move(f); }

  // The owner keeps using a compromised credential: background records made with `key` (or,
  // for a console password, console records of `arn`) from `since` on are owner events.
  void WatchKey(const std::string& key, const std::string& cred, TimeMs since, const std::string& scenario);
  void WatchConsole(const std::string& arn, const std::string& cred, TimeMs since, const std::string& scenario);
  void OnBackgroundRecord(const Record& r, const Call& c);

  std::string ToJson(const std::string& generator_json) const;
  const std::vector<TruthEvent>& events() const { return events_; }
  const std::map<std::string, TruthCredential>& credentials() const { return creds_; }
  const std::vector<TruthFinding>& findings() const { return findings_; }
  const std::vector<Infra>& infrastructure() const { return infra_; }

 private:
  struct Watch {
    std::string cred, scenario;
    TimeMs since;
  };
  std::vector<TruthScenario> scenarios_;
  std::vector<TruthSeed> seeds_;
  std::vector<TruthFinding> findings_;
  std::map<std::string, TruthCredential> creds_;
  std::vector<std::string> cred_order_;
  std::vector<TruthEvent> events_;
  std::map<std::string, TruthResource> resources_;  // key: action|id
  std::vector<Infra> infra_;
  std::set<std::string> user_agents_;
  std::map<std::string, Watch> watch_keys_;
  std::map<std::string, Watch> watch_console_;
  TagLookup tag_lookup_;
};

}  // namespace credtrace::sim
