#include "sim/scenario.h"

#include <memory>

#include "sim/ids.h"
#include "sim/key_codec.h"

namespace credtrace::sim {

Stage::Stage(World* world, GroundTruth* gt, std::vector<Record>* out, std::vector<NarrativeInject>* injects,
             const std::string& scenario, TimeMs compromise, double time_scale, uint64_t seed)
    : world_(world), gt_(gt), injects_(injects), scenario_(scenario), t0_(compromise),
      scale_(time_scale), rng_(MixHash(seed, 0x57A6E)), em_(MixHash(seed, 0x57A6F), out, gt, false) {}

std::string Stage::AttackerIp(const Network& n) {
  std::string ip = AddressIn(n, &rng_);
  gt_->AddInfra(ip, n.name, n.asn, scenario_);
  return ip;
}

const Client* Stage::AttackerClient(const Client& c) {
  gt_->AddUserAgent(c.ua);
  return &c;
}

const Identity* Stage::Keep(Identity id) {
  kept_.push_back(std::make_unique<Identity>(std::move(id)));
  return kept_.back().get();
}

Done Stage::DoCall(Call c, const std::string& phase, const std::string& cred) {
  const Record& r = em_.Emit(c);
  gt_->AddEvent(r, c, "attacker", phase, scenario_, cred);
  return {r.event_id, r.time};
}

Done Stage::Do(const Hand& h, TimeMs t, const char* source, const char* name,
                        const std::string& region, Args args, const std::string& phase, bool denied,
                        const std::string& error_code, const std::string& error_message) {
  Call c = MakeCall(source, name, h.who, t, region, h.ip, h.client);
  c.args = std::move(args);
  c.denied = denied;
  c.error_code = error_code;
  c.error_message = error_message;
  c.console = h.console;
  return DoCall(std::move(c), phase, h.cred);
}

void Stage::Credential(const std::string& id, const std::string& key, const std::string& arn,
                       const std::string& kind, const std::string& parent,
                       const std::string& created_by, TimeMs created, TimeMs compromised,
                       const std::string& how) {
  TruthCredential c;
  c.id = id;
  c.access_key_id = key;
  c.principal_arn = arn;
  c.kind = kind;
  c.parent = parent;
  c.created_by_event_id = created_by;
  c.created = created;
  c.compromised_since = compromised;
  c.scenario = scenario_;
  c.how = how;
  gt_->AddCredential(std::move(c));
}

const Identity* Stage::AssumeRole(const Hand& h, TimeMs t, const RoleRef& role,
                                  const std::string& session, const std::string& caller_account,
                                  const std::string& caller_principal_id, const std::string& phase,
                                  const std::string& how, std::string* new_key) {
  std::string key = EncodeAccessKeyId("ASIA", AccountNumber(role.account), &rng_);
  Call c = MakeCall("sts.amazonaws.com", "AssumeRole", h.who, t, world_->accounts[0].home_region, h.ip, h.client);
  // Attackers' tools mostly use the global endpoint (logged in us-east-1).
  c.sts_regional = false;
  SetRoleArgs(&c.args, role, session);
  SetIssuedCredential(&c.args, key, t, 3600);
  bool cross = role.account != caller_account;
  if (cross) c.shared_event_id = Uuid(&rng_);
  Done first = DoCall(c, phase, h.cred);
  std::string created_by = first.event_id;
  if (cross) {
    Identity other = AwsAccountIdentity(caller_principal_id, caller_account);
    Call d = c;
    d.who = &other;
    d.recipient = role.account;
    DoCall(d, phase, h.cred);
  }
  Credential(key, key, "arn:aws:sts::" + role.account + ":assumed-role/" + role.name + "/" + session,
             "role-session", h.cred, created_by, t, t, how);
  Resource(role.Arn(), "AWS::IAM::Role", role.account, "global", "assumed", created_by);
  if (new_key) *new_key = key;
  return Keep(RoleSessionIdentity(role, session, key, t, {}));
}

const std::vector<ScenarioInfo>& Scenarios() {
  static const std::vector<ScenarioInfo> kScenarios = {
      {"leaked-key", "Leaked IAM user access key",
       "A developer's long-term key leaks; recon with AccessDenied bursts, backdoor user with admin policy, keys and console password, cross-account AssumeRole, GPU instances with an admin instance profile in many regions, GuardDuty and flow-log evasion, S3 exfiltration; the owner keeps using the key.",
       PlayLeakedKey},
      {"capital-one", "Instance-role credentials stolen through SSRF (Capital One pattern)",
       "Role credentials of an IMDSv1 reverse proxy are stolen through SSRF and used from Tor/VPN exits to list and download buckets, again after rotation; the instance keeps using its sessions.",
       PlayCapitalOne},
      {"code-spaces", "Console takeover and deletion of everything (Code Spaces pattern)",
       "Password guessing then console sign-in without MFA, a backdoor console user, then deletion of instances, snapshots, images, volumes, databases, buckets and backups.",
       PlayCodeSpaces},
      {"new-regions", "A key pair acting in an account and regions it never used",
       "A reporting service user's key, used for years from one place and region, suddenly runs instances in regions it never used and pivots into another account where it plants a public Lambda backdoor.",
       PlayNewRegions},
      {"federation", "Federation-token persistence",
       "A broker key is stolen; GetFederationToken with an allow-all policy and a 36-hour duration, console access through GetSigninToken, data theft that continues after the key is disabled.",
       PlayFederation},
      {"llm-jacking", "LLM-jacking with a stolen key",
       "An ML pipeline key is used to check Bedrock logging, enable model access and invoke expensive models from a proxy pool across regions.",
       PlayLlmJacking},
  };
  return kScenarios;
}

const ScenarioInfo* FindScenario(const std::string& name) {
  for (const auto& s : Scenarios()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

}  // namespace credtrace::sim
