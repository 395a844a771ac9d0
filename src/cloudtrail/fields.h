// The CloudTrail fields credtrace keeps as typed columns of the event store, and their names in
// queries. The table itself is data (fields.cc); code looks fields up, it does not list them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace credtrace::cloudtrail {

// Stable numbering: it is part of the segment format (docs/STORE_FORMAT.md). Append only.
enum class Column : uint8_t {
  kEventTime = 0,
  kEventSource,
  kEventName,
  kAwsRegion,
  kRecipientAccountId,
  kIdentityAccountId,
  kIdentityType,
  kPrincipalId,
  kArn,
  kAccessKeyId,
  kUserName,
  kSessionIssuerArn,
  kSessionName,
  kInvokedBy,
  kSourceIp,
  kUserAgent,
  kErrorCode,
  kReadOnly,
  kEventType,
  kEventCategory,
  kEventId,
  kRequestId,
  kSharedEventId,
  kVpcEndpointId,
  kIssuedCredentialKeyId,   // responseElements.credentials.accessKeyId (STS)
  kCreatedAccessKeyId,      // responseElements.accessKey.accessKeyId (iam:CreateAccessKey)
  kRequestRoleArn,          // requestParameters.roleArn
  kRequestRoleSessionName,  // requestParameters.roleSessionName
  kRequestUserName,         // requestParameters.userName
  kCount
};
inline constexpr size_t kNumColumns = static_cast<size_t>(Column::kCount);

enum class FieldType : uint8_t {
  kTime,    // int64 milliseconds UTC
  kString,  // dictionary-encoded text; absent and "" are both stored as ""
  kBool,    // true/false/absent
};

struct FieldSpec {
  Column column;
  std::string_view path;     // CloudTrail JSON path, as in Athena and jq (.userIdentity.arn)
  std::string_view aliases;  // space-separated short names for queries
  FieldType type;
  bool is_ip;                // string column holding IP addresses (CIDR matches allowed)
  std::string_view doc;
};

// Every column, indexed by its Column value.
std::span<const FieldSpec> AllFields();
const FieldSpec& FieldOf(Column c);
// Finds a column by CloudTrail path or alias (case-sensitive paths, case-insensitive aliases).
std::optional<Column> FindField(std::string_view name);

}  // namespace credtrace::cloudtrail
