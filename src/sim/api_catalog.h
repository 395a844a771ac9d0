// What AWS writes for each API call the simulator makes: readOnly, management or data event,
// eventVersion, eventType, the endpoint host, and the shapes of requestParameters,
// responseElements, resources and additionalEventData as JSON templates (json_template.h).
// The table is in api_catalog.cc; one row per API.
#pragma once

#include <string>
#include <string_view>

#include "sim/json_template.h"

namespace credtrace::sim {

// How an access-denied failure of this service is written (aws-ir-facts.md §1.8, §2.11).
enum class DeniedStyle {
  kQuery,       // errorCode AccessDenied, "User: ... is not authorized to perform: ..."; request null
  kJson,        // errorCode AccessDeniedException, same message; request kept
  kEc2,         // Client.UnauthorizedOperation with an encoded authorization failure message
  kS3,          // AccessDenied, "Access Denied"
};

struct ApiSpec {
  const char* source;
  const char* name;
  bool read_only;
  bool data_event;
  const char* version;     // eventVersion
  const char* event_type;  // nullptr: AwsApiCall
  const char* host;        // clientProvidedHostHeader template; nullptr: <service>.<region>.amazonaws.com
  const char* request;     // nullptr: null
  const char* response;    // nullptr: null
  const char* resources;   // nullptr: no resources field
  const char* additional;  // nullptr: no additionalEventData
  const char* api_version; // nullptr: no apiVersion field
};

struct Api {
  const ApiSpec* spec = nullptr;
  JsonTemplate host, request, response, resources, additional;
  std::string iam_action;  // "iam:CreateUser", for error messages
  DeniedStyle denied = DeniedStyle::kQuery;
  bool global = false;     // logged in us-east-1 whatever the caller's region (IAM, STS global)
};

// The API row for source and name; aborts with a message on an unknown pair (a programming error
// in a scenario, caught by the tests).
const Api& FindApi(std::string_view source, std::string_view name);
bool HasApi(std::string_view source, std::string_view name);

}  // namespace credtrace::sim
