// The tags CloudTrail records show for a resource: which events carry tags (IAM Create*/Tag*/
// Untag*, EC2 CreateTags/DeleteTags and tagSpecificationSet, S3 PutBucketTagging, the
// TagResource/UntagResource of many services, creations that take tags), where the tags and the
// resources sit in the record, and what the event does to the resource's tag set. The
// post-incident report maps each resource the attacker touched to the application owning it
// from these tags (runbook: "Obtain the ARN and/or tag information for each resource
// impacted"). docs/RESOURCES.md ("Tags") lists every row.
//
// The knowledge is one table (tags.cc, TagRules()), read by the code as resources.cc reads
// its own; resources are named by the same ARN templates (resources.h), so a tagged resource is
// the resource touched.
//
// Everything in a record is attacker-controlled: keys and values are copied as data, bounded as
// AWS bounds them (kMaxTagsPerResource, kMaxTagKeyBytes, kMaxTagValueBytes); values AWS hides
// (HIDDEN_DUE_TO_SECURITY_REASONS) are not tags and are skipped.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "investigate/resources.h"

namespace credtrace::investigate {

// AWS's limits: 50 user tags a resource, keys of 128 and values of 256 Unicode characters (at
// most 4 bytes each in UTF-8). A record beyond them shows a call AWS refused or a forged one:
// tags past the 50th are dropped, a key or value past its size is dropped with its tag.
inline constexpr size_t kMaxTagsPerResource = 50;
inline constexpr size_t kMaxTagKeyBytes = 512;
inline constexpr size_t kMaxTagValueBytes = 1024;
// Resources one record may tag (EC2 CreateTags takes up to 1000 IDs).
inline constexpr size_t kMaxTaggedPerRecord = 1000;

// What a tagging event does to the resource's tags.
enum class TagOp : uint8_t {
  kSet,      // adds the tags, overwriting the same keys (TagUser, CreateTags, TagResource)
  kReplace,  // the tags become the resource's whole set (a creation; PutBucketTagging)
  kRemove,   // removes the keys named (Untag*, DeleteTags; a value given must match)
  kClear,    // removes every tag (DeleteBucketTagging; DeleteTags without a tag set)
};
std::string_view TagOpName(TagOp op);  // "set", "replace", "remove", "clear"

// How the tags are written at the row's path.
enum class TagShape : uint8_t {
  kPairs,  // array of {key, value} objects (field names per row; the other case of the first
           // letter is read too); a single object stands for an array of one (S3's XML body)
  kMap,    // object {key: value, ...} (Lambda)
  kKeys,   // array of key strings (tagKeys)
  kNone,   // no tags read (kClear)
};

struct TagRule {
  std::string_view source;  // eventSource
  std::string_view name;    // eventName, exact or a prefix ending in '*' (TagResource20170331v2)
  TagOp op;
  std::string_view type;      // CloudFormation type of the tagged resources
  IdSource ids[3] = {};       // where they are (resources.h: the first source that yields wins)
  std::string_view tags = {};  // path of the tags
  TagShape shape = TagShape::kNone;
  std::string_view key_field = "key", value_field = "value";  // kPairs
  // tagSpecificationSet: `tags` reaches items {resourceType, tags[]}; only the items of this
  // resourceType are this row's, and their `tags` are read as pairs.
  std::string_view spec_type = {};
  // kRemove: no tags at the path means every tag (EC2 DeleteTags without a tag set).
  bool absent_clears = false;
  // The row applies only when `when` holds `when_value` (SSM's resourceType "Parameter").
  std::string_view when = {}, when_value = {};
  // requestParameters.userName names the tagged user: the store keeps it as a column, so the
  // investigation drops other users' events before fetching any record.
  bool user_name_column = false;
};

struct Tag {
  std::string key, value;
  bool has_value = true;  // kRemove: false when any value goes (DeleteTags {key} only)
};

// One event's change to one resource's tags.
struct TagChange {
  ResourceId resource;  // named as ExtractResources names it
  TagOp op = TagOp::kSet;
  std::vector<Tag> tags;  // kSet/kReplace: the tags; kRemove: the keys (and values to match)
};

// The changes `record` makes, in table order. Empty for events that tag nothing and for failed
// calls (errorCode set: nothing changed). Safe from several threads; microseconds a record.
std::vector<TagChange> ExtractTagChanges(const Record& record);

// The table, for docs, tests, and to find candidate events by name.
std::span<const TagRule> TagRules();

// The key two ids of the same resource share: IAM ARNs without their path (a TagRole names the
// role by name, so with path "/"; the role's session names it with its real path), secrets by
// name without the random suffix of their ARNs. `account` and `region` are the resource's.
std::string TagKey(std::string_view id, std::string_view type, std::string_view account,
                   std::string_view region);

// Tags as the logs leave them, event by event. Only resources asked for are kept (Want), so
// memory is bounded by the investigation's resources, not by the case's tagging events.
class TagBook {
 public:
  using Tags = std::map<std::string, std::string>;
  struct Entry {
    Tags tags;
    std::string event_id;  // the last event that changed them
  };
  // Keep the tags of this resource (and, for an S3 object, of its bucket, whose tags the
  // object's report carries).
  void Want(std::string_view id, std::string_view type, std::string_view account,
            std::string_view region);
  // Applies one event's change; callers apply events oldest first, so later ones win.
  void Apply(const TagChange& change, std::string_view event_id);
  // The resource's entry, or null when no event the book saw tagged it.
  const Entry* Find(std::string_view id, std::string_view type, std::string_view account,
                    std::string_view region) const;
  // The tags a report gives the resource: an S3 object's are its bucket's, overridden by its
  // own; the event is the last of those that set them ("" when none).
  Entry Effective(std::string_view id, std::string_view type, std::string_view account,
                  std::string_view region) const;

 private:
  std::unordered_set<std::string> wanted_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace credtrace::investigate
