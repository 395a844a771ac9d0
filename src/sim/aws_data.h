// Facts about the AWS world the simulator draws from: regions, clients (user agents and their
// TLS fingerprints), networks of offices, clouds and attacker infrastructure, instance types,
// models. Data only; the tables are in aws_data.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/prng.h"

namespace credtrace::sim {

struct Client {
  const char* ua;           // userAgent
  const char* tls_version;  // "TLSv1.3"
  const char* cipher;       // "TLS_AES_128_GCM_SHA256"
};

// A network an actor calls from: a name (for the answer key and the narrative), an ASN and
// a base from which addresses are drawn ("203.0.113." + last octet, or "a.b." + two octets).
struct Network {
  const char* name;
  const char* asn;
  const char* prefix;   // "185.220.101." or "3.250."
  int free_octets;      // 1 or 2
};

extern const std::vector<std::string_view> kCommercialRegions;   // every enabled region
std::string_view HomeRegionFor(uint64_t i);

// Clients by role.
extern const std::vector<Client> kDeveloperClients;    // aws-cli v2, boto3, terraform, IDEs
extern const std::vector<Client> kBrowserClients;      // console browsers
extern const std::vector<Client> kAppClients;          // SDKs on instances, Lambda, containers
extern const std::vector<Client> kCiClients;           // CI runners
extern const std::vector<Client> kScannerClients;      // CSPM / scanners
extern const std::vector<Client> kKeyCheckerClients;   // automated leaked-key validators
extern const std::vector<Client> kAttackerCliClients;  // operators' CLIs (Kali, Pacu, scripts)
extern const std::vector<Client> kExfilClients;        // S3 bulk download tools
extern const std::vector<Client> kLlmjackClients;      // LLM-jacking proxies (CloudGrappler list)
extern const Client kSsmAgentClient;

// Networks.
extern const std::vector<Network> kOfficeNetworks;     // corporate egress
extern const std::vector<Network> kHomeNetworks;       // residential ISPs
extern const std::vector<Network> kAwsNetworks;        // AWS public ranges (NAT gateways, Lambda)
extern const std::vector<Network> kCiNetworks;         // GitHub-hosted runners
extern const std::vector<Network> kAttackerNetworks;   // VPS, bulletproof hosting, VPN, Tor

std::string AddressIn(const Network& n, Rng* rng);

extern const std::vector<std::string_view> kGpuInstanceTypes;
extern const std::vector<std::string_view> kAppInstanceTypes;
extern const std::vector<std::string_view> kBedrockModels;
extern const std::vector<std::string_view> kPersonNames;      // user names: first.last
extern const std::vector<std::string_view> kBackdoorUserNames;
extern const std::vector<std::string_view> kAppNames;         // workloads: "checkout", "ledger"...
extern const std::vector<std::string_view> kDataKeyWords;     // S3 object key vocabulary

}  // namespace credtrace::sim
