// AWS access key IDs and unique IDs that encode the owning account the way real new-format IDs
// do (aws-ir-facts.md §1.12), and the offline decoder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/aws_key.h"
#include "base/prng.h"

namespace credtrace::sim {

// A 20-character key ID: `prefix` ("AKIA", "ASIA") + 16 base32 characters whose first 48 bits
// are 1 | account (40 bits) | 7 random bits, the remaining 32 bits random.
std::string EncodeAccessKeyId(std::string_view prefix, uint64_t account, Rng* rng);

// A 21-character unique ID ("AIDA", "AROA", "AIPA", "ANPA"...): the same 80 bits as a key ID
// plus 5 more random bits, as real unique IDs of the same account share their first characters
// with the account's key IDs.
std::string EncodeUniqueId(std::string_view prefix, uint64_t account, Rng* rng);

// The offline decoder lives in base/aws_key.h (the investigation uses it too).
using credtrace::DecodeAccountId;
using credtrace::FormatAccountId;

}  // namespace credtrace::sim
