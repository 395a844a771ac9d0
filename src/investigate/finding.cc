#include "investigate/finding.h"

#include "base/strings.h"
#include "investigate/located_json.h"

namespace credtrace::investigate {

namespace {

// [[...]] is accepted (a list of saved API outputs); deeper nesting of bare arrays is not a
// findings file.
constexpr size_t kMaxArrayNesting = 4;

// Where GuardDuty's values sit in an ASFF finding's ProductFields (aws-ir-facts.md §4.2).
constexpr std::string_view kGdCall = "aws/guardduty/service/action/awsApiCallAction/";
constexpr std::string_view kGdIp = "aws/guardduty/service/action/awsApiCallAction/remoteIpDetails/";

bool Has(const JsonNode& obj, std::string_view key) { return obj.Member(key).present(); }

// ASFF's required attributes that no GuardDuty finding has.
bool IsAsff(const JsonNode& o) { return Has(o, "ProductArn") || Has(o, "AwsAccountId"); }
bool IsGuardDuty(const JsonNode& o) {
  return Has(o, "type") && (Has(o, "accountId") || Has(o, "resource") || Has(o, "service"));
}
bool IsEventBridge(const JsonNode& o) {
  return Has(o, "detail-type") || (Has(o, "detail") && Has(o, "source"));
}

std::string Concat(std::string_view a, std::string_view b) {
  std::string s(a);
  s += b;
  return s;
}

void AddIp(std::vector<std::string>* ips, std::string ip) {
  if (ip.empty()) return;
  for (const auto& have : *ips) {
    if (have == ip) return;
  }
  ips->push_back(std::move(ip));
}

// ASFF Severity.Normalized bands (0 / 1-39 / 40-69 / 70-89 / 90-100).
std::string_view NormalizedLabel(double n) {
  if (n >= 90) return "CRITICAL";
  if (n >= 70) return "HIGH";
  if (n >= 40) return "MEDIUM";
  if (n >= 1) return "LOW";
  return "INFORMATIONAL";
}

// The GuardDuty type behind ASFF Types written by GuardDuty. The '/' of the type became '-':
// "Effects/Data Exfiltration/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS"
// and, for the types named after a tactic, the tactic moved into the path:
// "TTPs/Credential Access/IAMUser-AnomalousBehavior" is
// "CredentialAccess:IAMUser/AnomalousBehavior".
// "" when no entry has either shape.
std::string GuardDutyTypeFromAsff(const std::vector<std::string>& types) {
  for (const std::string& t : types) {
    std::string last = t.substr(t.rfind('/') + 1);
    size_t colon = last.find(':');
    if (colon == std::string::npos) continue;
    size_t dash = last.find('-', colon);
    if (dash != std::string::npos) last[dash] = '/';
    return last;
  }
  for (const std::string& t : types) {
    size_t a = t.find('/');
    size_t b = a == std::string::npos ? a : t.find('/', a + 1);
    if (b == std::string::npos || t.substr(0, a) != "TTPs" ||
        t.find('/', b + 1) != std::string::npos)
      continue;
    std::string purpose;
    for (char c : t.substr(a + 1, b - a - 1)) {
      if (c != ' ') purpose += c;
    }
    std::string rest = t.substr(b + 1);
    size_t dash = rest.find('-');
    if (purpose.empty() || dash == std::string::npos) continue;
    rest[dash] = '/';
    return purpose + ":" + rest;
  }
  return {};
}

// "AWS::IAM::AccessKey:ASIA..." (the form AWS's samples show; aws-ir-facts.md §4.2 marks it
// unverified) or a bare key ID.
std::string KeyFromResourceId(std::string_view id) {
  constexpr std::string_view kPrefix = "AWS::IAM::AccessKey:";
  if (id.substr(0, kPrefix.size()) == kPrefix) return std::string(id.substr(kPrefix.size()));
  if (id.size() == 20 && (id.substr(0, 4) == "AKIA" || id.substr(0, 4) == "ASIA"))
    return std::string(id);
  return {};
}

// "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc..." or a bare instance ID.
std::string InstanceFromResourceId(std::string_view id) {
  size_t slash = id.rfind("instance/");
  if (slash != std::string_view::npos) id.remove_prefix(slash + 9);
  return id.substr(0, 2) == "i-" ? std::string(id) : std::string();
}

bool IsAccountId(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsPartition(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if ((c < 'a' || c > 'z') && c != '-') return false;
  }
  return true;
}

// Reads the findings of one document into `out`; the reader keeps the first failure.
class Extractor {
 public:
  explicit Extractor(std::vector<Finding>* out) : out_(out) {}
  JsonReader& reader() { return r_; }

  // A finding, a list of findings, an event holding findings, or an array of any of these.
  void Visit(const JsonNode& n, size_t arrays) {
    if (r_.failed()) return;
    if (n.is_array()) {
      if (arrays >= kMaxArrayNesting) {
        r_.Fail(n, StatusCode::kInvalidArgument, "arrays nested too deep for a findings file");
        return;
      }
      for (size_t i = 0; i < n.size() && !r_.failed(); ++i) Visit(n.Element(i), arrays + 1);
      return;
    }
    if (!n.is_object()) {
      r_.Fail(n, StatusCode::kInvalidArgument,
              "expected a finding, a list of findings or an event");
      return;
    }
    if (IsEventBridge(n)) return Event(n);
    if (IsAsff(n) || IsGuardDuty(n)) return One(n);
    JsonNode list = n.Member("findings");  // also "Findings"
    if (!list.present()) {
      r_.Fail(n, StatusCode::kInvalidArgument,
              "not a GuardDuty or Security Hub finding, a list of findings, or an EventBridge "
              "event of one");
      return;
    }
    Each(r_.Array(list));
  }

 private:
  void Each(const JsonNode& list) {
    for (size_t i = 0; i < list.size() && !r_.failed(); ++i) One(list.Element(i));
  }

  // EventBridge: GuardDuty puts one finding in "detail", Security Hub a list in detail.findings.
  void Event(const JsonNode& n) {
    r_.Str(n.Member("detail-type"));  // type-checked only: the detail's shape decides
    JsonNode detail = r_.Object(n.Member("detail"));
    if (r_.failed()) return;
    JsonNode list = detail.Member("findings");
    if (list.present()) return Each(r_.Array(list));
    if (detail.present() && (IsAsff(detail) || IsGuardDuty(detail))) return One(detail);
    r_.Fail(n, StatusCode::kInvalidArgument, "an EventBridge event that holds no finding");
  }

  void One(const JsonNode& f) {
    if (!f.is_object()) {
      r_.Fail(f, StatusCode::kInvalidArgument, "expected a finding object");
    } else if (IsAsff(f)) {
      Asff(f);
    } else if (IsGuardDuty(f)) {
      GuardDuty(f);
    } else {
      r_.Fail(f, StatusCode::kInvalidArgument, "not a GuardDuty or Security Hub finding");
    }
  }

  // aws-ir-facts.md §4.1. Member() also finds the CLI's PascalCase spelling of each name.
  void GuardDuty(const JsonNode& f) {
    Finding x;
    x.product = "guardduty";
    x.id = r_.Str(f.Member("id"));
    x.type = r_.Str(f.Member("type"));
    x.title = r_.Str(f.Member("title"));
    if (std::optional<double> s = r_.Number(f.Member("severity"))) {
      x.severity = *s;
      x.severity_label = GuardDutySeverityLabel(*s);
    }
    x.account = r_.Str(f.Member("accountId"));
    x.region = r_.Str(f.Member("region"));
    std::string partition = r_.Str(f.Member("partition"));

    JsonNode resource = r_.Object(f.Member("resource"));
    JsonNode key = r_.Object(resource.Member("accessKeyDetails"));
    x.access_key_id = r_.Str(key.Member("accessKeyId"));
    x.principal_id = r_.Str(key.Member("principalId"));
    x.user_name = r_.Str(key.Member("userName"));
    x.user_type = r_.Str(key.Member("userType"));
    x.instance_id = r_.Str(r_.Dig(resource, {"instanceDetails", "instanceId"}));

    JsonNode service = r_.Object(f.Member("service"));
    x.first_seen = r_.Time(service.Member("eventFirstSeen"));
    if (!x.first_seen) x.first_seen = r_.Time(f.Member("createdAt"));
    x.last_seen = r_.Time(service.Member("eventLastSeen"));
    if (!x.last_seen) x.last_seen = r_.Time(f.Member("updatedAt"));

    JsonNode call = r_.Object(r_.Dig(service, {"action", "awsApiCallAction"}));
    x.api = r_.Str(call.Member("api"));
    x.service_name = r_.Str(call.Member("serviceName"));
    x.user_agent = r_.Str(call.Member("userAgent"));
    JsonNode ip = r_.Object(call.Member("remoteIpDetails"));
    AddIp(&x.remote_ips, r_.Str(ip.Member("ipAddressV4")));
    AddIp(&x.remote_ips, r_.Str(ip.Member("ipAddressV6")));
    JsonNode org = r_.Object(ip.Member("organization"));
    x.asn = r_.StrOrInteger(org.Member("asn"));
    x.asn_org = r_.Str(org.Member("asnOrg"));

    x.principal_arn =
        PrincipalArnFor(partition, x.account, x.user_type, x.user_name, x.principal_id);
    out_->push_back(std::move(x));
  }

  // aws-ir-facts.md §4.2.
  void Asff(const JsonNode& f) {
    Finding x;
    x.product = "securityhub";
    x.id = r_.Str(f.Member("Id"));
    x.title = r_.Str(f.Member("Title"));
    x.account = r_.Str(f.Member("AwsAccountId"));
    x.region = r_.Str(f.Member("Region"));
    JsonNode fields = r_.Object(f.Member("ProductFields"));
    auto field = [&](std::string_view k) { return r_.Str(fields.Member(k)); };
    std::string product_arn = r_.Str(f.Member("ProductArn"));
    constexpr std::string_view kGuardDutyProduct = ":product/aws/guardduty";
    bool guardduty = (product_arn.size() >= kGuardDutyProduct.size() &&
                      product_arn.compare(product_arn.size() - kGuardDutyProduct.size(),
                                          kGuardDutyProduct.size(), kGuardDutyProduct) == 0) ||
                     field("aws/securityhub/ProductName") == "GuardDuty";

    std::vector<std::string> types = r_.Strs(f.Member("Types"));
    if (guardduty) x.type = GuardDutyTypeFromAsff(types);
    if (x.type.empty() && !types.empty()) x.type = types[0];

    // Product is GuardDuty's own number for GuardDuty; other products have their own scales,
    // so for them Normalized (0-100) is the one comparable with GuardDuty's 1-10.
    JsonNode sev = r_.Object(f.Member("Severity"));
    std::optional<double> product = r_.Number(sev.Member("Product"));
    std::optional<double> normalized = r_.Number(sev.Member("Normalized"));
    x.severity_label = r_.Str(sev.Member("Label"));
    if (product && (guardduty || !normalized)) {
      x.severity = *product;
    } else if (normalized) {
      x.severity = *normalized / 10;
    }
    if (x.severity_label.empty() && normalized) x.severity_label = NormalizedLabel(*normalized);
    if (x.severity_label.empty() && product) x.severity_label = GuardDutySeverityLabel(x.severity);

    std::string partition, iam_user_name, iam_user_id;
    JsonNode resources = r_.Array(f.Member("Resources"));
    for (size_t i = 0; i < resources.size(); ++i) {
      JsonNode res = r_.Object(resources.Element(i));
      std::string type = r_.Str(res.Member("Type"));
      std::string id = r_.Str(res.Member("Id"));
      if (x.region.empty()) x.region = r_.Str(res.Member("Region"));
      if (partition.empty()) partition = r_.Str(res.Member("Partition"));
      if (type == "AwsIamAccessKey" && x.access_key_id.empty()) {
        JsonNode d = r_.Object(r_.Dig(res, {"Details", "AwsIamAccessKey"}));
        x.access_key_id = r_.Str(d.Member("AccessKeyId"));
        if (x.access_key_id.empty()) x.access_key_id = KeyFromResourceId(id);
        x.principal_id = r_.Str(d.Member("PrincipalId"));
        x.user_name = r_.Str(d.Member("PrincipalName"));
        if (x.user_name.empty()) x.user_name = r_.Str(d.Member("UserName"));  // deprecated name
        x.user_type = r_.Str(d.Member("PrincipalType"));
      } else if (type == "AwsEc2Instance" && x.instance_id.empty()) {
        x.instance_id = InstanceFromResourceId(id);
      } else if (type == "AwsIamUser" && iam_user_name.empty()) {
        JsonNode d = r_.Object(r_.Dig(res, {"Details", "AwsIamUser"}));
        iam_user_name = r_.Str(d.Member("UserName"));
        iam_user_id = r_.Str(d.Member("UserId"));
      }
    }
    // A finding about a user rather than a key still names a principal.
    if (x.user_name.empty() && x.principal_id.empty() && !iam_user_name.empty()) {
      x.user_name = iam_user_name;
      x.principal_id = iam_user_id;
      x.user_type = "IAMUser";
    }

    JsonNode call = r_.Object(r_.Dig(f, {"Action", "AwsApiCallAction"}));
    x.api = r_.Str(call.Member("Api"));
    if (x.api.empty()) x.api = field(Concat(kGdCall, "api"));
    x.service_name = r_.Str(call.Member("ServiceName"));
    if (x.service_name.empty()) x.service_name = field(Concat(kGdCall, "serviceName"));
    x.user_agent = field(Concat(kGdCall, "userAgent"));
    JsonNode ip = r_.Object(call.Member("RemoteIpDetails"));
    AddIp(&x.remote_ips, r_.Str(ip.Member("IpAddressV4")));
    AddIp(&x.remote_ips, field(Concat(kGdIp, "ipAddressV4")));
    AddIp(&x.remote_ips, r_.Str(ip.Member("IpAddressV6")));
    AddIp(&x.remote_ips, field(Concat(kGdIp, "ipAddressV6")));
    JsonNode org = r_.Object(ip.Member("Organization"));
    x.asn = r_.StrOrInteger(org.Member("Asn"));
    if (x.asn.empty()) x.asn = field(Concat(kGdIp, "organization/asn"));
    x.asn_org = r_.Str(org.Member("AsnOrg"));
    if (x.asn_org.empty()) x.asn_org = field(Concat(kGdIp, "organization/asnOrg"));

    x.first_seen = r_.Time(f.Member("FirstObservedAt"));
    if (!x.first_seen) x.first_seen = r_.Time(call.Member("FirstSeen"));
    if (!x.first_seen)
      x.first_seen = r_.Time(fields.Member("aws/guardduty/service/eventFirstSeen"));
    if (!x.first_seen) x.first_seen = r_.Time(f.Member("CreatedAt"));
    x.last_seen = r_.Time(f.Member("LastObservedAt"));
    if (!x.last_seen) x.last_seen = r_.Time(call.Member("LastSeen"));
    if (!x.last_seen) x.last_seen = r_.Time(fields.Member("aws/guardduty/service/eventLastSeen"));
    if (!x.last_seen) x.last_seen = r_.Time(f.Member("UpdatedAt"));

    x.principal_arn =
        PrincipalArnFor(partition, x.account, x.user_type, x.user_name, x.principal_id);
    out_->push_back(std::move(x));
  }

  std::vector<Finding>* out_;
  JsonReader r_;
};

Status Failed(std::string_view name, const JsonFailure& f) {
  std::string msg = std::string(name) + ": byte " + std::to_string(f.offset) + ": " + f.reason;
  return f.code == StatusCode::kInvalidArgument ? Status::InvalidArgument(std::move(msg))
                                                : Status::Corrupt(std::move(msg));
}

}  // namespace

std::string_view GuardDutySeverityLabel(double severity) {
  if (severity >= 9) return "CRITICAL";
  if (severity >= 7) return "HIGH";
  if (severity >= 4) return "MEDIUM";
  if (severity >= 1) return "LOW";
  return "INFORMATIONAL";
}

std::string PrincipalArnFor(std::string_view partition, std::string_view account,
                            std::string_view user_type, std::string_view user_name,
                            std::string_view principal_id) {
  if (partition.empty()) partition = "aws";
  if (!IsAccountId(account) || !IsPartition(partition)) return {};
  std::string base = Concat("arn:", partition);
  if (EqualsIgnoreCase(user_type, "IAMUser")) {
    if (user_name.empty()) return {};
    return base + ":iam::" + std::string(account) + ":user/" + std::string(user_name);
  }
  if (EqualsIgnoreCase(user_type, "AssumedRole")) {
    size_t colon = principal_id.find(':');
    if (user_name.empty() || colon == std::string_view::npos || colon + 1 == principal_id.size())
      return {};
    return base + ":sts::" + std::string(account) + ":assumed-role/" + std::string(user_name) +
           "/" + std::string(principal_id.substr(colon + 1));
  }
  if (EqualsIgnoreCase(user_type, "Root")) return base + ":iam::" + std::string(account) + ":root";
  return {};
}

Result<std::vector<Finding>> ParseFindings(std::string_view text, std::string_view name) {
  std::vector<JsonDocument> docs;
  if (std::optional<JsonFailure> f = ParseJsonDocuments(text, &docs)) return Failed(name, *f);
  std::vector<Finding> out;
  for (const JsonDocument& doc : docs) {
    Extractor ex(&out);
    ex.Visit(JsonNode(&doc.value, {}), 0);
    if (const auto& f = ex.reader().failure()) {
      std::string_view doc_text = text.substr(doc.begin, doc.end - doc.begin);
      size_t at = doc.begin + LocateJsonValue(doc_text, f->path);
      std::string where = f->path.empty() ? std::string() : JsonPathText(f->path) + ": ";
      return Failed(name, {f->code, at, where + f->reason});
    }
  }
  return out;
}

}  // namespace credtrace::investigate
