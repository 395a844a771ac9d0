// The state of one investigation while it runs (internal to the investigate layer): the
// credentials found so far, the worklist, and the events assigned to them. closure.cc grows the
// lineage; finalize.cc classifies, gathers resources and context; pivot.cc searches the
// attacker's infrastructure.
#pragma once

#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "investigate/investigate.h"
#include "investigate/lineage_rules.h"
#include "investigate/profile.h"
#include "investigate/tags.h"

namespace credtrace::investigate {

class Investigator {
 public:
  Investigator(Evidence& ev, const Options& opts) : ev_(ev), opts_(opts) {}

  Status AddSeeds();
  // Follows the worklist until no new credential appears.
  Status Close();
  // Other credentials used from the attacker's addresses; with follow, adds them and closes again.
  Status Pivot();
  // Classification, resources, credential summaries, context.
  Status Finalize();
  // The state each changed or deleted resource had before the attacker (prior_state.cc).
  Status PriorStates();
  // Who else uses the compromised roles and users (finalize.cc).
  Status PrincipalUsage();
  // The tags of the resources and of the compromised principals (resource_tags.cc); after
  // PrincipalUsage, whose principals it reports.
  Status ResourceTags();

  Investigation& result() { return inv_; }

 private:
  // Adds a credential unless one with the same id exists; returns its index.
  int AddCredential(Credential c);
  Status Process(int ci);
  // Adds the event at `r` (made with credential ci, or -1 for a service delivery); returns its
  // index in inv_.events.
  size_t AddEvent(const EventRef& r, int ci, Attribution a, std::string why);
  // The other accounts' copies of events[idx] (same sharedEventID), with the same label.
  Status AddSharedCopies(size_t idx);
  Status ApplyRule(const LineageRule& rule, size_t event_index, int parent);
  // The rows a credential signed, from its compromise on.
  Result<std::vector<EventRef>> UsesOf(const Credential& c) const;
  Result<Profile> ProfileFor(const Credential& c);
  Status SeedKey(const Seed& s);
  Status SeedPrincipal(const Seed& s);
  Result<CompromiseEstimate> DateCompromise(const std::string& cred_id, const std::vector<EventRef>& uses,
                                            std::string_view principal, std::optional<TimeMs> given,
                                            std::string_view given_how);
  // For a seed whose key was minted inside the evidence: the event that minted it.
  Status LinkCreation(Credential* c) const;
  Result<CredKind> KindOfKey(std::string_view key, const std::vector<EventRef>& uses) const;

  // Rule helpers (closure.cc).
  Status FollowIssuedKey(const LineageRule& rule, const Record& rec, size_t ei, int parent);
  Status FollowLoginProfile(const LineageRule& rule, const Record& rec, size_t ei, int parent);
  Status FollowConsole(const LineageRule& rule, const Record& rec, size_t ei, int parent);
  Status FollowServiceSessions(const LineageRule& rule, const Record& rec, size_t ei, int parent);
  Status FollowTrust(const LineageRule& rule, const Record& rec, size_t ei, int parent);
  Status FollowInstanceAccess(const LineageRule& rule, const Record& rec, size_t ei, int parent);
  Status FollowGrant(const LineageRule& rule, const Record& rec, size_t ei, int parent);
  // Sessions a service (ec2, lambda, rolesanywhere) opened with roleSessionName == name after t.
  Result<std::vector<EventRef>> ServiceSessions(std::string_view session_name, std::string_view invoked_by,
                                                std::string_view role_arn, std::string_view region,
                                                TimeMs from) const;
  Status FollowFederationProvider(const LineageRule& rule, const Record& rec, size_t ei, int parent);
  // The ARN of an IAM user named `name` in `account` as the logs spell it (with its path).
  Result<std::string> UserArn(std::string_view account, std::string_view name) const;
  const std::set<std::string>& CaseAccounts();

  Evidence& ev_;
  const Options& opts_;
  Investigation inv_;
  std::deque<int> work_;
  std::unordered_map<std::string, int> by_id_;
  std::unordered_map<std::string, int> by_key_;
  std::map<std::pair<uint32_t, uint32_t>, size_t> event_at_;
  std::set<std::string> case_accounts_;
  bool case_accounts_ready_ = false;
  bool truncated_ = false;
  // Tag changes of the attacker's (and unknown) events, read while Finalize has their records.
  struct TimedTagChanges {
    EventRef ref;
    std::string event_id;
    std::vector<TagChange> changes;
  };
  std::vector<TimedTagChanges> own_tag_changes_;
};

}  // namespace credtrace::investigate
