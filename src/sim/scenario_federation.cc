// Federation-token persistence: a broker key is stolen; GetFederationToken with an allow-all
// policy for 36 hours, console access through GetSigninToken, data theft that goes on after the
// responders disable the key.
#include "sim/actions.h"
#include "sim/ids.h"
#include "sim/key_codec.h"
#include "sim/scenario.h"

namespace credtrace::sim {

void PlayFederation(Stage& s) {
  World& w = s.world();
  Rng& r = s.rng();
  const Partner& pt = w.partners[0];
  Person& victim = w.people[pt.broker];
  const std::string& A = w.accounts[victim.account].id;
  const std::string region = victim.region;
  TimeMs t = s.t0();
  s.gt().AddScenario({s.name(), "Federation-token persistence", victim.api.arn, t,
                      "key of " + victim.name + " read from the partner portal server's configuration"});
  s.gt().AddSeed({"key", victim.key, s.name()});
  s.Credential(victim.key, victim.key, victim.api.arn, "access-key", "", "", kNoTime, t, "key stolen from an application server");
  s.gt().WatchKey(victim.key, victim.key, t, s.name());
  Hand h{&victim.api, victim.key, s.AttackerIp(kAttackerNetworks[0]), s.AttackerClient(kAttackerCliClients[0])};
  auto step = [&](int lo, int hi) { t += r.Range(lo, hi) * 1000; return t; };
  s.Do(h, step(0, 1), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  s.Do(h, step(5, 30), "iam.amazonaws.com", "ListAttachedUserPolicies", "us-east-1", Args().Set("user", victim.name), "discovery", true);
  std::string fed = r.Chance(0.5) ? "admin" : "support";
  std::string fkey = EncodeAccessKeyId("ASIA", AccountNumber(A), &r);
  Args ft;
  ft.Set("fed_name", fed).Set("policy", Escaped("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}")).Set("pps", "6");
  SetIssuedCredential(&ft, fkey, step(10, 60), 129600);
  Done g = s.Do(h, t, "sts.amazonaws.com", "GetFederationToken", region, ft, "persistence");
  std::string farn = "arn:aws:sts::" + A + ":federated-user/" + fed;
  s.Credential(fkey, fkey, farn, "federation-token", victim.key, g.event_id, g.time, g.time, "GetFederationToken with an allow-all policy, 36 hours");
  const Identity* fid = s.Keep(FederatedUserIdentity(A, fed, fkey, victim.user_id, victim.name, g.time));
  Hand f{fid, fkey, h.ip, h.client};
  s.Do(f, step(3, 10), "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", {}, "discovery");
  s.Do(f, step(3, 10), "iam.amazonaws.com", "ListUsers", "us-east-1", {}, "discovery", true);
  s.Do(f, step(3, 10), "iam.amazonaws.com", "CreateUser", "us-east-1", Args().Set("user", "support-ops"), "persistence", true);
  // Console access with the federation token.
  const Client* browser = s.AttackerClient(kBrowserClients[3]);
  Call st = MakeCall("signin.amazonaws.com", "GetSigninToken", fid, step(60, 200), "us-east-1", f.ip, browser);
  st.args.Set("key", fkey);
  Done sg = s.DoCall(st, "persistence", fkey);
  std::string ckey = EncodeAccessKeyId("ASIA", AccountNumber(A), &r);
  std::string cid = "console:" + farn + "#" + sg.event_id.substr(0, 8);
  s.Credential(cid, ckey, farn, "console-session", fkey, sg.event_id, sg.time, sg.time, "console session from GetSigninToken with the federation token");
  const Identity* cs = s.Keep(FederatedUserIdentity(A, fed, ckey, victim.user_id, victim.name, g.time));
  Hand c{cs, cid, f.ip, browser, true};
  Args lb;
  lb.Set("bytes_out", "3305");
  s.Do(c, step(10, 40), "s3.amazonaws.com", "ListBuckets", region, lb, "discovery");
  s.Do(c, step(10, 40), "secretsmanager.amazonaws.com", "ListSecrets", region, {}, "discovery");
  for (int i = 0; i < 3; ++i) {
    std::string secret = "arn:aws:secretsmanager:" + region + ":" + A + ":secret:prod/" + std::string(kAppNames[r.Below(kAppNames.size())]) + "/db-" + RandomChars(&r, "abcdefghijklmnopqrstuvwxyz", 6);
    Done e = s.Do(c, step(5, 30), "secretsmanager.amazonaws.com", "GetSecretValue", region, Args().Set("secret", secret), "credential-access");
    s.Resource(secret, "AWS::SecretsManager::Secret", A, region, "read", e.event_id);
  }
  const Bucket& b = w.buckets[pt.bucket];
  auto loot = [&](Hand& hand, int n) {
    for (int i = 0; i < n; ++i) {
      std::string key = ObjectKey(b, &r);
      Done e = s.Do(hand, step(2, 20), "s3.amazonaws.com", "GetObject", b.region,
                             Args().Set("bucket", b.name).Set("key", key).Set("bytes_out", std::to_string(r.Range(5000, 90000000))), "exfiltration");
      s.Resource("arn:aws:s3:::" + b.name + "/" + key, "AWS::S3::Object", A, b.region, "read", e.event_id);
    }
  };
  loot(c, 15);
  s.Inject(s.At(3), "GuardDuty (" + A + "): Persistence:IAMUser/AnomalousBehavior, unusual GetFederationToken by " + victim.name + ".");
  // Responders disable the key; the federation token and console keep working.
  TimeMs off = s.At(5);
  const Person& responder = w.people[1 % w.people.size()];
  Call ua = MakeCall("iam.amazonaws.com", "UpdateAccessKey", &responder.api, off, "us-east-1", responder.ips[1], responder.cli);
  ua.args.Set("user", victim.name).Set("key", victim.key).Set("status", "Inactive");
  s.Other(ua);
  victim.disabled_at = off;
  s.Inject(off + 10 * 60000, "The on-call engineer reports that key " + victim.key + " was set Inactive; the partner portal uploads stopped.");
  t = s.At(9);
  Hand f2{fid, fkey, s.AttackerIp(kAttackerNetworks[9]), h.client};
  loot(f2, 20);
  t = s.At(26);
  loot(f2, 10);
}

}  // namespace credtrace::sim
