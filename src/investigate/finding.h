// Security findings as investigation seeds: GuardDuty findings and Security Hub (ASFF) findings,
// in every form a responder is likely to save them, reduced to what an investigation starts
// from: the credential (access key, principal), the activity window and where it came from.
// Field names and envelopes: ../shared/reference/aws-ir-facts.md §4.1 and §4.2.
//
// A findings file is input like any other: every string in it may have been chosen by an
// attacker (user agents, user and role names), so values are copied, never interpreted, and must
// go through cli::SafeText before reaching a terminal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace credtrace::investigate {

struct Finding {
  std::string product;  // "guardduty" or "securityhub"
  std::string id;       // GuardDuty finding ID / ASFF Id
  // The GuardDuty type ("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS").
  // ASFF from GuardDuty: recovered from Types ("Effects/Data Exfiltration/UnauthorizedAccess:
  // IAMUser-InstanceCredentialExfiltration.OutsideAWS"); other ASFF: the first Types entry.
  std::string type;
  std::string title;
  // GuardDuty's number (1-10). ASFF: Severity.Product, else Severity.Normalized / 10.
  double severity = 0;
  // INFORMATIONAL, LOW, MEDIUM, HIGH or CRITICAL. GuardDuty: from the number (see
  // GuardDutySeverityLabel). ASFF: Severity.Label as written, else from Normalized.
  std::string severity_label;
  std::string account, region;
  // GuardDuty resource.accessKeyDetails; ASFF Resources[] of Type AwsIamAccessKey (the key from
  // Details.AwsIamAccessKey.AccessKeyId, else from an Id "AWS::IAM::AccessKey:<key>").
  std::string access_key_id;
  std::string principal_id, user_name, user_type;
  // Derived by PrincipalArnFor from the fields above; "" when they do not say enough.
  std::string principal_arn;
  // The activity window: GuardDuty service.eventFirstSeen / eventLastSeen (else createdAt /
  // updatedAt); ASFF FirstObservedAt / LastObservedAt (else Action.AwsApiCallAction.FirstSeen /
  // LastSeen, else GuardDuty's ProductFields, else CreatedAt / UpdatedAt).
  std::optional<TimeMs> first_seen, last_seen;
  // The caller's addresses (IPv4, then IPv6), the network, the call and the client.
  std::vector<std::string> remote_ips;
  std::string asn, asn_org, api, service_name, user_agent;
  std::string instance_id;  // the EC2 instance the finding involves, if any
};

// Every finding in `text`, in document order. `text` may be:
//   - `aws guardduty get-findings` output, {"Findings":[...]} (the CLI prints the SDK's
//     PascalCase names) or the API's own {"findings":[...]} (camelCase);
//   - a bare GuardDuty finding, in either spelling;
//   - an EventBridge event {"detail-type":"GuardDuty Finding","detail":{<finding>}};
//   - an EventBridge Security Hub event {"detail-type":"Security Hub Findings - Imported",
//     "detail":{"findings":[<ASFF>...]}} (also "- Custom Action");
//   - `aws securityhub get-findings` output {"Findings":[<ASFF>...]}, or a bare ASFF finding;
//   - a JSON array of any of these, or several of them concatenated or one per line.
// `name` names the input in error messages ("<name>: byte <offset>: <what>"). Errors:
// kCorrupt for text that is not JSON, nests deeper than kMaxJsonDepth, or holds a field of the
// wrong type (the offset is that field's); kInvalidArgument for JSON that is not a finding or a
// list or event of findings. Empty text gives no findings. A finding that names no credential
// (no key, no principal) is returned all the same: the caller decides.
Result<std::vector<Finding>> ParseFindings(std::string_view text, std::string_view name);

// GuardDuty's severity bands: 1-3.9 LOW, 4-6.9 MEDIUM, 7-8.9 HIGH, 9 and above CRITICAL (the
// upper bands of attack sequences; aws-ir-facts.md §4.1), below 1 INFORMATIONAL.
std::string_view GuardDutySeverityLabel(double severity);

// The principal's ARN from what findings say of an access key's owner:
//   IAMUser     arn:<partition>:iam::<account>:user/<user_name>  (the user's path is not known)
//   AssumedRole arn:<partition>:sts::<account>:assumed-role/<user_name = role>/<session>, the
//               session being what follows ':' in the principal ID ("AROA...:i-0abc...")
//   Root        arn:<partition>:iam::<account>:root
// "" for other types, or when a needed part is missing. `partition` "" means "aws".
std::string PrincipalArnFor(std::string_view partition, std::string_view account,
                            std::string_view user_type, std::string_view user_name,
                            std::string_view principal_id);

}  // namespace credtrace::investigate
