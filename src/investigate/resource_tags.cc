// The tags of what the attacker touched and of whose credentials they held, as the logs show
// them: from the attacker's own records (read in Finalize) and from the earlier events of the
// case that tagged or created those resources and principals (the owners' CreateTags,
// PutBucketTagging, TagRole, RunInstances with tagSpecificationSet...). The post-incident
// report maps each resource to the application that owns it from these (runbook: "Obtain the
// ARN and/or tag information for each resource impacted").
#include <algorithm>
#include <map>
#include <set>

#include "investigate/investigator.h"

namespace credtrace::investigate {

namespace {

// Bounds: tagging events are looked for among at most this many candidates, newest first (the
// last state wins, so the newest are the ones that count; hostile logs can hold millions), and
// their records are fetched this many at a time so that memory stays flat. A record costs about
// 0.4 ms to fetch (its source is inflated): the bound keeps the worst case under a second, as
// prior states' does (prior_state.cc).
constexpr size_t kMaxTagCandidates = 2000;
constexpr size_t kTagBatch = 1024;
// Candidates whose columns are read at most (most may be other accounts' or regions'): a few
// milliseconds of column reads, whatever the case holds.
constexpr size_t kMaxTagScanned = 100000;

struct Subject {
  std::string id, type, account, region;
};

// "arn:P:iam::A:..." → A.
std::string AccountOfArn(std::string_view arn) {
  size_t pos = 0;
  for (int field = 0; field < 4 && pos != std::string_view::npos; ++field) {
    pos = arn.find(':', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos == std::string_view::npos) return {};
  size_t end = arn.find(':', pos);
  return std::string(arn.substr(pos, end == std::string_view::npos ? end : end - pos));
}

// Whether a row can tag one of `types` (EC2 and RDS rows name several types by their IDs).
bool Relevant(const TagRule& rule, const std::set<std::string>& types) {
  if (rule.type.ends_with("*")) {
    std::string_view prefix = rule.type.substr(0, rule.type.size() - 1);
    auto it = types.lower_bound(std::string(prefix));
    return it != types.end() && it->starts_with(prefix);
  }
  return types.contains(std::string(rule.type));
}

}  // namespace

Status Investigator::ResourceTags() {
  // What to report: the resources, and the roles and users behind the compromised credentials
  // (a role session's tags are its role's).
  std::vector<Subject> subjects;
  for (const ResourceEntry& r : inv_.resources) subjects.push_back({r.id, r.type, r.account, r.region});
  for (const Context::PrincipalUsage& u : inv_.context.principal_usage) {
    subjects.push_back({u.principal_arn, u.kind == "role" ? "AWS::IAM::Role" : "AWS::IAM::User",
                        AccountOfArn(u.principal_arn), "global"});
  }
  if (subjects.empty()) return Status::Ok();
  TagBook book;
  std::set<std::string> types;
  std::set<std::pair<std::string, std::string>> places;
  for (const Subject& s : subjects) {
    book.Want(s.id, s.type, s.account, s.region);
    types.insert(s.type);
    if (s.type == "AWS::S3::Object") types.insert("AWS::S3::Bucket");  // objects carry its tags
    places.insert({s.account, s.region});
  }

  // Candidates: earlier events of a tagging row's name, up to the investigation's last event,
  // in the subjects' accounts and regions (IAM's are global), successful, not the attacker's
  // (those were read in Finalize). All from postings and columns, before any record is fetched.
  TimeMs latest = kMinTime;
  for (const Event& e : inv_.events) latest = std::max(latest, e.ref.time);
  if (latest == kMinTime) latest = kMaxTime;
  // The users by name (IAM user rows name them in a column), and which services each name is
  // relevant for (TagResource is many services' name).
  std::set<std::string> user_names;
  for (const Subject& s : subjects) {
    if (s.type == "AWS::IAM::User") user_names.insert(s.id.substr(s.id.rfind('/') + 1));
  }
  struct Want {
    std::set<std::string_view> sources;
    bool by_user_name = true;
  };
  std::map<std::string_view, Want> names;
  for (const TagRule& rule : TagRules()) {
    if (!Relevant(rule, types)) continue;
    Want& w = names[rule.name];
    w.sources.insert(rule.source);
    w.by_user_name = w.by_user_name && rule.user_name_column;
  }
  std::vector<std::pair<EventRef, const Want*>> cands;
  for (const auto& [name, want] : names) {
    CT_ASSIGN_OR_RETURN(auto rows, ev_.RowsByName(name, kMinTime, latest));
    for (const EventRef& r : rows) cands.push_back({r, &want});
  }
  std::sort(cands.begin(), cands.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<EventRef> ok;
  size_t scanned = 0;
  for (auto it = cands.rbegin(); it != cands.rend() && ok.size() < kMaxTagCandidates && scanned < kMaxTagScanned;
       ++it, ++scanned) {
    const EventRef& r = it->first;
    if (!ok.empty() && ok.back() == r) continue;  // two row names ("TagResource", "TagResource*")
    CT_ASSIGN_OR_RETURN(std::string_view source, ev_.Value(r, Column::kEventSource));
    if (!it->second->sources.contains(source)) continue;
    if (it->second->by_user_name) {
      CT_ASSIGN_OR_RETURN(std::string_view user, ev_.Value(r, Column::kRequestUserName));
      if (!user_names.contains(std::string(user))) continue;
    }
    auto mine = event_at_.find({r.segment, r.row});
    if (mine != event_at_.end() && inv_.events[mine->second].attribution != Attribution::kOwner) continue;
    CT_ASSIGN_OR_RETURN(std::string_view acct, ev_.Value(r, Column::kRecipientAccountId));
    CT_ASSIGN_OR_RETURN(std::string_view region, ev_.Value(r, Column::kAwsRegion));
    std::string a(acct);
    if (!places.contains({a, std::string(region)}) && !places.contains({a, "global"})) continue;
    CT_ASSIGN_OR_RETURN(std::string_view err, ev_.Value(r, Column::kErrorCode));
    if (err.empty()) ok.push_back(r);
  }
  std::reverse(ok.begin(), ok.end());  // oldest first

  // Changes in time order, the owners' and the attacker's together; later ones win.
  std::vector<TimedTagChanges> changes;
  for (size_t b = 0; b < ok.size(); b += kTagBatch) {
    std::vector<EventRef> batch(ok.begin() + static_cast<ptrdiff_t>(b),
                                ok.begin() + static_cast<ptrdiff_t>(std::min(ok.size(), b + kTagBatch)));
    CT_RETURN_IF_ERROR(ev_.Prefetch(batch));
    for (const EventRef& r : batch) {
      CT_ASSIGN_OR_RETURN(const Record* rec, ev_.RecordOf(r));
      auto found = ExtractTagChanges(*rec);
      if (found.empty()) continue;
      CT_ASSIGN_OR_RETURN(std::string_view eid, ev_.Value(r, Column::kEventId));
      changes.push_back({r, std::string(eid), std::move(found)});
    }
    ev_.DropRecords();
  }
  for (const TimedTagChanges& c : own_tag_changes_) changes.push_back(c);
  std::stable_sort(changes.begin(), changes.end(),
                   [](const TimedTagChanges& a, const TimedTagChanges& b) { return a.ref < b.ref; });
  for (const TimedTagChanges& c : changes) {
    for (const TagChange& change : c.changes) book.Apply(change, c.event_id);
  }

  // Per resource, the tags a report gives it; in the context, each id some event tagged (an S3
  // object through its bucket: the bucket is listed, the object only with tags of its own).
  for (ResourceEntry& r : inv_.resources) {
    TagBook::Entry e = book.Effective(r.id, r.type, r.account, r.region);
    r.tags = std::move(e.tags);
    r.tags_event_id = std::move(e.event_id);
  }
  std::set<std::string> listed;
  auto list = [&](const std::string& id, const TagBook::Entry* e) {
    if (e == nullptr || !listed.insert(id).second) return;
    inv_.context.resource_tags.push_back({id, e->tags, e->event_id});
  };
  for (const Subject& s : subjects) {
    size_t s3 = s.id.find(":s3:::");
    size_t slash = s3 == std::string::npos ? s3 : s.id.find('/', s3 + 6);
    if (s.id.starts_with("arn:") && slash != std::string::npos) {
      std::string bucket = s.id.substr(0, slash);
      list(bucket, book.Find(bucket, "AWS::S3::Bucket", s.account, ""));
    }
    list(s.id, book.Find(s.id, s.type, s.account, s.region));
  }
  std::sort(inv_.context.resource_tags.begin(), inv_.context.resource_tags.end(),
            [](const Context::ResourceTags& a, const Context::ResourceTags& b) { return a.id < b.id; });
  return Status::Ok();
}

}  // namespace credtrace::investigate
