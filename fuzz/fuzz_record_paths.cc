// Fuzzes investigate::Record: any bytes as a record, read by the dotted paths the tables use.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "investigate/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = credtrace::investigate::Record::Parse(text);
  if (!r.ok()) return 0;
  for (std::string_view p : {"userIdentity.arn", "responseElements.credentials.accessKeyId",
                             "responseElements.instancesSet.items[].instanceId", "requestParameters.roleArns[]",
                             "a[][].b", "[]"}) {
    (void)r->Str(p);
    (void)r->Strs(p);
    (void)r->Bool(p);
    (void)r->Num(p);
    (void)r->Json(p);
  }
  return 0;
}
