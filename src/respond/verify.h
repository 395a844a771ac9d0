// credtrace verify: does the containment hold? Every use of a contained credential after its
// containment time, read from the case's indexes, split into denied (the containment works) and
// not denied (it does not), with the propagation window and CloudTrail's delivery delay allowed
// for (docs/RESPONSE.md, "Verification"; JSON schema docs/VERIFY_SCHEMA.md).
//
// The credentials come from the saved investigation (its documented JSON, as for plans); the
// uses come from the case through investigate::Evidence (postings and columns; original records
// are fetched only for sign-in events and for sessions of revoked roles, to read
// responseElements.ConsoleLogin and sessionContext.attributes.creationDate).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "base/time.h"
#include "investigate/evidence.h"
#include "store/case.h"
#include "store/ingest.h"

namespace credtrace::respond {

inline constexpr const char* kVerifySchema = "credtrace.verify/1";
inline constexpr TimeMs kDefaultGraceMs = 5 * 60 * 1000;           // IAM propagation (§3.1)
inline constexpr TimeMs kDeliveryDelayMs = 15 * 60 * 1000;         // CloudTrail delivery (§5.2)

// One credential of the investigation, as verify needs it.
struct VerifyCredential {
  std::string id, kind, principal_arn;
  std::vector<std::string> keys;  // keys[] (or accessKeyId); empty for a console password
};

// What the investigation says about who uses what, to attribute the uses found.
struct VerifyInvestigation {
  std::vector<VerifyCredential> credentials;
  std::map<std::string, std::string> attribution_of_event;          // eventID -> attacker|owner|unknown
  std::set<std::string> attacker_ips;                                // context.attackerInfrastructure
  std::set<std::pair<std::string, std::string>> owner_habits;        // (credential, ip + "\n" + userAgent)
  nlohmann::json doc;                                                // the whole document (for the planner)
};

// Reads `<case>/investigation.json`'s document. kInvalidArgument when it is not a
// credtrace.investigation/N document with credentials[].
Result<VerifyInvestigation> ReadVerifyInvestigation(const nlohmann::json& doc);

// The containment time of each credential as the executor's journal records it
// (`<case>/journal.jsonl`, written by `credtrace contain --execute`): the time of the last
// `{"type":"step","phase":"contain","status":"ok"}` entry among the steps that contain it. The
// steps' credentials are the entry's `credentials[]` when it has them; otherwise the plan of the
// run is rebuilt from `inv` and the run entry's `at` (plans are deterministic), which assumes the
// investigation has not changed since the run. An absent file gives an empty map (then `--after`
// is required); a torn last line is ignored.
Result<std::map<std::string, TimeMs>> ReadJournalContainment(const std::filesystem::path& file,
                                                             const VerifyInvestigation& inv);

struct VerifyOptions {
  std::optional<TimeMs> after;              // one containment time for every credential
  std::map<std::string, TimeMs> journal;    // per credential (used when `after` is not set)
  TimeMs grace_ms = kDefaultGraceMs;
  TimeMs delivery_delay_ms = kDeliveryDelayMs;
};

// One call made with a contained credential after its containment time.
struct VerifyUse {
  std::string event_id, event_time, event_source, event_name, source_ip, user_agent, error_code;
  std::string access_key_id, principal_arn;
  std::string via;              // "key", "sign-in", "older-role-session"
  std::string session_created;  // sessionContext.attributes.creationDate, for older-role-session
  std::string attribution, why; // attacker|owner|unknown, and the reason
  TimeMs time = 0;
  bool denied = false;
  bool within_grace = false;
};

struct VerifyCredentialResult {
  VerifyCredential credential;
  std::optional<TimeMs> contained_at;
  std::string contained_from;  // "--after", "journal", "" (not contained: not checked)
  std::string role_revoked;    // the role whose older sessions the plan revokes ("" when none)
  std::vector<VerifyUse> denied, succeeded, within_grace;
};

struct VerifyReport {
  std::vector<VerifyCredentialResult> credentials;
  TimeMs grace_ms = kDefaultGraceMs;
  TimeMs delivery_delay_ms = kDeliveryDelayMs;
  std::optional<TimeMs> last_event;     // latest eventTime in the case
  std::optional<TimeMs> complete_until; // last_event - delivery delay
  size_t denied = 0, succeeded = 0, within_grace = 0, unchecked = 0;
  // Successful use after the grace window: the containment does not hold (exit status 4).
  bool NotContained() const { return succeeded > 0; }
};

// Checks every credential of `inv` against the case. Fails when no credential has a
// containment time (neither `after` nor the journal gives one).
Result<VerifyReport> Verify(const investigate::Evidence& ev, const VerifyInvestigation& inv,
                            const VerifyOptions& opt);

// The report as `credtrace.verify/1` (docs/VERIFY_SCHEMA.md). `extra` fields (generator,
// watch) are merged at the top level.
nlohmann::json VerifyToJson(const VerifyReport& r, const nlohmann::json& extra = nlohmann::json::object());

// --watch: new evidence files under a directory, ingested as they settle.
struct WatchOptions {
  std::filesystem::path path;
  TimeMs duration_ms = 30 * 60 * 1000;
  TimeMs interval_ms = 10 * 1000;
  store::IngestOptions ingest;
  // Injectable for tests: the clock, and the wait between polls (default: the real ones).
  std::function<TimeMs()> now;
  std::function<void(TimeMs)> sleep;
  // Called after each poll with the uses not reported before (in time order), and the poll's
  // ingest summary.
  std::function<void(const std::vector<std::pair<std::string, VerifyUse>>&, const store::IngestSummary&)> on_new;
};

struct WatchSummary {
  int polls = 0;
  uint64_t files_ingested = 0, new_events = 0;
  std::vector<store::IngestProblem> problems;
};

// Polls `opt.path` every interval until the duration has passed: files whose path, size and
// mtime were not seen before are ingested once they have settled (same size and mtime at two
// polls in a row, or last written more than a minute ago; the last poll takes every new file);
// after each poll the credentials are checked again and the uses not reported before are handed
// to on_new. Returns the final report. The case de-duplicates, so re-ingesting is harmless.
Result<VerifyReport> Watch(store::Case& c, const VerifyInvestigation& inv, const VerifyOptions& vopt,
                           const WatchOptions& wopt, WatchSummary* summary);

}  // namespace credtrace::respond
