// Times are int64 milliseconds since the Unix epoch, UTC. CloudTrail writes ISO 8601 UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace credtrace {

using TimeMs = int64_t;
inline constexpr TimeMs kNoTime = INT64_MIN;

// Parses "YYYY-MM-DDThh:mm:ssZ", with optional fractional seconds and a "+hh:mm"/"-hh:mm" offset
// instead of Z; also "YYYY-MM-DD" (midnight UTC) and "YYYY-MM-DDThh:mmZ". Returns nullopt when
// the text is not such a time. Fast path for the exact CloudTrail form.
std::optional<TimeMs> ParseIsoTime(std::string_view s);

// Formats as "YYYY-MM-DDThh:mm:ssZ" (milliseconds dropped when zero, else ".mmmZ").
std::string FormatIsoTime(TimeMs t);

// Days since 1970-01-01 for a civil date (proleptic Gregorian), and back.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d);

// Parses a relative or absolute time given on a command line: ISO 8601 as above, or "now",
// or "-30m" / "-2h" / "-7d" relative to `now`.
std::optional<TimeMs> ParseUserTime(std::string_view s, TimeMs now);

TimeMs NowMs();

}  // namespace credtrace
