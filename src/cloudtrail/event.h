// One CloudTrail record, normalized to the columns of the field table (fields.h).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "base/time.h"
#include "cloudtrail/fields.h"

namespace credtrace::cloudtrail {

// How the original record's bytes sit in the source content.
enum class RawEncoding : uint8_t {
  kJson = 0,        // the record's JSON text itself
  kJsonString = 1,  // a JSON string literal whose value is the record (lookup-events CloudTrailEvent)
};

// A parsed record. The string views point into the parser's buffers and the source content:
// they are valid only during the EventSink::OnEvent call that receives the event.
struct Event {
  TimeMs time = kNoTime;
  std::array<std::string_view, kNumColumns> text{};  // by Column; empty when absent
  uint8_t read_only = 2;                              // 0 false, 1 true, 2 absent
  // Original record: [raw_offset, raw_offset + raw_length) of the source's decompressed content.
  uint64_t raw_offset = 0;
  uint32_t raw_length = 0;
  RawEncoding raw_encoding = RawEncoding::kJson;

  std::string_view get(Column c) const { return text[static_cast<size_t>(c)]; }
  void set(Column c, std::string_view v) { text[static_cast<size_t>(c)] = v; }
};

}  // namespace credtrace::cloudtrail
