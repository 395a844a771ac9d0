// The containment planner (docs/RESPONSE.md "Containment").
#include <algorithm>
#include <map>
#include <set>

#include "base/time.h"
#include "respond/planner_util.h"
#include "respond/policies.h"
#include "respond/respond.h"

namespace credtrace::respond {

namespace {

using namespace detail;

// Stages, in the order they run; each says why it is where it is.
constexpr const char* kStageDeny = "1-deny";
constexpr const char* kStageKeys = "2-keys";
constexpr const char* kStageGrants = "3-grants";
constexpr const char* kStageIsolate = "4-instances";

const std::vector<std::string> kOrder = {
    "1-deny: deny policies on every compromised IAM user (IR-DenyAll) and role (AWSRevokeOlderSessions, or a deny "
    "on the stolen session names), and trust-policy lockdown of backdoored roles, applied in one burst. A deny cuts "
    "every credential of the principal at once, including sessions the investigation did not see, and once every "
    "principal the attacker holds is denied none of their credentials can call IAM to remove another's deny.",
    "2-keys: deactivate the long-term access keys (not delete: the key ID stays for the investigation and can be "
    "re-activated after a false positive) and delete the console passwords (login profiles). Done after the denies "
    "because deactivation can be reversed by anyone holding iam:UpdateAccessKey, which the denies have taken away.",
    "3-grants: take back the access the attacker granted to existing principals (managed policies attached, group "
    "memberships, Roles Anywhere trust anchors and profiles). Detaching or disabling removes access without deleting "
    "anything, and the undo is one command, so it belongs to containment; inline policies and policy versions the "
    "attacker wrote are deleted by the eradication plan.",
    "4-instances: for instances whose role sessions were stolen: forensic snapshots first, then termination "
    "protection, network isolation and removal of the instance profile; functions whose sessions were stolen are "
    "throttled to zero. Last, because these steps touch workloads and the credentials are already denied.",
};

struct Key {
  std::string account, name;
  bool operator<(const Key& o) const { return std::tie(account, name) < std::tie(o.account, o.name); }
};

struct UserTarget {
  std::vector<std::string> credentials, evidence;
  std::set<std::string> kinds;
};

struct RoleTarget {
  std::vector<std::string> credentials, evidence;
  std::vector<std::string> sessions;           // every stolen session name
  std::vector<std::string> instance_sessions;  // instance IDs
  std::vector<std::string> lambda_sessions;    // function names
  bool plain_sessions = false;                 // role-session / other kinds: revoke by issue time
};

struct InstanceTarget {
  std::string account, region, role;
  std::vector<std::string> credentials, evidence;
};

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

class Planner {
 public:
  Planner(const Investigation& inv, const PlanOptions& opt) : inv_(inv), opt_(opt), usage_(inv, opt.at) {
    for (size_t i = 0; i < inv.credentials.size(); ++i) by_id_[inv.credentials[i].id] = i;
    for (const InvEvent& e : inv.events) events_[e.event_id] = &e;
  }

  Plan Build() {
    plan_.phase = Phase::kContain;
    plan_.case_dir = opt_.case_dir;
    plan_.at = opt_.at;
    plan_.investigation = inv_.schema + (inv_.created.empty() ? "" : " created " + inv_.created);
    plan_.order = kOrder;
    Collect();
    DenyUsers();
    DenyRoles();
    TrustLockdowns();
    Keys();
    Grants();
    Instances();
    Functions();
    Manual();
    NumberSteps(&plan_);
    return std::move(plan_);
  }

 private:
  // The IAM user whose permissions a credential has (itself for keys and passwords, the issuer
  // for federation and session tokens); kind "root" for root; empty when unknown.
  Principal IssuingUser(const InvCredential& c) {
    std::set<std::string> seen;
    const InvCredential* cur = &c;
    while (cur && seen.insert(cur->id).second) {
      Principal p = ParsePrincipal(cur->principal_arn);
      if (p.kind == "user" || p.kind == "root") return p;
      if (p.kind == "assumed-role") return Principal{};
      // A federated user or a console session of one: the user that called GetFederationToken.
      if (!cur->created_by_event_id.empty()) {
        auto e = events_.find(cur->created_by_event_id);
        if (e != events_.end()) {
          Principal q = ParsePrincipal(e->second->principal_arn);
          if (q.kind == "user" || q.kind == "root") return q;
        }
      }
      auto parent = by_id_.find(cur->parent);
      cur = parent == by_id_.end() ? nullptr : &inv_.credentials[parent->second];
    }
    return Principal{};
  }

  std::vector<std::string> EvidenceOf(const InvCredential& c) {
    std::vector<std::string> ev;
    AddUnique(&ev, c.created_by_event_id);
    for (const std::string& id : EventsOf(inv_, c.id, 3)) AddUnique(&ev, id);
    return ev;
  }

  void Collect() {
    for (const InvCredential& c : inv_.credentials) {
      Principal p = ParsePrincipal(c.principal_arn);
      std::vector<std::string> ev = EvidenceOf(c);
      if (c.kind == "access-key" || c.kind == "console-password" || c.kind == "console-session" ||
          c.kind == "federation-token" || c.kind == "session-token" || p.kind == "user" || p.kind == "root" ||
          p.kind == "federated-user") {
        Principal u = IssuingUser(c);
        if (u.kind == "root") {
          root_.push_back(&c);
          continue;
        }
        if (u.kind != "user") {
          unplaced_.push_back(&c);
          continue;
        }
        UserTarget& t = users_[{u.account, u.name}];
        t.credentials.push_back(c.id);
        t.kinds.insert(c.kind);
        for (const std::string& e : ev) AddUnique(&t.evidence, e);
        if (c.kind == "access-key") keys_.push_back({&c, u});
        if (c.kind == "console-password") passwords_.push_back({&c, u});
        continue;
      }
      if (p.kind == "assumed-role") {
        RoleTarget& t = roles_[{p.account, p.name}];
        t.credentials.push_back(c.id);
        AddUnique(&t.sessions, p.session);
        for (const std::string& e : ev) AddUnique(&t.evidence, e);
        if (c.kind == "instance-profile-session") {
          AddUnique(&t.instance_sessions, p.session);
          InstanceTarget& it = instances_[p.session];
          it.account = p.account;
          it.role = p.name;
          it.credentials.push_back(c.id);
          for (const std::string& e : ev) AddUnique(&it.evidence, e);
          if (it.region.empty()) it.region = InstanceRegion(p.session, c);
        } else if (c.kind == "lambda-session") {
          AddUnique(&t.lambda_sessions, p.session);
          auto& f = functions_[{p.account, p.session}];
          f.first.push_back(c.id);
          if (f.second.empty()) f.second = FunctionRegion(p.session, c);
        } else {
          t.plain_sessions = true;
        }
        continue;
      }
      unplaced_.push_back(&c);
    }
  }

  // The region of an instance: its resource entry, else the event that delivered the session,
  // else the region most of the instance's own (owner) calls went to.
  std::string InstanceRegion(const std::string& instance, const InvCredential& c) {
    for (const InvResource& r : inv_.resources)
      if (r.type == "AWS::EC2::Instance" && r.region != "global" && !r.region.empty() &&
          (r.id == instance || (r.id.size() > instance.size() && r.id.ends_with("/" + instance))))
        return r.region;
    auto e = events_.find(c.created_by_event_id);
    if (e != events_.end() && !e->second->region.empty()) return e->second->region;
    std::map<std::string, int> n;
    for (const InvEvent& ev : inv_.events)
      if (ev.credential == c.id && ev.attribution == "owner" && !ev.region.empty()) n[ev.region]++;
    std::string best;
    int most = 0;
    for (const auto& [r, k] : n)
      if (k > most) best = r, most = k;
    return best;
  }

  std::string FunctionRegion(const std::string& fn, const InvCredential& c) {
    for (const InvResource& r : inv_.resources)
      if (r.type == "AWS::Lambda::Function" && r.id.ends_with(":function:" + fn)) return ParseArn(r.id).region;
    auto e = events_.find(c.created_by_event_id);
    if (e != events_.end()) return e->second->region;
    return "";
  }

  void DenyUsers() {
    for (const auto& [k, t] : users_) {
      Step s;
      s.stage = kStageDeny;
      s.action = "deny-user";
      s.target = "arn:aws:iam::" + k.account + ":user/" + k.name;
      s.target_type = "iam-user";
      s.account = k.account;
      s.title = "Deny everything to IAM user " + k.name + " (inline policy IR-DenyAll)";
      std::string kinds;
      for (const std::string& x : t.kinds) kinds += (kinds.empty() ? "" : ", ") + x;
      s.reason = "The user's credentials are in the attacker's hands (" + kinds +
                 "). An explicit deny beats every allow and covers at once the user's long-term keys, console "
                 "sessions and the GetSessionToken / GetFederationToken sessions it issued, which cannot be revoked "
                 "any other way (deactivating the parent key is not documented to end them). Effective within minutes.";
      s.evidence = t.evidence;
      s.credentials = t.credentials;
      s.blast_radius = usage_.UserBlastRadius(k.account, k.name);
      s.policies.push_back({"deny-all.json", DenyAllPolicy()});
      Command c = Aws({"iam", "put-user-policy"}, {{"--user-name", k.name}, {"--policy-name", "IR-DenyAll"}});
      c.argv.push_back("--policy-document");
      c.refs.push_back({c.argv.size(), "policy", "deny-all.json"});
      c.argv.push_back("file://deny-all.json");
      s.commands.push_back(c);
      s.undo.push_back(Aws({"iam", "delete-user-policy"}, {{"--user-name", k.name}, {"--policy-name", "IR-DenyAll"}}));
      plan_.steps.push_back(std::move(s));
    }
  }

  void DenyRoles() {
    for (const auto& [k, t] : roles_) {
      Step s;
      s.stage = kStageDeny;
      s.target = "arn:aws:iam::" + k.account + ":role/" + k.name;
      s.target_type = "iam-role";
      s.account = k.account;
      s.evidence = t.evidence;
      s.credentials = t.credentials;
      s.blast_radius = usage_.RoleBlastRadius(k.account, k.name, t.sessions);
      if (k.name.rfind("AWSServiceRoleFor", 0) == 0) {
        plan_.warnings.push_back("role " + k.name + " looks service-linked: its sessions cannot be revoked (§3.1)");
      }
      bool narrow = !t.plain_sessions && usage_.RoleHasOtherUsers(k.account, k.name, t.sessions);
      Command c;
      std::string policy_name;
      if (narrow) {
        policy_name = "IR-DenyCompromisedSessions";
        std::string file = "deny-sessions-" + std::to_string(plan_.steps.size() + 1) + ".json";
        s.action = "deny-role-sessions";
        s.title = "Deny the stolen sessions of role " + k.name + " by session name";
        s.reason = "Temporary credentials cannot be revoked, only denied. The stolen sessions are named after their "
                   "instances or functions (" + std::to_string(t.sessions.size()) +
                   " name(s)); other sessions of the role are in legitimate use, so the deny matches aws:userid "
                   "\"<role-id>:<session name>\" of the stolen ones only, whenever they were issued (§3.3 D). The "
                   "instances' profiles are removed in stage 4, so they get no new session.";
        s.policies.push_back({file, DenySessionNamesPolicy(t.sessions)});
        c = Aws({"iam", "put-role-policy"}, {{"--role-name", k.name}, {"--policy-name", policy_name}});
        c.argv.push_back("--policy-document");
        c.refs.push_back({c.argv.size(), "policy", file});
        c.argv.push_back("file://" + file);
      } else {
        policy_name = "AWSRevokeOlderSessions";
        std::string file = "revoke-older-sessions.json";
        s.action = "revoke-role-sessions";
        s.title = "Revoke every session of role " + k.name + " issued before " + opt_.at;
        s.reason = "Temporary credentials cannot be revoked, only denied: a deny on aws:TokenIssueTime before the "
                   "containment time (the console's \"Revoke active sessions\", policy AWSRevokeOlderSessions) cuts "
                   "the " + std::to_string(t.credentials.size()) +
                   " stolen session(s) and any other the attacker made, while sessions issued afterwards work. "
                   "Re-assumption is stopped by containing the principals that assumed the role (this plan) or, for "
                   "a backdoored trust, by the trust lockdown.";
        s.policies.push_back({file, RevokeOlderSessionsPolicy(opt_.at)});
        c = Aws({"iam", "put-role-policy"}, {{"--role-name", k.name}, {"--policy-name", policy_name}});
        c.argv.push_back("--policy-document");
        c.refs.push_back({c.argv.size(), "policy", file});
        c.argv.push_back("file://" + file);
      }
      s.commands.push_back(c);
      s.undo.push_back(Aws({"iam", "delete-role-policy"}, {{"--role-name", k.name}, {"--policy-name", policy_name}}));
      plan_.steps.push_back(std::move(s));
    }
  }

  // Roles whose trust policy the attacker opened or wrote (grants of trust-policy rules).
  void TrustLockdowns() {
    std::set<Key> done;
    for (const InvGrant& g : inv_.grants) {
      if (g.rule != "iam-update-assume-role-policy" && g.rule != "iam-create-role") continue;
      std::string role = g.target;
      Principal rp = ParsePrincipal(role);
      if (rp.kind == "role") role = rp.name;
      std::string account = AccountOfGrant(g, rp.account);
      if (role.empty() || !done.insert({account, role}).second) continue;
      Step s;
      s.stage = kStageDeny;
      s.action = "lock-trust-policy";
      s.target = "arn:aws:iam::" + account + ":role/" + role;
      s.target_type = "iam-role";
      s.account = account;
      s.title = "Lock the trust policy of role " + role + " (nobody may assume it)";
      s.reason = std::string("The attacker ") + (g.rule == "iam-create-role" ? "created the role with" : "rewrote") +
                 " a trust policy that lets principals outside the organization assume it (rule " + g.rule +
                 "). Replacing it with a single Deny stops new AssumeRole calls; sessions already issued are cut "
                 "by the role's TokenIssueTime deny.";
      s.evidence = {g.event_id};
      s.blast_radius = usage_.RoleBlastRadius(account, role, {});
      s.preserve_first.push_back("Save the current trust policy for recovery: the output of the first command "
                                 "(aws iam get-role) goes to the script's log.");
      s.policies.push_back({"trust-lockdown.json", TrustLockdownPolicy()});
      Command get = Aws({"iam", "get-role"}, {{"--role-name", role}});
      get.read_only = true;
      s.commands.push_back(get);
      Command c = Aws({"iam", "update-assume-role-policy"}, {{"--role-name", role}});
      c.argv.push_back("--policy-document");
      c.refs.push_back({c.argv.size(), "policy", "trust-lockdown.json"});
      c.argv.push_back("file://trust-lockdown.json");
      s.commands.push_back(c);
      s.undo_note = "Put back the trust policy saved by get-role (AssumeRolePolicyDocument) with aws iam "
                    "update-assume-role-policy --role-name ROLE --policy-document file://saved.json; the legitimate "
                    "trust, not the attacker's (the recovery plan gives the state before the attacker).";
      plan_.steps.push_back(std::move(s));
      // A role with no compromised session still needs its outside sessions revoked.
      if (!roles_.count({account, role})) {
        Step r;
        r.stage = kStageDeny;
        r.action = "revoke-role-sessions";
        r.target = s.target;
        r.target_type = "iam-role";
        r.account = account;
        r.title = "Revoke every session of role " + role + " issued before " + opt_.at;
        r.reason = "Sessions opened through the backdoored trust before the lockdown stay valid until they expire "
                   "unless denied by issue time (§3.1).";
        r.evidence = {g.event_id};
        r.blast_radius = usage_.RoleBlastRadius(account, role, {});
        r.policies.push_back({"revoke-older-sessions.json", RevokeOlderSessionsPolicy(opt_.at)});
        Command c2 = Aws({"iam", "put-role-policy"}, {{"--role-name", role}, {"--policy-name", "AWSRevokeOlderSessions"}});
        c2.argv.push_back("--policy-document");
        c2.refs.push_back({c2.argv.size(), "policy", "revoke-older-sessions.json"});
        c2.argv.push_back("file://revoke-older-sessions.json");
        r.commands.push_back(c2);
        r.undo.push_back(
            Aws({"iam", "delete-role-policy"}, {{"--role-name", role}, {"--policy-name", "AWSRevokeOlderSessions"}}));
        plan_.steps.push_back(std::move(r));
      }
    }
  }

  std::string AccountOfGrant(const InvGrant& g, const std::string& from_target) {
    if (!from_target.empty()) return from_target;
    auto e = events_.find(g.event_id);
    if (e != events_.end() && !e->second->account.empty()) return e->second->account;
    auto c = by_id_.find(g.credential);
    if (c != by_id_.end()) return ParseArn(inv_.credentials[c->second].principal_arn).account;
    return "";
  }

  void Keys() {
    for (const auto& [c, u] : keys_) {
      Step s;
      s.stage = kStageKeys;
      s.action = "deactivate-access-key";
      s.target = c->id;
      s.target_type = "access-key";
      s.account = u.account;
      s.title = "Deactivate access key " + c->id + " of user " + u.name;
      s.reason = "Long-term key in the attacker's hands (" + (c->parent.empty() ? std::string("leaked") : "created by the attacker") +
                 "). Deactivate, do not delete: the key ID stays for the investigation and the key can be "
                 "re-activated after a false positive; the eradication plan deletes keys the attacker created. "
                 "TokenIssueTime denies never match AKIA calls, so this and the user's deny are what stop it.";
      s.evidence = EvidenceOf(*c);
      s.credentials = {c->id};
      s.blast_radius = usage_.KeyBlastRadius(c->id);
      s.commands.push_back(Aws({"iam", "update-access-key"},
                               {{"--user-name", u.name}, {"--access-key-id", c->id}, {"--status", "Inactive"}}));
      s.undo.push_back(Aws({"iam", "update-access-key"},
                           {{"--user-name", u.name}, {"--access-key-id", c->id}, {"--status", "Active"}}));
      plan_.steps.push_back(std::move(s));
    }
    for (const auto& [c, u] : passwords_) {
      Step s;
      s.stage = kStageKeys;
      s.action = "delete-login-profile";
      s.target = c->id;
      s.target_type = "console-password";
      s.account = u.account;
      s.title = "Remove the console password of user " + u.name + " (delete its login profile)";
      s.reason = "A password cannot be deactivated: deleting the login profile removes console access and "
                 "nothing else (the user, its keys and policies stay). It is the one deletion containment makes, "
                 "because it is the only way to close the console door; console sessions already open are cut by "
                 "the user's deny.";
      s.evidence = EvidenceOf(*c);
      s.credentials = {c->id};
      s.blast_radius = usage_.UserBlastRadius(u.account, u.name) + " The owner loses console access until a new "
                       "password is set.";
      s.commands.push_back(Aws({"iam", "delete-login-profile"}, {{"--user-name", u.name}}));
      s.undo_note = "Give the owner a new password (never the old one): aws iam create-login-profile --user-name " +
                    u.name + " --password <new> --password-reset-required.";
      plan_.steps.push_back(std::move(s));
    }
  }

  // The policy ARN (or group name) an attacker's grant event set: the resource entry of that
  // event with the aspect, whose stateAfter holds the value when it is the only change.
  std::string GrantValue(const InvGrant& g, const std::string& aspect) {
    for (const InvResource& r : inv_.resources) {
      if (std::find(r.event_ids.begin(), r.event_ids.end(), g.event_id) == r.event_ids.end()) continue;
      if (std::find(r.aspects.begin(), r.aspects.end(), aspect) == r.aspects.end()) continue;
      std::string v = r.state_after;
      // stateAfter is compact JSON: a JSON string for a single value.
      try {
        auto j = nlohmann::json::parse(v);
        if (j.is_string()) v = j.get<std::string>();
        else continue;
      } catch (const nlohmann::json::exception&) {
      }
      if (!v.empty()) return v;
    }
    return "";
  }

  void Grants() {
    for (const InvGrant& g : inv_.grants) {
      std::string account = AccountOfGrant(g, "");
      std::string target = g.target;
      Principal tp = ParsePrincipal(target);
      if (!tp.name.empty()) target = tp.name;
      Step s;
      s.stage = kStageGrants;
      s.account = account;
      s.evidence = {g.event_id};
      s.target = g.target;
      std::string what;  // "user", "role", "group"
      if (g.rule == "iam-attach-user-policy") what = "user";
      if (g.rule == "iam-attach-role-policy") what = "role";
      if (g.rule == "iam-attach-group-policy") what = "group";
      if (!what.empty()) {
        std::string policy = GrantValue(g, "attached-policy");
        s.action = "detach-policy";
        s.target_type = "iam-" + what;
        s.title = "Detach the policy the attacker attached to " + what + " " + target;
        s.reason = "The attacker attached " + (policy.empty() ? std::string("a managed policy") : policy) + " to " +
                   what + " " + target + " (rule " + g.rule +
                   "). Detaching removes that access from every credential of the " + what +
                   ", including ones not found, deletes nothing and is undone by attaching it again: containment.";
        s.blast_radius = what == "role" ? usage_.RoleBlastRadius(account, target, {})
                                        : (what == "user" ? usage_.UserBlastRadius(account, target)
                                                          : "group " + target + ": every member loses the policy.");
        std::string list = what == "user" ? "list-attached-user-policies" : what == "role" ? "list-attached-role-policies"
                                                                                          : "list-attached-group-policies";
        Command inv = Aws({"iam", list}, {{"--" + what + "-name", target}});
        inv.read_only = true;
        s.commands.push_back(inv);
        if (policy.empty()) {
          s.undo_note = "The investigation does not name the policy: read it in the inventory above and detach it "
                        "with aws iam detach-" + what + "-policy.";
        } else {
          s.commands.push_back(Aws({"iam", "detach-" + what + "-policy"}, {{"--" + what + "-name", target}, {"--policy-arn", policy}}));
          s.undo.push_back(Aws({"iam", "attach-" + what + "-policy"}, {{"--" + what + "-name", target}, {"--policy-arn", policy}}));
        }
        plan_.steps.push_back(std::move(s));
      } else if (g.rule == "iam-add-user-to-group") {
        std::string group = GrantValue(g, "group-membership");
        s.action = "remove-from-group";
        s.target_type = "iam-user";
        s.title = "Take user " + target + " out of the group the attacker added it to";
        s.reason = "Group membership gives the user the group's permissions (rule iam-add-user-to-group); removing "
                   "it is reversible and deletes nothing.";
        s.blast_radius = usage_.UserBlastRadius(account, target);
        Command inv = Aws({"iam", "list-groups-for-user"}, {{"--user-name", target}});
        inv.read_only = true;
        s.commands.push_back(inv);
        if (!group.empty()) {
          s.commands.push_back(Aws({"iam", "remove-user-from-group"}, {{"--group-name", group}, {"--user-name", target}}));
          s.undo.push_back(Aws({"iam", "add-user-to-group"}, {{"--group-name", group}, {"--user-name", target}}));
        } else {
          s.undo_note = "The group is not named in the investigation: see the inventory.";
        }
        plan_.steps.push_back(std::move(s));
      } else if (g.rule == "rolesanywhere-create-trust-anchor" || g.rule == "rolesanywhere-create-profile") {
        bool anchor = g.rule == "rolesanywhere-create-trust-anchor";
        std::string id, region;
        for (const InvResource& r : inv_.resources) {
          if (std::find(r.event_ids.begin(), r.event_ids.end(), g.event_id) == r.event_ids.end()) continue;
          if (r.type != (anchor ? "AWS::RolesAnywhere::TrustAnchor" : "AWS::RolesAnywhere::Profile")) continue;
          Arn a = ParseArn(r.id);
          size_t k = a.resource.rfind('/');
          id = k == std::string::npos ? r.id : a.resource.substr(k + 1);
          region = a.region.empty() ? r.region : a.region;
        }
        auto e = events_.find(g.event_id);
        if (region.empty() && e != events_.end()) region = e->second->region;
        s.action = anchor ? "disable-trust-anchor" : "disable-rolesanywhere-profile";
        s.target_type = anchor ? "rolesanywhere-trust-anchor" : "rolesanywhere-profile";
        s.region = region;
        s.title = std::string("Disable the Roles Anywhere ") + (anchor ? "trust anchor" : "profile") + " the attacker created";
        s.reason = "A certificate authority the attacker holds can obtain role sessions through it (rule " + g.rule +
                   "). Disabling stops new sessions and is reversible; the eradication plan deletes it.";
        s.blast_radius = "created by the attacker: no legitimate user expected.";
        if (id.empty()) {
          s.undo_note = "The ID is not in the investigation: aws rolesanywhere list-" +
                        std::string(anchor ? "trust-anchors" : "profiles") + " to find it.";
          Command inv = Aws({"rolesanywhere", anchor ? "list-trust-anchors" : "list-profiles"});
          inv.read_only = true;
          s.commands.push_back(inv);
        } else {
          s.target = id;
          std::string opt = anchor ? "--trust-anchor-id" : "--profile-id";
          s.commands.push_back(Aws({"rolesanywhere", anchor ? "disable-trust-anchor" : "disable-profile"}, {{opt, id}}));
          s.undo.push_back(Aws({"rolesanywhere", anchor ? "enable-trust-anchor" : "enable-profile"}, {{opt, id}}));
        }
        plan_.steps.push_back(std::move(s));
      } else if (g.rule == "iam-update-access-key") {
        // A key the attacker re-activated: deactivate it again when the plan does not already.
        bool covered = std::any_of(keys_.begin(), keys_.end(), [&](const auto& k) { return k.first->id == g.target; });
        if (!covered)
          manual_.push_back({"", "Check access key " + g.target + " (re-activated by the attacker)",
                             "The attacker changed its status (rule iam-update-access-key). Find its user with aws iam "
                             "get-access-key-last-used --access-key-id " + g.target +
                             " and deactivate it with aws iam update-access-key --user-name USER --access-key-id " +
                             g.target + " --status Inactive.",
                             {g.event_id}});
      } else if (g.rule != "iam-update-assume-role-policy" && g.rule != "iam-create-role") {
        manual_.push_back({"", "Review the attacker's " + g.rule + " on " + g.target,
                           "Inline policies and managed-policy versions the attacker wrote are removed by the "
                           "eradication plan (and restored by the recovery plan); until then the deny policies of "
                           "stage 1 keep the compromised principals from using them. If the target is not one of "
                           "those principals, remove the policy now.",
                           {g.event_id}});
      }
    }
  }

  void Instances() {
    for (const auto& [iid, t] : instances_) {
      bool valid = IsEc2Id(iid, "i");
      if (!valid) {
        plan_.warnings.push_back("instance-profile session name is not an EC2 instance ID; no instance commands");
        manual_.push_back({"", "Isolate the instance behind role " + t.role + " by hand",
                           "The session name of the stolen instance credentials does not look like an instance ID, so "
                           "no command is generated for it: find the instance and isolate it as §3.4 says.",
                           t.evidence});
        continue;
      }
      std::string where = t.region.empty() ? " (region unknown: pass --region)" : " in " + t.region;
      // 1. Forensic snapshots and metadata.
      Step snap;
      snap.stage = kStageIsolate;
      snap.action = "snapshot-instance";
      snap.target = iid;
      snap.target_type = "ec2-instance";
      snap.account = t.account;
      snap.region = t.region;
      snap.title = "Preserve instance " + iid + where + ": record its metadata and snapshot its volumes";
      snap.reason = "The instance's role sessions were stolen: it is evidence (how the credentials left it). Capture "
                    "its configuration and disks before anything about it changes.";
      snap.evidence = t.evidence;
      snap.blast_radius = "none: snapshots and reads do not affect the instance.";
      snap.preserve_first.push_back("This step is the preservation: consider a memory capture before isolation.");
      Command d = Aws({"ec2", "describe-instances"}, {{"--instance-ids", iid}});
      d.read_only = true;
      snap.commands.push_back(d);
      snap.commands.push_back(Aws({"ec2", "create-snapshots"},
                                  {{"--instance-specification", "InstanceId=" + iid},
                                   {"--description", "credtrace forensic snapshot of " + iid},
                                   {"--copy-tags-from-source", "volume"}}));
      snap.undo_note = "Nothing to undo; delete the snapshots when the case is closed.";
      plan_.steps.push_back(snap);
      // 2. Network isolation.
      Step iso;
      iso.stage = kStageIsolate;
      iso.action = "isolate-instance";
      iso.target = iid;
      iso.target_type = "ec2-instance";
      iso.account = t.account;
      iso.region = t.region;
      iso.title = "Isolate instance " + iid + where + " (termination protection, isolation security group)";
      iso.reason = "Whoever stole its credentials may still reach the instance. A new security group with no rules "
                   "replaces all of its groups; tracked connections (a reverse shell) can survive the swap, so "
                   "consider a subnet NACL deny as well (§3.4).";
      iso.evidence = t.evidence;
      iso.blast_radius = "instance " + iid + ": everything it serves stops; detach it from Auto Scaling and load "
                         "balancers first if it is in one (aws autoscaling detach-instances, aws elbv2 deregister-targets).";
      iso.preserve_first.push_back("The security groups it had are in the describe-instances output of the previous step.");
      Command tp = Aws({"ec2", "modify-instance-attribute"}, {{"--instance-id", iid}});
      tp.argv.push_back("--disable-api-termination");
      iso.commands.push_back(tp);
      Command vpc = Aws({"ec2", "describe-instances"},
                        {{"--instance-ids", iid}, {"--query", "Reservations[0].Instances[0].VpcId"}, {"--output", "text"}});
      vpc.read_only = true;
      std::string n = std::to_string(plan_.steps.size() + 1);
      vpc.capture = "vpc_" + n;
      iso.commands.push_back(vpc);
      Command sg = Aws({"ec2", "create-security-group"},
                       {{"--group-name", "credtrace-isolation-" + iid},
                        {"--description", "credtrace isolation of " + iid}});
      sg.argv.push_back("--vpc-id");
      sg.refs.push_back({sg.argv.size(), "capture", vpc.capture});
      sg.argv.push_back("<vpc-id of " + iid + ">");
      for (const char* w : {"--query", "GroupId", "--output", "text"}) sg.argv.push_back(w);
      sg.capture = "sg_" + n;
      iso.commands.push_back(sg);
      Command eg = Aws({"ec2", "revoke-security-group-egress"});
      eg.argv.push_back("--group-id");
      eg.refs.push_back({eg.argv.size(), "capture", sg.capture});
      eg.argv.push_back("<isolation group of " + iid + ">");
      eg.argv.push_back("--ip-permissions");
      eg.argv.push_back(R"([{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}])");
      iso.commands.push_back(eg);
      Command mg = Aws({"ec2", "modify-instance-attribute"}, {{"--instance-id", iid}});
      mg.argv.push_back("--groups");
      mg.refs.push_back({mg.argv.size(), "capture", sg.capture});
      mg.argv.push_back("<isolation group of " + iid + ">");
      iso.commands.push_back(mg);
      iso.commands.push_back(Aws({"ec2", "create-tags"}, {{"--resources", iid}, {"--tags", "Key=credtrace-ir,Value=isolated"}}));
      iso.undo_note = "aws ec2 modify-instance-attribute --instance-id " + iid +
                      " --groups <its original groups, from describe-instances>; then delete the isolation group and "
                      "the tag; aws ec2 modify-instance-attribute --instance-id " + iid + " --no-disable-api-termination.";
      plan_.steps.push_back(iso);
      // 3. Instance profile.
      Step det;
      det.stage = kStageIsolate;
      det.action = "detach-instance-profile";
      det.target = iid;
      det.target_type = "ec2-instance";
      det.account = t.account;
      det.region = t.region;
      det.title = "Remove the instance profile (role " + t.role + ") from instance " + iid + where;
      det.reason = "Stops the instance from receiving new sessions of the role, which the flaw that leaked them could "
                   "leak again. Sessions already issued are cut by the role's deny in stage 1 (disassociation alone "
                   "does not end them).";
      det.evidence = t.evidence;
      det.credentials = t.credentials;
      det.blast_radius = "instance " + iid + ": software on it that calls AWS stops working.";
      Command q = Aws({"ec2", "describe-iam-instance-profile-associations"},
                      {{"--filters", "Name=instance-id,Values=" + iid},
                       {"--query", "IamInstanceProfileAssociations[0].AssociationId"},
                       {"--output", "text"}});
      q.read_only = true;
      q.capture = "assoc_" + std::to_string(plan_.steps.size() + 1);
      det.commands.push_back(q);
      Command dis = Aws({"ec2", "disassociate-iam-instance-profile"});
      dis.argv.push_back("--association-id");
      dis.refs.push_back({dis.argv.size(), "capture", q.capture});
      dis.argv.push_back("<association-id of " + iid + ">");
      det.commands.push_back(dis);
      det.undo_note = "aws ec2 associate-iam-instance-profile --instance-id " + iid +
                      " --iam-instance-profile Name=<its profile, from describe-instances> (only once the instance is clean).";
      plan_.steps.push_back(det);
    }
  }

  void Functions() {
    for (const auto& [k, f] : functions_) {
      Step s;
      s.stage = kStageIsolate;
      s.action = "throttle-function";
      s.target = k.name;
      s.target_type = "lambda-function";
      s.account = k.account;
      s.region = f.second;
      s.title = "Stop Lambda function " + k.name + " from running (reserved concurrency 0)";
      s.reason = "Its execution-role sessions were in the attacker's hands: the function runs the attacker's code or "
                 "configuration. Zero reserved concurrency stops every invocation without deleting the function "
                 "(the eradication plan deletes it if the attacker created it).";
      s.credentials = f.first;
      for (const std::string& c : f.first) {
        auto it = by_id_.find(c);
        if (it != by_id_.end())
          for (const std::string& e : EvidenceOf(inv_.credentials[it->second])) AddUnique(&s.evidence, e);
        if (s.evidence.size() > 6) break;
      }
      s.blast_radius = "function " + k.name + ": its callers get throttling errors.";
      s.commands.push_back(Aws({"lambda", "put-function-concurrency"},
                               {{"--function-name", k.name}, {"--reserved-concurrent-executions", "0"}}));
      s.undo.push_back(Aws({"lambda", "delete-function-concurrency"}, {{"--function-name", k.name}}));
      plan_.steps.push_back(std::move(s));
    }
  }

  void Manual() {
    std::vector<ManualStep> out;
    for (const InvCredential* c : root_) {
      out.push_back({"", "Root credential " + c->id + ": contain by hand",
                     "IAM policies cannot restrict the root user, nor sessions it issued (§3.1). Sign in as root and "
                     "change the password (or \"Forgot password\"), delete every root access key, replace the MFA "
                     "device, delete signing certificates; check with aws iam get-account-summary "
                     "(AccountAccessKeysPresent, AccountMFAEnabled). With centralized root access in an organization: "
                     "from the management account, aws sts assume-root --target-principal ACCOUNT --task-policy-arn "
                     "arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials, then delete-login-profile, "
                     "delete-access-key, deactivate-mfa-device. An SCP deny applies to a member account's root, never "
                     "to the management account's.",
                     EvidenceOf(*c)});
    }
    for (const InvCredential* c : unplaced_) {
      out.push_back({"", "Contain credential " + c->id + " by hand",
                     "Its principal (" + c->principal_arn + ", kind " + c->kind +
                     ") is not an IAM user, role session or root the planner can act on.",
                     EvidenceOf(*c)});
    }
    for (const auto& [k, t] : users_) {
      if (!t.kinds.count("console-password") && !t.kinds.count("console-session")) continue;
      out.push_back({"", "Check the MFA devices of user " + k.name,
                     "The attacker had console access: list the user's MFA devices (aws iam list-mfa-devices "
                     "--user-name USER) and remove any the attacker added (deactivate-mfa-device, then "
                     "delete-virtual-mfa-device). Set a new password only after the incident.",
                     t.evidence});
    }
    for (ManualStep& m : manual_) out.push_back(std::move(m));
    out.push_back({"", "Tell the owners before the burst",
                   "Every blast radius above names who else stops working: the owners of the keys, the teams behind "
                   "the roles' instances, functions and pipelines. They must get new credentials afterwards and clear "
                   "cached ones (~/.aws/cli/cache). Do not remove AWSCompromisedKeyQuarantine policies AWS attached.",
                   {}});
    out.push_back({"", "Watch CloudTrail for 30 minutes",
                   "Policy changes take a few minutes to apply. Watch for any use of the contained credentials after "
                   "the containment time (denied calls show AccessDenied; a successful call means a gap), and mind "
                   "that the containment calls themselves are CloudTrail events of the responder's principal.",
                   {}});
    plan_.manual = std::move(out);
  }

  const Investigation& inv_;
  const PlanOptions& opt_;
  UsageIndex usage_;
  Plan plan_;
  std::map<std::string, size_t> by_id_;
  std::map<std::string, const InvEvent*> events_;
  std::map<Key, UserTarget> users_;
  std::map<Key, RoleTarget> roles_;
  std::map<std::string, InstanceTarget> instances_;
  std::map<Key, std::pair<std::vector<std::string>, std::string>> functions_;
  std::vector<std::pair<const InvCredential*, Principal>> keys_, passwords_;
  std::vector<const InvCredential*> root_, unplaced_;
  std::vector<ManualStep> manual_;
};

}  // namespace

Result<Plan> PlanContainment(const Investigation& inv, const PlanOptions& opt) {
  auto t = ParseIsoTime(opt.at);
  if (!t) return Status::InvalidArgument("containment time is not an ISO 8601 time: " + opt.at);
  PlanOptions o = opt;
  o.at = FormatIsoTime(*t);
  return Planner(inv, o).Build();
}

}  // namespace credtrace::respond
