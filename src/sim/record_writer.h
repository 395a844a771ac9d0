// Renders one API call as a CloudTrail record, byte for byte in the field order AWS writes
// (eventVersion, userIdentity, eventTime, ... tlsDetails, sessionCredentialFromConsole).
#pragma once

#include <string>

#include "base/prng.h"
#include "base/time.h"
#include "sim/api_catalog.h"
#include "sim/aws_data.h"
#include "sim/identity.h"
#include "sim/json_template.h"

namespace credtrace::sim {

struct Call {
  TimeMs time = 0;
  const Api* api = nullptr;
  const Identity* who = nullptr;
  std::string region;               // region the request was sent to (global APIs: us-east-1)
  std::string ip;                   // caller's address; empty with `service`
  const Client* client = nullptr;   // null for calls AWS services make
  std::string service;              // "ec2.amazonaws.com": sourceIPAddress and userAgent
  std::string invoked_by;           // a service acting for `who` (spliced into userIdentity)
  Args args;
  std::string recipient;            // recipientAccountId; default who->account
  bool denied = false;              // access denied, written in the service's style
  std::string denied_resource;      // "on resource: ..." (default "*")
  std::string error_code;           // another failure
  std::string error_message;
  bool console = false;             // sessionCredentialFromConsole
  bool sts_regional = true;         // STS: regional endpoint (else global, logged in us-east-1)
  std::string shared_event_id;
  std::string service_event_details;
  std::string event_id;             // fixed eventID (else random)
};

struct Record {
  TimeMs time = 0;
  std::string account;   // recipientAccountId
  std::string region;    // awsRegion
  std::string event_id;
  bool management = true;
  std::string error_code;
  std::string json;
};

class RecordWriter {
 public:
  explicit RecordWriter(uint64_t seed) : rng_(seed) {}
  Record Write(const Call& c);
  Rng* rng() { return &rng_; }

 private:
  Rng rng_;
};

// "sts.get-caller-identity" style command name for CLI user agents.
std::string CliCommand(const Api& api);

}  // namespace credtrace::sim
