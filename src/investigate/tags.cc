// The tag table (one row per event and kind of resource it tags) and the code that reads it.
// Sources for the rows, by how they were checked (docs/RESOURCES.md, "Tags", says the same per
// row): the real stratus record of IAM CreateUser (../shared/datasets: requestParameters.tags
// [{key, value}], and the hidden tags of Roles Anywhere CreateProfile); published CloudTrail
// records of IAM TagRole, EC2 CreateTags/DeleteTags and RunInstances/CreateSnapshot/CreateImage
// tagSpecificationSet, S3 PutBucketTagging (Tagging.TagSet.Tag, Key/Value), Lambda
// TagResource20170331v2 (resource + tags map), RDS AddTagsToResource (resourceName + tags
// [{key, value}]); for the rest, the service's API model in CloudTrail's lower-camel-case
// rendering, the way the verified rows of the same service are written.
#include "investigate/tags.h"

#include <algorithm>

namespace credtrace::investigate {

namespace dom = simdjson::dom;

namespace {

constexpr TagOp kSet = TagOp::kSet, kRepl = TagOp::kReplace, kRm = TagOp::kRemove,
                kClr = TagOp::kClear;

constexpr std::string_view kIam = "iam.amazonaws.com", kEc2 = "ec2.amazonaws.com",
                           kS3 = "s3.amazonaws.com", kLambda = "lambda.amazonaws.com",
                           kSm = "secretsmanager.amazonaws.com", kRds = "rds.amazonaws.com",
                           kKms = "kms.amazonaws.com", kSsm = "ssm.amazonaws.com",
                           kCt = "cloudtrail.amazonaws.com", kDdb = "dynamodb.amazonaws.com",
                           kEvents = "events.amazonaws.com", kRa = "rolesanywhere.amazonaws.com";

constexpr std::string_view kUser = "AWS::IAM::User", kRole = "AWS::IAM::Role",
                           kPolicy = "AWS::IAM::Policy", kProfile = "AWS::IAM::InstanceProfile",
                           kOidc = "AWS::IAM::OIDCProvider", kSaml = "AWS::IAM::SAMLProvider",
                           kMfa = "AWS::IAM::VirtualMFADevice", kInstance = "AWS::EC2::Instance",
                           kVolume = "AWS::EC2::Volume", kSnapshot = "AWS::EC2::Snapshot",
                           kImage = "AWS::EC2::Image", kSg = "AWS::EC2::SecurityGroup",
                           kKeyPair = "AWS::EC2::KeyPair", kBucket = "AWS::S3::Bucket",
                           kObject = "AWS::S3::Object", kFunction = "AWS::Lambda::Function",
                           kSecret = "AWS::SecretsManager::Secret",
                           kDb = "AWS::RDS::DBInstance", kDbSnapshot = "AWS::RDS::DBSnapshot",
                           kDbCluster = "AWS::RDS::DBCluster", kKey = "AWS::KMS::Key",
                           kParameter = "AWS::SSM::Parameter", kTrail = "AWS::CloudTrail::Trail",
                           kTable = "AWS::DynamoDB::Table", kRule = "AWS::Events::Rule";
// Rows whose ids are any EC2 resource (the type comes from each ID's prefix).
constexpr std::string_view kEc2Any = "AWS::EC2::*";

#define REQ(p) "requestParameters." p
#define RESP(p) "responseElements." p

constexpr IdSource Id(std::string_view path, Arn arn = Arn::kAsIs) { return {path, arn}; }

struct Row {
  TagRule r;
  constexpr Row(std::string_view source, std::string_view name, TagOp op, std::string_view type,
                IdSource id0, IdSource id1 = {})
      : r{source, name, op, type, {id0, id1, {}}} {}
  // Tags as [{key, value}] objects with these field names.
  constexpr Row& Pairs(std::string_view path, std::string_view key = "key",
                       std::string_view value = "value") {
    r.tags = path;
    r.shape = TagShape::kPairs;
    r.key_field = key;
    r.value_field = value;
    return *this;
  }
  constexpr Row& Map(std::string_view path) {
    r.tags = path;
    r.shape = TagShape::kMap;
    return *this;
  }
  constexpr Row& Keys(std::string_view path) {
    r.tags = path;
    r.shape = TagShape::kKeys;
    return *this;
  }
  // EC2 tagSpecificationSet: the items of this resourceType.
  constexpr Row& Spec(std::string_view resource_type) {
    r.tags = REQ("tagSpecificationSet.items[]");
    r.shape = TagShape::kPairs;
    r.spec_type = resource_type;
    return *this;
  }
  constexpr Row& AbsentClears() {
    r.absent_clears = true;
    return *this;
  }
  constexpr Row& ByUserName() {
    r.user_name_column = true;
    return *this;
  }
  constexpr Row& When(std::string_view path, std::string_view value) {
    r.when = path;
    r.when_value = value;
    return *this;
  }
  constexpr operator TagRule() const { return r; }
};

constexpr IdSource kUserName = Id(REQ("userName"), Arn::kIamUser);
constexpr IdSource kRoleName = Id(REQ("roleName"), Arn::kIamRole);
constexpr IdSource kPolicyArn = Id(REQ("policyArn"), Arn::kIamPolicy);
constexpr IdSource kProfileName = Id(REQ("instanceProfileName"), Arn::kIamInstanceProfile);
constexpr IdSource kOidcArn = Id(REQ("openIDConnectProviderArn"));
constexpr IdSource kSamlArn = Id(REQ("sAMLProviderArn"));
constexpr IdSource kEc2Ids = Id(REQ("resourcesSet.items[].resourceId"), Arn::kEc2Resource);
constexpr IdSource kLambdaResource = Id(REQ("resource"), Arn::kLambdaFunction);
constexpr IdSource kSecretId = Id(REQ("secretId"), Arn::kSecret);
constexpr IdSource kRdsName = Id(REQ("resourceName"));
constexpr IdSource kKmsKeyId = Id(REQ("keyId"), Arn::kKmsKey);
constexpr std::string_view kIamTags = REQ("tags"), kTagKeys = REQ("tagKeys");

// clang-format off
const TagRule kRules[] = {
    // ---- IAM: creations that take tags, Tag*/Untag* per kind (verified: CreateUser, TagRole)
    Row(kIam, "CreateUser", kRepl, kUser, Id(RESP("user.arn")), kUserName).Pairs(kIamTags).ByUserName(),
    Row(kIam, "CreateRole", kRepl, kRole, Id(RESP("role.arn")), kRoleName).Pairs(kIamTags),
    Row(kIam, "CreatePolicy", kRepl, kPolicy, Id(RESP("policy.arn")),
        Id(REQ("policyName"), Arn::kIamPolicy)).Pairs(kIamTags),
    Row(kIam, "CreateInstanceProfile", kRepl, kProfile, Id(RESP("instanceProfile.arn")),
        kProfileName).Pairs(kIamTags),
    Row(kIam, "CreateOpenIDConnectProvider", kRepl, kOidc, Id(RESP("openIDConnectProviderArn")),
        Id(REQ("url"), Arn::kIamOidcProvider)).Pairs(kIamTags),
    Row(kIam, "CreateSAMLProvider", kRepl, kSaml, Id(RESP("sAMLProviderArn")),
        Id(REQ("name"), Arn::kIamSamlProvider)).Pairs(kIamTags),
    Row(kIam, "TagUser", kSet, kUser, kUserName).Pairs(kIamTags).ByUserName(),
    Row(kIam, "UntagUser", kRm, kUser, kUserName).Keys(kTagKeys).ByUserName(),
    Row(kIam, "TagRole", kSet, kRole, kRoleName).Pairs(kIamTags),
    Row(kIam, "UntagRole", kRm, kRole, kRoleName).Keys(kTagKeys),
    Row(kIam, "TagPolicy", kSet, kPolicy, kPolicyArn).Pairs(kIamTags),
    Row(kIam, "UntagPolicy", kRm, kPolicy, kPolicyArn).Keys(kTagKeys),
    Row(kIam, "TagInstanceProfile", kSet, kProfile, kProfileName).Pairs(kIamTags),
    Row(kIam, "UntagInstanceProfile", kRm, kProfile, kProfileName).Keys(kTagKeys),
    Row(kIam, "TagOpenIDConnectProvider", kSet, kOidc, kOidcArn).Pairs(kIamTags),
    Row(kIam, "UntagOpenIDConnectProvider", kRm, kOidc, kOidcArn).Keys(kTagKeys),
    Row(kIam, "TagSAMLProvider", kSet, kSaml, kSamlArn).Pairs(kIamTags),
    Row(kIam, "UntagSAMLProvider", kRm, kSaml, kSamlArn).Keys(kTagKeys),
    Row(kIam, "TagMFADevice", kSet, kMfa, Id(REQ("serialNumber"))).Pairs(kIamTags),
    Row(kIam, "UntagMFADevice", kRm, kMfa, Id(REQ("serialNumber"))).Keys(kTagKeys),
    // ---- EC2: any resource by ID; creations with tagSpecificationSet (verified: CreateTags,
    // DeleteTags, RunInstances, CreateSnapshot, CreateImage)
    Row(kEc2, "CreateTags", kSet, kEc2Any, kEc2Ids).Pairs(REQ("tagSet.items")),
    Row(kEc2, "DeleteTags", kRm, kEc2Any, kEc2Ids).Pairs(REQ("tagSet.items")).AbsentClears(),
    Row(kEc2, "RunInstances", kRepl, kInstance,
        Id(RESP("instancesSet.items[].instanceId"), Arn::kEc2Instance)).Spec("instance"),
    Row(kEc2, "CreateVolume", kRepl, kVolume, Id(RESP("volumeId"), Arn::kEc2Volume)).Spec("volume"),
    Row(kEc2, "CreateSnapshot", kRepl, kSnapshot,
        Id(RESP("snapshotId"), Arn::kEc2Snapshot)).Spec("snapshot"),
    Row(kEc2, "CreateSnapshots", kRepl, kSnapshot,
        Id(RESP("snapshotSet.items[].snapshotId"), Arn::kEc2Snapshot)).Spec("snapshot"),
    Row(kEc2, "CopySnapshot", kRepl, kSnapshot,
        Id(RESP("snapshotId"), Arn::kEc2Snapshot)).Spec("snapshot"),
    Row(kEc2, "CreateImage", kRepl, kImage, Id(RESP("imageId"), Arn::kEc2Image)).Spec("image"),
    Row(kEc2, "CopyImage", kRepl, kImage, Id(RESP("imageId"), Arn::kEc2Image)).Spec("image"),
    Row(kEc2, "RegisterImage", kRepl, kImage, Id(RESP("imageId"), Arn::kEc2Image)).Spec("image"),
    Row(kEc2, "CreateSecurityGroup", kRepl, kSg,
        Id(RESP("groupId"), Arn::kEc2SecurityGroup)).Spec("security-group"),
    Row(kEc2, "CreateKeyPair", kRepl, kKeyPair, Id(REQ("keyName"), Arn::kEc2KeyPair)).Spec("key-pair"),
    Row(kEc2, "ImportKeyPair", kRepl, kKeyPair, Id(REQ("keyName"), Arn::kEc2KeyPair)).Spec("key-pair"),
    Row(kEc2, "RequestSpotInstances", kRepl, "AWS::EC2::SpotInstanceRequest",
        Id(RESP("spotInstanceRequestSet.items[].spotInstanceRequestId"), Arn::kEc2SpotRequest))
        .Spec("spot-instances-request"),
    // ---- S3: the bucket's whole tag set (verified: PutBucketTagging); objects carry their
    // bucket's tags, and their own (the same Tagging body)
    Row(kS3, "PutBucketTagging", kRepl, kBucket, Id(REQ("bucketName"), Arn::kS3Bucket))
        .Pairs(REQ("Tagging.TagSet.Tag"), "Key", "Value"),
    Row(kS3, "DeleteBucketTagging", kClr, kBucket, Id(REQ("bucketName"), Arn::kS3Bucket)),
    Row(kS3, "PutObjectTagging", kRepl, kObject, Id(REQ("key"), Arn::kS3Object))
        .Pairs(REQ("Tagging.TagSet.Tag"), "Key", "Value"),
    Row(kS3, "DeleteObjectTagging", kClr, kObject, Id(REQ("key"), Arn::kS3Object)),
    // ---- Lambda: the function ARN, tags as a map (verified: TagResource20170331v2)
    Row(kLambda, "TagResource*", kSet, kFunction, kLambdaResource).Map(REQ("tags")),
    Row(kLambda, "UntagResource*", kRm, kFunction, kLambdaResource).Keys(kTagKeys),
    Row(kLambda, "CreateFunction*", kRepl, kFunction, Id(RESP("functionArn"), Arn::kLambdaFunction),
        Id(REQ("functionName"), Arn::kLambdaFunction)).Map(REQ("tags")),
    // ---- Secrets Manager (API model: Tags [{Key, Value}]; either case is read)
    Row(kSm, "TagResource", kSet, kSecret, kSecretId).Pairs(REQ("tags"), "Key", "Value"),
    Row(kSm, "UntagResource", kRm, kSecret, kSecretId).Keys(kTagKeys),
    Row(kSm, "CreateSecret", kRepl, kSecret, Id(RESP("arn")), Id(REQ("name"), Arn::kSecret))
        .Pairs(REQ("tags"), "Key", "Value"),
    // ---- RDS (verified: AddTagsToResource)
    Row(kRds, "AddTagsToResource", kSet, "AWS::RDS::*", kRdsName).Pairs(REQ("tags")),
    Row(kRds, "RemoveTagsFromResource", kRm, "AWS::RDS::*", kRdsName).Keys(kTagKeys),
    Row(kRds, "CreateDBInstance", kRepl, kDb, Id(RESP("dBInstanceArn")),
        Id(REQ("dBInstanceIdentifier"), Arn::kRdsDb)).Pairs(REQ("tags")),
    Row(kRds, "CreateDBSnapshot", kRepl, kDbSnapshot, Id(RESP("dBSnapshotArn")),
        Id(REQ("dBSnapshotIdentifier"), Arn::kRdsSnapshot)).Pairs(REQ("tags")),
    Row(kRds, "CreateDBCluster", kRepl, kDbCluster, Id(RESP("dBClusterArn")),
        Id(REQ("dBClusterIdentifier"), Arn::kRdsCluster)).Pairs(REQ("tags")),
    // ---- KMS (API model: Tags [{TagKey, TagValue}])
    Row(kKms, "TagResource", kSet, kKey, kKmsKeyId).Pairs(REQ("tags"), "tagKey", "tagValue"),
    Row(kKms, "UntagResource", kRm, kKey, kKmsKeyId).Keys(kTagKeys),
    Row(kKms, "CreateKey", kRepl, kKey, Id(RESP("keyMetadata.arn")))
        .Pairs(REQ("tags"), "tagKey", "tagValue"),
    // ---- SSM parameters (API model: resourceType, resourceId, tags [{key, value}])
    Row(kSsm, "AddTagsToResource", kSet, kParameter, Id(REQ("resourceId"), Arn::kSsmParameter))
        .Pairs(REQ("tags")).When(REQ("resourceType"), "Parameter"),
    Row(kSsm, "RemoveTagsFromResource", kRm, kParameter,
        Id(REQ("resourceId"), Arn::kSsmParameter)).Keys(kTagKeys).When(REQ("resourceType"), "Parameter"),
    Row(kSsm, "PutParameter", kRepl, kParameter, Id(REQ("name"), Arn::kSsmParameter)).Pairs(REQ("tags")),
    // ---- CloudTrail, DynamoDB, EventBridge (API models)
    Row(kCt, "AddTags", kSet, kTrail, Id(REQ("resourceId"))).Pairs(REQ("tagsList")),
    Row(kCt, "RemoveTags", kRm, kTrail, Id(REQ("resourceId"))).Pairs(REQ("tagsList")),
    Row(kCt, "CreateTrail", kRepl, kTrail, Id(RESP("trailARN")), Id(REQ("name"), Arn::kTrail))
        .Pairs(REQ("tagsList")),
    Row(kDdb, "TagResource", kSet, kTable, Id(REQ("resourceArn"))).Pairs(REQ("tags")),
    Row(kDdb, "UntagResource", kRm, kTable, Id(REQ("resourceArn"))).Keys(kTagKeys),
    Row(kEvents, "TagResource", kSet, kRule, Id(REQ("resourceARN"))).Pairs(REQ("tags")),
    Row(kEvents, "UntagResource", kRm, kRule, Id(REQ("resourceARN"))).Keys(kTagKeys),
    // ---- Roles Anywhere: its tags are logged hidden (verified), so they come out empty
    Row(kRa, "CreateTrustAnchor", kRepl, "AWS::RolesAnywhere::TrustAnchor",
        Id(RESP("trustAnchor.trustAnchorArn"))).Pairs(REQ("tags")),
    Row(kRa, "CreateProfile", kRepl, "AWS::RolesAnywhere::Profile",
        Id(RESP("profile.profileArn"))).Pairs(REQ("tags")),
};
// clang-format on

#undef REQ
#undef RESP

constexpr std::string_view kHidden = "HIDDEN_DUE_TO_SECURITY_REASONS";

// A '*' row matches its prefix followed by nothing or by an API version (a digit), as in
// resources.cc: "TagResource*" takes TagResource20170331v2.
bool NameMatches(std::string_view pattern, std::string_view name) {
  if (pattern.empty() || pattern.back() != '*') return pattern == name;
  std::string_view prefix = pattern.substr(0, pattern.size() - 1);
  if (!name.starts_with(prefix)) return false;
  return name.size() == prefix.size() || (name[prefix.size()] >= '0' && name[prefix.size()] <= '9');
}

// eventSource → row indices, built once (a handful of rows a service).
const std::unordered_map<std::string_view, std::vector<uint16_t>>& Index() {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, std::vector<uint16_t>>();
    for (size_t i = 0; i < std::size(kRules); ++i) (*m)[kRules[i].source].push_back(static_cast<uint16_t>(i));
    return m;
  }();
  return *index;
}

// The member `key` of `o`, or the member spelt with the other case of its first letter.
bool Member(dom::object o, std::string_view key, dom::element* out) {
  if (key.empty()) return false;
  if (!o.at_key(key).get(*out)) return true;
  std::string other(key);
  char& c = other[0];
  c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A')
      : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a')
                               : c;
  return !o.at_key(other).get(*out);
}

// Reads tags into `out`, within AWS's bounds; `hidden` counts the ones AWS hid.
struct Reader {
  std::vector<Tag>* out;
  size_t hidden = 0;

  bool Full() const { return out->size() >= kMaxTagsPerResource; }
  void Add(std::string_view key, std::string_view value, bool has_value) {
    if (Full()) return;
    if (key == kHidden || value == kHidden) {
      ++hidden;
      return;
    }
    if (key.size() > kMaxTagKeyBytes || value.size() > kMaxTagValueBytes) return;
    out->push_back({std::string(key), std::string(value), has_value});
  }
  void Pair(dom::element e, const TagRule& row) {
    dom::object o;
    dom::element k, v;
    std::string_view key, value;
    if (e.get_object().get(o) || !Member(o, row.key_field, &k) || k.get_string().get(key)) return;
    bool has_value = Member(o, row.value_field, &v) && !v.get_string().get(value);
    Add(key, value, has_value);
  }
  void Pairs(dom::element e, const TagRule& row) {
    dom::array arr;
    if (e.get_array().get(arr)) {
      Pair(e, row);  // one tag written as an object (S3's XML body with a single Tag)
      return;
    }
    for (dom::element item : arr) {
      if (Full()) break;
      Pair(item, row);
    }
  }
  void Map(dom::element e) {
    dom::object o;
    if (e.get_object().get(o)) return;
    for (auto field : o) {
      std::string_view value;
      if (field.value.get_string().get(value)) continue;
      Add(field.key, value, true);
      if (Full()) break;
    }
  }
  void Keys(dom::element e) {
    dom::array arr;
    if (e.get_array().get(arr)) return;
    for (dom::element item : arr) {
      std::string_view key;
      if (!item.get_string().get(key)) Add(key, {}, false);
      if (Full()) break;
    }
  }
};

// Applies one row to a record: the change it makes, or nothing.
void Apply(const TagRule& row, const Record& rec, std::vector<TagChange>* out) {
  if (!row.when.empty() && rec.Str(row.when) != row.when_value) return;
  TagOp op = row.op;
  std::vector<Tag> tags;
  Reader reader{&tags};
  bool present = false;
  if (row.shape != TagShape::kNone) {
    if (!row.spec_type.empty()) {
      WalkPath(rec.root(), row.tags, [&](dom::element item) {
        dom::object o;
        std::string_view type;
        dom::element t;
        if (item.get_object().get(o) || o["resourceType"].get_string().get(type) ||
            type != row.spec_type || o["tags"].get(t))
          return;
        present = true;
        reader.Pairs(t, row);
      });
    } else {
      dom::element e;
      present = !rec.At(row.tags).get(e) && !e.is_null();
      if (present) {
        switch (row.shape) {
          case TagShape::kPairs:
            reader.Pairs(e, row);
            break;
          case TagShape::kMap:
            reader.Map(e);
            break;
          case TagShape::kKeys:
            reader.Keys(e);
            break;
          case TagShape::kNone:
            break;
        }
      }
    }
    if (!present) {
      if (op != TagOp::kRemove || !row.absent_clears) return;  // the call set no tags
      op = TagOp::kClear;
    }
    // Only hidden tags: the logs do not say what the tags are.
    if (tags.empty() && reader.hidden > 0) return;
    if (tags.empty() && op != TagOp::kReplace && op != TagOp::kClear) return;
  }
  std::string_view type = row.type.ends_with("*") ? std::string_view() : row.type;
  std::vector<ResourceId> ids = ResolveIds(rec, row.ids, type);
  if (ids.size() > kMaxTaggedPerRecord) ids.resize(kMaxTaggedPerRecord);
  for (ResourceId& id : ids) {
    if (id.id.ends_with("*")) continue;  // a pattern is no one resource
    out->push_back({std::move(id), op, tags});
  }
}

// "arn:P:iam::A:role/path/name" → "arn:P:iam::A:role/name" for the kinds whose names hold no '/'.
std::string IamKey(std::string_view id) {
  size_t colon = id.rfind(':');
  if (colon == std::string_view::npos) return std::string(id);
  std::string_view rest = id.substr(colon + 1);
  for (std::string_view kind : {"user/", "role/", "group/", "policy/", "instance-profile/"}) {
    if (!rest.starts_with(kind)) continue;
    size_t last = rest.rfind('/');
    return std::string(id.substr(0, colon + 1)) + std::string(kind) + std::string(rest.substr(last + 1));
  }
  return std::string(id);
}

// A secret's name from its ARN: after ":secret:", without the "-XXXXXX" suffix AWS appends.
std::string_view SecretName(std::string_view id) {
  size_t at = id.find(":secret:");
  if (at == std::string_view::npos) return id;
  std::string_view name = id.substr(at + 8);
  if (name.size() > 7 && name[name.size() - 7] == '-') name.remove_suffix(7);
  return name;
}

// An S3 object's bucket ("arn:P:s3:::bucket/key" → "arn:P:s3:::bucket"), or "".
std::string_view BucketOf(std::string_view id) {
  size_t at = id.find(":s3:::");
  if (!id.starts_with("arn:") || at == std::string_view::npos) return {};
  at += 3;
  size_t slash = id.find('/', at + 3);
  return slash == std::string_view::npos ? std::string_view() : id.substr(0, slash);
}

void ApplyTo(TagBook::Entry* e, const TagChange& c, std::string_view event_id) {
  switch (c.op) {
    case TagOp::kReplace:
      e->tags.clear();
      [[fallthrough]];
    case TagOp::kSet:
      for (const Tag& t : c.tags) {
        if (e->tags.size() >= kMaxTagsPerResource && !e->tags.contains(t.key)) continue;
        e->tags[t.key] = t.value;
      }
      break;
    case TagOp::kRemove:
      for (const Tag& t : c.tags) {
        auto it = e->tags.find(t.key);
        if (it != e->tags.end() && (!t.has_value || it->second == t.value)) e->tags.erase(it);
      }
      break;
    case TagOp::kClear:
      e->tags.clear();
      break;
  }
  e->event_id = event_id;
}

}  // namespace

std::string_view TagOpName(TagOp op) {
  switch (op) {
    case TagOp::kSet:
      return "set";
    case TagOp::kReplace:
      return "replace";
    case TagOp::kRemove:
      return "remove";
    case TagOp::kClear:
      return "clear";
  }
  return "?";
}

std::span<const TagRule> TagRules() { return kRules; }

std::vector<TagChange> ExtractTagChanges(const Record& record) {
  std::vector<TagChange> out;
  const auto& index = Index();
  auto it = index.find(record.Str("eventSource"));
  if (it == index.end()) return out;
  std::string_view name = record.Str("eventName");
  bool checked = false;
  for (uint16_t i : it->second) {
    if (!NameMatches(kRules[i].name, name)) continue;
    // A failed call changed nothing (looked at only for events that have a row).
    if (!checked && !record.Str("errorCode").empty()) return out;
    checked = true;
    Apply(kRules[i], record, &out);
  }
  return out;
}

std::string TagKey(std::string_view id, std::string_view type, std::string_view account,
                   std::string_view region) {
  if (type == "AWS::SecretsManager::Secret" || id.find(":secretsmanager:") != std::string_view::npos) {
    std::string_view name = id.starts_with("arn:") ? SecretName(id) : id;
    return "secret:" + std::string(account) + ":" + std::string(region) + ":" + std::string(name);
  }
  if (id.starts_with("arn:") && id.find(":iam::") != std::string_view::npos) return IamKey(id);
  return std::string(id);
}

void TagBook::Want(std::string_view id, std::string_view type, std::string_view account,
                   std::string_view region) {
  wanted_.insert(TagKey(id, type, account, region));
  if (std::string_view bucket = BucketOf(id); !bucket.empty()) wanted_.insert(std::string(bucket));
}

void TagBook::Apply(const TagChange& c, std::string_view event_id) {
  std::string key = TagKey(c.resource.id, c.resource.type, c.resource.account, c.resource.region);
  if (!wanted_.contains(key)) return;
  ApplyTo(&entries_[key], c, event_id);
}

const TagBook::Entry* TagBook::Find(std::string_view id, std::string_view type,
                                    std::string_view account, std::string_view region) const {
  auto it = entries_.find(TagKey(id, type, account, region));
  return it == entries_.end() ? nullptr : &it->second;
}

TagBook::Entry TagBook::Effective(std::string_view id, std::string_view type,
                                  std::string_view account, std::string_view region) const {
  Entry out;
  if (std::string_view bucket = BucketOf(id); !bucket.empty()) {
    if (const Entry* b = Find(bucket, "AWS::S3::Bucket", account, "")) out = *b;
  }
  if (const Entry* own = Find(id, type, account, region)) {
    for (const auto& [k, v] : own->tags) out.tags[k] = v;
    out.event_id = own->event_id;
  }
  return out;
}

}  // namespace credtrace::investigate
