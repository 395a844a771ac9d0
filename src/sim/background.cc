#include "sim/background.h"

#include <algorithm>

#include "sim/actions.h"
#include "sim/ids.h"
#include "sim/key_codec.h"

namespace credtrace::sim {

namespace {
constexpr TimeMs kSec = 1000, kMin = 60 * kSec, kHour = 60 * kMin;

std::string RoleExpiryDate(TimeMs t, int64_t s) { return StsDate(t + s * 1000); }
}  // namespace

Background::Background(World* world, GroundTruth* gt, uint64_t seed)
    : w_(world), gt_(gt), rng_(MixHash(seed, 0xBAC4)), em_(MixHash(seed, 0xBAC5), nullptr, gt, true),
      tagging_(world, gt, seed) {}

double Background::ScheduledPerDay() const {
  return 24.0 * static_cast<double>(w_->instances.size() + w_->service_roles.size()) +
         12.0 * static_cast<double>(w_->functions.size());
}

bool Background::Working(int tz_offset_h, TimeMs t) const {
  int64_t local = t / 1000 + tz_offset_h * 3600;
  int64_t day = local / 86400;
  int hour = static_cast<int>((local % 86400) / 3600);
  int weekday = static_cast<int>((day + 4) % 7);  // 0 = Sunday
  return weekday != 0 && weekday != 6 && hour >= 8 && hour < 19;
}

void Background::Rotations(TimeMs t0, TimeMs t1) {
  // Instance profiles: AssumeRole by ec2.amazonaws.com, session named after the instance.
  static const Identity kEc2 = ServiceIdentity("ec2.amazonaws.com");
  static const Identity kLambda = ServiceIdentity("lambda.amazonaws.com");
  for (size_t i = 0; i < w_->instances.size(); ++i) {
    const Instance& in = w_->instances[i];
    int64_t k0 = std::max<int64_t>(0, w_->SessionIndexAt(in.phase, World::kInstancePeriod, t0 - 1) + 1);
    for (int64_t k = k0;; ++k) {
      Rotation rot = w_->InstanceSession(i, k);
      if (rot.issued >= t1 || rot.issued >= in.terminated) break;
      if (rot.issued < t0) continue;
      Call c = MakeServiceCall("sts.amazonaws.com", "AssumeRole", &kEc2, rot.issued, in.region, "ec2.amazonaws.com");
      c.recipient = w_->accounts[in.account].id;
      SetRoleArgs(&c.args, w_->roles[in.role].ref, in.id);
      SetIssuedCredential(&c.args, rot.key, rot.issued, 6 * 3600);
      c.event_id = rot.event_id;
      c.shared_event_id = rot.shared_event_id;
      em_.Emit(c);
    }
  }
  for (size_t i = 0; i < w_->functions.size(); ++i) {
    const Function& f = w_->functions[i];
    int64_t k0 = std::max<int64_t>(0, w_->SessionIndexAt(f.phase, World::kFunctionPeriod, t0 - 1) + 1);
    for (int64_t k = k0;; ++k) {
      Rotation rot = w_->FunctionSession(i, k);
      if (rot.issued >= t1) break;
      if (rot.issued < t0) continue;
      Call c = MakeServiceCall("sts.amazonaws.com", "AssumeRole", &kLambda, rot.issued, f.region, "lambda.amazonaws.com");
      c.recipient = w_->accounts[f.account].id;
      SetRoleArgs(&c.args, w_->roles[f.role].ref, f.name);
      SetIssuedCredential(&c.args, rot.key, rot.issued, 12 * 3600);
      c.event_id = rot.event_id;
      c.shared_event_id = rot.shared_event_id;
      em_.Emit(c);
    }
  }
  for (size_t i = 0; i < w_->service_roles.size(); ++i) {
    const ServiceRole& s = w_->service_roles[i];
    Identity svc = ServiceIdentity(s.service);
    int64_t k0 = std::max<int64_t>(0, w_->SessionIndexAt(s.phase, World::kServicePeriod, t0 - 1) + 1);
    for (int64_t k = k0;; ++k) {
      Rotation rot = w_->ServiceSession(i, k);
      if (rot.issued >= t1) break;
      if (rot.issued < t0) continue;
      Call c = MakeServiceCall("sts.amazonaws.com", "AssumeRole", &svc, rot.issued,
                               w_->accounts[s.account].home_region, s.service);
      c.recipient = w_->accounts[s.account].id;
      SetRoleArgs(&c.args, w_->roles[s.role].ref, s.session);
      SetIssuedCredential(&c.args, rot.key, rot.issued, 3600);
      c.event_id = rot.event_id;
      c.shared_event_id = rot.shared_event_id;
      em_.Emit(c);
    }
  }
}

void Background::Act(const std::vector<Action>& table, const Identity& who, TimeMs t,
                     const std::string& region, const std::string& ip, const Client* client,
                     ActorCtx& ctx, bool console, double deny_rate) {
  const Action& a = PickAction(table, &rng_);
  ctx.time = t;
  std::string rg = region;
  if (a.any_region && rng_.Chance(0.25)) rg = std::string(kCommercialRegions[rng_.Below(kCommercialRegions.size())]);
  ctx.region = rg;
  Call c = MakeCall(a.source, a.name, &who, t, rg, ip, client);
  if (a.fill) a.fill(ctx, &rng_, &c.args);
  c.console = console;
  if (deny_rate > 0 && rng_.Chance(deny_rate)) c.denied = true;
  em_.Emit(c);
}

const Identity& Background::InstanceIdentity(size_t i, int64_t k) {
  auto it = inst_cache_.find(i);
  if (it != inst_cache_.end() && it->second.first == k) return it->second.second;
  const Instance& in = w_->instances[i];
  Rotation rot = w_->InstanceSession(i, k);
  SessionExtras x;
  x.ec2_role_delivery = in.imds_v1 ? "1.0" : "2.0";
  auto& slot = inst_cache_[i];
  slot = {k, RoleSessionIdentity(w_->roles[in.role].ref, in.id, rot.key, rot.issued, x)};
  return slot.second;
}

int Background::InstanceActivity(TimeMs t) {
  // The Capital One target instance is one of them and keeps working normally.
  size_t i = rng_.Below(w_->instances.size());
  const Instance& in = w_->instances[i];
  if (t >= in.terminated) return 0;
  int64_t k = w_->SessionIndexAt(in.phase, World::kInstancePeriod, t);
  if (k < 0) return 0;
  TimeMs issued = w_->options().start + in.phase + k * World::kInstancePeriod;
  if (t <= issued) t = issued + 1000;
  ActorCtx ctx;
  ctx.world = w_;
  ctx.account = in.account;
  ctx.bucket = in.bucket;
  ctx.instance = in.id;
  ctx.private_ip = in.private_ip;
  const Identity& id = InstanceIdentity(i, k);
  const Action& a = PickAction(kInstanceActions, &rng_);
  ctx.time = t;
  ctx.region = in.region;
  bool agent = std::string_view(a.name) == "UpdateInstanceInformation";
  Call c = MakeCall(a.source, a.name, &id, t, in.region, in.nat_ip, agent ? &kSsmAgentClient : in.client);
  if (a.fill) a.fill(ctx, &rng_, &c.args);
  em_.Emit(c);
  return 1;
}

int Background::FunctionActivity(TimeMs t) {
  if (w_->functions.empty()) return 0;
  size_t i = rng_.Below(w_->functions.size());
  const Function& f = w_->functions[i];
  int64_t k = w_->SessionIndexAt(f.phase, World::kFunctionPeriod, t);
  if (k < 0) return 0;
  Rotation rot = w_->FunctionSession(i, k);
  if (t <= rot.issued) t = rot.issued + 1000;
  Identity id = RoleSessionIdentity(w_->roles[f.role].ref, f.name, rot.key, rot.issued, {});
  ActorCtx ctx;
  ctx.world = w_;
  ctx.account = f.account;
  ctx.bucket = f.bucket;
  ctx.function = f.name;
  std::string ip = AddressIn(kAwsNetworks[rng_.Below(kAwsNetworks.size())], &rng_);
  Act(kFunctionActions, id, t, f.region, ip, &kAppClients[1], ctx, false, 0.0);
  return 1;
}

int Background::ServiceRoleActivity(TimeMs t) {
  size_t i = rng_.Below(w_->service_roles.size());
  const ServiceRole& s = w_->service_roles[i];
  int64_t k = w_->SessionIndexAt(s.phase, World::kServicePeriod, t);
  if (k < 0) return 0;
  Rotation rot = w_->ServiceSession(i, k);
  if (t <= rot.issued) t = rot.issued + 1000;
  SessionExtras x;
  x.invoked_by = s.service;
  Identity id = RoleSessionIdentity(w_->roles[s.role].ref, s.session, rot.key, rot.issued, x);
  ActorCtx ctx;
  ctx.world = w_;
  ctx.account = s.account;
  ctx.bucket = s.account * 3 + rng_.Below(3);
  const auto& table = s.service == "config.amazonaws.com" ? kConfigActions : kResourceExplorerActions;
  const Action& a = PickAction(table, &rng_);
  // Config and Resource Explorer cover every region; most resources are in the home regions.
  const auto& home = w_->accounts[s.account].regions;
  std::string rg = a.any_region && rng_.Chance(0.3) ? std::string(kCommercialRegions[rng_.Below(kCommercialRegions.size())])
                                                    : home[rng_.Below(home.size())];
  ctx.time = t;
  ctx.region = rg;
  Call c = MakeServiceCall(a.source, a.name, &id, t, rg, s.service);
  if (a.fill) a.fill(ctx, &rng_, &c.args);
  em_.Emit(c);
  return 1;
}

const Background::Session* Background::DeveloperRoleSession(size_t p, size_t role, TimeMs t) {
  auto& s = dev_sessions_[{p, role}];
  if (!s.id.key.empty() && t >= s.issued && t < s.expires) return &s;
  const Person& person = w_->people[p];
  const Role& r = w_->roles[role];
  TimeMs at = t - rng_.Range(2, 20) * kSec;
  std::string session = "botocore-session-" + std::to_string(at / 1000);
  std::string key = EncodeAccessKeyId("ASIA", AccountNumber(r.ref.account), &rng_);
  std::string shared = Uuid(&rng_);
  // The caller's copy.
  Call c = MakeCall("sts.amazonaws.com", "AssumeRole", &person.api, at, person.region,
                    person.ips[rng_.Below(person.ips.size())], person.cli);
  SetRoleArgs(&c.args, r.ref, session);
  SetIssuedCredential(&c.args, key, at, 3600);
  c.shared_event_id = shared;
  em_.Emit(c);
  // The role account's copy: the caller is another account.
  Identity other = AwsAccountIdentity(person.user_id, w_->accounts[person.account].id);
  Call d = c;
  d.who = &other;
  d.recipient = r.ref.account;
  d.event_id.clear();
  em_.Emit(d);
  s.id = RoleSessionIdentity(r.ref, session, key, at, {});
  s.issued = at;
  s.expires = at + kHour;
  return &s;
}

const Background::Session* Background::ConsoleSession(size_t p, TimeMs t) {
  auto& s = console_sessions_[p];
  if (!s.id.key.empty() && t >= s.issued && t < s.expires) return &s;
  const Person& person = w_->people[p];
  TimeMs at = t - rng_.Range(30, 300) * kSec;
  Identity login = IamUserIdentity(w_->accounts[person.account].id, person.user_id, person.name, "");
  Call c = MakeCall("signin.amazonaws.com", "ConsoleLogin", &login, at, "us-east-1", person.ips[0], person.browser);
  c.args.Set("result", "Success").Set("mfa", person.mfa ? "Yes" : "No").Set("state", RandomChars(&rng_, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16));
  if (person.mfa) c.args.Set("mfa_id", ",\"MFAIdentifier\":\"arn:aws:iam::" + w_->accounts[person.account].id + ":mfa/" + person.name + "\"");
  em_.Emit(c);
  std::string key = EncodeAccessKeyId("ASIA", AccountNumber(w_->accounts[person.account].id), &rng_);
  s.id = IamUserConsoleIdentity(w_->accounts[person.account].id, person.user_id, person.name, key, at, person.mfa);
  s.issued = at;
  s.expires = at + 12 * kHour;
  return &s;
}

int Background::DeveloperActivity(TimeMs t) {
  size_t n = w_->people.size();
  size_t p = rng_.Below(n);
  if (w_->people[p].name == "partner-portal-broker") return 0;
  const Person& person = w_->people[p];
  if (t >= person.disabled_at) return 0;
  ActorCtx ctx;
  ctx.world = w_;
  ctx.user = person.name;
  if (person.machine) {
    ctx.account = person.account;
    ctx.bucket = person.account * 3 + 1;
    Act(*person.actions, person.api, t, person.region, person.ips[0], person.cli, ctx, false, 0.0);
    return 1;
  }
  if (!Working(person.tz_offset_h, t) && !rng_.Chance(0.04)) return 0;
  const std::string& ip = person.ips[rng_.Below(person.ips.size())];
  double roll = rng_.Unit();
  if (person.console && roll < 0.35) {
    const Session* s = ConsoleSession(p, t);
    ctx.account = person.account;
    ctx.bucket = person.account * 3 + rng_.Below(3);
    Act(kConsoleActions, s->id, std::max(t, s->issued + kSec), person.region, person.ips[0], person.browser, ctx, true, 0.01);
    return 1;
  }
  if (!person.roles.empty() && roll < 0.65) {
    size_t role = person.roles[rng_.Below(person.roles.size())];
    const Session* s = DeveloperRoleSession(p, role, t);
    ctx.account = w_->roles[role].account;
    ctx.bucket = ctx.account * 3 + rng_.Below(3);
    Act(kDeveloperActions, s->id, std::max(t, s->issued + kSec), w_->accounts[ctx.account].home_region, ip, person.cli, ctx, false, 0.02);
    return 1;
  }
  ctx.account = person.account;
  ctx.bucket = person.account * 3 + rng_.Below(3);
  Act(kDeveloperActions, person.api, t, person.region, ip, person.cli, ctx, false, 0.02);
  return 1;
}

int Background::IdcActivity(TimeMs t) {
  if (w_->idc_users.empty()) return 0;
  size_t u = rng_.Below(w_->idc_users.size());
  const IdcUser& user = w_->idc_users[u];
  if (!Working(user.tz_offset_h, t)) return 0;
  auto& s = idc_sessions_[u];
  int emitted = 0;
  const Role& role = w_->roles[user.role];
  if (s.id.key.empty() || t >= s.expires || t < s.issued) {
    TimeMs at = t - rng_.Range(5, 60) * kSec;
    std::string ps = role.ref.name.substr(15, role.ref.name.rfind('_') - 15);
    Identity idc = IdentityCenterUserIdentity(w_->mgmt_account_id, user.guid, w_->identity_store_arn, Uuid(&rng_));
    Call g = MakeServiceCall("sso.amazonaws.com", "GetRoleCredentials", &idc, at, w_->idc_region, "");
    g.client = user.cli;
    g.ip = user.ips[0];
    g.service_event_details = "{\"role_name\":\"" + ps + "\",\"account_id\":\"" + role.ref.account + "\"}";
    em_.Emit(g);
    std::string key = EncodeAccessKeyId("ASIA", AccountNumber(role.ref.account), &rng_);
    std::string qualifier = RandomChars(&rng_, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 27) + "=";
    Identity saml = SamlUserIdentity(qualifier + ":" + user.email, user.email, w_->accounts[role.account].saml_provider_arn);
    Call c = MakeCall("sts.amazonaws.com", "AssumeRoleWithSAML", &saml, at + kSec, "us-east-1", user.ips[0], user.cli);
    c.recipient = role.ref.account;
    c.sts_regional = false;
    SetRoleArgs(&c.args, role.ref, user.email);
    SetIssuedCredential(&c.args, key, at + kSec, 3600);
    c.args.Set("assertion", Uuid(&rng_))
        .Set("provider_arn", w_->accounts[role.account].saml_provider_arn)
        .Set("issuer", "https://portal.sso." + w_->idc_region + ".amazonaws.com/saml/assertion/" + RandomChars(&rng_, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24))
        .Set("name_qualifier", qualifier)
        .Set("subject", user.email);
    em_.Emit(c);
    s.id = RoleSessionIdentity(role.ref, user.email, key, at + kSec, {});
    s.issued = at + kSec;
    s.expires = s.issued + kHour;
    emitted += 2;
  }
  ActorCtx ctx;
  ctx.world = w_;
  ctx.account = role.account;
  ctx.bucket = role.account * 3 + rng_.Below(3);
  bool console = rng_.Chance(0.5);
  Act(console ? kConsoleActions : kDeveloperActions, s.id, std::max(t, s.issued + kSec), user.region,
      user.ips[rng_.Below(user.ips.size())], console ? user.browser : user.cli, ctx, console, 0.01);
  return emitted + 1;
}

int Background::CiDeploy(TimeMs t) {
  if (w_->pipelines.empty()) return 0;
  const Pipeline& p = w_->pipelines[rng_.Below(w_->pipelines.size())];
  const Role& role = w_->roles[p.role];
  std::string ip = AddressIn(kCiNetworks[rng_.Below(kCiNetworks.size())], &rng_);
  const Client* cli = &kCiClients[0];
  std::string provider = "arn:aws:iam::" + role.ref.account + ":oidc-provider/token.actions.githubusercontent.com";
  std::string subject = "repo:" + p.repo + ":ref:refs/heads/main";
  Identity web = WebIdentityUserIdentity(provider + ":sts.amazonaws.com:" + subject, subject, provider);
  std::string session = "GitHubActions";
  std::string key = EncodeAccessKeyId("ASIA", AccountNumber(role.ref.account), &rng_);
  Call c = MakeCall("sts.amazonaws.com", "AssumeRoleWithWebIdentity", &web, t, p.region, ip, cli);
  c.recipient = role.ref.account;
  SetRoleArgs(&c.args, role.ref, session);
  SetIssuedCredential(&c.args, key, t, 3600);
  c.args.Set("subject", subject);
  em_.Emit(c);
  SessionExtras x;
  x.web_id_provider = "token.actions.githubusercontent.com";
  Identity id = RoleSessionIdentity(role.ref, session, key, t, x);
  ActorCtx ctx;
  ctx.world = w_;
  ctx.account = p.account;
  ctx.bucket = p.bucket;
  TimeMs at = t;
  auto step = [&](const char* src, const char* name) -> Call {
    at += rng_.Range(2, 25) * kSec;
    Call s = MakeCall(src, name, &id, at, p.region, ip, cli);
    return s;
  };
  int n = 1;
  {
    Call s = step("sts.amazonaws.com", "GetCallerIdentity");
    em_.Emit(s);
    ++n;
  }
  std::string artifact = "builds/" + Hex(&rng_, 40) + ".zip";
  {
    Call s = step("s3.amazonaws.com", "PutObject");
    s.args.Set("bucket", w_->buckets[p.bucket].name).Set("key", artifact).Set("bytes_in", std::to_string(rng_.Range(400000, 30000000)));
    em_.Emit(s);
    ++n;
  }
  {
    Call s = step("ecr.amazonaws.com", "GetAuthorizationToken");
    em_.Emit(s);
    ++n;
  }
  std::string cs = "deploy-" + Hex(&rng_, 8);
  Call s1 = step("cloudformation.amazonaws.com", "CreateChangeSet");
  s1.args.Set("stack", p.stack).Set("bucket", w_->buckets[p.bucket].name).Set("key", "templates/" + p.stack + ".yaml")
      .Set("change_set", cs).Set("stack_uuid", Uuid(&rng_));
  em_.Emit(s1);
  Call s2 = step("cloudformation.amazonaws.com", "DescribeStacks");
  s2.args.Set("stack", p.stack);
  em_.Emit(s2);
  Call s3 = step("cloudformation.amazonaws.com", "ExecuteChangeSet");
  s3.args.Set("stack", p.stack).Set("change_set", cs);
  em_.Emit(s3);
  Call s4 = step("lambda.amazonaws.com", "UpdateFunctionCode20150331v2");
  s4.args.Set("fn", p.function).Set("bucket", w_->buckets[p.bucket].name).Set("key", artifact)
      .Set("role_arn", "arn:aws:iam::" + role.ref.account + ":role/service-role/" + p.function + "-lambda-role")
      .Set("code_size", std::to_string(rng_.Range(100000, 9000000))).Set("code_sha", RandomChars(&rng_, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 43) + "=");
  em_.Emit(s4);
  return n + 4;
}

int Background::ScannerSweep(TimeMs t) {
  const Scanner& sc = w_->scanner;
  const Role& role = w_->roles[sc.role];
  std::string session = "cspm-" + Hex(&rng_, 12);
  std::string key = EncodeAccessKeyId("ASIA", AccountNumber(role.ref.account), &rng_);
  Identity vendor = AwsAccountIdentity(sc.vendor_role_id + ":" + sc.vendor_role_name, sc.vendor_account);
  Call c = MakeCall("sts.amazonaws.com", "AssumeRole", &vendor, t, "us-east-1", sc.ip, &kScannerClients[0]);
  c.recipient = role.ref.account;
  c.sts_regional = false;
  SetRoleArgs(&c.args, role.ref, session);
  SetIssuedCredential(&c.args, key, t, 3600);
  c.args.Set("extra_req", ",\"externalId\":\"" + Hex(&rng_, 24) + "\",\"durationSeconds\":3600");
  c.shared_event_id = Uuid(&rng_);
  em_.Emit(c);
  Identity id = RoleSessionIdentity(role.ref, session, key, t, {});
  ActorCtx ctx;
  ctx.world = w_;
  ctx.account = role.account;
  int n = static_cast<int>(rng_.Range(12, 30));
  TimeMs at = t;
  for (int i = 0; i < n; ++i) {
    at += rng_.Range(0, 3) * kSec + 200;
    ctx.bucket = role.account * 3 + rng_.Below(3);
    Act(kScannerActions, id, at, w_->accounts[role.account].home_region, sc.ip, &kScannerClients[0], ctx, false, 0.12);
  }
  return n + 1;
}

int Background::PartnerUpload(TimeMs t) {
  if (w_->partners.empty()) return 0;
  size_t pi = rng_.Below(w_->partners.size());
  const Partner& pt = w_->partners[pi];
  const Person& broker = w_->people[pt.broker];
  if (t >= broker.disabled_at) return 0;
  auto& s = partner_sessions_[pi];
  int n = 0;
  if (s.id.key.empty() || t >= s.expires) {
    std::string name = "partner-" + std::to_string(rng_.Range(1000, 1099));
    std::string key = EncodeAccessKeyId("ASIA", AccountNumber(broker.api.account), &rng_);
    Call c = MakeCall("sts.amazonaws.com", "GetFederationToken", &broker.api, t, broker.region, pt.server_ip, broker.cli);
    c.args.Set("fed_name", name)
        .Set("policy", Escaped("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::" + w_->buckets[pt.bucket].name + "/incoming/*\"}]}"))
        .Set("pps", "9");
    SetIssuedCredential(&c.args, key, t, 3600);
    em_.Emit(c);
    s.id = FederatedUserIdentity(broker.api.account, name, key, broker.user_id, broker.name, t);
    s.issued = t;
    s.expires = t + kHour;
    ++n;
  }
  const Bucket& b = w_->buckets[pt.bucket];
  int uploads = static_cast<int>(rng_.Range(1, 4));
  for (int i = 0; i < uploads; ++i) {
    TimeMs at = std::max(t, s.issued) + rng_.Range(5, 600) * kSec;
    if (at >= s.expires) break;
    Call c = MakeCall("s3.amazonaws.com", "PutObject", &s.id, at, b.region, pt.partner_ips[rng_.Below(pt.partner_ips.size())], &kAppClients[0]);
    c.args.Set("bucket", b.name).Set("key", "incoming/" + Hex(&rng_, 16) + ".csv").Set("bytes_in", std::to_string(rng_.Range(1000, 800000)));
    em_.Emit(c);
    ++n;
  }
  return n;
}

int Background::RootSignIn(TimeMs t) {
  const Account& a = w_->accounts[0];
  Identity login = RootIdentity(a.id, "", false, t, true);
  const Person& owner = w_->people[0];
  Call c = MakeCall("signin.amazonaws.com", "ConsoleLogin", &login, t, "us-east-1", owner.ips[1], owner.browser);
  c.args.Set("result", "Success").Set("mfa", "Yes").Set("state", RandomChars(&rng_, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16))
      .Set("mfa_id", ",\"MFAIdentifier\":\"arn:aws:iam::" + a.id + ":mfa/root-account-mfa-device\"");
  em_.Emit(c);
  std::string key = EncodeAccessKeyId("ASIA", AccountNumber(a.id), &rng_);
  Identity root = RootIdentity(a.id, key, true, t, true);
  ActorCtx ctx;
  ctx.world = w_;
  for (int i = 0; i < 2; ++i) {
    Call g = MakeCall("ce.amazonaws.com", "GetCostAndUsage", &root, t + (i + 1) * 40 * kSec, "us-east-1", owner.ips[1], owner.browser);
    ctx.time = g.time;
    std::string d = IsoSeconds(g.time);
    g.args.Set("period_start", d.substr(0, 8) + "01").Set("period_end", d.substr(0, 10));
    g.console = true;
    em_.Emit(g);
  }
  return 3;
}

int Background::TrailBucketCheck(TimeMs t) {
  static const Identity kTrail = ServiceIdentity("cloudtrail.amazonaws.com");
  Call c = MakeServiceCall("s3.amazonaws.com", "GetBucketAcl", &kTrail, t, w_->idc_region, "cloudtrail.amazonaws.com");
  c.recipient = w_->mgmt_account_id;
  c.args.Set("bucket", w_->trail_bucket).Set("bytes_out", "480");
  c.shared_event_id = Uuid(&rng_);
  em_.Emit(c);
  return 1;
}

void Background::Slice(TimeMs t0, TimeMs t1, int64_t activity, std::vector<Record>* out) {
  out_ = out;
  em_.set_out(out);
  Rotations(t0, t1);
  tagging_.Slice(t0, t1, out);
  // Weights of the activity kinds (per record).
  struct Kind {
    int (Background::*fn)(TimeMs);
    int weight;
  };
  static const Kind kKinds[] = {
      {&Background::InstanceActivity, 40}, {&Background::FunctionActivity, 12},
      {&Background::ServiceRoleActivity, 14}, {&Background::DeveloperActivity, 14},
      {&Background::IdcActivity, 9}, {&Background::CiDeploy, 4},
      {&Background::ScannerSweep, 4}, {&Background::PartnerUpload, 2},
      {&Background::TrailBucketCheck, 1},
  };
  int total = 0;
  for (const Kind& k : kKinds) total += k.weight;
  int64_t made = 0;
  int64_t guard = activity * 4 + 16;
  while (made < activity && guard-- > 0) {
    TimeMs t = t0 + static_cast<TimeMs>(rng_.Below(static_cast<uint64_t>(t1 - t0)));
    int x = static_cast<int>(rng_.Below(static_cast<uint64_t>(total)));
    for (const Kind& k : kKinds) {
      if (x < k.weight) {
        made += (this->*k.fn)(t);
        break;
      }
      x -= k.weight;
    }
  }
  // Roughly one root console visit every two days.
  if (rng_.Chance(static_cast<double>(t1 - t0) / (48.0 * kHour)) || t0 == w_->options().start + 34 * kHour) {
    RootSignIn(t0 + static_cast<TimeMs>(rng_.Below(static_cast<uint64_t>(t1 - t0))));
  }
  (void)RoleExpiryDate;
}

}  // namespace credtrace::sim
