// The simulated organization: accounts, people, roles, instances, functions, buckets,
// pipelines, partners and scanners, built deterministically from the seed and the options.
// Credentials that rotate on a schedule (instance profiles, Lambda and service-linked roles)
// are pure functions of (seed, owner, period index), so scenarios can refer to a session that
// the background will issue.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/prng.h"
#include "base/time.h"
#include "sim/aws_data.h"
#include "sim/identity.h"

namespace credtrace::sim {

struct WorldOptions {
  uint64_t seed = 1;
  int accounts = 4;
  TimeMs start = 0;
  TimeMs end = 0;
  double events_per_day = 20000;
};

struct Account {
  std::string id, name, home_region;
  std::vector<std::string> regions;  // regions with workloads
  std::string trail_name, trail_arn, detector_id, kms_key_arn, vpc, subnet, flow_log, sg;
  std::string saml_provider_arn;     // Identity Center provider in this account
};

struct Person {
  size_t account = 0;
  std::string name, user_id, key;    // IAM user with a long-term key ("" when none)
  Identity api;                      // identity of calls made with the key
  const Client* cli = nullptr;
  const Client* browser = nullptr;
  std::vector<std::string> ips;      // home and office addresses
  std::vector<std::string> networks; // names of those networks (for the answer key)
  int tz_offset_h = 0;               // working hours in local time
  bool console = false;              // signs in to the console with a password
  bool mfa = true;
  std::string region;                // region they usually work in
  std::vector<size_t> roles;         // roles they assume (indexes into World::roles)
  bool machine = false;              // a service user: works around the clock from one place
  const std::vector<struct Action>* actions = nullptr;  // what they do (nullptr: developer table)
  TimeMs disabled_at = INT64_MAX;    // key deactivated (by responders) from this time on
};

struct Role {
  RoleRef ref;
  size_t account = 0;
};

struct Bucket {
  size_t account = 0;
  std::string name, region;
  std::vector<std::string> prefixes;
};

struct Instance {
  size_t account = 0;
  std::string id, region, app, private_ip, nat_ip, profile_name;
  size_t role = 0;
  size_t bucket = 0;
  const Client* client = nullptr;
  TimeMs phase = 0;           // offset of its hourly credential rotation
  bool imds_v1 = false;
  TimeMs terminated = INT64_MAX;
};

struct Function {
  size_t account = 0;
  std::string name, region;
  size_t role = 0;
  size_t bucket = 0;
  TimeMs phase = 0;
};

struct ServiceRole {
  size_t account = 0;
  size_t role = 0;
  std::string service;        // "config.amazonaws.com"
  std::string session;        // session name
  TimeMs phase = 0;
};

struct IdcUser {
  std::string email, guid;
  size_t account = 0;         // target account
  size_t role = 0;            // AWSReservedSSO_* role there
  const Client* cli = nullptr;
  const Client* browser = nullptr;
  std::vector<std::string> ips;
  int tz_offset_h = 0;
  std::string region;
};

struct Pipeline {
  size_t account = 0;
  std::string repo, stack, function;
  size_t role = 0;
  size_t bucket = 0;
  std::string region;
};

struct Partner {
  size_t account = 0;
  size_t broker = 0;          // index into people (IAM user that calls GetFederationToken)
  std::string server_ip;      // the broker application's address
  size_t bucket = 0;
  std::vector<std::string> partner_ips;
};

struct Scanner {
  std::string vendor_account, vendor_role_id, vendor_role_name;
  size_t role = 0;            // the role it assumes in each account (first account's)
  std::string ip;
};

// A rotating credential: the key, when it was issued and the eventID of the issuing record.
struct Rotation {
  std::string key;
  TimeMs issued = 0;
  std::string event_id, shared_event_id;
};

class World {
 public:
  explicit World(const WorldOptions& o);

  const WorldOptions& options() const { return opts_; }
  uint64_t seed() const { return opts_.seed; }
  std::string org_id, mgmt_account_id, identity_store_arn, idc_region;
  std::vector<Account> accounts;
  std::vector<Person> people;
  std::vector<Role> roles;
  std::vector<Bucket> buckets;
  std::vector<Instance> instances;
  std::vector<Function> functions;
  std::vector<ServiceRole> service_roles;
  std::vector<IdcUser> idc_users;
  std::vector<Pipeline> pipelines;
  std::vector<Partner> partners;
  Scanner scanner;
  std::string trail_bucket;

  static constexpr TimeMs kInstancePeriod = 3600 * 1000;
  static constexpr TimeMs kFunctionPeriod = 2 * 3600 * 1000;
  static constexpr TimeMs kServicePeriod = 3600 * 1000;

  // Session k of an instance / function / service-linked role (k >= 0).
  Rotation InstanceSession(size_t i, int64_t k) const;
  Rotation FunctionSession(size_t i, int64_t k) const;
  Rotation ServiceSession(size_t i, int64_t k) const;
  // Index of the session valid at t (the last issued at or before t), or -1.
  int64_t SessionIndexAt(TimeMs phase, TimeMs period, TimeMs t) const;

  // Adds a role, returns its index.
  size_t AddRole(size_t account, const std::string& name, const std::string& path = "/");
  // New unique IDs and keys of an account (deterministic stream of the world).
  std::string NewKey(const char* prefix, size_t account);
  std::string NewUniqueId(const char* prefix, size_t account);
  Rng* rng() { return &rng_; }

 private:
  Rotation Rotate(uint64_t label, size_t i, int64_t k, size_t account, TimeMs phase, TimeMs period) const;
  WorldOptions opts_;
  Rng rng_;
};

uint64_t AccountNumber(const std::string& id);

}  // namespace credtrace::sim
