#include "cloudtrail/source_kind.h"

namespace credtrace::cloudtrail {

std::string_view SourceKindName(SourceKind k) {
  switch (k) {
    case SourceKind::kUnknown: return "unknown";
    case SourceKind::kDeliveryFile: return "cloudtrail-delivery";
    case SourceKind::kJsonLines: return "json-lines";
    case SourceKind::kLookupEvents: return "lookup-events";
    case SourceKind::kRecordArray: return "record-array";
    case SourceKind::kEventBridge: return "eventbridge";
    case SourceKind::kDigest: return "cloudtrail-digest";
    case SourceKind::kInsights: return "cloudtrail-insights";
    case SourceKind::kFinding: return "finding";
    case SourceKind::kEmpty: return "empty";
    case SourceKind::kNotCloudTrail: return "not-cloudtrail";
    case SourceKind::kMixed: return "mixed";
  }
  return "unknown";
}

bool IsSetAside(SourceKind k) {
  return k == SourceKind::kDigest || k == SourceKind::kInsights || k == SourceKind::kFinding;
}

}  // namespace credtrace::cloudtrail
