// Fuzzes the finding parser (investigate/finding.h): findings files carry attacker-influenced
// text (user agents, names); any bytes must give findings or an error with an offset inside the
// input, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "investigate/finding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = credtrace::investigate::ParseFindings(text, "fuzz");
  if (r.ok()) {
    for (const auto& f : *r) {
      if (f.access_key_id.size() > size) std::abort();  // nothing is invented
    }
  }
  return 0;
}
