// Field extraction from one CloudTrail record object (simdjson On-Demand), in a single pass
// over its keys. Internal to the cloudtrail layer.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "cloudtrail/event.h"

namespace credtrace::cloudtrail {

// What the top-level keys of an object said about it, besides the record fields.
struct ObjectShape {
  bool has_records = false;         // "Records" (delivery file / insights file)
  bool has_events = false;          // "Events" (lookup-events page)
  bool has_detail = false;          // "detail" (EventBridge envelope)
  bool digest = false;              // digest-file keys
  bool finding = false;             // finding keys (GuardDuty / ASFF)
  bool cloudtrail_event = false;    // "CloudTrailEvent" (one lookup-events item)
};

// Callback for keys that are not record fields: containers are handled by the caller while the
// object is being iterated (On-Demand allows a single pass). Returns an error to abandon.
class UnknownKeyHandler {
 public:
  virtual ~UnknownKeyHandler() = default;
  // Return false when the value was not consumed (the parser skips it).
  virtual simdjson::error_code OnKey(std::string_view key, simdjson::ondemand::value value,
                                     ObjectShape* shape) = 0;
};

// Fills *event from the fields of obj. `why` receives the reason when the object is a record
// that cannot be taken (bad eventTime...). Returns:
//   kRecord   the object is a record and *event is filled
//   kNotRecord  the object has no record fields (maybe a container: see shape)
//   kBadRecord  a record with a fatal problem (reason in *why)
//   kJsonError  the JSON itself is broken (error in *json_error)
enum class ParseOutcome { kRecord, kNotRecord, kBadRecord, kJsonError };
ParseOutcome ParseRecordObject(simdjson::ondemand::object obj, Event* event, ObjectShape* shape,
                               UnknownKeyHandler* unknown, std::string* why,
                               simdjson::error_code* json_error);

}  // namespace credtrace::cloudtrail
