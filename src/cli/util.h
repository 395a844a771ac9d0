// Helpers shared by the subcommands: error reporting and safe printing of log-derived text.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace credtrace::cli {

// Prints "credtrace: <message>" on stderr; returns kExitError (kExitUsage for invalid arguments).
int Fail(const Status& s);
int UsageError(const std::string& message);

// Text from a log is written by the attacker: make it safe for a terminal (control characters,
// escape sequences and invalid UTF-8 are shown as \xNN or U+FFFD, never interpreted).
std::string SafeText(std::string_view s);

// Cuts s to at most `width` display columns (counting UTF-8 code points), with "…" when cut.
std::string Fit(std::string_view s, size_t width);

}  // namespace credtrace::cli
