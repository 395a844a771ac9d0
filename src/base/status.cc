#include "base/status.h"

namespace credtrace {

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: name = "invalid argument"; break;
    case StatusCode::kNotFound: name = "not found"; break;
    case StatusCode::kCorrupt: name = "corrupt"; break;
    case StatusCode::kIoError: name = "I/O error"; break;
    case StatusCode::kTooLarge: name = "too large"; break;
    case StatusCode::kUnsupported: name = "unsupported"; break;
    case StatusCode::kAborted: name = "aborted"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace credtrace
