// The recovery plan (respond.h): restore what the attacker changed or deleted, rotate what they
// read, re-issue what containment took from the legitimate owners. The knowledge is the table
// kRules: (resource type, action, aspect) -> how to restore; the code builds the commands.
#include <algorithm>
#include <map>
#include <set>

#include "base/time.h"
#include "respond/planner_util.h"
#include "respond/respond.h"

namespace credtrace::respond {

namespace {

using namespace detail;

enum class Restore : uint8_t {
  kTrustPolicy,        // update-assume-role-policy with the previous document
  kInlinePolicy,       // put-role-policy / put-user-policy with the previous document
  kBucketPolicy,       // put-bucket-policy with the previous policy
  kPublicAccessBlock,  // put-public-access-block, every setting on
  kVersioning,         // put-bucket-versioning Enabled
  kLifecycle,          // the previous lifecycle, or delete the attacker's
  kStartLogging,       // cloudtrail start-logging
  kEventSelectors,     // put-event-selectors with the previous selectors
  kRecreateDetector,   // guardduty create-detector --enable
  kUndeleteObject,     // list-object-versions, then remove the delete marker
  kRotateSecret,       // secretsmanager rotate-secret
  kManual,             // no API restores it from what the logs show: a person decides
};

struct Rule {
  std::string_view type;
  std::string_view action;  // "modified", "deleted", "read", "shared"
  std::string_view aspect;  // prefix of the aspect; "" for any
  Restore restore;
  std::string_view why;
};

// clang-format off
constexpr Rule kRules[] = {
  {"AWS::IAM::Role", "modified", "trust-policy", Restore::kTrustPolicy,
   "The attacker rewrote who may assume the role; the previous trust policy is restored."},
  {"AWS::IAM::Role", "modified", "inline-policy:", Restore::kInlinePolicy,
   "The attacker rewrote an inline policy that existed before; its previous document is restored."},
  {"AWS::IAM::User", "modified", "inline-policy:", Restore::kInlinePolicy,
   "The attacker rewrote an inline policy that existed before; its previous document is restored."},
  {"AWS::S3::Bucket", "modified", "bucket-policy", Restore::kBucketPolicy,
   "The attacker changed the bucket policy; the previous policy is restored."},
  {"AWS::S3::Bucket", "modified", "public-access-block", Restore::kPublicAccessBlock,
   "The attacker loosened the bucket's public access block; every setting is turned back on."},
  {"AWS::S3::Bucket", "modified", "versioning", Restore::kVersioning,
   "The attacker suspended versioning (deleted objects could not be recovered); it is re-enabled."},
  {"AWS::S3::Bucket", "modified", "lifecycle", Restore::kLifecycle,
   "The attacker set a lifecycle rule (often a short expiry that deletes data); the previous configuration is restored, or the attacker's removed."},
  {"AWS::CloudTrail::Trail", "modified", "logging", Restore::kStartLogging,
   "The attacker stopped logging; it is started again (the gap stays in the evidence: note it)."},
  {"AWS::CloudTrail::Trail", "modified", "event-selectors", Restore::kEventSelectors,
   "The attacker changed what the trail records; the previous selectors are restored."},
  {"AWS::GuardDuty::Detector", "deleted", "", Restore::kRecreateDetector,
   "The attacker deleted the GuardDuty detector; a new one is created (findings of the old one are gone)."},
  {"AWS::S3::Object", "deleted", "", Restore::kUndeleteObject,
   "The attacker deleted an object; with versioning on, removing the delete marker restores it."},
  {"AWS::SecretsManager::Secret", "read", "", Restore::kRotateSecret,
   "The attacker read the secret: its value is theirs. Rotate it (and change it where it is used)."},
};
// clang-format on

const Rule* RuleFor(const InvResource& r) {
  for (const Rule& rule : kRules) {
    if (rule.type != r.type || rule.action != r.action) continue;
    if (rule.aspect.empty()) return &rule;
    for (const std::string& a : r.aspects) {
      if (std::string_view(a).substr(0, rule.aspect.size()) == rule.aspect) return &rule;
    }
  }
  return nullptr;
}

std::string LastSegment(const std::string& s, char sep) {
  size_t p = s.rfind(sep);
  return p == std::string::npos ? s : s.substr(p + 1);
}

// "arn:aws:s3:::bucket/key" -> (bucket, key).
std::pair<std::string, std::string> S3Parts(const std::string& arn) {
  std::string rest = arn.substr(std::min(arn.size(), arn.rfind(':') + 1));
  size_t slash = rest.find('/');
  if (slash == std::string::npos) return {rest, ""};
  return {rest.substr(0, slash), rest.substr(slash + 1)};
}

class Recoverer {
 public:
  Recoverer(const Investigation& inv, const PlanOptions& opt) : inv_(inv), opt_(opt) {}

  Plan Build() {
    plan_.phase = Phase::kRecover;
    plan_.case_dir = opt_.case_dir;
    plan_.at = opt_.at;
    plan_.investigation = inv_.schema + " created " + inv_.created;
    plan_.order = {
        "1-restore: undo the attacker's changes to logging, detection and access (trails, detectors, trust "
        "and resource policies) first: they decide what the responders can see and who can get in.",
        "2-data: undelete objects and re-enable versioning; restore what was deleted from backups.",
        "3-rotate: rotate the secrets and parameters the attacker read; re-issue the credentials "
        "containment took from their legitimate owners."};
    for (const InvResource& r : inv_.resources)
      if (r.action == "created") created_.insert(r.id);
    for (const InvResource& r : inv_.resources) Resource(r);
    Exposure();
    Owners();
    NumberSteps(&plan_);
    return std::move(plan_);
  }

 private:
  Step Base(const InvResource& r, std::string action, std::string title, std::string_view why, std::string stage) {
    Step s;
    s.action = std::move(action);
    s.target = r.id;
    s.target_type = r.type;
    s.account = r.account;
    s.region = r.region == "global" ? "" : r.region;
    s.title = std::move(title);
    s.reason = std::string(why);
    s.evidence = r.event_ids;
    if (!r.state_before_event_id.empty()) s.evidence.push_back(r.state_before_event_id);
    s.stage = std::move(stage);
    s.blast_radius = "This resource only: it goes back to the state the evidence shows before the attacker.";
    return s;
  }

  std::string Policy(Step* s, const std::string& stem, const std::string& text) {
    std::string name = stem + "-" + std::to_string(++policy_seq_) + ".json";
    s->policies.push_back({name, text});
    return "file://" + name;
  }

  void Manual(const InvResource& r, std::string_view why) {
    ManualStep m;
    m.title = "Restore " + r.type + " " + r.id + " (" + r.action + " by the attacker)";
    m.detail = std::string(why);
    if (!r.state_before.empty()) {
      m.detail += " Last state the logs show before the attacker (event " + r.state_before_event_id +
                  "): " + r.state_before;
    } else {
      m.detail += " The logs show no earlier state: take it from infrastructure as code, AWS Config or backups.";
    }
    if (!r.state_after.empty()) m.detail += " The attacker's state: " + r.state_after;
    m.evidence = r.event_ids;
    plan_.manual.push_back(std::move(m));
  }

  void Resource(const InvResource& r) {
    if (r.action == "created" || r.action == "assumed" || r.action == "shared") return;  // eradication's
    if (r.type == "AWS::S3::Object" && r.action == "read") return;                       // Exposure()
    // The attacker's own resources are removed by eradication, and the changes containment and
    // eradication undo (keys, passwords, attached policies, ingress rules, shares) are theirs.
    if (created_.contains(r.id)) return;
    static const std::set<std::string> kUndoneElsewhere = {"access-key", "login-profile", "attached-policy", "ingress",
                                                           "egress", "create-volume-permission", "launch-permission",
                                                           "restore-permission", "group-membership"};
    if (r.action == "modified" && !r.aspects.empty() &&
        std::all_of(r.aspects.begin(), r.aspects.end(), [](const std::string& a) { return kUndoneElsewhere.contains(a); }))
      return;
    const Rule* rule = RuleFor(r);
    if (rule == nullptr) {
      if (r.action == "modified" || r.action == "deleted") {
        Manual(r, "No automatic restore is known for this change.");
      }
      if (r.action == "read" && (r.type == "AWS::SSM::Parameter")) {
        ManualStep m;
        m.title = "Rotate the parameter " + r.id;
        m.detail = "The attacker read it (SecureString values are decrypted by GetParameter with "
                   "WithDecryption). Change the secret it holds at its source, then aws ssm put-parameter "
                   "--overwrite with the new value.";
        m.evidence = r.event_ids;
        plan_.manual.push_back(std::move(m));
      }
      return;
    }
    const std::string& before = r.state_before;
    switch (rule->restore) {
      case Restore::kTrustPolicy: {
        if (before.empty()) return Manual(r, rule->why);
        Step s = Base(r, "restore-trust-policy", "Restore the trust policy of role " + LastSegment(r.id, '/'),
                      rule->why, "1-restore");
        std::string f = Policy(&s, "trust-before", before);
        s.commands.push_back(Aws({"iam", "update-assume-role-policy"},
                                 {{"--role-name", LastSegment(r.id, '/')}, {"--policy-document", f}}));
        s.commands.back().refs.push_back({s.commands.back().argv.size() - 1, "policy", f.substr(7)});
        s.undo_note = "The attacker's trust policy is in the investigation (stateAfter); never restore it.";
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kInlinePolicy: {
        if (before.empty()) return;  // a policy the attacker created: eradication deletes it
        std::string aspect;
        for (const std::string& a : r.aspects)
          if (a.rfind("inline-policy:", 0) == 0) aspect = a.substr(14);
        bool role = r.type == "AWS::IAM::Role";
        Step s = Base(r, "restore-inline-policy",
                      "Restore inline policy " + aspect + " of " + (role ? "role " : "user ") + LastSegment(r.id, '/'),
                      rule->why, "1-restore");
        std::string f = Policy(&s, "inline-before", before);
        s.commands.push_back(Aws({"iam", role ? "put-role-policy" : "put-user-policy"},
                                 {{role ? "--role-name" : "--user-name", LastSegment(r.id, '/')},
                                  {"--policy-name", aspect},
                                  {"--policy-document", f}}));
        s.commands.back().refs.push_back({s.commands.back().argv.size() - 1, "policy", f.substr(7)});
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kBucketPolicy: {
        if (before.empty()) return Manual(r, rule->why);
        auto [bucket, key] = S3Parts(r.id);
        Step s = Base(r, "restore-bucket-policy", "Restore the policy of bucket " + bucket, rule->why, "1-restore");
        std::string f = Policy(&s, "bucket-policy-before", before);
        s.commands.push_back(Aws({"s3api", "put-bucket-policy"}, {{"--bucket", bucket}, {"--policy", f}}));
        s.commands.back().refs.push_back({s.commands.back().argv.size() - 1, "policy", f.substr(7)});
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kPublicAccessBlock: {
        auto [bucket, key] = S3Parts(r.id);
        Step s = Base(r, "restore-public-access-block", "Block public access to bucket " + bucket, rule->why,
                      "1-restore");
        s.commands.push_back(Aws({"s3api", "put-public-access-block"},
                                 {{"--bucket", bucket},
                                  {"--public-access-block-configuration",
                                   "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,"
                                   "RestrictPublicBuckets=true"}}));
        if (!before.empty()) s.reason += " The logs show the earlier setting: " + before;
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kVersioning: {
        auto [bucket, key] = S3Parts(r.id);
        Step s = Base(r, "enable-versioning", "Re-enable versioning on bucket " + bucket, rule->why, "2-data");
        s.commands.push_back(Aws({"s3api", "put-bucket-versioning"},
                                 {{"--bucket", bucket}, {"--versioning-configuration", "Status=Enabled"}}));
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kLifecycle: {
        auto [bucket, key] = S3Parts(r.id);
        Step s = Base(r, "restore-lifecycle", "Restore the lifecycle of bucket " + bucket, rule->why, "2-data");
        if (!before.empty()) {
          std::string f = Policy(&s, "lifecycle-before", before);
          s.commands.push_back(Aws({"s3api", "put-bucket-lifecycle-configuration"},
                                   {{"--bucket", bucket}, {"--lifecycle-configuration", f}}));
          s.commands.back().refs.push_back({s.commands.back().argv.size() - 1, "policy", f.substr(7)});
        } else {
          s.reason += " The logs show no earlier lifecycle: the attacker's configuration is removed.";
          s.commands.push_back(Aws({"s3api", "delete-bucket-lifecycle"}, {{"--bucket", bucket}}));
        }
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kStartLogging: {
        Step s = Base(r, "start-logging", "Start logging on trail " + LastSegment(r.id, '/'), rule->why, "1-restore");
        s.commands.push_back(Aws({"cloudtrail", "start-logging"}, {{"--name", r.id}}));
        s.commands.push_back(Aws({"cloudtrail", "get-trail-status"}, {{"--name", r.id}}));
        s.commands.back().read_only = true;
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kEventSelectors: {
        if (before.empty()) return Manual(r, rule->why);
        Step s = Base(r, "restore-event-selectors", "Restore the event selectors of trail " + LastSegment(r.id, '/'),
                      rule->why, "1-restore");
        std::string f = Policy(&s, "event-selectors-before", before);
        bool advanced = before.find("fieldSelectors") != std::string::npos ||
                        before.find("FieldSelectors") != std::string::npos;
        s.commands.push_back(Aws({"cloudtrail", "put-event-selectors"},
                                 {{"--trail-name", r.id}, {advanced ? "--advanced-event-selectors" : "--event-selectors", f}}));
        s.commands.back().refs.push_back({s.commands.back().argv.size() - 1, "policy", f.substr(7)});
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kRecreateDetector: {
        Step s = Base(r, "recreate-detector", "Create a GuardDuty detector again in " + r.region, rule->why,
                      "1-restore");
        s.commands.push_back(Aws({"guardduty", "create-detector", "--enable"}));
        if (!before.empty()) s.reason += " Its last known configuration: " + before;
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kUndeleteObject: {
        auto [bucket, key] = S3Parts(r.id);
        Step s = Base(r, "undelete-object", "Find the versions of s3://" + bucket + "/" + key, rule->why, "2-data");
        s.commands.push_back(Aws({"s3api", "list-object-versions"}, {{"--bucket", bucket}, {"--prefix", key}}));
        s.commands.back().read_only = true;
        s.undo_note = "If a delete marker is the latest version, delete that marker "
                      "(aws s3api delete-object --bucket B --key K --version-id <marker's VersionId>); if the "
                      "bucket had no versioning, restore the object from backups or replicas.";
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kRotateSecret: {
        Step s = Base(r, "rotate-secret", "Rotate the secret " + r.id, rule->why, "3-rotate");
        s.commands.push_back(Aws({"secretsmanager", "rotate-secret"}, {{"--secret-id", r.id}}));
        s.commands.back().may_fail = true;  // fails when no rotation function is configured
        s.undo_note = "Rotation cannot be undone (the old value must not come back). If no rotation function "
                      "is configured the command fails: change the credential at its source and put the new "
                      "value (aws secretsmanager put-secret-value).";
        plan_.steps.push_back(std::move(s));
        return;
      }
      case Restore::kManual:
        return Manual(r, rule->why);
    }
  }

  // Data the attacker read: a breach assessment per bucket.
  void Exposure() {
    struct Read {
      uint64_t objects = 0;
      double bytes = 0;
      std::vector<std::string> events;
    };
    std::map<std::string, Read> by_bucket;
    for (const InvResource& r : inv_.resources) {
      if (r.type != "AWS::S3::Object" || r.action != "read") continue;
      Read& x = by_bucket[S3Parts(r.id).first];
      ++x.objects;
      if (r.bytes > 0) x.bytes += r.bytes;
      for (const std::string& e : r.event_ids)
        if (x.events.size() < 10) x.events.push_back(e);
    }
    for (const auto& [bucket, x] : by_bucket) {
      ManualStep m;
      m.title = "Assess the data read from bucket " + bucket;
      m.detail = std::to_string(x.objects) + " object(s)" +
                 (x.bytes > 0 ? ", " + std::to_string(static_cast<uint64_t>(x.bytes)) + " bytes transferred" : "") +
                 " read by the attacker (the investigation's resources[] list them). Decide with the data "
                 "owner and legal whether it holds personal or regulated data to notify about, and rotate "
                 "any credentials stored in it.";
      m.evidence = x.events;
      plan_.manual.push_back(std::move(m));
    }
  }

  // Owners whose credentials containment cut (a seed key they kept using).
  void Owners() {
    std::map<std::string, uint64_t> owner_calls;
    for (const InvEvent& e : inv_.events)
      if (e.attribution == "owner" && !e.credential.empty()) ++owner_calls[e.credential];
    for (const InvCredential& c : inv_.credentials) {
      auto it = owner_calls.find(c.id);
      if (it == owner_calls.end()) continue;
      ManualStep m;
      if (c.kind == "access-key") {
        m.title = "Give " + c.principal_arn + " a new access key";
        m.detail = "Its owner made " + std::to_string(it->second) + " call(s) with " + c.id +
                   " after the compromise; containment deactivated it. Create a new key (aws iam "
                   "create-access-key --user-name U), move every consumer to it, then delete the old key.";
      } else {
        m.title = "Restore the legitimate use of " + c.principal_arn;
        m.detail = "Its legitimate user made " + std::to_string(it->second) + " call(s) with " + c.id +
                   " after the compromise; the deny that containment applied to sessions issued before " + opt_.at +
                   " stops them too. New sessions work (instances and functions get them automatically); "
                   "people must sign in again and clear cached CLI credentials.";
      }
      plan_.manual.push_back(std::move(m));
    }
  }

  const Investigation& inv_;
  const PlanOptions& opt_;
  Plan plan_;
  std::set<std::string> created_;
  int policy_seq_ = 0;
};

}  // namespace

Result<Plan> PlanRecovery(const Investigation& inv, const PlanOptions& opt) {
  auto t = ParseIsoTime(opt.at);
  if (!t) return Status::InvalidArgument("time is not an ISO 8601 time: " + opt.at);
  PlanOptions o = opt;
  o.at = FormatIsoTime(*t);
  return Recoverer(inv, o).Build();
}

}  // namespace credtrace::respond
