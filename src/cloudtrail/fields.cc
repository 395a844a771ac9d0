#include "cloudtrail/fields.h"

#include "base/strings.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace credtrace::cloudtrail {

namespace {
using C = Column;
using T = FieldType;

// clang-format off
constexpr std::array<FieldSpec, kNumColumns> kFields = {{
  {C::kEventTime, "eventTime", "time", T::kTime, false, "when the request completed (UTC)"},
  {C::kEventSource, "eventSource", "source service", T::kString, false, "service endpoint, e.g. iam.amazonaws.com"},
  {C::kEventName, "eventName", "name event action", T::kString, false, "API action"},
  {C::kAwsRegion, "awsRegion", "region", T::kString, false, "region the request was sent to"},
  {C::kRecipientAccountId, "recipientAccountId", "account recipient", T::kString, false, "account that received the event"},
  {C::kIdentityAccountId, "userIdentity.accountId", "identityaccount", T::kString, false, "account that owns the caller"},
  {C::kIdentityType, "userIdentity.type", "type identitytype", T::kString, false, "IAMUser, AssumedRole, Root, AWSService..."},
  {C::kPrincipalId, "userIdentity.principalId", "principal", T::kString, false, "unique ID of the caller"},
  {C::kArn, "userIdentity.arn", "arn", T::kString, false, "ARN of the caller"},
  {C::kAccessKeyId, "userIdentity.accessKeyId", "key accesskey", T::kString, false, "access key that signed the request"},
  {C::kUserName, "userIdentity.userName", "user username", T::kString, false, "IAM user name of the caller"},
  {C::kSessionIssuerArn, "userIdentity.sessionContext.sessionIssuer.arn", "issuer role", T::kString, false, "role or user that issued the session"},
  {C::kSessionName, "sessionName", "session", T::kString, false, "role session name (last part of an assumed-role ARN)"},
  {C::kInvokedBy, "userIdentity.invokedBy", "invokedby", T::kString, false, "AWS service that made the call"},
  {C::kSourceIp, "sourceIPAddress", "ip sourceip", T::kString, true, "caller's IP address or service name"},
  {C::kUserAgent, "userAgent", "ua useragent agent", T::kString, false, "client user agent"},
  {C::kErrorCode, "errorCode", "error", T::kString, false, "error code; empty on success"},
  {C::kReadOnly, "readOnly", "readonly", T::kBool, false, "read-only call (the service's classification)"},
  {C::kEventType, "eventType", "eventtype", T::kString, false, "AwsApiCall, AwsConsoleSignIn, AwsServiceEvent..."},
  {C::kEventCategory, "eventCategory", "category", T::kString, false, "Management, Data, NetworkActivity"},
  {C::kEventId, "eventID", "id eventid", T::kString, false, "unique event ID"},
  {C::kRequestId, "requestID", "requestid", T::kString, false, "service request ID"},
  {C::kSharedEventId, "sharedEventID", "sharedeventid shared", T::kString, false, "same event delivered to several accounts"},
  {C::kVpcEndpointId, "vpcEndpointId", "vpce vpcendpoint", T::kString, false, "VPC endpoint of the call"},
  {C::kIssuedCredentialKeyId, "responseElements.credentials.accessKeyId", "issuedkey", T::kString, false, "temporary key an STS call returned"},
  {C::kCreatedAccessKeyId, "responseElements.accessKey.accessKeyId", "createdkey", T::kString, false, "long-term key CreateAccessKey returned"},
  {C::kRequestRoleArn, "requestParameters.roleArn", "rolearn", T::kString, false, "role a request names (AssumeRole...)"},
  {C::kRequestRoleSessionName, "requestParameters.roleSessionName", "rolesessionname", T::kString, false, "session name asked for"},
  {C::kRequestUserName, "requestParameters.userName", "requestuser targetuser", T::kString, false, "IAM user a request acts on"},
}};
// clang-format on

}  // namespace

std::span<const FieldSpec> AllFields() { return kFields; }

const FieldSpec& FieldOf(Column c) { return kFields[static_cast<size_t>(c)]; }

std::optional<Column> FindField(std::string_view name) {
  for (const FieldSpec& f : kFields) {
    if (f.path == name) return f.column;
  }
  for (const FieldSpec& f : kFields) {
    if (EqualsIgnoreCase(f.path, name)) return f.column;
    std::string_view a = f.aliases;
    while (!a.empty()) {
      size_t sp = a.find(' ');
      std::string_view w = a.substr(0, sp);
      if (EqualsIgnoreCase(w, name)) return f.column;
      if (sp == std::string_view::npos) break;
      a.remove_prefix(sp + 1);
    }
  }
  return std::nullopt;
}

}  // namespace credtrace::cloudtrail
