#include "sim/tagging.h"

#include <map>

#include "sim/actions.h"
#include "sim/ids.h"
#include "sim/key_codec.h"

namespace credtrace::sim {

namespace {

constexpr TimeMs kSec = 1000, kMin = 60 * kSec, kHour = 60 * kMin, kDay = 24 * kHour;

// When the pipeline of account p tags everything (early: before any incident, which starts
// 38 % into the logs at the earliest), and when its daily batch job starts and ends.
TimeMs PassTime(const World& w, size_t p) { return w.options().start + 90 * kMin + static_cast<TimeMs>(p) * 20 * kMin; }
TimeMs BatchTime(const World& w, size_t p, int64_t day) {
  return w.options().start + day * kDay + 5 * kHour + static_cast<TimeMs>(p) * 11 * kMin;
}
constexpr TimeMs kBatchLength = 50 * kMin;

uint64_t Fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

std::string EnvOf(const Account& a) {
  if (a.name == "management") return "shared";
  if (a.name == "staging" || a.name == "dev" || a.name == "sandbox") return a.name;
  return "prod";
}

bool HasPipeline(const World& w, size_t account) {
  for (const Pipeline& p : w.pipelines) {
    if (p.account == account) return true;
  }
  return false;
}

TagList AppTags(const World& w, size_t account, std::string_view app) {
  std::string cc = std::to_string(1000 + Fnv(app) % 9000);
  return {{"app", std::string(app)},
          {"env", EnvOf(w.accounts[account])},
          {"owner", std::string(app) + "-team@acme-corp.example"},
          {"cost-center", "CC-" + cc}};
}

TagList TeamTags(const World& w, size_t account, std::string_view team) {
  return {{"team", std::string(team)}, {"env", EnvOf(w.accounts[account])}};
}

// Bucket kind k of an account (app-assets, data-exports, ci-artifacts) belongs to the account's
// application k, whose instances run under the role "<app k>-ec2-role" (world.cc).
TagList BucketTags(const World& w, size_t b) {
  size_t account = w.buckets[b].account, kind = b % 3;
  return AppTags(w, account, kAppNames[(account * 3 + kind) % kAppNames.size()]);
}

TagList RoleTags(const World& w, size_t ri) {
  const Role& r = w.roles[ri];
  const std::string& n = r.ref.name;
  auto ends = [&](std::string_view s) { return n.size() > s.size() && n.ends_with(s); };
  if (ends("-ec2-role")) return AppTags(w, r.account, n.substr(0, n.size() - 9));
  if (ends("-lambda-role")) return AppTags(w, r.account, n.substr(0, n.find('-')));
  if (n == "waf-proxy-role") return AppTags(w, r.account, "waf-proxy");
  if (n == "DeveloperAccess" || n == "github-actions-deploy" || n == "OrganizationAccountAccessRole")
    return TeamTags(w, r.account, "platform");
  if (n == "SecurityAuditScanner") return TeamTags(w, r.account, "security");
  return {};  // service-linked and Identity Center roles cannot be tagged by their owners
}

TagList UserTags(const World& w, const Person& p) {
  if (p.name == "svc-reporting") return AppTags(w, p.account, "reports");
  if (p.name == "ml-pipeline") return AppTags(w, p.account, "ml-insights");
  if (p.name == "partner-portal-broker") return AppTags(w, p.account, "partner-portal");
  static const char* kTeams[] = {"platform", "payments", "data", "web"};
  return TeamTags(w, p.account, kTeams[Fnv(p.name) % 4]);
}

// "arn:aws:iam::A:kind/path/name" → (A, name).
std::pair<std::string, std::string> IamAccountAndName(std::string_view arn) {
  std::string_view rest = arn.substr(13);  // after "arn:aws:iam::"
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return {};
  return {std::string(rest.substr(0, colon)), std::string(rest.substr(rest.rfind('/') + 1))};
}

std::string ResourceIds(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += std::string(i ? "," : "") + "{\"resourceId\":\"" + ids[i] + "\"}";
  return out + "]";
}

}  // namespace

std::string TagsJson(const TagList& tags, bool upper) {
  std::string out = "[";
  for (size_t i = 0; i < tags.size(); ++i) {
    out += std::string(i ? "," : "") + (upper ? "{\"Key\":\"" : "{\"key\":\"") + Escaped(tags[i].first) +
           (upper ? "\",\"Value\":\"" : "\",\"value\":\"") + Escaped(tags[i].second) + "\"}";
  }
  return out + "]";
}

TagList KnownTags(const World& w, const std::string& id) {
  if (id.starts_with("arn:aws:s3:::")) {
    std::string name = id.substr(13, id.find('/', 13) == std::string::npos ? std::string::npos : id.find('/', 13) - 13);
    if (!name.empty() && name.back() == '*') name.pop_back();
    for (size_t b = 0; b < w.buckets.size(); ++b) {
      if (w.buckets[b].name == name && HasPipeline(w, w.buckets[b].account)) return BucketTags(w, b);
    }
    return {};
  }
  if (id.starts_with("arn:aws:ec2:") && id.find(":instance/") != std::string::npos) {
    std::string iid = id.substr(id.find(":instance/") + 10);
    for (const Instance& in : w.instances) {
      if (in.id == iid && HasPipeline(w, in.account)) return AppTags(w, in.account, in.app);
    }
    return {};
  }
  if (id.starts_with("arn:aws:iam::") && id.find(":role/") != std::string::npos) {
    auto [account, name] = IamAccountAndName(id);
    for (size_t ri = 0; ri < w.roles.size(); ++ri) {
      const Role& r = w.roles[ri];
      if (r.ref.account == account && r.ref.name == name && HasPipeline(w, r.account)) return RoleTags(w, ri);
    }
    return {};
  }
  if (id.starts_with("arn:aws:iam::") && id.find(":user/") != std::string::npos) {
    auto [account, name] = IamAccountAndName(id);
    for (const Person& p : w.people) {
      if (w.accounts[p.account].id == account && p.name == name && HasPipeline(w, p.account)) return UserTags(w, p);
    }
  }
  return {};
}

Tagging::Tagging(World* world, GroundTruth* gt, uint64_t seed)
    : w_(world), seed_(seed), em_(MixHash(seed, 0x7A6701), nullptr, gt, true) {}

Tagging::PipelineSession Tagging::Session(size_t p, TimeMs t, Rng* r) {
  // As CiDeploy: the infrastructure repository's workflow assumes the deploy role.
  const Pipeline& pl = w_->pipelines[p];
  const Role& role = w_->roles[pl.role];
  std::string ip = AddressIn(kCiNetworks[r->Below(kCiNetworks.size())], r);
  std::string provider = "arn:aws:iam::" + role.ref.account + ":oidc-provider/token.actions.githubusercontent.com";
  std::string subject = "repo:acme-corp/platform-infra:ref:refs/heads/main";
  Identity web = WebIdentityUserIdentity(provider + ":sts.amazonaws.com:" + subject, subject, provider);
  std::string key = EncodeAccessKeyId("ASIA", AccountNumber(role.ref.account), r);
  Call c = MakeCall("sts.amazonaws.com", "AssumeRoleWithWebIdentity", &web, t, pl.region, ip, &kCiClients[0]);
  c.recipient = role.ref.account;
  SetRoleArgs(&c.args, role.ref, "GitHubActions");
  SetIssuedCredential(&c.args, key, t, 3600);
  c.args.Set("subject", subject);
  em_.Emit(c);
  SessionExtras x;
  x.web_id_provider = "token.actions.githubusercontent.com";
  return {RoleSessionIdentity(role.ref, "GitHubActions", key, t, x), ip};
}

void Tagging::Pass(size_t p, TimeMs t) {
  Rng r(MixHash(seed_, 0x7A600000 + p));
  size_t a = w_->pipelines[p].account;
  PipelineSession s = Session(p, t, &r);
  const Identity& id = s.id;
  const std::string& ip = s.ip;
  TimeMs at = t;
  auto call = [&](const char* source, const char* name, const std::string& region) {
    at += r.Range(1, 4) * kSec;
    return MakeCall(source, name, &id, at, region, ip, &kCiClients[0]);
  };
  for (size_t b = 0; b < w_->buckets.size(); ++b) {
    if (w_->buckets[b].account != a) continue;
    Call c = call("s3.amazonaws.com", "PutBucketTagging", w_->buckets[b].region);
    c.args.Set("bucket", w_->buckets[b].name).Set("tags", TagsJson(BucketTags(*w_, b), true)).Set("bytes_in", "412");
    em_.Emit(c);
  }
  // Each application's instances in one CreateTags (terraform's default_tags).
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_app;  // (app, region)
  for (const Instance& in : w_->instances) {
    if (in.account == a) by_app[{in.app, in.region}].push_back(in.id);
  }
  for (const auto& [key, ids] : by_app) {
    Call c = call("ec2.amazonaws.com", "CreateTags", key.second);
    c.args.Set("resources", ResourceIds(ids)).Set("tags", TagsJson(AppTags(*w_, a, key.first)));
    em_.Emit(c);
  }
  for (size_t ri = 0; ri < w_->roles.size(); ++ri) {
    TagList tags = w_->roles[ri].account == a ? RoleTags(*w_, ri) : TagList();
    if (tags.empty()) continue;
    Call c = call("iam.amazonaws.com", "TagRole", "us-east-1");
    c.args.Set("role", w_->roles[ri].ref.name).Set("tags", TagsJson(tags));
    em_.Emit(c);
  }
  for (const Person& person : w_->people) {
    if (person.account != a) continue;
    Call c = call("iam.amazonaws.com", "TagUser", "us-east-1");
    c.args.Set("user", person.name).Set("tags", TagsJson(UserTags(*w_, person)));
    em_.Emit(c);
  }
}

namespace {

// The daily batch instance of pipeline p: its application and ID, the same at launch and end.
struct BatchJob {
  std::string app, instance, resv, pip;
};
BatchJob JobOf(const World& w, uint64_t seed, size_t p, int64_t day) {
  Rng r(MixHash(seed, (0x7A610000 + p) ^ (static_cast<uint64_t>(day) << 24)));
  size_t a = w.pipelines[p].account;
  BatchJob j;
  j.app = kAppNames[(a * 3 + static_cast<size_t>(day) % 3) % kAppNames.size()];
  j.instance = InstanceId(&r);
  j.resv = Hex(&r, 16);
  j.pip = "10.0." + std::to_string(r.Range(0, 255)) + "." + std::to_string(r.Range(4, 250));
  return j;
}

}  // namespace

void Tagging::Batch(size_t p, int64_t day, TimeMs t) {
  Rng r(MixHash(seed_, (0x7A620000 + p) ^ (static_cast<uint64_t>(day) << 24)));
  BatchJob job = JobOf(*w_, seed_, p, day);
  const Pipeline& pl = w_->pipelines[p];
  const Account& acct = w_->accounts[pl.account];
  PipelineSession s = Session(p, t, &r);
  const Identity& id = s.id;
  TagList tags = AppTags(*w_, pl.account, job.app);
  tags.push_back({"Name", job.app + "-batch"});
  std::string dash = job.pip;
  for (char& ch : dash) if (ch == '.') ch = '-';
  Call run = MakeCall("ec2.amazonaws.com", "RunInstances", &id, t + 4 * kSec, pl.region, s.ip, &kCiClients[0]);
  run.args.Set("ami", "ami-0" + Hex(&r, 16)).Set("itype", "m5.large").Set("sg", acct.sg).Set("sg_name", "batch")
      .Set("key_item", "").Set("profile_req", "").Set("profile_resp", "").Set("instance", job.instance)
      .Set("resv", job.resv).Set("pip", job.pip).Set("pip_dash", dash).Set("subnet", acct.subnet).Set("vpc", acct.vpc)
      .Set("tag_spec", ",\"tagSpecificationSet\":{\"items\":[{\"resourceType\":\"instance\",\"tags\":" + TagsJson(tags) + "}]}");
  em_.Emit(run);
  Call mark = MakeCall("ec2.amazonaws.com", "CreateTags", &id, t + 40 * kSec, pl.region, s.ip, &kCiClients[0]);
  mark.args.Set("resources", ResourceIds({job.instance})).Set("tags", TagsJson({{"job-status", "running"}}));
  em_.Emit(mark);
}

void Tagging::BatchEnd(size_t p, int64_t day, TimeMs t) {
  Rng r(MixHash(seed_, (0x7A630000 + p) ^ (static_cast<uint64_t>(day) << 24)));
  BatchJob job = JobOf(*w_, seed_, p, day);
  const Pipeline& pl = w_->pipelines[p];
  PipelineSession s = Session(p, t, &r);
  const Identity& id = s.id;
  Call untag = MakeCall("ec2.amazonaws.com", "DeleteTags", &id, t + 3 * kSec, pl.region, s.ip, &kCiClients[0]);
  untag.args.Set("resources", ResourceIds({job.instance})).Set("tags", "[{\"key\":\"job-status\"}]");
  em_.Emit(untag);
  Call end = MakeCall("ec2.amazonaws.com", "TerminateInstances", &id, t + 6 * kSec, pl.region, s.ip, &kCiClients[0]);
  end.args.Set("instance", job.instance);
  em_.Emit(end);
}

void Tagging::Slice(TimeMs t0, TimeMs t1, std::vector<Record>* out) {
  em_.set_out(out);
  TimeMs start = w_->options().start;
  for (size_t p = 0; p < w_->pipelines.size(); ++p) {
    if (TimeMs t = PassTime(*w_, p); t >= t0 && t < t1) Pass(p, t);
    for (int64_t day = std::max<int64_t>(0, (t0 - start) / kDay - 1); day <= (t1 - start) / kDay; ++day) {
      TimeMs b = BatchTime(*w_, p, day);
      if (b >= t0 && b < t1) Batch(p, day, b);
      if (b + kBatchLength >= t0 && b + kBatchLength < t1) BatchEnd(p, day, b + kBatchLength);
    }
  }
}

}  // namespace credtrace::sim
