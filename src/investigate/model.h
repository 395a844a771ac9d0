// What an investigation finds: credentials in the attacker's hands (a lineage tree), the events
// made with them (attributed and classified), the resources touched, and the context. The JSON
// form is the `credtrace.investigation/1` schema (docs/INVESTIGATION_SCHEMA.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "investigate/classification.h"
#include "investigate/resources.h"

namespace credtrace::investigate {

enum class CredKind : uint8_t {
  kAccessKey,
  kConsolePassword,
  kConsoleSession,
  kRoleSession,
  kInstanceProfileSession,
  kLambdaSession,
  kFederationToken,
  kSessionToken,
};
std::string_view KindName(CredKind k);

enum class Attribution : uint8_t { kAttacker, kOwner, kUnknown };
std::string_view AttributionName(Attribution a);

// Where an event lives in the case: segment index and row (see store/segment_view.h).
struct EventRef {
  uint32_t segment = 0;
  uint32_t row = 0;
  TimeMs time = 0;
  bool operator==(const EventRef&) const = default;
  bool operator<(const EventRef& o) const {
    if (time != o.time) return time < o.time;
    if (segment != o.segment) return segment < o.segment;
    return row < o.row;
  }
};

struct Credential {
  std::string id;                  // access key ID, "password:<user ARN>", "console:<ARN>#<8 hex>"
  std::string access_key_id;       // "" for a console password
  std::vector<std::string> keys;   // every key this credential signs with (console sessions may have several)
  std::string principal_arn;
  CredKind kind = CredKind::kAccessKey;
  int parent = -1;                 // index into Investigation::credentials; -1 for a seed
  std::string created_by_event_id; // "" for a seed created before the logs
  TimeMs created = -1;
  std::optional<EventRef> created_ref;  // the creating event's row, when it is in the case
  TimeMs compromised_since = 0;
  std::string rule;                // the lineage rule (or "seed:key", "seed:finding", "pivot:ip")
  std::string how;                 // one line: how the attacker got it
  std::string scenario;            // simulator runs only; "" otherwise
  bool attacker_made = false;      // minted by an attacker action: every use is the attacker's
  bool suspected = false;          // found by the infrastructure pivot only, not by lineage
  // Filled at the end.
  TimeMs first_used = -1, last_used = -1;
  uint64_t events = 0;
};

struct Event {
  EventRef ref;
  std::string event_id, event_time, event_source, event_name, aws_region, recipient_account_id;
  std::string access_key_id, source_ip, user_agent, error_code, principal_arn, identity_type;
  int credential = -1;             // index into credentials
  Attribution attribution = Attribution::kUnknown;
  std::string why;                 // the reason for the attribution
  Classification classification;
  std::vector<ResourceTouch> resources;
  bool failed() const { return !error_code.empty(); }
};

// A credential used from the attacker's infrastructure that lineage does not reach.
struct Suspect {
  std::string access_key_id;
  std::string principal_arn;
  std::string ip;                  // the address it was first used from by the attacker
  std::string reason;              // why it is suspected
  TimeMs first_seen = 0;
  uint64_t events = 0;
  std::vector<std::string> event_ids;  // the first few, as evidence
  bool followed = false;           // taken into the closure (--follow-infrastructure)
};

struct CompromiseEstimate {
  std::string credential;          // credential id
  TimeMs time = 0;
  std::string method;              // "finding", "command-line", "estimated", "created"
  std::string reason;
  std::vector<std::string> event_ids;  // the events supporting it
};

struct Seed {
  std::string kind;                // "key", "principal", "finding"
  std::string value;
  std::string file;                // for a finding
  std::string finding_type;        // for a finding
  std::optional<TimeMs> since;     // compromise time given by the finding or --since
};

struct ResourceEntry {
  std::string id, type, account, region;
  ResourceAction action = ResourceAction::kRead;
  std::vector<std::string> event_ids;
  std::vector<std::string> aspects;   // what changed (recovery)
  std::string state_after;            // last state the logs show after the attacker's change
  std::string state_before;           // the last state the logs show before it, when found
  std::string before_event_id;
  std::vector<std::string> shared_with;
  double bytes = -1;
  bool failed_only = false;           // every event on it failed
  // Its tags as the logs show them (an S3 object's are its bucket's and its own), and the last
  // event that set them ("" when no event did: the tags may still exist, unlogged).
  std::map<std::string, std::string> tags;
  std::string tags_event_id;
};

struct OtherChange {
  std::string principal_arn;
  std::string user_agent;
  uint64_t events = 0;
  std::vector<std::string> event_names;  // distinct, first few
  std::string first_event_id;
};

// Access opened to an existing principal (a policy attached, a user added to a group, a key
// re-activated): no new credential, but the containment plan must undo it.
struct Grant {
  std::string rule, event_id, target, credential;
  TimeMs time = 0;
};

struct Context {
  std::vector<std::string> accounts_touched, regions_touched;
  struct Address {
    std::string ip, network, asn;
    uint64_t events = 0;
  };
  std::vector<Address> addresses;
  std::vector<std::string> user_agents;
  std::vector<OtherChange> other_changes;  // write calls by other principals in the window
  // Who else uses the roles and users behind the compromised credentials (the blast radius of
  // containing them): the 7 days of evidence before the last event of the investigation.
  struct PrincipalUsage {
    std::string principal_arn;  // the role (with its path) or the user
    std::string kind;           // "role" or "user"
    TimeMs from = 0, to = 0;
    uint64_t events = 0;        // all calls of the principal in the window
    uint64_t other_events = 0;  // calls by credentials outside the investigation
    std::vector<std::string> other_sessions, other_keys;  // the first few
    TimeMs last_other_use = -1;
  };
  std::vector<PrincipalUsage> principal_usage;
  struct KeyAccount {
    std::string key, account;  // account "" when not derivable offline
  };
  std::vector<KeyAccount> key_accounts;
  // The tags the logs show for the resources and for the users and roles behind the
  // compromised credentials (resource_tags.cc): one entry per id some event tagged, by id.
  struct ResourceTags {
    std::string id;
    std::map<std::string, std::string> tags;
    std::string event_id;  // the last event that set them
  };
  std::vector<ResourceTags> resource_tags;
};

struct Investigation {
  std::vector<Seed> seeds;
  std::vector<CompromiseEstimate> estimates;
  TimeMs compromise_time = 0;
  std::vector<Credential> credentials;
  std::vector<Event> events;          // sorted by time, then eventID
  std::vector<ResourceEntry> resources;
  std::vector<Suspect> suspects;
  std::vector<Grant> grants;
  Context context;
  std::vector<std::string> open_items;
  uint64_t case_events = 0;
  double seconds = 0;
};

}  // namespace credtrace::investigate
