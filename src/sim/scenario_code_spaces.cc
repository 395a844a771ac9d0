// Code Spaces pattern: password guessing then console sign-in without MFA, a backdoor console
// user, and when the team starts to react, deletion of instances, snapshots, images, volumes,
// databases, buckets and backups.
#include "sim/actions.h"
#include "sim/ids.h"
#include "sim/key_codec.h"
#include "sim/scenario.h"

namespace credtrace::sim {

void PlayCodeSpaces(Stage& s) {
  World& w = s.world();
  Rng& r = s.rng();
  size_t vi = 0;
  for (size_t i = 1; i < w.people.size(); ++i) {
    if (w.people[i].console && !w.people[i].machine && w.people[i].name != "partner-portal-broker") { vi = i; break; }
  }
  Person& victim = w.people[vi];
  victim.console = true;
  victim.mfa = false;  // the account the attacker takes over has no MFA
  const std::string& A = w.accounts[victim.account].id;
  const std::string region = w.accounts[victim.account].home_region;
  std::string arn = victim.api.arn;
  TimeMs t = s.t0();
  s.gt().AddScenario({s.name(), "Console takeover and deletion", arn, t, "console password of " + victim.name + " guessed (no MFA)"});
  s.gt().AddSeed({"principal", arn, s.name()});
  std::string pw = "password:" + arn;
  s.Credential(pw, "", arn, "console-password", "", "", kNoTime, t - 25 * 60000, "console password guessed; no MFA on the user");
  s.gt().WatchConsole(arn, pw, t, s.name());

  std::string ip = s.AttackerIp(kAttackerNetworks[8]);
  const Client* browser = s.AttackerClient(kBrowserClients[1]);
  Identity login = IamUserIdentity(A, victim.user_id, victim.name, "");
  auto console_login = [&](const Identity& who, TimeMs at, bool ok, const std::string& cred) -> Done {
    Call c = MakeCall("signin.amazonaws.com", "ConsoleLogin", &who, at, "us-east-1", ip, browser);
    c.args.Set("result", ok ? "Success" : "Failure").Set("mfa", "No").Set("state", RandomChars(&r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16));
    if (!ok) c.error_message = "Failed authentication";
    return s.DoCall(c, "initial-access", cred);
  };
  for (int i = 0; i < 4; ++i) console_login(login, t - (25 - 6 * i) * 60000, false, pw);
  Done ok = console_login(login, t, true, pw);
  std::string ckey = EncodeAccessKeyId("ASIA", AccountNumber(A), &r);
  std::string cid = "console:" + arn + "#" + ok.event_id.substr(0, 8);
  s.Credential(cid, ckey, arn, "console-session", pw, ok.event_id, t, t, "console session opened by ConsoleLogin without MFA");
  const Identity* sess = s.Keep(IamUserConsoleIdentity(A, victim.user_id, victim.name, ckey, t, false));
  Hand h{sess, cid, ip, browser, true};
  auto step = [&](int lo, int hi) { t += r.Range(lo, hi) * 1000; return t; };
  const char* recon[][2] = {{"ec2.amazonaws.com", "DescribeInstances"}, {"ec2.amazonaws.com", "DescribeSnapshots"},
                            {"ec2.amazonaws.com", "DescribeVolumes"}, {"rds.amazonaws.com", "DescribeDBInstances"},
                            {"rds.amazonaws.com", "DescribeDBSnapshots"}, {"backup.amazonaws.com", "ListBackupVaults"},
                            {"iam.amazonaws.com", "ListUsers"}, {"ec2.amazonaws.com", "DescribeImages"}};
  for (auto& rc : recon) {
    Args a;
    a.Set("owner", "self");
    s.Do(h, step(8, 60), rc[0], rc[1], region, a, "discovery");
  }
  Args lb;
  lb.Set("bytes_out", "2811");
  s.Do(h, step(8, 40), "s3.amazonaws.com", "ListBuckets", region, lb, "discovery");
  // A backdoor console user.
  std::string bd = "backup-admin";
  std::string bd_arn = "arn:aws:iam::" + A + ":user/" + bd;
  std::string bd_id = w.NewUniqueId("AIDA", victim.account);
  Done cu = s.Do(h, step(30, 120), "iam.amazonaws.com", "CreateUser", "us-east-1", Args().Set("user", bd).Set("user_id", bd_id), "persistence");
  s.Resource(bd_arn, "AWS::IAM::User", A, "global", "created", cu.event_id);
  Done lp = s.Do(h, step(10, 40), "iam.amazonaws.com", "CreateLoginProfile", "us-east-1", Args().Set("user", bd), "persistence");
  std::string bd_pw = "password:" + bd_arn;
  s.Credential(bd_pw, "", bd_arn, "console-password", cid, lp.event_id, lp.time, lp.time, "CreateLoginProfile for the backdoor user");
  Done ap = s.Do(h, step(10, 40), "iam.amazonaws.com", "AttachUserPolicy", "us-east-1",
                          Args().Set("user", bd).Set("policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess"), "privilege-escalation");
  s.Resource(bd_arn, "AWS::IAM::User", A, "global", "modified", ap.event_id);
  s.Inject(s.At(6), "An anonymous message to support@ demands a ransom and proves access to the AWS account " + A + ".");

  // Hours later, through the backdoor user, deletion of everything.
  t = s.At(11);
  Identity bd_login = IamUserIdentity(A, bd_id, bd, "");
  Done ok2 = console_login(bd_login, t, true, bd_pw);
  std::string ckey2 = EncodeAccessKeyId("ASIA", AccountNumber(A), &r);
  std::string cid2 = "console:" + bd_arn + "#" + ok2.event_id.substr(0, 8);
  s.Credential(cid2, ckey2, bd_arn, "console-session", bd_pw, ok2.event_id, t, t, "console session of the backdoor user");
  const Identity* sess2 = s.Keep(IamUserConsoleIdentity(A, bd_id, bd, ckey2, t, false));
  Hand d{sess2, cid2, ip, browser, true};
  s.Inject(t + 15 * 60000, "Monitoring: production is down; instances and databases in " + region + " are disappearing.");
  // Instances of the account (the background stops using them once terminated).
  int killed = 0;
  for (size_t i = 0; i < w.instances.size() && killed < 6; ++i) {
    Instance& in = w.instances[i];
    if (in.account != victim.account || in.app == "waf-proxy") continue;
    Done ti = s.Do(d, step(3, 15), "ec2.amazonaws.com", "TerminateInstances", in.region, Args().Set("instance", in.id), "impact");
    in.terminated = ti.time;
    s.Resource("arn:aws:ec2:" + in.region + ":" + A + ":instance/" + in.id, "AWS::EC2::Instance", A, in.region, "deleted", ti.event_id);
    ++killed;
  }
  for (int i = 0; i < 8; ++i) {
    std::string snap = ResourceId(&r, "snap-");
    Done e = s.Do(d, step(2, 9), "ec2.amazonaws.com", "DeleteSnapshot", region, Args().Set("snapshot", snap), "impact");
    s.Resource("arn:aws:ec2:" + region + "::snapshot/" + snap, "AWS::EC2::Snapshot", A, region, "deleted", e.event_id);
  }
  for (int i = 0; i < 3; ++i) {
    std::string ami = ResourceId(&r, "ami-");
    Done e = s.Do(d, step(2, 9), "ec2.amazonaws.com", "DeregisterImage", region, Args().Set("ami", ami), "impact");
    s.Resource("arn:aws:ec2:" + region + "::image/" + ami, "AWS::EC2::Image", A, region, "deleted", e.event_id);
  }
  for (int i = 0; i < 4; ++i) {
    std::string vol = ResourceId(&r, "vol-");
    Done e = s.Do(d, step(2, 9), "ec2.amazonaws.com", "DeleteVolume", region, Args().Set("volume", vol), "impact");
    s.Resource("arn:aws:ec2:" + region + ":" + A + ":volume/" + vol, "AWS::EC2::Volume", A, region, "deleted", e.event_id);
  }
  std::string db = "prod-postgres-" + Hex(&r, 4);
  for (int i = 0; i < 3; ++i) {
    std::string ds = "rds:" + db + "-" + IsoSeconds(t - (i + 1) * 86400000LL).substr(0, 10) + "-03-10";
    Done e = s.Do(d, step(2, 9), "rds.amazonaws.com", "DeleteDBSnapshot", region, Args().Set("db_snapshot", ds).Set("db", db), "impact");
    s.Resource("arn:aws:rds:" + region + ":" + A + ":snapshot:" + ds, "AWS::RDS::DBSnapshot", A, region, "deleted", e.event_id);
  }
  Done ddb = s.Do(d, step(5, 20), "rds.amazonaws.com", "DeleteDBInstance", region, Args().Set("db", db), "impact");
  s.Resource("arn:aws:rds:" + region + ":" + A + ":db:" + db, "AWS::RDS::DBInstance", A, region, "deleted", ddb.event_id);
  std::string vault = "prod-daily-backups";
  for (int i = 0; i < 5; ++i) {
    std::string rp = "arn:aws:ec2:" + region + "::snapshot/" + ResourceId(&r, "snap-");
    Done e = s.Do(d, step(2, 9), "backup.amazonaws.com", "DeleteRecoveryPoint", region, Args().Set("vault", vault).Set("recovery_point", rp), "impact");
    s.Resource(rp, "AWS::Backup::RecoveryPoint", A, region, "deleted", e.event_id);
  }
  Done dv = s.Do(d, step(2, 9), "backup.amazonaws.com", "DeleteBackupVault", region, Args().Set("vault", vault), "impact");
  s.Resource("arn:aws:backup:" + region + ":" + A + ":backup-vault:" + vault, "AWS::Backup::BackupVault", A, region, "deleted", dv.event_id);
  const Bucket& b = w.buckets[victim.account * 3];
  s.Do(d, step(5, 20), "s3.amazonaws.com", "DeleteBucket", b.region, Args().Set("bucket", b.name), "impact", false,
       "BucketNotEmpty", "The bucket you tried to delete is not empty");
  for (int i = 0; i < 12; ++i) {
    std::string key = ObjectKey(b, &r);
    Done e = s.Do(d, step(1, 3), "s3.amazonaws.com", "DeleteObject", b.region, Args().Set("bucket", b.name).Set("key", key), "impact");
    s.Resource("arn:aws:s3:::" + b.name + "/" + key, "AWS::S3::Object", A, b.region, "deleted", e.event_id);
  }
  Done db2 = s.Do(d, step(5, 20), "s3.amazonaws.com", "DeleteBucket", b.region, Args().Set("bucket", b.name), "impact");
  s.Resource("arn:aws:s3:::" + b.name, "AWS::S3::Bucket", A, b.region, "deleted", db2.event_id);
}

}  // namespace credtrace::sim
