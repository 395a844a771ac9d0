#include "sim/schema_check.h"

#include <regex>
#include <set>

namespace credtrace::sim {

namespace {

using nlohmann::json;

bool IsString(const json& r, const char* k) { return r.contains(k) && r[k].is_string(); }

int Minor(const std::string& v) {
  // "1.NN"
  if (v.size() < 3 || v[0] != '1' || v[1] != '.') return -1;
  int m = 0;
  for (size_t i = 2; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9') return -1;
    m = m * 10 + (v[i] - '0');
  }
  return m;
}

std::string CheckIdentity(const json& u) {
  static const std::set<std::string> kTypes = {"Root", "IAMUser", "AssumedRole", "Role", "FederatedUser", "Directory",
                                               "AWSAccount", "AWSService", "IdentityCenterUser", "SAMLUser",
                                               "WebIdentityUser", "Unknown"};
  if (!u.is_object()) return "userIdentity is not an object";
  if (!IsString(u, "type")) return "userIdentity.type missing";
  std::string type = u["type"];
  if (!kTypes.count(type)) return "userIdentity.type '" + type + "' unknown";
  auto need = [&](const char* k) -> std::string {
    return IsString(u, k) ? "" : "userIdentity." + std::string(k) + " missing for " + type;
  };
  std::string e;
  if (type == "IAMUser" || type == "AssumedRole" || type == "FederatedUser" || type == "Root") {
    if (!(e = need("principalId")).empty() || !(e = need("arn")).empty() || !(e = need("accountId")).empty()) return e;
  }
  if (type == "AWSService" && !(e = need("invokedBy")).empty()) return e;
  if (type == "AWSAccount" && !(e = need("accountId")).empty()) return e;
  if ((type == "SAMLUser" || type == "WebIdentityUser") && !(e = need("principalId")).empty()) return e;
  if (type == "AssumedRole" || type == "FederatedUser") {
    if (!u.contains("sessionContext") || !u["sessionContext"].is_object()) return "sessionContext missing for " + type;
    const json& sc = u["sessionContext"];
    if (!sc.contains("sessionIssuer") || !sc["sessionIssuer"].is_object()) return "sessionContext.sessionIssuer missing";
    if (!sc["sessionIssuer"].empty() && !IsString(sc["sessionIssuer"], "arn")) return "sessionIssuer.arn missing";
  }
  if (u.contains("sessionContext") && u["sessionContext"].contains("attributes")) {
    const json& a = u["sessionContext"]["attributes"];
    if (a.contains("mfaAuthenticated") && !a["mfaAuthenticated"].is_string()) return "mfaAuthenticated must be a string";
  }
  if (u.contains("accessKeyId")) {
    if (!u["accessKeyId"].is_string()) return "accessKeyId is not a string";
    std::string k = u["accessKeyId"];
    static const std::regex kKey("^(A[A-Z0-9]{3})[A-Z0-9]{12,124}$");
    if (!k.empty() && !std::regex_match(k, kKey)) return "accessKeyId '" + k + "' malformed";
  }
  if (u.contains("accountId") && !std::regex_match(u["accountId"].get<std::string>(), std::regex("^\\d{12}$")))
    return "userIdentity.accountId not 12 digits";
  return "";
}

}  // namespace

std::string CheckRecord(const json& r) {
  if (!r.is_object()) return "record is not an object";
  for (const char* k : {"eventVersion", "eventTime", "eventSource", "eventName", "awsRegion"}) {
    if (!IsString(r, k)) return std::string(k) + " missing";
  }
  int minor = Minor(r["eventVersion"]);
  if (minor < 0) return "eventVersion malformed";
  if (!r.contains("userIdentity")) return "userIdentity missing";
  if (std::string e = CheckIdentity(r["userIdentity"]); !e.empty()) return e;
  static const std::regex kTime(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
  if (!std::regex_match(r["eventTime"].get<std::string>(), kTime)) return "eventTime not ISO 8601 UTC";
  std::string src = r["eventSource"];
  if (src.size() < 15 || src.substr(src.size() - 14) != ".amazonaws.com") return "eventSource malformed";
  if (minor >= 1) {
    if (!IsString(r, "eventID")) return "eventID missing";
    static const std::regex kGuid("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    if (!std::regex_match(r["eventID"].get<std::string>(), kGuid)) return "eventID not a GUID";
    if (r.contains("readOnly") && !r["readOnly"].is_boolean()) return "readOnly not a boolean";
    if (r.contains("resources")) {
      if (!r["resources"].is_array()) return "resources not an array";
      for (const json& x : r["resources"]) {
        if (!x.is_object() || !(IsString(x, "ARN") || IsString(x, "ARNPrefix"))) return "resource without ARN";
      }
    }
  }
  if (minor >= 2) {
    static const std::set<std::string> kEventTypes = {"AwsApiCall", "AwsServiceEvent", "AwsConsoleAction",
                                                      "AwsConsoleSignIn", "AwsVpceEvents", "AwsCloudTrailInsight"};
    if (!IsString(r, "eventType") || !kEventTypes.count(r["eventType"].get<std::string>())) return "eventType missing or unknown";
    if (!IsString(r, "recipientAccountId") || !std::regex_match(r["recipientAccountId"].get<std::string>(), std::regex("^\\d{12}$")))
      return "recipientAccountId missing or not 12 digits";
  }
  if (!IsString(r, "sourceIPAddress")) return "sourceIPAddress missing";
  for (const char* k : {"requestParameters", "responseElements", "additionalEventData", "serviceEventDetails"}) {
    if (r.contains(k) && !r[k].is_null() && !r[k].is_object()) return std::string(k) + " neither object nor null";
  }
  if (minor >= 6 && r.contains("managementEvent") && !r["managementEvent"].is_boolean()) return "managementEvent not a boolean";
  if (r.contains("eventCategory")) {
    static const std::set<std::string> kCats = {"Management", "Data", "NetworkActivity", "Insight"};
    if (!kCats.count(r["eventCategory"].get<std::string>())) return "eventCategory unknown";
  }
  if (r.contains("errorCode") && !r["errorCode"].is_string()) return "errorCode not a string";
  if (r.contains("tlsDetails")) {
    const json& t = r["tlsDetails"];
    if (!IsString(t, "tlsVersion") || !IsString(t, "cipherSuite") || !IsString(t, "clientProvidedHostHeader")) return "tlsDetails incomplete";
  }
  if (r.contains("sessionCredentialFromConsole") && r["sessionCredentialFromConsole"] != "true")
    return "sessionCredentialFromConsole must be the string \"true\"";
  if (r.contains("sharedEventID") && !IsString(r, "sharedEventID")) return "sharedEventID not a string";
  return "";
}

}  // namespace credtrace::sim
