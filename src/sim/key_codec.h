// AWS access key IDs and unique IDs that encode the owning account the way real new-format IDs
// do (aws-ir-facts.md §1.12), and the offline decoder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/prng.h"

namespace credtrace::sim {

inline constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// A 20-character key ID: `prefix` ("AKIA", "ASIA") + 16 base32 characters whose first 48 bits
// are 1 | account (40 bits) | 7 random bits, the remaining 32 bits random.
std::string EncodeAccessKeyId(std::string_view prefix, uint64_t account, Rng* rng);

// A 21-character unique ID ("AIDA", "AROA", "AIPA", "ANPA"...): the same 80 bits as a key ID
// plus 5 more random bits, as real unique IDs of the same account share their first characters
// with the account's key IDs.
std::string EncodeUniqueId(std::string_view prefix, uint64_t account, Rng* rng);

// The account encoded in a new-format key or unique ID (5th character in Q-Z or 2-7), or
// nullopt when the ID is too short, has characters outside the alphabet, or is old-format.
std::optional<uint64_t> DecodeAccountId(std::string_view key_id);

// "123456789012" formatting of an account number.
std::string FormatAccountId(uint64_t account);

}  // namespace credtrace::sim
