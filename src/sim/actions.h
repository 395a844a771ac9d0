// Tables of what each kind of benign actor does, as (API, weight, argument filler) rows.
#pragma once

#include <string>
#include <vector>

#include "base/prng.h"
#include "sim/json_template.h"
#include "sim/world.h"

namespace credtrace::sim {

// What an argument filler may draw from.
struct ActorCtx {
  const World* world = nullptr;
  size_t account = 0;
  size_t bucket = 0;
  std::string region;
  std::string instance, private_ip;  // instance actors
  std::string function;              // Lambda actors
  std::string user;                  // IAM user name (self)
  TimeMs time = 0;
};

using ArgFiller = void (*)(const ActorCtx&, Rng*, Args*);

struct Action {
  const char* source;
  const char* name;
  int weight;
  ArgFiller fill;     // nullptr: no arguments
  bool any_region;    // called in a random enabled region instead of the actor's
};

extern const std::vector<Action> kInstanceActions;
extern const std::vector<Action> kFunctionActions;
extern const std::vector<Action> kDeveloperActions;
extern const std::vector<Action> kConsoleActions;
extern const std::vector<Action> kConfigActions;
extern const std::vector<Action> kResourceExplorerActions;
extern const std::vector<Action> kScannerActions;
extern const std::vector<Action> kReadOnlyUserActions;
extern const std::vector<Action> kReportingActions;   // svc-reporting
extern const std::vector<Action> kMlActions;          // ml-pipeline (Bedrock)

const Action& PickAction(const std::vector<Action>& table, Rng* rng);

// Fillers also used by scenarios.
void FillObjectRead(const ActorCtx& c, Rng* r, Args* a);
void FillObjectWrite(const ActorCtx& c, Rng* r, Args* a);
void FillBucket(const ActorCtx& c, Rng* r, Args* a);
std::string ObjectKey(const Bucket& b, Rng* r);

}  // namespace credtrace::sim
