#include "sim/guardduty_finding.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "sim/ids.h"

namespace credtrace::sim {

using nlohmann::ordered_json;

std::string GuardDutyFindingJson(const TruthFinding& f, const GroundTruth& gt, uint64_t seed) {
  const TruthEvent* first = nullptr;
  const TruthEvent* last = nullptr;
  int64_t count = 0;
  auto before = [](const TruthEvent& a, const TruthEvent& b) {
    return a.time != b.time ? a.time < b.time : a.event_id < b.event_id;
  };
  for (const TruthEvent& e : gt.events()) {
    if (e.attribution != "attacker" || e.scenario != f.scenario || e.key != f.key) continue;
    ++count;
    if (!first || before(e, *first)) first = &e;
    if (!last || before(*last, e)) last = &e;
  }
  if (!first) return {};

  // A stream of its own, so that the finding changes nothing else the seed decides.
  Rng rng(HashString(seed, "guardduty-finding:" + f.scenario));
  std::string id = Hex(&rng, 32);
  // GuardDuty publishes a new finding within 5 minutes and updates it as occurrences come in.
  TimeMs created = first->time + rng.Range(60, 290) * 1000 + rng.Range(1, 999);
  TimeMs updated = std::max(created, last->time + rng.Range(60, 290) * 1000 + rng.Range(1, 999));

  std::string network, asn;
  for (const Infra& i : gt.infrastructure()) {
    if (i.ip == first->ip && i.scenario == f.scenario) {
      network = i.network;
      asn = i.asn.substr(0, 2) == "AS" ? i.asn.substr(2) : i.asn;  // GuardDuty writes the number
      break;
    }
  }
  ordered_json ip = {{"IpAddressV4", first->ip}};
  if (!network.empty()) {
    ip["Organization"] = {{"Asn", asn}, {"AsnOrg", network}, {"Isp", network}, {"Org", network}};
  }
  ordered_json call = {{"Api", first->name},
                       {"CallerType", "Remote IP"},
                       {"RemoteIpDetails", ip},
                       {"ServiceName", first->source},
                       {"UserAgent", first->user_agent}};

  ordered_json resource;
  resource["AccessKeyDetails"] = {{"AccessKeyId", f.key},
                                  {"PrincipalId", f.principal_id},
                                  {"UserName", f.user_name},
                                  {"UserType", f.user_type}};
  if (!f.instance_id.empty()) {
    ordered_json instance;
    if (!f.instance_profile_arn.empty())
      instance["IamInstanceProfile"] = {{"Arn", f.instance_profile_arn}};
    instance["InstanceId"] = f.instance_id;
    resource["InstanceDetails"] = instance;
  }
  resource["ResourceType"] = "AccessKey";

  const std::string& region = first->region;
  ordered_json finding;
  finding["AccountId"] = f.account;
  finding["Arn"] = "arn:aws:guardduty:" + region + ":" + f.account + ":detector/" + f.detector_id +
                   "/finding/" + id;
  finding["CreatedAt"] = FormatIsoTime(created);
  finding["Description"] = f.description;
  finding["Id"] = id;
  finding["Partition"] = "aws";
  finding["Region"] = region;
  finding["Resource"] = resource;
  finding["SchemaVersion"] = "2.0";
  finding["Service"] = {{"Action", {{"ActionType", "AWS_API_CALL"}, {"AwsApiCallAction", call}}},
                        {"Archived", false},
                        {"Count", count},
                        {"DetectorId", f.detector_id},
                        {"EventFirstSeen", IsoSeconds(first->time)},
                        {"EventLastSeen", IsoSeconds(last->time)},
                        {"ResourceRole", "TARGET"},
                        {"ServiceName", "guardduty"},
                        {"AdditionalInfo", {{"Value", "{}"}, {"Type", "default"}}}};
  // A whole number prints as one ("Severity": 8), as the CLI shows it.
  finding["Severity"] = f.severity == std::floor(f.severity)
                            ? ordered_json(static_cast<int64_t>(f.severity))
                            : ordered_json(f.severity);
  finding["Title"] = f.title;
  finding["Type"] = f.type;
  finding["UpdatedAt"] = FormatIsoTime(updated);
  ordered_json out = {{"Findings", ordered_json::array({finding})}};
  return out.dump(4) + "\n";  // the CLI indents by 4
}

}  // namespace credtrace::sim
