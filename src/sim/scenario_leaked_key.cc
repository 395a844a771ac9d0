// Leaked IAM user key: validation by a key checker, recon with AccessDenied bursts, backdoor
// user with admin policy and new keys and password, a key on another user, cross-account
// AssumeRole and a failed chain, GPU instances with an admin instance profile in many regions,
// evasion, S3 exfiltration; the owner keeps working with the key.
#include "sim/actions.h"
#include "sim/ids.h"
#include "sim/key_codec.h"
#include "sim/scenario.h"

namespace credtrace::sim {

namespace {
constexpr TimeMs kSec = 1000, kMin = 60 * kSec;
const char* kAdminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess";
}  // namespace

void PlayLeakedKey(Stage& s) {
  World& w = s.world();
  Rng& r = s.rng();
  Person& victim = w.people[0];
  const Account& acct = w.accounts[victim.account];
  const std::string& A = acct.id;
  std::string leaked = victim.key;
  TimeMs t = s.t0();

  s.gt().AddScenario({s.name(), "Leaked IAM user access key", victim.api.arn, t,
                      "long-term key of " + victim.name + " published in a public repository"});
  s.gt().AddSeed({"key", leaked, s.name()});
  s.Credential(leaked, leaked, victim.api.arn, "access-key", "", "", kNoTime, t,
               "long-term access key leaked in a public Git repository");
  s.gt().WatchKey(leaked, leaked, t, s.name());

  // 1. An automated key checker validates the key within minutes of the leak.
  Hand checker{&victim.api, leaked, s.AttackerIp(kAttackerNetworks[7]), s.AttackerClient(kKeyCheckerClients[0])};
  s.Do(checker, t, "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "initial-access");
  s.Inject(t + 9 * kMin, "AWS Health / Trusted Advisor: AWS_RISK_CREDENTIALS_EXPOSED for access key " + leaked +
                             " (user " + victim.name + "), found on a public code repository.");

  // 2. The operator's recon from a VPS, with the bursts of denials such sweeps produce.
  Hand op{&victim.api, leaked, s.AttackerIp(kAttackerNetworks[2]), s.AttackerClient(kAttackerCliClients[1])};
  t = s.At(0.8);
  auto step = [&](int lo, int hi) { t += r.Range(lo, hi) * kSec; return t; };
  std::string region = acct.home_region;
  s.Do(op, step(0, 2), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  s.Do(op, step(3, 9), "iam.amazonaws.com", "GetUser", "us-east-1", Args().Set("user_req", "null"), "discovery");
  s.Do(op, step(2, 6), "iam.amazonaws.com", "ListAttachedUserPolicies", "us-east-1", Args().Set("user", victim.name), "discovery");
  s.Do(op, step(2, 6), "iam.amazonaws.com", "GetAccountAuthorizationDetails", "us-east-1", {}, "discovery", true);
  s.Do(op, step(1, 4), "iam.amazonaws.com", "ListUsers", "us-east-1", {}, "discovery");
  s.Do(op, step(1, 4), "iam.amazonaws.com", "ListRoles", "us-east-1", {}, "discovery");
  s.Do(op, step(1, 4), "organizations.amazonaws.com", "DescribeOrganization", "us-east-1", {}, "discovery", true);
  s.Do(op, step(1, 4), "organizations.amazonaws.com", "ListAccounts", "us-east-1", {}, "discovery", true);
  s.Do(op, step(1, 4), "ses.amazonaws.com", "GetSendQuota", region, {}, "discovery", true);
  s.Do(op, step(1, 4), "ses.amazonaws.com", "ListIdentities", region, {}, "discovery", true);
  s.Do(op, step(1, 4), "guardduty.amazonaws.com", "ListDetectors", region, {}, "discovery");
  s.Do(op, step(1, 4), "secretsmanager.amazonaws.com", "ListSecrets", region, {}, "discovery", true);
  Args lb;
  lb.Set("bytes_out", std::to_string(r.Range(900, 4000)));
  s.Do(op, step(2, 5), "s3.amazonaws.com", "ListBuckets", region, lb, "discovery");
  s.Do(op, step(2, 5), "ec2.amazonaws.com", "DescribeRegions", region, Args().Set("all", "false"), "discovery");
  for (auto rg : kCommercialRegions) {
    s.Do(op, step(0, 2), "ec2.amazonaws.com", "DescribeInstances", std::string(rg), {}, "discovery");
  }
  s.Do(op, step(2, 6), "servicequotas.amazonaws.com", "GetServiceQuota", "us-east-1", {}, "discovery");
  s.Inject(s.At(0.9), "GuardDuty (" + A + "): Discovery:IAMUser/AnomalousBehavior and Recon:IAMUser/MaliciousIPCaller on user " + victim.name + ".");

  // 3. Persistence: backdoor user with admin, keys and console password; a key on another user.
  t = s.At(1.3);
  std::string bd = std::string(kBackdoorUserNames[r.Below(kBackdoorUserNames.size())]);
  std::string bd_id = w.NewUniqueId("AIDA", victim.account);
  std::string bd_arn = "arn:aws:iam::" + A + ":user/" + bd;
  Done cu = s.Do(op, step(0, 3), "iam.amazonaws.com", "CreateUser", "us-east-1",
                          Args().Set("user", bd).Set("user_id", bd_id), "persistence");
  s.Resource(bd_arn, "AWS::IAM::User", A, "global", "created", cu.event_id);
  s.Do(op, step(1, 3), "iam.amazonaws.com", "AttachUserPolicy", "us-east-1",
       Args().Set("user", bd).Set("policy_arn", kAdminPolicy), "privilege-escalation", false,
       "EntityTemporarilyUnmodifiableException", "Entity " + bd + " cannot be modified while it is being created.");
  Done ap = s.Do(op, step(2, 5), "iam.amazonaws.com", "AttachUserPolicy", "us-east-1",
                          Args().Set("user", bd).Set("policy_arn", kAdminPolicy), "privilege-escalation");
  s.Resource(bd_arn, "AWS::IAM::User", A, "global", "modified", ap.event_id);
  std::string bd_key = w.NewKey("AKIA", victim.account);
  Done ck = s.Do(op, step(1, 4), "iam.amazonaws.com", "CreateAccessKey", "us-east-1",
                          Args().Set("user", bd).Set("new_key", bd_key), "persistence");
  s.Credential(bd_key, bd_key, bd_arn, "access-key", leaked, ck.event_id, ck.time, ck.time,
               "CreateAccessKey for the backdoor user " + bd);
  Done lp = s.Do(op, step(1, 4), "iam.amazonaws.com", "CreateLoginProfile", "us-east-1",
                          Args().Set("user", bd), "persistence");
  s.Credential("password:" + bd_arn, "", bd_arn, "console-password", leaked, lp.event_id, lp.time, lp.time,
               "CreateLoginProfile: console password for the backdoor user");
  // A second key on an existing, quiet user.
  const Person& other = w.people[1 % w.people.size()];
  std::string other_key = w.NewKey("AKIA", other.account);
  Done ck2 = s.Do(op, step(20, 90), "iam.amazonaws.com", "CreateAccessKey", "us-east-1",
                           Args().Set("user", other.name).Set("new_key", other_key), "persistence");
  s.Credential(other_key, other_key, other.api.arn, "access-key", leaked, ck2.event_id, ck2.time, ck2.time,
               "CreateAccessKey on the existing user " + other.name);

  // 4. The operator moves to the backdoor key, from another address.
  Identity bd_ident = IamUserIdentity(A, bd_id, bd, bd_key);
  Hand adm{&bd_ident, bd_key, s.AttackerIp(kAttackerNetworks[3]), s.AttackerClient(kAttackerCliClients[2])};
  t = s.At(1.7);
  s.Do(adm, step(0, 5), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  // Cross-account pivot.
  size_t target = victim.account == 1 && w.accounts.size() > 2 ? 2 : (w.accounts.size() > 1 ? (victim.account + 1) % w.accounts.size() : 0);
  const Role* dev_role = nullptr;
  for (const Role& role : w.roles) {
    if (role.account == target && (role.ref.name == "DeveloperAccess" || role.ref.name == "OrganizationAccountAccessRole")) dev_role = &role;
  }
  std::string pivot_key;
  if (dev_role) {
    std::string session = "botocore-session-" + std::to_string(t / 1000);
    const Identity* sess = s.AssumeRole(adm, step(10, 40), dev_role->ref, session, A, bd_id, "lateral-movement",
                                        "AssumeRole into " + dev_role->ref.Arn() + " with the backdoor key", &pivot_key);
    Hand piv{sess, pivot_key, adm.ip, adm.client};
    s.Do(piv, step(2, 6), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
    s.Do(piv, step(2, 6), "iam.amazonaws.com", "ListRoles", "us-east-1", {}, "discovery");
    Args lb2;
    lb2.Set("bytes_out", std::to_string(r.Range(900, 4000)));
    s.Do(piv, step(2, 6), "s3.amazonaws.com", "ListBuckets", w.accounts[target].home_region, lb2, "discovery");
    // Role chaining into the management account fails: its trust policy does not allow it.
    const Role& mgmt = w.roles[0].account == 0 ? w.roles[0] : w.roles[0];
    Call c = MakeCall("sts.amazonaws.com", "AssumeRole", sess, step(5, 20), "us-east-1", piv.ip, piv.client);
    c.sts_regional = false;
    SetRoleArgs(&c.args, mgmt.ref, "botocore-session-" + std::to_string(t / 1000));
    c.denied = true;
    c.denied_resource = mgmt.ref.Arn();
    s.DoCall(c, "lateral-movement", pivot_key);
  }

  // 5. Compute for mining: an admin role for instances, key pairs, open SSH, GPU instances.
  t = s.At(2.1);
  std::string role_name = "ec2-" + std::string(r.Pick(std::vector<std::string>{"ssm", "backup", "monitoring"})) + "-role";
  std::string role_id = w.NewUniqueId("AROA", victim.account);
  RoleRef miner_role{A, role_id, role_name, "/"};
  std::string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
  std::string trust_url;
  for (char ch : trust) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.' || ch == '_') trust_url.push_back(ch);
    else { char buf[4]; std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch)); trust_url += buf; }
  }
  Done cr = s.Do(adm, step(0, 4), "iam.amazonaws.com", "CreateRole", "us-east-1",
                          Args().Set("role", role_name).Set("role_id", role_id).Set("policy", Escaped(trust)).Set("policy_url", trust_url), "persistence");
  s.Resource(miner_role.Arn(), "AWS::IAM::Role", A, "global", "created", cr.event_id);
  Done arp = s.Do(adm, step(1, 4), "iam.amazonaws.com", "AttachRolePolicy", "us-east-1",
                           Args().Set("role", role_name).Set("policy_arn", kAdminPolicy), "privilege-escalation");
  s.Resource(miner_role.Arn(), "AWS::IAM::Role", A, "global", "modified", arp.event_id);
  std::string profile_id = w.NewUniqueId("AIPA", victim.account);
  std::string profile_arn = "arn:aws:iam::" + A + ":instance-profile/" + role_name;
  Done cip = s.Do(adm, step(1, 4), "iam.amazonaws.com", "CreateInstanceProfile", "us-east-1",
                           Args().Set("profile", role_name).Set("profile_id", profile_id), "persistence");
  s.Resource(profile_arn, "AWS::IAM::InstanceProfile", A, "global", "created", cip.event_id);
  s.Do(adm, step(1, 4), "iam.amazonaws.com", "AddRoleToInstanceProfile", "us-east-1",
       Args().Set("profile", role_name).Set("role", role_name), "privilege-escalation");

  std::vector<std::string> regions = {"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-northeast-1", "sa-east-1", "eu-central-1", "ap-south-1"};
  int launched = 0;
  Identity ec2svc = ServiceIdentity("ec2.amazonaws.com");
  for (size_t i = 0; i < regions.size(); ++i) {
    const std::string& rg = regions[i];
    std::string kp = "kp-" + Hex(&r, 6);
    Done k = s.Do(adm, step(5, 20), "ec2.amazonaws.com", "CreateKeyPair", rg,
                           Args().Set("key_name", kp).Set("fingerprint", Hex(&r, 2) + ":" + Hex(&r, 2) + ":" + Hex(&r, 2) + ":" + Hex(&r, 2) + ":" + Hex(&r, 2) + ":" + Hex(&r, 2)).Set("key_pair_id", "key-0" + Hex(&r, 16)), "persistence");
    s.Resource("arn:aws:ec2:" + rg + ":" + A + ":key-pair/" + kp, "AWS::EC2::KeyPair", A, rg, "created", k.event_id);
    std::string sg = "sg-0" + Hex(&r, 16);
    Done csg = s.Do(adm, step(1, 4), "ec2.amazonaws.com", "CreateSecurityGroup", rg,
                             Args().Set("sg_name", "default-ssh").Set("vpc", "vpc-0" + Hex(&r, 16)).Set("sg", sg), "persistence");
    s.Resource("arn:aws:ec2:" + rg + ":" + A + ":security-group/" + sg, "AWS::EC2::SecurityGroup", A, rg, "created", csg.event_id);
    Done ing = s.Do(adm, step(1, 4), "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", rg,
                             Args().Set("sg", sg).Set("port", "22").Set("sgr", "sgr-0" + Hex(&r, 16)), "defense-evasion");
    s.Resource("arn:aws:ec2:" + rg + ":" + A + ":security-group/" + sg, "AWS::EC2::SecurityGroup", A, rg, "modified", ing.event_id);
    std::string itype(kGpuInstanceTypes[r.Below(kGpuInstanceTypes.size())]);
    Args run;
    run.Set("ami", "ami-0" + Hex(&r, 16)).Set("itype", itype).Set("sg", sg).Set("sg_name", "default-ssh")
        .Set("key_item", ",\"keyName\":\"" + kp + "\"")
        .Set("profile_req", ",\"iamInstanceProfile\":{\"arn\":\"" + profile_arn + "\"}");
    if (i % 3 == 2) {
      s.Do(adm, step(2, 8), "ec2.amazonaws.com", "RunInstances", rg, run, "impact", false, "Client.VcpuLimitExceeded",
           "You have requested more vCPU capacity than your current vCPU limit of 0 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.");
      continue;
    }
    if (i % 4 == 3) {
      s.Do(adm, step(2, 8), "ec2.amazonaws.com", "RunInstances", rg, run, "impact", false, "Server.InsufficientInstanceCapacity",
           "We currently do not have sufficient " + itype + " capacity in the Availability Zone you requested. Our system will be working on provisioning additional capacity.");
      continue;
    }
    std::string inst = InstanceId(&r);
    std::string pip = "172.31." + std::to_string(r.Range(0, 255)) + "." + std::to_string(r.Range(4, 250));
    std::string dash = pip;
    for (char& ch : dash) if (ch == '.') ch = '-';
    run.Set("instance", inst).Set("resv", Hex(&r, 16)).Set("pip", pip).Set("pip_dash", dash)
        .Set("subnet", "subnet-0" + Hex(&r, 16)).Set("vpc", "vpc-0" + Hex(&r, 16))
        .Set("profile_resp", ",\"iamInstanceProfile\":{\"arn\":\"" + profile_arn + "\",\"id\":\"" + profile_id + "\"}");
    Done ri = s.Do(adm, step(2, 8), "ec2.amazonaws.com", "RunInstances", rg, run, "impact");
    s.Resource("arn:aws:ec2:" + rg + ":" + A + ":instance/" + inst, "AWS::EC2::Instance", A, rg, "created", ri.event_id);
    ++launched;
    // The instance's role credentials, delivered by EC2 at boot and every hour.
    for (TimeMs at = ri.time + r.Range(30, 90) * kSec, n = 0; at < s.end() && n < 48; at += 3600 * kSec, ++n) {
      std::string key = EncodeAccessKeyId("ASIA", AccountNumber(A), &r);
      Call c = MakeServiceCall("sts.amazonaws.com", "AssumeRole", &ec2svc, at, rg, "ec2.amazonaws.com");
      c.recipient = A;
      SetRoleArgs(&c.args, miner_role, inst);
      SetIssuedCredential(&c.args, key, at, 6 * 3600);
      c.shared_event_id = Uuid(&r);
      Done d = s.DoCall(c, "impact", "");
      s.Credential(key, key, "arn:aws:sts::" + A + ":assumed-role/" + role_name + "/" + inst, "instance-profile-session",
                   bd_key, d.event_id, at, at, "role session of instance " + inst + " launched by RunInstances " + ri.event_id + " with instance profile " + role_name);
    }
  }
  s.Do(adm, step(10, 30), "servicequotas.amazonaws.com", "RequestServiceQuotaIncrease", "us-east-1",
       Args().Set("value", "256").Set("quota_request", Hex(&r, 32)), "impact");
  s.Inject(s.At(5), "Billing: the EC2 spend forecast for account " + acct.name + " (" + A + ") jumped; " + std::to_string(launched) +
                        " new GPU instances are reported by the cost anomaly monitor.");

  // 6. Defence evasion.
  t = s.At(2.6);
  s.Do(adm, step(0, 5), "cloudtrail.amazonaws.com", "DescribeTrails", region, {}, "defense-evasion");
  Call stop = MakeCall("cloudtrail.amazonaws.com", "StopLogging", &bd_ident, step(2, 8), acct.home_region, adm.ip, adm.client);
  stop.args.Set("trail_arn", acct.trail_arn);
  stop.error_code = "AccessDeniedException";
  stop.error_message = "User: " + bd_arn + " is not authorized to perform: cloudtrail:StopLogging on resource: " + acct.trail_arn +
                       " with an explicit deny in a service control policy";
  s.DoCall(stop, "defense-evasion", bd_key);
  for (const std::string& rg : {region, std::string("us-east-1")}) {
    Done dd = s.Do(adm, step(3, 10), "guardduty.amazonaws.com", "DeleteDetector", rg,
                            Args().Set("detector", acct.detector_id), "defense-evasion");
    s.Resource("arn:aws:guardduty:" + rg + ":" + A + ":detector/" + acct.detector_id, "AWS::GuardDuty::Detector", A, rg, "deleted", dd.event_id);
    if (rg == region) break;  // the home region is us-east-1 for some accounts
  }
  Done fl = s.Do(adm, step(3, 10), "ec2.amazonaws.com", "DeleteFlowLogs", region,
                          Args().Set("flow_log", acct.flow_log), "defense-evasion");
  s.Resource("arn:aws:ec2:" + region + ":" + A + ":vpc-flow-log/" + acct.flow_log, "AWS::EC2::FlowLog", A, region, "deleted", fl.event_id);

  // 7. Exfiltration of the data-exports bucket with a bulk download tool.
  const Bucket& b = w.buckets[victim.account * 3 + 1];
  Hand ex{&bd_ident, bd_key, s.AttackerIp(kAttackerNetworks[0]), s.AttackerClient(kExfilClients[0])};
  t = s.At(3.1);
  Args lbx;
  lbx.Set("bytes_out", std::to_string(r.Range(900, 4000)));
  s.Do(ex, step(0, 3), "s3.amazonaws.com", "ListBuckets", b.region, lbx, "collection");
  s.Do(ex, step(1, 3), "s3.amazonaws.com", "GetBucketLocation", b.region, Args().Set("bucket", b.name), "collection");
  for (const auto& prefix : b.prefixes) {
    s.Do(ex, step(1, 3), "s3.amazonaws.com", "ListObjects", b.region,
         Args().Set("bucket", b.name).Set("prefix", prefix).Set("bytes_out", std::to_string(r.Range(4000, 90000))), "collection");
  }
  int n = static_cast<int>(r.Range(30, 60));
  for (int i = 0; i < n; ++i) {
    std::string key = ObjectKey(b, &r);
    Done g = s.Do(ex, step(0, 4), "s3.amazonaws.com", "GetObject", b.region,
                           Args().Set("bucket", b.name).Set("key", key).Set("bytes_out", std::to_string(r.Range(50000, 80000000))), "exfiltration");
    s.Resource("arn:aws:s3:::" + b.name + "/" + key, "AWS::S3::Object", A, b.region, "read", g.event_id);
  }
  // 8. The operator comes back the next day to check on the miners.
  t = s.At(20);
  Hand back{&bd_ident, bd_key, s.AttackerIp(kAttackerNetworks[3]), adm.client};
  s.Do(back, step(0, 5), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  for (const auto& rg : regions) {
    s.Do(back, step(1, 4), "ec2.amazonaws.com", "DescribeInstances", rg, {}, "discovery");
  }
}

}  // namespace credtrace::sim
