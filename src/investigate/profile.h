// Telling the attacker from the legitimate owner of a credential. The owner's habits are learned
// from what the principal did before the compromise: the networks it called from (an IPv4 /24,
// an IPv6 /48, or the AWS service name that called on its behalf), its clients (user agents and
// their product, e.g. "aws-cli", "Boto3", a browser) and its regions. After the compromise, a
// call from a known network with a known client is the owner's; from a known network with a new
// client it is unknown; from a network the owner never used it is the attacker's.
//
// The same habits date the compromise when nothing else does: the first call from a network the
// principal never used, backed by a second sign (a new client, a new region, a typical first
// call of a stolen key, a failure), after a baseline of ordinary activity.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "investigate/evidence.h"
#include "investigate/model.h"

namespace credtrace::investigate {

// "203.0.113.0/24", "2001:db8:1::/48", or the text itself when it is not an address
// (ec2.amazonaws.com, AWS Internal).
std::string NetworkOf(std::string_view source_ip);
// The client product of a user agent: "aws-cli", "Boto3", "aws-sdk-go", "browser", "console"...
std::string ClientOf(std::string_view user_agent);
// True for addresses that say nothing about who called: AWS services acting for the principal.
bool IsServiceAddress(std::string_view source_ip);
// True for a routable IP address (not private, not loopback, not a service name).
bool IsPublicIp(std::string_view source_ip);

// One event's features, read from the case's columns.
struct Features {
  std::string network, user_agent, client, region, event_name, error_code, source_ip;
};
Result<Features> FeaturesOf(const Evidence& ev, const EventRef& ref);

struct Profile {
  std::set<std::string> networks, user_agents, clients, regions;
  uint64_t events = 0;
  TimeMs first = -1, last = -1;
  void Add(const Features& f, TimeMs t);
  bool empty() const { return events == 0; }
};

// The owner's profile: every event of `arn` (userIdentity.arn) and of `keys` before `before`.
Result<Profile> OwnerProfile(const Evidence& ev, std::string_view arn,
                             const std::vector<std::string>& keys, TimeMs before);

struct Verdict {
  Attribution attribution;
  std::string why;
};
// The label of a call with a compromised credential after the compromise.
Verdict Attribute(const Profile& owner, const Features& f);

// Dates the compromise of a credential whose events are `uses` (time order), given the history
// of its principal `history` (time order, a superset of `uses` or disjoint). Returns false when
// there is no call from a new network after a baseline (then the caller takes the first use).
bool EstimateCompromise(const Evidence& ev, const std::vector<EventRef>& uses,
                        const std::vector<EventRef>& history, CompromiseEstimate* out);

}  // namespace credtrace::investigate
