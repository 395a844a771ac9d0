// The query layer in one include: parse a query (parser.h), evaluate it over one segment
// (evaluate.h), or search and count over all segments of a case (search.h).
// The language is documented in docs/QUERY.md.
#pragma once

#include "query/ast.h"       // IWYU pragma: export
#include "query/evaluate.h"  // IWYU pragma: export
#include "query/parser.h"    // IWYU pragma: export
#include "query/rowset.h"    // IWYU pragma: export
#include "query/search.h"    // IWYU pragma: export
