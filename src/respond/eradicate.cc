// The eradication planner (docs/RESPONSE.md "Eradication"): removes what the attacker created.
#include <algorithm>
#include <map>
#include <set>

#include "base/time.h"
#include "respond/planner_util.h"
#include "respond/respond.h"

namespace credtrace::respond {

namespace {

using namespace detail;

const std::vector<std::string> kOrder = {
    "1-shares: take back what the attacker shared with other accounts (snapshot and image permissions) and the "
    "network openings they made: nothing is deleted and the exposure ends at once.",
    "2-credentials: delete the access keys the attacker created (their users are contained already).",
    "3-compute: forensic snapshot, then terminate the attacker's instances in every region; delete their functions "
    "(code saved first), rules, key pairs, then the security groups the instances used.",
    "4-identities: delete the IAM users, roles, instance profiles, groups and policies they created, dependents "
    "first (a user's login profile, keys, policies, groups, MFA devices, then the user), and Roles Anywhere trust "
    "anchors and profiles.",
    "5-data: snapshots, volumes and images they created, last: they may be the copies they exfiltrated, so they are "
    "evidence until the case is closed.",
};

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

// The last path element of an ARN's resource ("user/path/NAME" -> NAME), or the ID itself.
std::string NameOf(const std::string& id) {
  Arn a = ParseArn(id);
  std::string r = a.resource.empty() ? id : a.resource;
  size_t k = r.find_last_of("/:");
  return k == std::string::npos ? r : r.substr(k + 1);
}

std::string RegionOf(const InvResource& r) {
  if (!r.region.empty() && r.region != "global") return r.region;
  return ParseArn(r.id).region;
}

class Eradicator {
 public:
  Eradicator(const Investigation& inv, const PlanOptions& opt) : inv_(inv), opt_(opt) {}

  Plan Build() {
    plan_.phase = Phase::kEradicate;
    plan_.case_dir = opt_.case_dir;
    plan_.at = opt_.at;
    plan_.investigation = inv_.schema + (inv_.created.empty() ? "" : " created " + inv_.created);
    plan_.order = kOrder;
    for (const InvResource& r : inv_.resources)
      if (r.action == "shared") Share(r);
    for (const InvResource& r : inv_.resources)
      if (r.action == "modified" && r.type == "AWS::EC2::SecurityGroup") SecurityGroupOpening(r);
    MintedKeys();
    const char* compute[] = {"AWS::EC2::Instance", "AWS::Lambda::Function", "AWS::Events::Rule", "AWS::EC2::KeyPair",
                             "AWS::EC2::LaunchTemplate", "AWS::EC2::SecurityGroup"};
    for (const char* type : compute)
      for (const InvResource& r : inv_.resources)
        if (r.action == "created" && r.type == type) Created(r);
    const char* identities[] = {"AWS::IAM::User", "AWS::IAM::InstanceProfile", "AWS::IAM::Role", "AWS::IAM::Group",
                                "AWS::IAM::Policy", "AWS::IAM::MFADevice", "AWS::RolesAnywhere::Profile",
                                "AWS::RolesAnywhere::TrustAnchor"};
    for (const char* type : identities)
      for (const InvResource& r : inv_.resources)
        if (r.action == "created" && r.type == type) Created(r);
    for (const InvResource& r : inv_.resources)
      if (r.action == "created" && !handled_.count(r.id + "\n" + r.type) && r.type != "AWS::IAM::AccessKey") Created(r);
    Manual();
    NumberSteps(&plan_);
    return std::move(plan_);
  }

 private:
  Step Base(const InvResource& r, const std::string& action, const std::string& type, const std::string& stage) {
    Step s;
    s.stage = stage;
    s.action = action;
    s.target = r.id;
    s.target_type = type;
    s.account = r.account.empty() ? ParseArn(r.id).account : r.account;
    s.evidence = r.event_ids;
    if (s.evidence.size() > 5) s.evidence.resize(5);
    return s;
  }

  void Push(Step s, const InvResource& r) {
    handled_.insert(r.id + "\n" + r.type);
    plan_.steps.push_back(std::move(s));
  }

  static Command Read(Command c) {
    c.read_only = true;
    return c;
  }

  void Share(const InvResource& r) {
    bool snapshot = r.type == "AWS::EC2::Snapshot";
    bool image = r.type == "AWS::EC2::Image";
    if (!snapshot && !image) {
      manual_.push_back({"", "Take back the share of " + r.id,
                         "The attacker shared this " + r.type + " with " + std::to_string(r.shared_with.size()) +
                             " account(s) or group(s); no command is known to the planner for this type.",
                         r.event_ids});
      return;
    }
    std::string id = NameOf(r.id);
    Step s = Base(r, snapshot ? "unshare-snapshot" : "unshare-image", snapshot ? "ec2-snapshot" : "ec2-image", "1-shares");
    s.region = RegionOf(r);
    s.title = std::string("Remove the ") + (snapshot ? "create-volume" : "launch") + " permissions the attacker gave on " + id;
    s.reason = "Shared with " + (r.shared_with.empty() ? std::string("other accounts") : std::to_string(r.shared_with.size()) + " account(s)/group(s)") +
               ": any of them can copy the data until the permission is removed. Copies already made are outside "
               "your account (report them).";
    s.blast_radius = "the accounts it was shared with lose access; check none is a legitimate partner.";
    std::string attr = snapshot ? "createVolumePermission" : "launchPermission";
    std::string opt = snapshot ? "--snapshot-id" : "--image-id";
    std::string verb = snapshot ? "modify-snapshot-attribute" : "modify-image-attribute";
    s.commands.push_back(Read(Aws({"ec2", snapshot ? "describe-snapshot-attribute" : "describe-image-attribute"},
                                  {{opt, id}, {"--attribute", attr}})));
    for (const std::string& who : r.shared_with) {
      bool group = who == "all";
      s.commands.push_back(Aws({"ec2", verb}, {{opt, id}, {"--attribute", attr}, {"--operation-type", "remove"},
                                               {group ? "--group-names" : "--user-ids", who}}));
      s.undo.push_back(Aws({"ec2", verb}, {{opt, id}, {"--attribute", attr}, {"--operation-type", "add"},
                                           {group ? "--group-names" : "--user-ids", who}}));
    }
    if (r.shared_with.empty()) s.undo_note = "The accounts are not in the investigation: read them in the describe output.";
    plan_.steps.push_back(std::move(s));
  }

  // Ingress/egress rules the attacker opened, revoked by rule ID when the response named them.
  void SecurityGroupOpening(const InvResource& r) {
    bool ingress = std::find(r.aspects.begin(), r.aspects.end(), "ingress") != r.aspects.end();
    bool egress = std::find(r.aspects.begin(), r.aspects.end(), "egress") != r.aspects.end();
    if (!ingress && !egress) return;
    std::string gid = NameOf(r.id);
    std::vector<std::string> rules;
    try {
      auto j = nlohmann::json::parse(r.state_after);
      if (j.is_object() && j.contains("items") && j["items"].is_array())
        for (const auto& it : j["items"])
          if (it.is_object() && it.contains("securityGroupRuleId") && it["securityGroupRuleId"].is_string())
            rules.push_back(it["securityGroupRuleId"].get<std::string>());
    } catch (const nlohmann::json::exception&) {
    }
    Step s = Base(r, "revoke-security-group-rules", "ec2-security-group", "1-shares");
    s.region = RegionOf(r);
    s.title = "Revoke the security-group rules the attacker opened on " + gid;
    s.reason = std::string("The attacker added ") + (ingress ? "ingress" : "egress") +
               " rules (an opening to the network); revoking them closes it and deletes nothing else.";
    s.blast_radius = "group " + gid + ": the instances in it lose only the attacker's rules.";
    s.commands.push_back(Read(Aws({"ec2", "describe-security-group-rules"}, {{"--filters", "Name=group-id,Values=" + gid}})));
    if (!IsEc2Id(gid, "sg")) s.commands.pop_back();
    if (rules.empty()) {
      s.undo_note = "The rule IDs are not in the investigation: find the attacker's rules in the describe output "
                    "and revoke them with aws ec2 revoke-security-group-" + std::string(ingress ? "ingress" : "egress") +
                    " --group-id GROUP --security-group-rule-ids sgr-...; the recovery plan gives the state before.";
    } else {
      Command c = Aws({"ec2", ingress ? "revoke-security-group-ingress" : "revoke-security-group-egress"}, {{"--group-id", gid}});
      c.argv.push_back("--security-group-rule-ids");
      for (const std::string& x : rules) c.argv.push_back(x);
      s.commands.push_back(c);
      s.undo_note = "Re-authorize the rules from the stateAfter of the investigation (they were the attacker's).";
    }
    plan_.steps.push_back(std::move(s));
  }

  // Access keys the attacker created (credentials with a parent), deleted: containment only
  // deactivated them.
  void MintedKeys() {
    for (const InvCredential& c : inv_.credentials) {
      if (c.kind != "access-key" || c.parent.empty()) continue;
      Principal u = ParsePrincipal(c.principal_arn);
      if (u.kind != "user") continue;
      Step s;
      s.stage = "2-credentials";
      s.action = "delete-access-key";
      s.target = c.id;
      s.target_type = "access-key";
      s.account = u.account;
      s.title = "Delete access key " + c.id + " the attacker created for user " + u.name;
      s.reason = "Made by the attacker (event " + c.created_by_event_id +
                 "); contained (inactive) since the containment plan. Deleting it ends it for good.";
      AddUnique(&s.evidence, c.created_by_event_id);
      s.credentials = {c.id};
      s.destructive = true;
      s.blast_radius = "none: nobody but the attacker had this key.";
      s.preserve_first.push_back("aws iam get-access-key-last-used records its last use before it is gone.");
      s.commands.push_back(Read(Aws({"iam", "get-access-key-last-used"}, {{"--access-key-id", c.id}})));
      s.commands.push_back(Aws({"iam", "delete-access-key"}, {{"--user-name", u.name}, {"--access-key-id", c.id}}));
      s.undo_note = "A deleted key cannot be restored (and should not be).";
      deleted_keys_.insert(c.id);
      plan_.steps.push_back(std::move(s));
    }
  }

  void Created(const InvResource& r) {
    if (handled_.count(r.id + "\n" + r.type)) return;
    const std::string& t = r.type;
    std::string name = NameOf(r.id);
    std::string region = RegionOf(r);
    if (t == "AWS::EC2::Instance") {
      if (!IsEc2Id(name, "i")) return Unknown(r, "its ID is not an EC2 instance ID");
      Step s = Base(r, "terminate-instance", "ec2-instance", "3-compute");
      s.region = region;
      s.title = "Terminate instance " + name + " the attacker launched in " + (region.empty() ? "(region unknown)" : region);
      s.reason = "Launched by the attacker (mining, a foothold, an instance-profile credential source). Snapshot "
                 "its volumes first: they show what it ran.";
      s.destructive = true;
      s.blast_radius = "none: launched by the attacker.";
      s.preserve_first.push_back("Forensic snapshots of its volumes (create-snapshots, first command); its console "
                                 "output with aws ec2 get-console-output.");
      s.commands.push_back(Read(Aws({"ec2", "describe-instances"}, {{"--instance-ids", name}})));
      s.commands.push_back(Aws({"ec2", "create-snapshots"}, {{"--instance-specification", "InstanceId=" + name},
                                                             {"--description", "credtrace forensic snapshot of " + name}}));
      Command np = Aws({"ec2", "modify-instance-attribute"}, {{"--instance-id", name}});
      np.argv.push_back("--no-disable-api-termination");
      s.commands.push_back(np);
      s.commands.push_back(Aws({"ec2", "terminate-instances"}, {{"--instance-ids", name}}));
      s.undo_note = "Termination cannot be undone; the snapshots keep its disks.";
      return Push(std::move(s), r);
    }
    if (t == "AWS::Lambda::Function") {
      Step s = Base(r, "delete-function", "lambda-function", "3-compute");
      s.region = region;
      s.title = "Delete Lambda function " + name + " the attacker created";
      s.reason = "Created by the attacker: its execution role gave them sessions, and its code is theirs.";
      s.destructive = true;
      s.blast_radius = "none: created by the attacker.";
      s.preserve_first.push_back("aws lambda get-function returns a link to download its code: keep the code and "
                                 "configuration as evidence.");
      s.commands.push_back(Read(Aws({"lambda", "get-function"}, {{"--function-name", name}})));
      s.commands.push_back(Aws({"lambda", "delete-function"}, {{"--function-name", name}}));
      s.undo_note = "A deleted function cannot be restored; keep the downloaded code.";
      return Push(std::move(s), r);
    }
    if (t == "AWS::Events::Rule") {
      Step s = Base(r, "delete-event-rule", "events-rule", "3-compute");
      s.region = region;
      s.title = "Delete EventBridge rule " + name + " the attacker created";
      s.reason = "A rule re-runs the attacker's targets on a schedule or an event (persistence).";
      s.destructive = true;
      s.blast_radius = "none: created by the attacker.";
      s.preserve_first.push_back("describe-rule and list-targets-by-rule (first commands) record it.");
      s.commands.push_back(Read(Aws({"events", "describe-rule"}, {{"--name", name}})));
      s.commands.push_back(Read(Aws({"events", "list-targets-by-rule"}, {{"--rule", name}})));
      s.commands.push_back(Aws({"events", "delete-rule"}, {{"--name", name}}));
      s.undo_note = "Re-create it from the describe output (not wanted: it is the attacker's). delete-rule fails "
                    "while targets remain: remove them with aws events remove-targets --rule NAME --ids ID....";
      return Push(std::move(s), r);
    }
    if (t == "AWS::EC2::KeyPair") {
      Step s = Base(r, "delete-key-pair", "ec2-key-pair", "3-compute");
      s.region = region;
      s.title = "Delete EC2 key pair " + name + " the attacker made";
      s.reason = "Instances launched with it accept the attacker's SSH key.";
      s.destructive = true;
      s.blast_radius = "none: created by the attacker; instances already launched with it keep the key "
                       "(they are terminated above).";
      s.commands.push_back(Aws({"ec2", "delete-key-pair"}, {{"--key-name", name}}));
      s.undo_note = "Not restorable (the private key was the attacker's).";
      return Push(std::move(s), r);
    }
    if (t == "AWS::EC2::LaunchTemplate") {
      Step s = Base(r, "delete-launch-template", "ec2-launch-template", "3-compute");
      s.region = region;
      s.title = "Delete launch template " + name + " the attacker created";
      s.reason = "Lets anyone re-launch the attacker's instances.";
      s.destructive = true;
      s.blast_radius = "none: created by the attacker.";
      s.commands.push_back(Aws({"ec2", "delete-launch-template"}, {{"--launch-template-id", name}}));
      return Push(std::move(s), r);
    }
    if (t == "AWS::EC2::SecurityGroup") {
      if (!IsEc2Id(name, "sg")) return Unknown(r, "its ID is not a security-group ID");
      Step s = Base(r, "delete-security-group", "ec2-security-group", "3-compute");
      s.region = region;
      s.title = "Delete security group " + name + " the attacker created";
      s.reason = "Created by the attacker for their instances; deleted after the instances are terminated (it "
                 "fails while an interface still uses it).";
      s.destructive = true;
      s.blast_radius = "none: created by the attacker.";
      s.commands.push_back(Aws({"ec2", "delete-security-group"}, {{"--group-id", name}}));
      return Push(std::move(s), r);
    }
    if (t == "AWS::IAM::User") return User(r, name);
    if (t == "AWS::IAM::Role") return Role(r, name);
    if (t == "AWS::IAM::InstanceProfile") {
      Step s = Base(r, "delete-instance-profile", "iam-instance-profile", "4-identities");
      s.title = "Delete instance profile " + name + " the attacker created";
      s.reason = "It hands a role to instances; roles must be removed from it before it can be deleted.";
      s.destructive = true;
      s.blast_radius = "none: created by the attacker.";
      s.commands.push_back(Read(Aws({"iam", "get-instance-profile"}, {{"--instance-profile-name", name}})));
      for (const std::string& role : RolesInProfile(r))
        s.commands.push_back(Aws({"iam", "remove-role-from-instance-profile"},
                                 {{"--instance-profile-name", name}, {"--role-name", role}}));
      s.commands.push_back(Aws({"iam", "delete-instance-profile"}, {{"--instance-profile-name", name}}));
      s.undo_note = "Not restorable (and not wanted).";
      return Push(std::move(s), r);
    }
    if (t == "AWS::IAM::Policy") {
      Step s = Base(r, "delete-policy", "iam-policy", "4-identities");
      s.title = "Delete managed policy " + name + " the attacker created";
      s.reason = "Created by the attacker; it must be detached from every user, group and role and its non-default "
                 "versions deleted first (list-entities-for-policy, list-policy-versions).";
      s.destructive = true;
      s.blast_radius = "whoever it is attached to loses it (see list-entities-for-policy).";
      s.preserve_first.push_back("Its document is in the investigation (stateAfter) and in get-policy-version.");
      s.commands.push_back(Read(Aws({"iam", "list-entities-for-policy"}, {{"--policy-arn", r.id}})));
      s.commands.push_back(Read(Aws({"iam", "list-policy-versions"}, {{"--policy-arn", r.id}})));
      s.commands.push_back(Aws({"iam", "delete-policy"}, {{"--policy-arn", r.id}}));
      s.undo_note = "Not restorable (and not wanted).";
      return Push(std::move(s), r);
    }
    if (t == "AWS::IAM::Group") {
      Step s = Base(r, "delete-group", "iam-group", "4-identities");
      s.title = "Delete IAM group " + name + " the attacker created";
      s.reason = "Members inherit its policies; members, attached and inline policies go first (get-group, "
                 "list-attached-group-policies, list-group-policies).";
      s.destructive = true;
      s.blast_radius = "its members lose its permissions (see get-group).";
      s.commands.push_back(Read(Aws({"iam", "get-group"}, {{"--group-name", name}})));
      s.commands.push_back(Read(Aws({"iam", "list-attached-group-policies"}, {{"--group-name", name}})));
      s.commands.push_back(Aws({"iam", "delete-group"}, {{"--group-name", name}}));
      return Push(std::move(s), r);
    }
    if (t == "AWS::IAM::MFADevice") {
      Step s = Base(r, "delete-mfa-device", "iam-mfa-device", "4-identities");
      s.title = "Delete the virtual MFA device " + name + " the attacker created";
      s.reason = "An MFA device the attacker holds lets them pass MFA checks; deactivate it on its user first "
                 "(aws iam deactivate-mfa-device --user-name USER --serial-number ARN).";
      s.destructive = true;
      s.blast_radius = "none: created by the attacker.";
      s.commands.push_back(Aws({"iam", "delete-virtual-mfa-device"}, {{"--serial-number", r.id}}));
      return Push(std::move(s), r);
    }
    if (t == "AWS::RolesAnywhere::TrustAnchor" || t == "AWS::RolesAnywhere::Profile") {
      bool anchor = t == "AWS::RolesAnywhere::TrustAnchor";
      Step s = Base(r, anchor ? "delete-trust-anchor" : "delete-rolesanywhere-profile",
                    anchor ? "rolesanywhere-trust-anchor" : "rolesanywhere-profile", "4-identities");
      s.region = region;
      s.title = std::string("Delete the Roles Anywhere ") + (anchor ? "trust anchor " : "profile ") + name;
      s.reason = "Created by the attacker: certificates of their CA obtain role sessions through it.";
      s.destructive = true;
      s.blast_radius = "none: created by the attacker.";
      std::string opt = anchor ? "--trust-anchor-id" : "--profile-id";
      s.commands.push_back(Aws({"rolesanywhere", anchor ? "delete-trust-anchor" : "delete-profile"}, {{opt, name}}));
      return Push(std::move(s), r);
    }
    if (t == "AWS::EC2::Snapshot" || t == "AWS::EC2::Volume" || t == "AWS::EC2::Image") {
      std::string what = t == "AWS::EC2::Snapshot" ? "snapshot" : t == "AWS::EC2::Volume" ? "volume" : "image";
      Step s = Base(r, "delete-" + what, "ec2-" + what, "5-data");
      s.region = region;
      s.title = "Delete the " + what + " " + name + " the attacker made (after the case is closed)";
      s.reason = "Made by the attacker, often to copy data out. It is evidence of what they took: delete it only "
                 "once the case no longer needs it.";
      s.destructive = true;
      s.blast_radius = "none: made by the attacker.";
      s.preserve_first.push_back("Keep it until the investigation is closed; check it is not shared (describe-*-attribute).");
      if (what == "snapshot") s.commands.push_back(Aws({"ec2", "delete-snapshot"}, {{"--snapshot-id", name}}));
      if (what == "volume") s.commands.push_back(Aws({"ec2", "delete-volume"}, {{"--volume-id", name}}));
      if (what == "image") s.commands.push_back(Aws({"ec2", "deregister-image"}, {{"--image-id", name}}));
      return Push(std::move(s), r);
    }
    Unknown(r, "the planner has no command for this type");
  }

  void Unknown(const InvResource& r, const std::string& why) {
    handled_.insert(r.id + "\n" + r.type);
    Step s = Base(r, "remove-by-hand", r.type, "6-other");
    s.region = RegionOf(r);
    s.title = "Remove " + r.type + " " + r.id + " the attacker created";
    s.reason = "Created by the attacker; " + why + ": remove it by hand after preserving what the case needs.";
    s.destructive = true;
    s.blast_radius = "none expected: created by the attacker.";
    s.undo_note = "No command generated.";
    plan_.steps.push_back(std::move(s));
  }

  std::vector<std::string> RolesInProfile(const InvResource& r) {
    std::vector<std::string> roles;
    // The roles the attacker created in the same events (CreateInstanceProfile + AddRoleToInstanceProfile).
    for (const InvResource& x : inv_.resources)
      if (x.type == "AWS::IAM::Role" && x.action == "created") {
        for (const std::string& id : x.event_ids)
          if (std::find(r.event_ids.begin(), r.event_ids.end(), id) != r.event_ids.end()) AddUnique(&roles, NameOf(x.id));
      }
    return roles;
  }

  void User(const InvResource& r, const std::string& name) {
    Step s = Base(r, "delete-user", "iam-user", "4-identities");
    s.title = "Delete IAM user " + name + " the attacker created, with everything attached to it";
    s.reason = "Created by the attacker (a backdoor identity). IAM deletes a user only once nothing hangs on it, so "
               "the dependents go first: login profile, access keys, inline and attached policies, group "
               "memberships, MFA devices, then the user. The inventory commands list what the investigation may "
               "not have seen; delete-user fails (DeleteConflict) while anything remains.";
    s.destructive = true;
    s.blast_radius = "none: created by the attacker.";
    s.preserve_first.push_back("The inventory (first commands) goes to the log: it is the record of the backdoor.");
    for (const char* list : {"list-access-keys", "list-attached-user-policies", "list-user-policies",
                             "list-groups-for-user", "list-mfa-devices", "list-signing-certificates",
                             "list-ssh-public-keys", "list-service-specific-credentials"})
      s.commands.push_back(Read(Aws({"iam", list}, {{"--user-name", name}})));
    bool has_password = false;
    std::vector<std::string> keys, policies, groups, inline_policies, mfa;
    std::string arn_tail = ":user/" + name;
    for (const InvCredential& c : inv_.credentials) {
      if (!c.principal_arn.ends_with(arn_tail)) continue;
      if (c.kind == "console-password") has_password = true;
      if (c.kind == "access-key" && !deleted_keys_.count(c.id)) keys.push_back(c.id);
    }
    for (const InvResource& x : inv_.resources) {
      if (x.type != "AWS::IAM::User" || !(x.id == r.id || x.id.ends_with(arn_tail))) continue;
      for (const std::string& a : x.aspects) {
        if (a == "login-profile") has_password = true;
        if (a.rfind("inline-policy:", 0) == 0) AddUnique(&inline_policies, a.substr(14));
      }
    }
    for (const InvGrant& g : inv_.grants) {
      if (g.target != name) continue;
      if (g.rule == "iam-attach-user-policy")
        for (const InvResource& x : inv_.resources)
          if (std::find(x.event_ids.begin(), x.event_ids.end(), g.event_id) != x.event_ids.end() &&
              std::find(x.aspects.begin(), x.aspects.end(), "attached-policy") != x.aspects.end()) {
            try {
              auto j = nlohmann::json::parse(x.state_after);
              if (j.is_string()) AddUnique(&policies, j.get<std::string>());
            } catch (const nlohmann::json::exception&) {
            }
          }
    }
    if (has_password) {
      s.commands.push_back(Aws({"iam", "delete-login-profile"}, {{"--user-name", name}}));
      s.commands.back().may_fail = true;  // containment deleted it already
    }
    for (const std::string& k : keys)
      s.commands.push_back(Aws({"iam", "delete-access-key"}, {{"--user-name", name}, {"--access-key-id", k}}));
    for (const std::string& p : inline_policies)
      s.commands.push_back(Aws({"iam", "delete-user-policy"}, {{"--user-name", name}, {"--policy-name", p}}));
    s.commands.push_back(Aws({"iam", "delete-user-policy"}, {{"--user-name", name}, {"--policy-name", "IR-DenyAll"}}));
    s.commands.back().may_fail = true;  // only there when containment denied the user
    for (const std::string& p : policies)
      s.commands.push_back(Aws({"iam", "detach-user-policy"}, {{"--user-name", name}, {"--policy-arn", p}}));
    for (const std::string& g : groups)
      s.commands.push_back(Aws({"iam", "remove-user-from-group"}, {{"--group-name", g}, {"--user-name", name}}));
    for (const std::string& m : mfa)
      s.commands.push_back(Aws({"iam", "deactivate-mfa-device"}, {{"--user-name", name}, {"--serial-number", m}}));
    s.commands.push_back(Aws({"iam", "delete-user"}, {{"--user-name", name}}));
    s.undo_note = "Not restorable (and not wanted). If a command fails because the item is already gone, run the "
                  "remaining ones by hand.";
    Push(std::move(s), r);
  }

  void Role(const InvResource& r, const std::string& name) {
    Step s = Base(r, "delete-role", "iam-role", "4-identities");
    s.title = "Delete IAM role " + name + " the attacker created";
    s.reason = "Created by the attacker (a role for their instances or functions, or a backdoor trust). Its "
               "policies and instance-profile memberships go first, then the role.";
    s.destructive = true;
    s.blast_radius = "none: created by the attacker.";
    s.preserve_first.push_back("get-role (first command) records its trust policy.");
    s.commands.push_back(Read(Aws({"iam", "get-role"}, {{"--role-name", name}})));
    s.commands.push_back(Read(Aws({"iam", "list-attached-role-policies"}, {{"--role-name", name}})));
    s.commands.push_back(Read(Aws({"iam", "list-role-policies"}, {{"--role-name", name}})));
    s.commands.push_back(Read(Aws({"iam", "list-instance-profiles-for-role"}, {{"--role-name", name}})));
    for (const InvGrant& g : inv_.grants) {
      if (g.target != name || g.rule != "iam-attach-role-policy") continue;
      for (const InvResource& x : inv_.resources)
        if (std::find(x.event_ids.begin(), x.event_ids.end(), g.event_id) != x.event_ids.end()) {
          try {
            auto j = nlohmann::json::parse(x.state_after);
            if (j.is_string())
              s.commands.push_back(Aws({"iam", "detach-role-policy"}, {{"--role-name", name}, {"--policy-arn", j.get<std::string>()}}));
          } catch (const nlohmann::json::exception&) {
          }
        }
    }
    for (const InvResource& x : inv_.resources)
      if (x.type == "AWS::IAM::InstanceProfile" && x.action == "created")
        for (const std::string& id : x.event_ids)
          if (std::find(r.event_ids.begin(), r.event_ids.end(), id) != r.event_ids.end())
            s.commands.push_back(Aws({"iam", "remove-role-from-instance-profile"},
                                     {{"--instance-profile-name", NameOf(x.id)}, {"--role-name", name}}));
    s.commands.push_back(Aws({"iam", "delete-role-policy"}, {{"--role-name", name}, {"--policy-name", "AWSRevokeOlderSessions"}}));
    s.commands.back().may_fail = true;  // only there when containment revoked its sessions
    s.commands.push_back(Aws({"iam", "delete-role"}, {{"--role-name", name}}));
    s.undo_note = "Not restorable (and not wanted). Commands for items already gone fail: run the rest by hand.";
    Push(std::move(s), r);
  }

  void Manual() {
    for (ManualStep& m : manual_) plan_.manual.push_back(std::move(m));
    plan_.manual.push_back({"", "Run the eradication only after containment holds",
                            "Containment first, then 30 minutes without successful use of a contained credential; "
                            "otherwise the attacker re-creates what is removed here.",
                            {}});
    plan_.manual.push_back({"", "Look in every region",
                            "The plan covers the regions the attacker's events name. Check the others for instances, "
                            "functions and snapshots (aws ec2 describe-regions, then describe-instances per region).",
                            {}});
  }

  const Investigation& inv_;
  const PlanOptions& opt_;
  Plan plan_;
  std::set<std::string> handled_, deleted_keys_;
  std::vector<ManualStep> manual_;
};

}  // namespace

Result<Plan> PlanEradication(const Investigation& inv, const PlanOptions& opt) {
  auto t = ParseIsoTime(opt.at);
  if (!t) return Status::InvalidArgument("time is not an ISO 8601 time: " + opt.at);
  PlanOptions o = opt;
  o.at = FormatIsoTime(*t);
  return Eradicator(inv, o).Build();
}

}  // namespace credtrace::respond
