// ParseQuery: query text to a Query tree (see docs/QUERY.md for the language).
//
//   query    = [ or_expr ] ;
//   or_expr  = and_expr { "OR" and_expr } ;
//   and_expr = unary { [ "AND" ] unary } ;          (adjacent terms are ANDed)
//   unary    = ( "NOT" | "-" ) unary | primary ;
//   primary  = "(" or_expr ")" | term ;
//
// so NOT binds tighter than AND, and AND tighter than OR.
#pragma once

#include <span>
#include <string_view>

#include "base/status.h"
#include "base/time.h"
#include "query/ast.h"

namespace credtrace::query {

// Parses `text`. Relative times (-2h, now) are taken relative to `now`. Field names and aliases
// are case-insensitive; values are case-sensitive. The empty query matches every event.
// A bad query gives InvalidArgument whose message names the problem, then shows the query with
// a caret under the offending position (see errors.h).
Result<Query> ParseQuery(std::string_view text, TimeMs now);
// The same, relative to the current time.
Result<Query> ParseQuery(std::string_view text);

// The columns a bare value (one without `field:`) is looked for in, in this order: eventID,
// userIdentity.accessKeyId, userIdentity.principalId, userIdentity.arn, sourceIPAddress,
// eventName. (A bare value starting with "arn:" is looked for in userIdentity.arn only, and a
// bare IP address or CIDR block in sourceIPAddress only.)
std::span<const Column> BareValueColumns();

}  // namespace credtrace::query
