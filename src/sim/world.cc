#include "sim/world.h"

#include <algorithm>
#include <cstdlib>

#include "sim/actions.h"
#include "sim/ids.h"
#include "sim/key_codec.h"

namespace credtrace::sim {

namespace {
constexpr const char* kAccountNames[] = {"management", "prod", "staging", "data", "dev", "shared-services", "sandbox", "analytics"};

std::string PrivateIp(Rng* rng) {
  return "10." + std::to_string(rng->Range(0, 3)) + "." + std::to_string(rng->Range(0, 255)) + "." +
         std::to_string(rng->Range(4, 250));
}
}  // namespace

uint64_t AccountNumber(const std::string& id) { return std::strtoull(id.c_str(), nullptr, 10); }

std::string World::NewKey(const char* prefix, size_t account) {
  return EncodeAccessKeyId(prefix, AccountNumber(accounts[account].id), &rng_);
}

std::string World::NewUniqueId(const char* prefix, size_t account) {
  return EncodeUniqueId(prefix, AccountNumber(accounts[account].id), &rng_);
}

size_t World::AddRole(size_t account, const std::string& name, const std::string& path) {
  Role r;
  r.account = account;
  r.ref.account = accounts[account].id;
  r.ref.name = name;
  r.ref.path = path;
  r.ref.role_id = NewUniqueId("AROA", account);
  roles.push_back(r);
  return roles.size() - 1;
}

World::World(const WorldOptions& o) : opts_(o), rng_(MixHash(o.seed, 0x5EED0001)) {
  Rng& r = rng_;
  int n = std::max(1, opts_.accounts);
  org_id = "o-" + RandomChars(&r, "abcdefghijklmnopqrstuvwxyz0123456789", 10);
  for (int i = 0; i < n; ++i) {
    Account a;
    a.id = std::to_string(r.Range(1, 9)) + std::to_string(r.Range(10000000000LL, 99999999999LL));
    a.name = i < 8 ? kAccountNames[i] : "workload-" + std::to_string(i);
    a.home_region = std::string(HomeRegionFor(static_cast<uint64_t>(i == 0 ? 1 : (i % 3 == 0 ? 2 : 1))));
    a.regions = {a.home_region};
    if (a.home_region != "us-east-1") a.regions.push_back("us-east-1");
    a.trail_name = "org-trail";
    a.vpc = "vpc-0" + Hex(&r, 16);
    a.subnet = "subnet-0" + Hex(&r, 16);
    a.sg = "sg-0" + Hex(&r, 16);
    a.flow_log = "fl-0" + Hex(&r, 16);
    a.detector_id = Hex(&r, 32);
    accounts.push_back(a);
  }
  mgmt_account_id = accounts[0].id;
  idc_region = accounts[0].home_region;
  identity_store_arn = "arn:aws:identitystore::" + mgmt_account_id + ":identitystore/d-" + Hex(&r, 10);
  std::string idc_instance = Hex(&r, 16);
  trail_bucket = "aws-cloudtrail-logs-" + mgmt_account_id + "-" + Hex(&r, 8);
  for (auto& a : accounts) {
    a.trail_arn = "arn:aws:cloudtrail:" + idc_region + ":" + mgmt_account_id + ":trail/org-trail";
    a.kms_key_arn = "arn:aws:kms:" + a.home_region + ":" + a.id + ":key/" + Uuid(&r);
    a.saml_provider_arn = "arn:aws:iam::" + a.id + ":saml-provider/AWSSSO_" + idc_instance + "_DO_NOT_DELETE";
  }
  auto work = [&](size_t i) { return std::min(i, accounts.size() - 1); };
  size_t prod = work(1), staging = work(2), data = work(3);

  double per_day = std::max(100.0, opts_.events_per_day);
  auto scale = [&](double per, int lo, int hi) {
    return std::clamp(static_cast<int>(per_day / per), lo, hi);
  };

  // Buckets: per account an app bucket, a data lake bucket, an artifacts bucket.
  for (size_t a = 0; a < accounts.size(); ++a) {
    const char* kinds[] = {"app-assets", "data-exports", "ci-artifacts"};
    for (const char* kind : kinds) {
      Bucket b;
      b.account = a;
      b.region = accounts[a].home_region;
      b.name = "acme-" + accounts[a].name + "-" + kind + "-" + Hex(&r, 6);
      for (int p = 0; p < 4; ++p) b.prefixes.push_back(std::string(r.Pick(kDataKeyWords)) + "/");
      buckets.push_back(b);
    }
  }
  auto bucket_of = [&](size_t a, int kind) { return a * 3 + static_cast<size_t>(kind); };

  // People with IAM users and long-term keys (developers, operators) in the accounts; the
  // first person of each account also signs in to the console.
  int npeople = scale(12000, 6, 40);
  for (int i = 0; i < npeople; ++i) {
    Person p;
    p.account = static_cast<size_t>(i) % accounts.size();
    if (accounts.size() > 2 && p.account == 0) p.account = prod;
    p.name = std::string(kPersonNames[static_cast<size_t>(i) % kPersonNames.size()]);
    if (i >= static_cast<int>(kPersonNames.size())) p.name += std::to_string(i / kPersonNames.size());
    p.user_id = NewUniqueId("AIDA", p.account);
    p.key = NewKey("AKIA", p.account);
    p.api = IamUserIdentity(accounts[p.account].id, p.user_id, p.name, p.key);
    p.cli = &r.Pick(kDeveloperClients);
    p.browser = &r.Pick(kBrowserClients);
    const Network& home = r.Pick(kHomeNetworks);
    const Network& office = r.Pick(kOfficeNetworks);
    p.ips = {AddressIn(home, &r), AddressIn(office, &r), AddressIn(office, &r)};
    p.networks = {home.name, office.name, office.name};
    p.tz_offset_h = static_cast<int>(r.Pick(std::vector<int>{0, 1, -5, -8, 1, 0}));
    p.console = i % 3 == 0;
    p.mfa = true;
    p.region = accounts[p.account].home_region;
    people.push_back(p);
  }

  // Roles that people assume across accounts, and the scanner role.
  std::vector<size_t> deploy_roles;
  for (size_t a = 0; a < accounts.size(); ++a) {
    deploy_roles.push_back(AddRole(a, a == 0 ? "OrganizationAccountAccessRole" : "DeveloperAccess"));
  }
  for (auto& p : people) {
    for (size_t a = 0; a < accounts.size(); ++a) {
      if (a != p.account && a != 0) p.roles.push_back(deploy_roles[a]);
    }
  }

  // Instances with instance profiles, in the workload accounts.
  int ninst = scale(3500, 3, 160);
  std::vector<size_t> app_roles;
  for (size_t a = 0; a < accounts.size(); ++a) {
    for (int k = 0; k < 3; ++k) {
      std::string app = std::string(kAppNames[(a * 3 + static_cast<size_t>(k)) % kAppNames.size()]);
      app_roles.push_back(AddRole(a, app + "-ec2-role"));
    }
  }
  for (int i = 0; i < ninst; ++i) {
    Instance in;
    in.account = accounts.size() == 1 ? 0 : 1 + static_cast<size_t>(i) % (accounts.size() - 1);
    in.role = app_roles[in.account * 3 + static_cast<size_t>(i) % 3];
    in.app = roles[in.role].ref.name.substr(0, roles[in.role].ref.name.find("-ec2-role"));
    in.id = InstanceId(&r);
    in.region = accounts[in.account].home_region;
    in.private_ip = PrivateIp(&r);
    in.nat_ip = AddressIn(r.Pick(kAwsNetworks), &r);
    in.profile_name = roles[in.role].ref.name;
    in.bucket = bucket_of(in.account, 0);
    in.client = &kAppClients[static_cast<size_t>(i) % kAppClients.size()];
    in.phase = r.Range(0, kInstancePeriod - 1000);
    in.imds_v1 = i % 5 == 0;
    instances.push_back(in);
  }
  // The Capital One style target: a WAF/reverse proxy in prod with IMDSv1.
  {
    Instance in;
    in.account = prod;
    in.role = AddRole(prod, "waf-proxy-role");
    in.app = "waf-proxy";
    in.id = InstanceId(&r);
    in.region = accounts[prod].home_region;
    in.private_ip = PrivateIp(&r);
    in.nat_ip = AddressIn(r.Pick(kAwsNetworks), &r);
    in.profile_name = "waf-proxy-role";
    in.bucket = bucket_of(prod, 0);
    in.client = &kAppClients[0];
    in.phase = r.Range(0, kInstancePeriod - 1000);
    in.imds_v1 = true;
    instances.push_back(in);
  }

  int nfn = scale(15000, 2, 40);
  for (int i = 0; i < nfn; ++i) {
    Function f;
    f.account = accounts.size() == 1 ? 0 : 1 + static_cast<size_t>(i) % (accounts.size() - 1);
    f.name = std::string(kAppNames[static_cast<size_t>(i) % kAppNames.size()]) + "-" +
             r.Pick(std::vector<std::string>{"worker", "processor", "api", "cron", "webhook"});
    f.region = accounts[f.account].home_region;
    f.role = AddRole(f.account, f.name + "-lambda-role", "/service-role/");
    f.bucket = bucket_of(f.account, 1);
    f.phase = r.Range(0, kFunctionPeriod - 1000);
    functions.push_back(f);
  }

  for (size_t a = 0; a < accounts.size(); ++a) {
    ServiceRole cfg;
    cfg.account = a;
    cfg.role = AddRole(a, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/");
    cfg.service = "config.amazonaws.com";
    cfg.session = "AWSConfig-Describe";
    cfg.phase = r.Range(0, kServicePeriod - 1000);
    service_roles.push_back(cfg);
    ServiceRole rex;
    rex.account = a;
    rex.role = AddRole(a, "AWSServiceRoleForResourceExplorer", "/aws-service-role/resource-explorer-2.amazonaws.com/");
    rex.service = "resource-explorer-2.amazonaws.com";
    rex.session = "resource-explorer-2";
    rex.phase = r.Range(0, kServicePeriod - 1000);
    service_roles.push_back(rex);
  }

  // Identity Center users and their permission-set roles.
  std::vector<size_t> sso_roles;
  for (size_t a = 0; a < accounts.size(); ++a) {
    std::string path = "/aws-reserved/sso.amazonaws.com/" + idc_region + "/";
    sso_roles.push_back(AddRole(a, "AWSReservedSSO_AdministratorAccess_" + Hex(&r, 16), path));
    sso_roles.push_back(AddRole(a, "AWSReservedSSO_ReadOnly_" + Hex(&r, 16), path));
  }
  int nidc = scale(12000, 4, 40);
  for (int i = 0; i < nidc; ++i) {
    IdcUser u;
    std::string name(kPersonNames[(static_cast<size_t>(i) + 7) % kPersonNames.size()]);
    u.email = name + "@acme-corp.example";
    u.guid = Hex(&r, 10) + "-" + Uuid(&r);
    u.account = accounts.size() == 1 ? 0 : 1 + static_cast<size_t>(i) % (accounts.size() - 1);
    u.role = sso_roles[u.account * 2 + (i % 4 == 0 ? 0 : 1)];
    u.cli = &r.Pick(kDeveloperClients);
    u.browser = &r.Pick(kBrowserClients);
    const Network& office = r.Pick(kOfficeNetworks);
    u.ips = {AddressIn(office, &r), AddressIn(r.Pick(kHomeNetworks), &r)};
    u.tz_offset_h = i % 3 == 0 ? -5 : 1;
    u.region = accounts[u.account].home_region;
    idc_users.push_back(u);
  }

  for (size_t a = 1; a < accounts.size() || (accounts.size() == 1 && a == 1); ++a) {
    size_t acct = std::min(a, accounts.size() - 1);
    Pipeline p;
    p.account = acct;
    p.repo = "acme-corp/" + std::string(kAppNames[acct % kAppNames.size()]) + "-service";
    p.stack = std::string(kAppNames[acct % kAppNames.size()]) + "-stack";
    p.function = functions.empty() ? "deploy-hook" : functions[acct % functions.size()].name;
    p.role = AddRole(acct, "github-actions-deploy");
    p.bucket = bucket_of(acct, 2);
    p.region = accounts[acct].home_region;
    pipelines.push_back(p);
    if (accounts.size() == 1) break;
  }

  {
    // A legacy partner portal: an IAM user whose key lives on an application server and calls
    // GetFederationToken for partner uploads.
    Person broker;
    broker.account = data;
    broker.name = "partner-portal-broker";
    broker.user_id = NewUniqueId("AIDA", data);
    broker.key = NewKey("AKIA", data);
    broker.api = IamUserIdentity(accounts[data].id, broker.user_id, broker.name, broker.key);
    broker.cli = &kAppClients[1];
    broker.browser = nullptr;
    broker.ips = {AddressIn(kAwsNetworks[1], &r)};
    broker.networks = {kAwsNetworks[1].name};
    broker.region = accounts[data].home_region;
    broker.console = false;
    people.push_back(broker);
    Partner pt;
    pt.account = data;
    pt.broker = people.size() - 1;
    pt.server_ip = broker.ips[0];
    pt.bucket = bucket_of(data, 1);
    for (int k = 0; k < 4; ++k) pt.partner_ips.push_back(AddressIn(r.Pick(kOfficeNetworks), &r));
    partners.push_back(pt);
  }

  // Service users with long-term keys on machines: a reporting job and an ML pipeline.
  struct Svc { const char* name; const std::vector<Action>* table; size_t net; };
  const Svc svcs[] = {{"svc-reporting", &kReportingActions, 1}, {"ml-pipeline", &kMlActions, 0}};
  for (const Svc& sv : svcs) {
    Person m;
    m.account = data;
    m.name = sv.name;
    m.user_id = NewUniqueId("AIDA", data);
    m.key = NewKey("AKIA", data);
    m.api = IamUserIdentity(accounts[data].id, m.user_id, m.name, m.key);
    m.cli = &kAppClients[1];
    m.ips = {AddressIn(kAwsNetworks[sv.net], &r)};
    m.networks = {kAwsNetworks[sv.net].name};
    m.region = std::string(sv.table == &kMlActions ? "us-east-1" : accounts[data].home_region);
    m.machine = true;
    m.actions = sv.table;
    people.push_back(m);
  }

  scanner.vendor_account = std::to_string(r.Range(100000000000LL, 999999999999LL));
  scanner.vendor_role_id = EncodeUniqueId("AROA", AccountNumber(scanner.vendor_account), &r);
  scanner.vendor_role_name = "cspm-scanner-task";
  scanner.role = AddRole(staging, "SecurityAuditScanner");
  scanner.ip = AddressIn(kAwsNetworks[0], &r);
}

Rotation World::Rotate(uint64_t label, size_t i, int64_t k, size_t account, TimeMs phase,
                       TimeMs period) const {
  Rng r(MixHash(MixHash(opts_.seed, label), (static_cast<uint64_t>(i) << 32) ^ static_cast<uint64_t>(k)));
  Rotation rot;
  rot.key = EncodeAccessKeyId("ASIA", AccountNumber(accounts[account].id), &r);
  rot.issued = opts_.start + phase + k * period;
  rot.event_id = Uuid(&r);
  rot.shared_event_id = Uuid(&r);
  return rot;
}

Rotation World::InstanceSession(size_t i, int64_t k) const {
  return Rotate(1, i, k, instances[i].account, instances[i].phase, kInstancePeriod);
}
Rotation World::FunctionSession(size_t i, int64_t k) const {
  return Rotate(2, i, k, functions[i].account, functions[i].phase, kFunctionPeriod);
}
Rotation World::ServiceSession(size_t i, int64_t k) const {
  return Rotate(3, i, k, service_roles[i].account, service_roles[i].phase, kServicePeriod);
}

int64_t World::SessionIndexAt(TimeMs phase, TimeMs period, TimeMs t) const {
  TimeMs rel = t - opts_.start - phase;
  if (rel < 0) return -1;
  return rel / period;
}

}  // namespace credtrace::sim
