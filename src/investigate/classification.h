// What an event means for the investigation: the runbook's classes (sensitive data access,
// resource creation, identity and foothold changes, deletions, modifications) and the ATT&CK
// tactics and techniques it may serve (aws-ir-facts.md §8, §7, §2). The knowledge is one table
// of rows (classification.cc, documented row by row in docs/CLASSIFICATION.md); code only
// matches it.
//
// Classification is by eventSource and eventName, not by `readOnly` (which AWS sets on
// AssumeRole and InvokeModel, aws-ir-facts.md §1.2). A few rows look inside the record (an
// instance profile passed to RunInstances, a snapshot shared with another account): those are
// named predicates (Condition), so that the table stays data. Whether the call succeeded is not
// part of the classification: failed attempts are marked elsewhere.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "investigate/record.h"

namespace credtrace::investigate {

// The category vocabulary of docs/INVESTIGATION_SCHEMA.md, in its order (the order categories
// are reported in).
enum class Category : uint8_t {
  kRecon,
  kDataAccess,
  kIdentity,
  kPersistence,
  kPrivilegeEscalation,
  kLateralMovement,
  kInitialAccess,
  kResourceCreation,
  kModification,
  kDeletion,
  kDefenseEvasion,
  kCredentialAccess,
  kExfiltration,
  kImpact,
  kCount
};
inline constexpr size_t kNumCategories = static_cast<size_t>(Category::kCount);
// "recon", "data-access"...; a view of static storage.
std::string_view CategoryName(Category c);

// One bit per Category.
using CategorySet = uint16_t;

// A predicate over the record that a row needs besides its source and name. Rows with a
// condition apply only when the record is given and the predicate holds; otherwise the next
// matching row decides.
enum class Condition : uint8_t {
  kNone,
  kKeyActivated,           // requestParameters.status == "Active" (UpdateAccessKey)
  kPassesInstanceProfile,  // the request gives the new instances a role (iamInstanceProfile)
  kAddsVolumePermission,   // createVolumePermission.add has an account or group
  kAddsLaunchPermission,   // launchPermission.add has an account or group
  kAddsRestoreAccount,     // DB snapshot attribute "restore" gets accounts added
  kLifecycleExpires,       // a lifecycle rule with Expiration / NoncurrentVersionExpiration
  kSuspendsVersioning,     // VersioningConfiguration.Status == "Suspended"
  kDisablesDetector,       // requestParameters.enable == false (GuardDuty UpdateDetector)
  kArchivesFindings,       // requestParameters.action == "ARCHIVE" (GuardDuty filter)
  kSetsUserData,           // requestParameters.userData present (ModifyInstanceAttribute)
  kReadsUserData,          // requestParameters.attribute == "userData"
  kCount
};
// The predicate as one line of text, for docs and `why`.
std::string_view ConditionText(Condition c);

// One row of the table. All views point to static storage.
struct ClassRule {
  std::string_view id;       // stable, unique: what `rule` reports and the docs list
  std::string_view sources;  // short eventSource ("iam", "ec2-instance-connect"), several
                             // separated by spaces, or "*" for any service
  std::string_view names;    // eventName patterns separated by spaces: exact, or a glob where
                             // '*' is any run of characters ("Get*", "Attach*Policy",
                             // "*Image*", "CreateFunction*" for Lambda's versioned names)
  Condition condition;
  CategorySet categories;
  std::string_view techniques;  // ATT&CK technique IDs separated by spaces; "" when none is sure
  std::string_view reason;      // one line: why the row says so
};

struct Classification {
  std::vector<std::string_view> categories;  // from the vocabulary, no duplicates, table order
  std::vector<std::string_view> techniques;  // MITRE ATT&CK IDs, e.g. "T1078.004"
  std::string_view rule;                     // id of the row that matched; "" when none did
};

// Classifies one event. `event_source` is the CloudTrail eventSource ("iam.amazonaws.com"; the
// short form "iam" is accepted too); `event_name` its eventName. `record` may be null: then only
// rows without a condition apply. The first row that matches decides (specific rows come before
// generic ones); an event no row matches gets empty categories and techniques and rule "".
// The views returned point to static storage. Thread-safe; cheap enough to call for every event
// (a hash look-up of the name plus a scan of the pattern rows, no allocation besides the result).
Classification Classify(std::string_view event_source, std::string_view event_name,
                        const Record* record);

// The row that decides for this event, or null; what Classify reports.
const ClassRule* MatchRule(std::string_view event_source, std::string_view event_name,
                           const Record* record);

// The whole table, in matching order, for docs and tests.
std::span<const ClassRule> ClassificationRules();

// The categories of a set, in vocabulary order.
std::vector<std::string_view> CategoryNames(CategorySet set);

// True when `name` matches `pattern` (exact, or '*' globs). Exposed for tests.
bool NameMatches(std::string_view pattern, std::string_view name);

}  // namespace credtrace::investigate
