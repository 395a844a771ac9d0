// The search language: any text must parse or fail with a message, never crash.
#include <cstdint>
#include <string_view>

#include "query/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto q = credtrace::query::ParseQuery(text, 1'700'000'000'000);
  if (q.ok()) (void)q->ToString();
  return 0;
}
