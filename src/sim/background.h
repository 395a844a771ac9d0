// Everyday activity of the simulated organization: instance-profile sessions rotated hourly
// and used by their applications, Lambda and service-linked roles, developers with keys and
// cross-account roles, Identity Center users, console users, CI/CD deployments with web
// identity, a third-party scanner, a partner federation broker, rare root sign-ins and AWS
// service calls. Every temporary key it uses was issued by an earlier record it wrote.
#pragma once

#include <map>
#include <vector>

#include "sim/emitter.h"
#include "sim/tagging.h"
#include "sim/world.h"

namespace credtrace::sim {

class Background {
 public:
  Background(World* world, GroundTruth* gt, uint64_t seed);
  // Appends the records with eventTime in [t0, t1): scheduled credential issuance plus about
  // `activity` records of activity.
  void Slice(TimeMs t0, TimeMs t1, int64_t activity, std::vector<Record>* out);
  // Scheduled issuance records per day (to size the activity budget).
  double ScheduledPerDay() const;

 private:
  struct Session {
    Identity id;
    TimeMs issued = 0, expires = 0;
  };
  bool Working(int tz_offset_h, TimeMs t) const;
  void Rotations(TimeMs t0, TimeMs t1);
  int InstanceActivity(TimeMs t);
  int FunctionActivity(TimeMs t);
  int ServiceRoleActivity(TimeMs t);
  int DeveloperActivity(TimeMs t);
  int IdcActivity(TimeMs t);
  int CiDeploy(TimeMs t);
  int ScannerSweep(TimeMs t);
  int PartnerUpload(TimeMs t);
  int RootSignIn(TimeMs t);
  int TrailBucketCheck(TimeMs t);
  const Identity& InstanceIdentity(size_t i, int64_t k);
  const Session* DeveloperRoleSession(size_t p, size_t role, TimeMs t);
  const Session* ConsoleSession(size_t p, TimeMs t);
  void Act(const std::vector<struct Action>& table, const Identity& who, TimeMs t,
           const std::string& region, const std::string& ip, const Client* client,
           struct ActorCtx& ctx, bool console, double deny_rate);

  World* w_;
  GroundTruth* gt_;
  Rng rng_;
  Emitter em_;
  Tagging tagging_;  // the owners' tagging records (their own emitter: the rest is unchanged)
  std::vector<Record>* out_ = nullptr;
  std::map<size_t, std::pair<int64_t, Identity>> inst_cache_;
  std::map<std::pair<size_t, size_t>, Session> dev_sessions_;
  std::map<size_t, Session> console_sessions_;
  std::map<size_t, Session> idc_sessions_;
  std::map<size_t, Session> partner_sessions_;
};

}  // namespace credtrace::sim
