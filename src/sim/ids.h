// Random identifiers shaped like AWS's: event and request IDs, instance and resource IDs,
// session tokens, S3 request IDs, file-name disambiguators; and the non-ISO date formats that
// AWS writes inside request and response payloads.
#pragma once

#include <string>
#include <string_view>

#include "base/prng.h"
#include "base/time.h"

namespace credtrace::sim {

void AppendUuid(std::string* out, Rng* rng);                 // 8-4-4-4-12 lower-case hex, v4
std::string Uuid(Rng* rng);
std::string RandomChars(Rng* rng, std::string_view alphabet, size_t n);
std::string Hex(Rng* rng, size_t n);                          // lower-case hex digits
std::string S3RequestId(Rng* rng);                            // 16 upper-case alphanumerics
std::string AmzId2(Rng* rng);                                 // S3 x-amz-id-2 (base64, 76 chars)
void AppendSessionToken(std::string* out, Rng* rng);          // "IQoJb3JpZ2luX2Vj..." base64
std::string FileUniqueString(Rng* rng);                       // 16 alphanumerics
std::string InstanceId(Rng* rng);                             // i- + 17 hex
std::string ResourceId(Rng* rng, std::string_view prefix);    // "snap-", "vol-", "sg-"... + 17 hex

// "Aug 1, 2024 1:33:28 PM" (IAM createDate).
std::string IamDate(TimeMs t);
// "Aug 1, 2024, 11:45:22 AM" (STS credential expiration, SSM dates).
std::string StsDate(TimeMs t);
// "2024-08-01T11:45:22Z" (seconds precision, always without milliseconds).
std::string IsoSeconds(TimeMs t);
// "20240801T1145Z" (file-name stamp) and "2024/08/01" (folder).
std::string FileStamp(TimeMs t);
std::string DateFolder(TimeMs t);

}  // namespace credtrace::sim
