// Incident scenarios: each plays an attack into the world's logs and writes its part of the
// answer key and of the facilitator's narrative. The registry (scenarios.cc) lists them.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/aws_data.h"
#include "sim/emitter.h"
#include "sim/ground_truth.h"
#include "sim/world.h"

namespace credtrace::sim {

struct NarrativeInject {
  TimeMs time;
  std::string scenario;
  std::string text;  // what the team sees, never the answer
};

// An attacker's hands on one credential: who signs, from where, with which client.
struct Hand {
  const Identity* who = nullptr;
  std::string cred;            // answer-key credential id
  std::string ip;
  const Client* client = nullptr;
  bool console = false;
};

// What a scenario needs of a record it wrote (records themselves move on to delivery).
struct Done {
  std::string event_id;
  TimeMs time = 0;
};

// What a scenario plays on.
class Stage {
 public:
  Stage(World* world, GroundTruth* gt, std::vector<Record>* out, std::vector<NarrativeInject>* injects,
        const std::string& scenario, TimeMs compromise, double time_scale, uint64_t seed);

  World& world() { return *world_; }
  GroundTruth& gt() { return *gt_; }
  Rng& rng() { return rng_; }
  const std::string& name() const { return scenario_; }
  TimeMs t0() const { return t0_; }
  // Compromise time plus an offset, compressed when the simulated period is short.
  TimeMs At(double hours) const { return t0_ + static_cast<TimeMs>(hours * 3600000.0 * scale_); }
  TimeMs end() const { return world_->options().end; }

  // A fresh attacker address from a network, recorded as attacker infrastructure.
  std::string AttackerIp(const Network& n);
  const Client* AttackerClient(const Client& c);

  // An attacker call: emitted and recorded as an attacker event of `phase`.
  Done Do(const Hand& h, TimeMs t, const char* source, const char* name,
                   const std::string& region, Args args, const std::string& phase,
                   bool denied = false, const std::string& error_code = "",
                   const std::string& error_message = "");
  // Records a prepared call as an attacker event.
  Done DoCall(Call c, const std::string& phase, const std::string& cred);
  // A record that is not an attacker event (responders, AWS) but belongs to the story.
  Done Other(const Call& c) { const Record& r = em_.Emit(c); return {r.event_id, r.time}; }
  void Inject(TimeMs t, std::string text) { injects_->push_back({t, scenario_, std::move(text)}); }

  // Adds a credential to the answer key.
  void Credential(const std::string& id, const std::string& key, const std::string& arn,
                  const std::string& kind, const std::string& parent, const std::string& created_by,
                  TimeMs created, TimeMs compromised, const std::string& how);
  void Resource(const std::string& id, const std::string& type, const std::string& account,
                const std::string& region, const std::string& action, const std::string& event_id) {
    gt_->AddResource(id, type, account, region, action, event_id);
  }
  // AssumeRole from `h` into `role`: both account copies, the new session, the answer key.
  // Returns the new session's identity (owned by the stage).
  const Identity* AssumeRole(const Hand& h, TimeMs t, const RoleRef& role, const std::string& session,
                             const std::string& caller_account, const std::string& caller_principal_id,
                             const std::string& phase, const std::string& how, std::string* new_key);
  // Keeps an identity alive for the stage's lifetime.
  const Identity* Keep(Identity id);

 private:
  World* world_;
  GroundTruth* gt_;
  std::vector<NarrativeInject>* injects_;
  std::string scenario_;
  TimeMs t0_;
  double scale_;
  Rng rng_;
  Emitter em_;
  std::vector<std::unique_ptr<Identity>> kept_;
};

struct ScenarioInfo {
  const char* name;
  const char* title;
  const char* summary;
  // Chooses the victim, may adjust the world (before the background is generated), and plays.
  void (*play)(Stage&);
};

const std::vector<ScenarioInfo>& Scenarios();
const ScenarioInfo* FindScenario(const std::string& name);

void PlayLeakedKey(Stage& s);
void PlayCapitalOne(Stage& s);
void PlayCodeSpaces(Stage& s);
void PlayNewRegions(Stage& s);
void PlayFederation(Stage& s);
void PlayLlmJacking(Stage& s);

}  // namespace credtrace::sim
