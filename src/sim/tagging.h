// The tags the simulated organization gives its resources, and the owners' records that set
// them, the way real accounts carry tags: a platform pipeline (the account's GitHub Actions
// deploy role, web identity) tags every bucket (PutBucketTagging), the instances of each
// application (CreateTags), the application, function and platform roles (TagRole) and the
// IAM users (TagUser) early in the logs, and launches a tagged batch instance every day
// (RunInstances with tagSpecificationSet, a CreateTags and a DeleteTags on it, then
// TerminateInstances). Tags are consistent per application across the world: the payments
// application's bucket, instances and roles all carry app=payments.
//
// Everything is a pure function of the world, the seed and the time, so the output stays
// byte-identical across runs and threads; the records come from an emitter of their own, so
// the rest of the background is unchanged by them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/emitter.h"
#include "sim/world.h"

namespace credtrace::sim {

using TagList = std::vector<std::pair<std::string, std::string>>;

// The tags the world's resource named `id` (an ARN as the answer key writes it; an S3 object
// has its bucket's) carries once the pipeline has tagged it; empty for anything else (the
// attackers' resources, management-account resources, service-linked roles).
TagList KnownTags(const World& w, const std::string& id);

// [{"key":…,"value":…}…], or with `upper` [{"Key":…,"Value":…}…] (S3's XML body).
std::string TagsJson(const TagList& tags, bool upper = false);

class Tagging {
 public:
  Tagging(World* world, GroundTruth* gt, uint64_t seed);
  // Appends the tagging records with eventTime in [t0, t1).
  void Slice(TimeMs t0, TimeMs t1, std::vector<Record>* out);

 private:
  // A fresh web-identity session of pipeline p at t (its AssumeRoleWithWebIdentity emitted),
  // and the runner's address.
  struct PipelineSession {
    Identity id;
    std::string ip;
  };
  PipelineSession Session(size_t p, TimeMs t, Rng* r);
  void Pass(size_t p, TimeMs t);
  void Batch(size_t p, int64_t day, TimeMs t);
  void BatchEnd(size_t p, int64_t day, TimeMs t);

  World* w_;
  uint64_t seed_;
  Emitter em_;
};

}  // namespace credtrace::sim
