// What a source (an evidence file) turned out to be, detected from its content, not its name.
#pragma once

#include <string_view>

namespace credtrace::cloudtrail {

enum class SourceKind : uint8_t {
  kUnknown = 0,
  kDeliveryFile,   // {"Records":[...]} as CloudTrail writes to S3
  kJsonLines,      // one record per line (or concatenated record objects)
  kLookupEvents,   // aws cloudtrail lookup-events output: {"Events":[{"CloudTrailEvent":"..."}]}
  kRecordArray,    // a bare JSON array of records
  kEventBridge,    // EventBridge envelopes with the record in "detail"
  kDigest,         // CloudTrail-Digest file: set aside, not events
  kInsights,       // CloudTrail Insights file: set aside, not events
  kFinding,        // GuardDuty / Security Hub finding: set aside, not events
  kEmpty,          // no bytes, or only white space
  kNotCloudTrail,  // parsed, but holds nothing CloudTrail-shaped
  kMixed,          // more than one of the above event-bearing shapes
};

std::string_view SourceKindName(SourceKind k);
// True for kinds that are recognised and deliberately kept out of the event store.
bool IsSetAside(SourceKind k);

}  // namespace credtrace::cloudtrail
