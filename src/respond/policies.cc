#include "respond/policies.h"

#include <nlohmann/json.hpp>

namespace credtrace::respond {

using json = nlohmann::json;

std::string DenyAllPolicy() {
  json p = {{"Version", "2012-10-17"},
            {"Statement", json::array({{{"Sid", "DenyAll"}, {"Effect", "Deny"}, {"Action", json::array({"*"})}, {"Resource", "*"}}})}};
  return p.dump();
}

std::string RevokeOlderSessionsPolicy(const std::string& at) {
  json p = {{"Version", "2012-10-17"},
            {"Statement",
             {{"Effect", "Deny"},
              {"Action", "*"},
              {"Resource", "*"},
              {"Condition", {{"DateLessThan", {{"aws:TokenIssueTime", at}}}}}}}};
  return p.dump();
}

std::string DenySessionNamesPolicy(const std::vector<std::string>& session_names) {
  json ids = json::array();
  for (const std::string& s : session_names) ids.push_back("*:" + s);
  json p = {{"Version", "2012-10-17"},
            {"Statement", json::array({{{"Effect", "Deny"},
                                         {"Action", "*"},
                                         {"Resource", "*"},
                                         {"Condition", {{"StringLike", {{"aws:userid", ids}}}}}}})}};
  return p.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string TrustLockdownPolicy() {
  json p = {{"Version", "2012-10-17"},
            {"Statement", json::array({{{"Effect", "Deny"},
                                         {"Principal", "*"},
                                         {"Action", json::array({"sts:AssumeRole", "sts:AssumeRoleWithSAML",
                                                                 "sts:AssumeRoleWithWebIdentity", "sts:TagSession",
                                                                 "sts:SetSourceIdentity"})}}})}};
  return p.dump();
}

}  // namespace credtrace::respond
