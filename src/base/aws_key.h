// The AWS account that owns an access key or unique ID, decoded offline from the ID itself
// (aws-ir-facts.md §1.12; the online equivalent is sts:GetAccessKeyInfo). Works only for
// new-format IDs (5th character in Q-Z or 2-7, issued since about 2019).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace credtrace {

inline constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// The account encoded in a new-format key or unique ID, or nullopt when the ID is too short,
// has characters outside the alphabet, or is old-format.
std::optional<uint64_t> DecodeAccountId(std::string_view key_id);

// "123456789012" formatting of an account number.
std::string FormatAccountId(uint64_t account);

}  // namespace credtrace
