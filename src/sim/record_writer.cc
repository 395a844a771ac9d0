#include "sim/record_writer.h"

#include <cstdio>

#include "base/json_escape.h"
#include "sim/ids.h"

namespace credtrace::sim {

namespace {

struct Autos final : AutoSlots {
  const Call* c;
  std::string_view region, account, request_id;
  Rng* rng;
  const Client* client;
  bool Append(std::string_view n, std::string* out) override {
    if (n == "@region") out->append(region);
    else if (n == "@account") out->append(account);
    else if (n == "@reqid") out->append(request_id);
    else if (n == "@uuid") AppendUuid(out, rng);
    else if (n == "@iamdate") out->append(IamDate(c->time));
    else if (n == "@stsdate") out->append(StsDate(c->time));
    else if (n == "@isoms") {
      std::string s = IsoSeconds(c->time);
      s.pop_back();
      out->append(s + ".000+0000");
    } else if (n == "@epochms") out->append(std::to_string(c->time));
    else if (n == "@token") AppendSessionToken(out, rng);
    else if (n == "@cipher") out->append(client ? client->cipher : "TLS_AES_128_GCM_SHA256");
    else if (n == "@amzid2") out->append(AmzId2(rng));
    else if (n == "@sts_host") {
      if (c->sts_regional) out->append("sts." + std::string(region) + ".amazonaws.com");
      else out->append("sts.amazonaws.com");
    } else if (n == "@sts_add") {
      if (c->client && c->sts_regional) {
        out->append("{\"RequestDetails\":{\"endpointType\":\"regional\",\"awsServingRegion\":\"");
        out->append(region);
        out->append("\"}}");
      }
    } else return false;
    return true;
  }
};

void Field(std::string* o, const char* k) {
  o->push_back(',');
  o->push_back('"');
  o->append(k);
  o->append("\":");
}

void StrField(std::string* o, const char* k, std::string_view v) {
  Field(o, k);
  AppendJsonString(o, v);
}

std::string Kebab(std::string_view name) {
  std::string s;
  for (size_t i = 0; i < name.size(); ++i) {
    char ch = name[i];
    if (ch >= 'A' && ch <= 'Z') {
      if (i > 0) s.push_back('-');
      s.push_back(static_cast<char>(ch - 'A' + 'a'));
    } else {
      s.push_back(ch);
    }
  }
  return s;
}

std::string ExpandUa(std::string_view ua, const Api& api) {
  std::string s(ua);
  size_t p;
  while ((p = s.find("{{cmd}}")) != std::string::npos) s.replace(p, 7, CliCommand(api));
  while ((p = s.find("{{svc}}")) != std::string::npos) {
    s.replace(p, 7, api.iam_action.substr(0, api.iam_action.find(':')));
  }
  return s;
}

std::string DeniedMessage(const Call& c, const std::string& actor) {
  const Api& api = *c.api;
  std::string res = c.denied_resource.empty() ? "*" : c.denied_resource;
  std::string base = "User: " + actor + " is not authorized to perform: " + api.iam_action +
                     " on resource: " + res + " because no identity-based policy allows the " +
                     api.iam_action + " action";
  return base;
}

}  // namespace

std::string CliCommand(const Api& api) {
  std::string svc = api.iam_action.substr(0, api.iam_action.find(':'));
  std::string action = api.iam_action.substr(api.iam_action.find(':') + 1);
  if (svc == "s3") {
    if (action == "ListBuckets" || action == "ListObjects") return "s3.ls";
    if (action == "GetObject") return "s3.cp";
    return "s3api." + Kebab(action);
  }
  return svc + "." + Kebab(action);
}

Record RecordWriter::Write(const Call& c) {
  const Api& api = *c.api;
  const ApiSpec& spec = *api.spec;
  Record r;
  r.time = c.time;
  r.account = c.recipient.empty() ? c.who->account : c.recipient;
  bool sts = std::string_view(spec.source) == "sts.amazonaws.com";
  r.region = (api.global || (sts && !c.sts_regional)) ? std::string("us-east-1") : c.region;
  r.management = !spec.data_event;
  bool s3 = std::string_view(spec.source) == "s3.amazonaws.com";
  std::string request_id = s3 ? S3RequestId(&rng_) : Uuid(&rng_);
  r.event_id = c.event_id.empty() ? Uuid(&rng_) : c.event_id;

  Autos autos;
  autos.c = &c;
  autos.region = r.region;
  autos.account = r.account;
  autos.request_id = request_id;
  autos.rng = &rng_;
  autos.client = c.client;

  std::string error_code = c.error_code, error_message = c.error_message;
  if (c.denied) {
    std::string actor = c.who->arn.empty() ? ("arn:aws:iam::" + r.account + ":root") : c.who->arn;
    switch (api.denied) {
      case DeniedStyle::kQuery:
        error_code = "AccessDenied";
        error_message = DeniedMessage(c, actor);
        break;
      case DeniedStyle::kJson:
        error_code = "AccessDeniedException";
        error_message = DeniedMessage(c, actor);
        break;
      case DeniedStyle::kEc2: {
        error_code = "Client.UnauthorizedOperation";
        error_message = "You are not authorized to perform this operation. User: " + actor +
                        " is not authorized to perform: " + api.iam_action + " on resource: " +
                        (c.denied_resource.empty() ? "arn:aws:ec2:" + r.region + ":" + r.account + ":*" : c.denied_resource) +
                        " because no identity-based policy allows the " + api.iam_action +
                        " action. Encoded authorization failure message: " +
                        RandomChars(&rng_, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 380) + "...";
        break;
      }
      case DeniedStyle::kS3:
        error_code = "AccessDenied";
        error_message = "Access Denied";
        break;
    }
  }
  bool failed = !error_code.empty();
  r.error_code = error_code;

  std::string& o = r.json;
  o.reserve(2048);
  o.append("{\"eventVersion\":\"");
  o.append(spec.version);
  o.append("\",\"userIdentity\":");
  if (!c.invoked_by.empty()) {
    o.append(c.who->json, 0, c.who->json.size() - 1);
    o.append(",\"invokedBy\":");
    AppendJsonString(&o, c.invoked_by);
    o.push_back('}');
  } else {
    o.append(c.who->json);
  }
  StrField(&o, "eventTime", IsoSeconds(c.time));
  StrField(&o, "eventSource", spec.source);
  StrField(&o, "eventName", spec.name);
  StrField(&o, "awsRegion", r.region);
  bool service_call = c.client == nullptr;
  std::string_view service = !c.invoked_by.empty() ? std::string_view(c.invoked_by) : std::string_view(c.service);
  StrField(&o, "sourceIPAddress", service_call || !c.invoked_by.empty() ? service : std::string_view(c.ip));
  if (service_call || !c.invoked_by.empty()) {
    StrField(&o, "userAgent", service);
  } else {
    std::string_view ua = c.client->ua;
    if (ua.find("{{") != std::string_view::npos) StrField(&o, "userAgent", ExpandUa(ua, api));
    else StrField(&o, "userAgent", ua);
  }
  if (failed) StrField(&o, "errorCode", error_code);
  if (!error_message.empty()) StrField(&o, "errorMessage", error_message);
  Field(&o, "requestParameters");
  if ((c.denied && api.denied == DeniedStyle::kQuery) || api.request.empty()) o.append("null");
  else api.request.Expand(c.args, &autos, &o);
  Field(&o, "responseElements");
  if (failed || api.response.empty()) o.append("null");
  else api.response.Expand(c.args, &autos, &o);
  if (!api.additional.empty()) {
    std::string add = api.additional.Expand(c.args, &autos);
    if (!add.empty()) {
      Field(&o, "additionalEventData");
      o.append(add);
    }
  }
  StrField(&o, "requestID", request_id);
  StrField(&o, "eventID", r.event_id);
  Field(&o, "readOnly");
  o.append(spec.read_only ? "true" : "false");
  if (!api.resources.empty() && !(c.denied && api.denied == DeniedStyle::kQuery)) {
    Field(&o, "resources");
    api.resources.Expand(c.args, &autos, &o);
  }
  StrField(&o, "eventType", spec.event_type ? spec.event_type : "AwsApiCall");
  if (spec.api_version) StrField(&o, "apiVersion", spec.api_version);
  Field(&o, "managementEvent");
  o.append(spec.data_event ? "false" : "true");
  StrField(&o, "recipientAccountId", r.account);
  if (!c.service_event_details.empty()) {
    Field(&o, "serviceEventDetails");
    o.append(c.service_event_details);
  }
  if (!c.shared_event_id.empty()) StrField(&o, "sharedEventID", c.shared_event_id);
  StrField(&o, "eventCategory", spec.data_event ? "Data" : "Management");
  if (!service_call && c.invoked_by.empty()) {
    Field(&o, "tlsDetails");
    o.append("{\"tlsVersion\":\"");
    o.append(c.client->tls_version);
    o.append("\",\"cipherSuite\":\"");
    o.append(c.client->cipher);
    o.append("\",\"clientProvidedHostHeader\":");
    if (c.console && !s3) {
      AppendJsonString(&o, r.region + ".console.aws.amazon.com");
    } else {
      std::string host;
      api.host.Expand(c.args, &autos, &host);
      AppendJsonString(&o, host);
    }
    o.push_back('}');
  }
  if (c.console) StrField(&o, "sessionCredentialFromConsole", "true");
  o.push_back('}');
  return r;
}

}  // namespace credtrace::sim
