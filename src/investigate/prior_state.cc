// What a resource looked like before the attacker changed or deleted it, as far as the logs
// show: the last earlier event that set the same aspect (a trust policy, a bucket policy, an
// ingress rule...) or created it. The recovery plan restores from this.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "investigate/investigator.h"

namespace credtrace::investigate {

namespace {

// Bounds: prior states are looked for among at most this many earlier events per resource
// type, newest first (hostile logs can hold millions of candidate events).
constexpr size_t kMaxCandidatesPerType = 2000;

}  // namespace

Status Investigator::PriorStates() {
  std::map<std::string, TimeMs> event_time;
  for (const Event& e : inv_.events) event_time[e.event_id] = e.ref.time;
  // Resources to look back for, by type.
  std::map<std::string, std::vector<size_t>> by_type;
  for (size_t i = 0; i < inv_.resources.size(); ++i) {
    const ResourceEntry& r = inv_.resources[i];
    if (r.action == ResourceAction::kModified || r.action == ResourceAction::kDeleted ||
        r.action == ResourceAction::kShared) {
      by_type[r.type].push_back(i);
    }
  }
  for (const auto& [type, entries] : by_type) {
    TimeMs latest = kMinTime;  // candidates are older than the last attacker event on these
    for (size_t i : entries) {
      for (const std::string& id : inv_.resources[i].event_ids) latest = std::max(latest, event_time[id]);
    }
    // Every event name that can create or change a resource of this type.
    std::vector<EventRef> cands;
    std::set<std::string> names;
    for (const ResourceRule& rule : ResourceRules()) {
      if (rule.type != type || rule.action == ResourceAction::kRead || rule.action == ResourceAction::kDeleted ||
          rule.action == ResourceAction::kAssumed)
        continue;
      if (!names.insert(std::string(rule.name)).second) continue;
      CT_ASSIGN_OR_RETURN(auto rows, ev_.RowsByName(rule.name, kMinTime, latest));
      cands.insert(cands.end(), rows.begin(), rows.end());
    }
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    // Only the accounts (and, for regional resources, the regions) of these resources; failed
    // calls changed nothing; the attacker's own calls are not the state to restore. All read
    // from columns, before any record is fetched.
    std::set<std::pair<std::string, std::string>> places;
    for (size_t i : entries) places.insert({inv_.resources[i].account, inv_.resources[i].region});
    std::vector<EventRef> ok;
    for (const EventRef& r : cands) {
      CT_ASSIGN_OR_RETURN(std::string_view acct, ev_.Value(r, Column::kRecipientAccountId));
      CT_ASSIGN_OR_RETURN(std::string_view region, ev_.Value(r, Column::kAwsRegion));
      if (!places.contains({std::string(acct), std::string(region)}) && !places.contains({std::string(acct), "global"}))
        continue;
      auto mine = event_at_.find({r.segment, r.row});
      if (mine != event_at_.end() && inv_.events[mine->second].attribution != Attribution::kOwner) continue;
      CT_ASSIGN_OR_RETURN(std::string_view err, ev_.Value(r, Column::kErrorCode));
      if (err.empty()) ok.push_back(r);
    }
    if (ok.size() > kMaxCandidatesPerType) ok.erase(ok.begin(), ok.end() - kMaxCandidatesPerType);
    CT_RETURN_IF_ERROR(ev_.Prefetch(ok));
    for (size_t i : entries) {
      ResourceEntry& res = inv_.resources[i];
      TimeMs first = kMaxTime;
      for (const std::string& id : res.event_ids) first = std::min(first, event_time[id]);
      // Newest first: the last state before the attacker's first change.
      for (auto it = ok.rbegin(); it != ok.rend(); ++it) {
        if (it->time >= first) continue;
        CT_ASSIGN_OR_RETURN(const Record* rec, ev_.RecordOf(*it));
        bool found = false;
        for (const ResourceTouch& t : ExtractResources(*rec)) {
          if (t.id != res.id) continue;
          // A change is undone from the last state of the same aspect; a deletion from the last
          // known configuration, whatever set it.
          bool same_aspect = res.aspects.empty() ||
                             std::find(res.aspects.begin(), res.aspects.end(), t.aspect) != res.aspects.end();
          if (!same_aspect) continue;
          res.state_before = !t.state.empty() ? t.state : rec->Json("requestParameters");
          CT_ASSIGN_OR_RETURN(std::string_view eid, ev_.Value(*it, Column::kEventId));
          res.before_event_id = eid;
          found = true;
          break;
        }
        if (found) break;
      }
    }
    ev_.DropRecords();
  }
  return Status::Ok();
}

}  // namespace credtrace::investigate
