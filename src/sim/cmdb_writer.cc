#include "sim/cmdb_writer.h"

#include <set>

#include "sim/aws_data.h"

namespace credtrace::sim {

namespace {

// The applications tagging.cc tags resources for, beyond the workloads of kAppNames.
constexpr const char* kMoreApps[] = {"waf-proxy", "reports", "ml-insights", "partner-portal"};
// Teams owning IAM users and platform roles (tagging.cc's team tag).
constexpr const char* kTeams[] = {"platform", "payments", "data", "web", "security"};

std::string Q(const std::string& s) { return "\"" + s + "\""; }  // names here are [a-z0-9.@ -]

std::string Criticality(const std::string& app) {
  static const std::set<std::string> kHigh = {"payments", "ledger", "identity", "checkout", "waf-proxy", "partner-portal"};
  return kHigh.count(app) ? "high" : "medium";
}

}  // namespace

std::string CmdbYaml(const World& w) {
  std::string y =
      "# The CMDB of the simulated organization (credtrace simulate), as its team keeps it.\n"
      "# Load it into a case: credtrace case stakeholders --case DIR --cmdb cmdb.yaml\n"
      "applications:\n";
  std::vector<std::string> apps;
  for (std::string_view a : kAppNames) apps.emplace_back(a);
  for (const char* a : kMoreApps) apps.emplace_back(a);
  for (const std::string& app : apps) {
    y += "  - name: " + Q(app) + "\n";
    y += "    criticality: " + Criticality(app) + "\n";
    y += "    contacts:\n";
    y += "      - {name: " + Q(app + " team") + ", role: owner, email: " + Q(app + "-team@acme-corp.example") + "}\n";
    y += "      - {name: " + Q(app + " on-call") + ", role: technical, chat: " + Q("#" + app + "-oncall") + "}\n";
    y += "    tags: {app: " + Q(app) + "}\n";
  }
  // The platform: the management account, the CI and access roles everywhere.
  y += "  - name: \"cloud-platform\"\n    criticality: high\n    contacts:\n";
  y += "      - {name: \"Cloud platform team\", role: owner, email: \"platform-team@acme-corp.example\"}\n";
  for (const Account& a : w.accounts) {
    if (a.name == "management") y += "    accounts: [" + Q(a.id) + "]\n";
  }
  y += "    arns: [\"arn:aws:iam::*:role/github-actions-*\", \"arn:aws:iam::*:role/OrganizationAccountAccessRole\", "
       "\"arn:aws:iam::*:role/DeveloperAccess\"]\n";
  y += "    tags: {team: \"platform\"}\n";
  for (const char* team : kTeams) {
    if (std::string(team) == "platform") continue;
    y += "  - name: " + Q(std::string(team) + "-team-identities") + "\n    description: \"IAM users and roles of the " + team + " team\"\n";
    y += "    contacts:\n      - {name: " + Q(std::string(team) + " team lead") + ", role: owner, email: " +
         Q(std::string(team) + "-lead@acme-corp.example") + "}\n";
    y += "    tags: {team: " + Q(team) + "}\n";
  }
  y += "contacts:\n";
  y += "  - {name: \"Security on-call\", role: security, email: \"soc@acme-corp.example\", notify: always}\n";
  y += "  - {name: \"Legal\", role: legal, email: \"legal@acme-corp.example\", notify: data-access}\n";
  y += "  - {name: \"CISO\", role: management, email: \"ciso@acme-corp.example\", notify: \"severity>=critical\"}\n";
  y += "  - {name: \"Finance (cloud costs)\", role: finance, email: \"finops@acme-corp.example\", notify: impact}\n";
  return y;
}

}  // namespace credtrace::sim
