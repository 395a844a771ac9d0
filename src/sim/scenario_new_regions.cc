// The talk's third case: a key pair used for years by one job from one place and region
// suddenly acts in regions it never used and in an account it never touched, where it plants
// a public Lambda backdoor whose execution-role sessions then act for the attacker.
#include "sim/actions.h"
#include "sim/ids.h"
#include "sim/key_codec.h"
#include "sim/scenario.h"

namespace credtrace::sim {

void PlayNewRegions(Stage& s) {
  World& w = s.world();
  Rng& r = s.rng();
  size_t vi = 0;
  for (size_t i = 0; i < w.people.size(); ++i) {
    if (w.people[i].name == "svc-reporting") vi = i;
  }
  const Person& victim = w.people[vi];
  const std::string& A = w.accounts[victim.account].id;
  TimeMs t = s.t0();
  s.gt().AddScenario({s.name(), "A key pair acting in an account and regions it never used", victim.api.arn, t,
                      "long-term key of the service user " + victim.name + " copied from a build server"});
  s.gt().AddSeed({"key", victim.key, s.name()});
  s.Credential(victim.key, victim.key, victim.api.arn, "access-key", "", "", kNoTime, t, "key copied from a build server's environment");
  s.gt().WatchKey(victim.key, victim.key, t, s.name());
  Hand h{&victim.api, victim.key, s.AttackerIp(kAttackerNetworks[3]), s.AttackerClient(kAttackerCliClients[3])};
  auto step = [&](int lo, int hi) { t += r.Range(lo, hi) * 1000; return t; };
  s.Do(h, step(0, 1), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  s.Do(h, step(2, 9), "ec2.amazonaws.com", "DescribeRegions", "us-east-1", Args().Set("all", "true"), "discovery");
  const char* regions[] = {"ap-southeast-1", "ap-northeast-1", "sa-east-1", "ap-south-1", "ca-central-1", "ap-southeast-2"};
  int ok = 0;
  for (size_t i = 0; i < std::size(regions); ++i) {
    std::string rg = regions[i];
    s.Do(h, step(1, 5), "ec2.amazonaws.com", "DescribeInstances", rg, {}, "discovery");
    s.Do(h, step(1, 5), "ec2.amazonaws.com", "DescribeImages", rg, Args().Set("owner", "amazon"), "discovery");
    std::string sg = "sg-0" + Hex(&r, 16);
    std::string itype = i % 2 ? "c5.24xlarge" : "g4dn.12xlarge";
    Args run;
    run.Set("ami", "ami-0" + Hex(&r, 16)).Set("itype", itype).Set("sg", sg).Set("sg_name", "default").Set("key_item", "").Set("profile_req", "");
    if (i == 2 || i == 4) {
      s.Do(h, step(2, 6), "ec2.amazonaws.com", "RunInstances", rg, run, "impact", false, "Client.VcpuLimitExceeded",
           "You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.");
      continue;
    }
    std::string inst = InstanceId(&r);
    std::string pip = "172.31." + std::to_string(r.Range(0, 255)) + "." + std::to_string(r.Range(4, 250));
    std::string dash = pip;
    for (char& ch : dash) if (ch == '.') ch = '-';
    run.Set("instance", inst).Set("resv", Hex(&r, 16)).Set("pip", pip).Set("pip_dash", dash)
        .Set("subnet", "subnet-0" + Hex(&r, 16)).Set("vpc", "vpc-0" + Hex(&r, 16)).Set("profile_resp", "");
    Done ri = s.Do(h, step(2, 6), "ec2.amazonaws.com", "RunInstances", rg, run, "impact");
    s.Resource("arn:aws:ec2:" + rg + ":" + A + ":instance/" + inst, "AWS::EC2::Instance", A, rg, "created", ri.event_id);
    ++ok;
  }
  s.Inject(s.At(4), "GuardDuty (" + A + "): Impact:EC2/BitcoinDomainRequest.Reputation from " + std::to_string(ok) +
                        " instances in regions the company does not use.");

  // Pivot into an account the key never touched: the role trusts the data account.
  size_t target = 1 % w.accounts.size();
  if (target == w.people[vi].account) target = (target + 1) % w.accounts.size();
  const Role* dev = nullptr;
  for (const Role& role : w.roles) {
    if (role.account == target && (role.ref.name == "DeveloperAccess" || role.ref.name == "OrganizationAccountAccessRole")) dev = &role;
  }
  if (!dev) return;
  t = s.At(5);
  std::string skey;
  const Identity* sess = s.AssumeRole(h, step(0, 30), dev->ref, "aws-go-sdk-" + std::to_string(t) + "000", A, victim.user_id,
                                      "lateral-movement", "AssumeRole into an account the key had never used", &skey);
  Hand p{sess, skey, h.ip, h.client};
  std::string rg = "ap-southeast-1";
  s.Do(p, step(2, 8), "iam.amazonaws.com", "ListRoles", "us-east-1", {}, "discovery");
  s.Do(p, step(2, 8), "lambda.amazonaws.com", "ListFunctions20150331", rg, {}, "discovery");
  // A Lambda function with an existing, powerful role, public URL, hourly schedule.
  const Role* exec = nullptr;
  for (const Function& f : w.functions) {
    if (f.account == target) { exec = &w.roles[f.role]; break; }
  }
  if (!exec) return;
  const std::string& T = w.accounts[target].id;
  std::string fn = "ap-metrics-" + Hex(&r, 6);
  Args cf;
  cf.Set("fn", fn).Set("role_arn", exec->ref.Arn()).Set("code_size", std::to_string(r.Range(2000, 9000)))
      .Set("code_sha", RandomChars(&r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 43) + "=");
  Done c = s.Do(p, step(10, 60), "lambda.amazonaws.com", "CreateFunction20150331", rg, cf, "persistence");
  std::string fn_arn = "arn:aws:lambda:" + rg + ":" + T + ":function:" + fn;
  s.Resource(fn_arn, "AWS::Lambda::Function", T, rg, "created", c.event_id);
  Done u = s.Do(p, step(3, 10), "lambda.amazonaws.com", "CreateFunctionUrlConfig20211031", rg,
                         Args().Set("fn", fn).Set("url_id", RandomChars(&r, "abcdefghijklmnopqrstuvwxyz0123456789", 32)), "persistence");
  s.Resource(fn_arn, "AWS::Lambda::Function", T, rg, "modified", u.event_id);
  s.Do(p, step(2, 8), "lambda.amazonaws.com", "AddPermission20150331v2", rg, Args().Set("fn", fn).Set("sid", "FunctionURLAllowPublicAccess"), "persistence");
  std::string rule = "metrics-" + Hex(&r, 4);
  Done pr = s.Do(p, step(2, 8), "events.amazonaws.com", "PutRule", rg, Args().Set("rule", rule), "persistence");
  s.Resource("arn:aws:events:" + rg + ":" + T + ":rule/" + rule, "AWS::Events::Rule", T, rg, "created", pr.event_id);
  s.Do(p, step(2, 8), "events.amazonaws.com", "PutTargets", rg, Args().Set("rule", rule).Set("fn", fn), "persistence");
  // Every run: Lambda assumes the execution role with the function's name as session name.
  Identity lambda = ServiceIdentity("lambda.amazonaws.com");
  for (TimeMs at = c.time + 3600 * 1000; at < s.end(); at += 3600 * 1000 + r.Range(0, 30) * 1000) {
    std::string key = EncodeAccessKeyId("ASIA", AccountNumber(T), &r);
    Call a = MakeServiceCall("sts.amazonaws.com", "AssumeRole", &lambda, at, rg, "lambda.amazonaws.com");
    a.recipient = T;
    SetRoleArgs(&a.args, exec->ref, fn);
    SetIssuedCredential(&a.args, key, at, 12 * 3600);
    a.shared_event_id = Uuid(&r);
    Done d = s.DoCall(a, "persistence", "");
    s.Credential(key, key, "arn:aws:sts::" + T + ":assumed-role/" + exec->ref.name + "/" + fn, "lambda-session", skey, d.event_id, at, at,
                 "execution-role session of the backdoor function " + fn + " created by CreateFunction " + c.event_id);
    const Identity* li = s.Keep(RoleSessionIdentity(exec->ref, fn, key, at, {}));
    Hand lh{li, key, AddressIn(kAwsNetworks[0], &r), &kAppClients[1]};
    s.Do(lh, at + 2000, "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "persistence");
    Args lb;
    lb.Set("bytes_out", std::to_string(r.Range(900, 4000)));
    s.Do(lh, at + 3000, "s3.amazonaws.com", "ListBuckets", rg, lb, "discovery");
  }
}

}  // namespace credtrace::sim
