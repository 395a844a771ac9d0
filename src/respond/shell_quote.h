// Quoting for POSIX shells: every value a generated script passes to a command is written as one
// single-quoted word, so no character in it (quotes, $(), backticks, newlines, semicolons, globs)
// is ever interpreted by the shell. The values come from logs the attacker wrote.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace credtrace::respond {

// Returns s as one shell word: 'text', with each ' written as '\'' (close the quote, an escaped
// quote, reopen). The empty string becomes ''. NUL bytes cannot be passed in argv at all and are
// dropped.
std::string ShellQuote(std::string_view s);

// The words of argv, each quoted with ShellQuote, separated by single spaces.
std::string ShellJoin(const std::vector<std::string>& argv);

}  // namespace credtrace::respond
