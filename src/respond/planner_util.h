// Helpers shared by the containment and eradication planners (internal to the layer).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "respond/investigation.h"
#include "respond/plan.h"

namespace credtrace::respond::detail {

// Appends "--name value" to argv, or "--name=value" when value starts with '-', so that the AWS
// CLI's argument parser never takes a hostile value for an option.
void Opt(std::vector<std::string>* argv, const std::string& name, const std::string& value);

// A command from its fixed words plus options given as (name, value) pairs (values through Opt).
Command Aws(std::vector<std::string> words, const std::vector<std::pair<std::string, std::string>>& opts = {});

// Looks like an EC2 ID of the given prefix ("i", "sg", "vol", "snap", "ami"): prefix-<8 or 17 hex>.
// Values used inside AWS CLI shorthand (Name=instance-id,Values=...) must pass this.
bool IsEc2Id(std::string_view s, std::string_view prefix);
// AKIA/ASIA + 16 upper-case base-32 characters.
bool IsAccessKeyId(std::string_view s);

// Who else used a principal, from the investigation's events: the owner-labelled events and
// the sessions or keys outside the compromised credentials, in the 7 days before `at`.
class UsageIndex {
 public:
  UsageIndex(const Investigation& inv, const std::string& at);
  // For a role: other sessions (not in `exclude_sessions`) and owner events of the role.
  std::string RoleBlastRadius(const std::string& account, const std::string& role,
                              const std::vector<std::string>& exclude_sessions) const;
  // True when the role has sessions outside exclude_sessions or owner events.
  bool RoleHasOtherUsers(const std::string& account, const std::string& role,
                         const std::vector<std::string>& exclude_sessions) const;
  // For a user: the owner's own use of its credentials, other keys seen.
  std::string UserBlastRadius(const std::string& account, const std::string& user) const;
  // For one key: the owner events made with it.
  std::string KeyBlastRadius(const std::string& key) const;

 private:
  struct Use {
    std::string session_or_key;
    int owner = 0, other = 0;
    std::string last;
  };
  // What the case shows beyond the investigation (context.principalUsage), or "".
  std::string CaseUsage(const std::string& account, const std::string& kind, const std::string& name) const;
  std::vector<InvUsage> usage_;
  std::string since_;
  // (account, role) -> session -> use; (account, user) -> key -> use; key -> owner events.
  std::map<std::pair<std::string, std::string>, std::map<std::string, Use>> roles_, users_;
  std::map<std::string, Use> keys_;
};

// Numbered step IDs in plan order: "<phase>-001".
void NumberSteps(Plan* plan);

// The events of the investigation that used a credential (first `limit`).
std::vector<std::string> EventsOf(const Investigation& inv, const std::string& credential_id, size_t limit);

}  // namespace credtrace::respond::detail
