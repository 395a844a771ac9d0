// Capital One pattern: an IMDSv1 reverse proxy is tricked (SSRF) into returning its role
// credentials; they are used from Tor/VPN exits to list and download buckets, and stolen again
// after rotation. The instance keeps using the same sessions.
#include "sim/actions.h"
#include "sim/ids.h"
#include "sim/scenario.h"

namespace credtrace::sim {

void PlayCapitalOne(Stage& s) {
  World& w = s.world();
  Rng& r = s.rng();
  size_t idx = w.instances.size() - 1;  // the waf-proxy instance
  const Instance& in = w.instances[idx];
  const Role& role = w.roles[in.role];
  const std::string& A = w.accounts[in.account].id;
  TimeMs t = s.t0();
  int64_t k = w.SessionIndexAt(in.phase, World::kInstancePeriod, t);
  if (k < 0) k = 0, t = w.InstanceSession(idx, 0).issued + 60000;

  s.gt().AddScenario({s.name(), "Instance-role credentials stolen through SSRF", role.ref.Arn(), t,
                      "SSRF against the reverse proxy " + in.id + " returned its instance-profile credentials (IMDSv1)"});
  const std::string finding_type = "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS";
  const std::string finding_file = "findings/" + s.name() + ".json";
  s.gt().AddSeed({"finding", finding_type, s.name(), finding_file});
  s.Inject(s.At(0.5), "GuardDuty (" + A + "): " + finding_type + ", role " + role.ref.name +
                          ", credentials used from an address outside AWS (" + finding_file + ").");

  auto steal = [&](int64_t session, TimeMs when, const Network& net, const Client& client) {
    Rotation rot = w.InstanceSession(idx, session);
    SessionExtras x;
    x.ec2_role_delivery = "1.0";
    const Identity* id = s.Keep(RoleSessionIdentity(role.ref, in.id, rot.key, rot.issued, x));
    s.Credential(rot.key, rot.key, id->arn, "instance-profile-session", "", rot.event_id, rot.issued, when,
                 "instance-profile credentials of " + in.id + " read through SSRF from IMDSv1");
    s.gt().AddSeed({"key", rot.key, s.name()});
    s.gt().WatchKey(rot.key, rot.key, when, s.name());
    return Hand{id, rot.key, s.AttackerIp(net), s.AttackerClient(client)};
  };

  Hand h = steal(k, t, kAttackerNetworks[4], kExfilClients[2]);
  // The finding the responders start from: the first stolen session, as its records show it.
  TruthFinding finding;
  finding.scenario = s.name();
  finding.file = finding_file;
  finding.type = finding_type;
  finding.title = "Credentials for the EC2 instance role " + role.ref.name + " used from an external IP address.";
  finding.description = "Credentials created exclusively for an EC2 instance using instance role " + role.ref.name +
                        " have been used from an external IP address.";
  finding.severity = 8;
  finding.account = A;
  finding.detector_id = w.accounts[in.account].detector_id;
  finding.key = h.cred;
  finding.principal_id = role.ref.role_id + ":" + in.id;
  finding.user_name = role.ref.name;
  finding.user_type = "AssumedRole";
  finding.instance_id = in.id;
  finding.instance_profile_arn = "arn:aws:iam::" + A + ":instance-profile/" + in.profile_name;
  s.gt().AddFinding(std::move(finding));
  auto step = [&](int lo, int hi) { t += r.Range(lo, hi) * 1000; return t; };
  s.Do(h, step(0, 1), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  Args lb;
  lb.Set("bytes_out", std::to_string(r.Range(2000, 9000)));
  s.Do(h, step(20, 90), "s3.amazonaws.com", "ListBuckets", in.region, lb, "discovery");
  // Every bucket of the account, then the data.
  std::vector<size_t> mine;
  for (size_t b = 0; b < w.buckets.size(); ++b) {
    if (w.buckets[b].account == in.account) mine.push_back(b);
  }
  for (size_t b : mine) {
    const Bucket& bk = w.buckets[b];
    s.Do(h, step(2, 10), "s3.amazonaws.com", "GetBucketLocation", bk.region, Args().Set("bucket", bk.name), "discovery");
    bool denied = bk.name.find("ci-artifacts") != std::string::npos;
    s.Do(h, step(1, 5), "s3.amazonaws.com", "ListObjects", bk.region,
         Args().Set("bucket", bk.name).Set("prefix", bk.prefixes[0]).Set("bytes_out", std::to_string(r.Range(3000, 60000))), "discovery", denied);
  }
  auto download = [&](Hand& hand, int n) {
    for (size_t b : mine) {
      const Bucket& bk = w.buckets[b];
      if (bk.name.find("ci-artifacts") != std::string::npos) continue;
      for (int i = 0; i < n; ++i) {
        std::string key = ObjectKey(bk, &r);
        Done g = s.Do(hand, step(1, 6), "s3.amazonaws.com", "GetObject", bk.region,
                               Args().Set("bucket", bk.name).Set("key", key).Set("bytes_out", std::to_string(r.Range(200000, 700000000))),
                               "exfiltration");
        s.Resource("arn:aws:s3:::" + bk.name + "/" + key, "AWS::S3::Object", A, bk.region, "read", g.event_id);
      }
    }
  };
  download(h, static_cast<int>(r.Range(15, 30)));
  // After rotation, the attacker repeats the SSRF and carries on from another exit.
  t = std::max(s.At(7), w.InstanceSession(idx, k + 1).issued + 5 * 60000);
  int64_t k2 = w.SessionIndexAt(in.phase, World::kInstancePeriod, t);
  Hand h2 = steal(k2, t, kAttackerNetworks[7], kExfilClients[2]);
  s.Do(h2, step(0, 1), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  download(h2, static_cast<int>(r.Range(10, 25)));
  s.Inject(s.At(30), "An outside researcher emails the security team: files that look like the company's customer exports are on a public Git host.");
}

}  // namespace credtrace::sim
