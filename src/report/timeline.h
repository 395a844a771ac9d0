// The incident's timeline: every event of the investigation (the attacker's and the owner's use
// of compromised credentials) and the response on the same clock (phases, steps carried out,
// verification, people told), oldest first. The report shows it; `credtrace timeline` exports it
// for Timesketch (JSON lines) and spreadsheets (CSV).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "casefile/case_file.h"
#include "casefile/facts.h"

namespace credtrace::report {

// Entries: {time, kind ("event", "owner-event", "response"), ...}: events carry eventID,
// eventName, eventSource, awsRegion, account, credential, principalArn, accessKeyId,
// sourceIPAddress, userAgent, errorCode, attribution, why, categories[], techniques[],
// resources[]; response entries carry title and detail.
nlohmann::json BuildTimeline(const casefile::Facts& f);

// Timesketch JSON lines (message, datetime, timestamp, timestamp_desc, then the fields), one
// entry a line. Values are JSON-escaped; nothing else is needed for Timesketch.
std::string TimelineToTimesketch(const nlohmann::json& timeline);

// CSV (RFC 4180) with a header line. Cells that a spreadsheet would take for a formula (starting
// with = + - @, a tab or a carriage return) are prefixed with a quote ('), as OWASP recommends.
std::string TimelineToCsv(const nlohmann::json& timeline);

// One CSV cell, quoted when needed and guarded against formula injection.
std::string CsvCell(std::string_view s);

}  // namespace credtrace::report
