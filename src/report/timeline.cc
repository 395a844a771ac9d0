#include "report/timeline.h"
#include "casefile/json_fields.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/file.h"
#include "base/json_escape.h"
#include "base/time.h"

namespace credtrace::report {

namespace cf = credtrace::casefile;
using json = nlohmann::json;

namespace {

json S(const std::string& s) { return cf::JNullIfEmpty(s); }
std::string Str(const json& j, const char* k) { return cf::JStr(j, k); }
const json& Arr(const json& j, const char* k) { return cf::JArr(j, k); }
std::string Joined(const json& a) {
  std::string s;
  for (const json& x : a) {
    if (x.is_string()) s += (s.empty() ? "" : ",") + x.get<std::string>();
  }
  return s;
}

}  // namespace

json BuildTimeline(const cf::Facts& f) {
  json timeline = json::array();
  if (f.investigation_doc) {
    for (const json& e : Arr(*f.investigation_doc, "events")) {
      std::string attribution = Str(e, "attribution");
      json cats = json::array(), res = json::array();
      for (const json& c : Arr(e, "categories")) {
        if (c.is_string()) cats.push_back(c);
      }
      for (const json& x : Arr(e, "resources")) res.push_back(Str(x, "id"));
      timeline.push_back({{"time", Str(e, "eventTime")},
                          {"kind", attribution == "owner" ? "owner-event" : "event"},
                          {"eventID", Str(e, "eventID")},
                          {"eventName", Str(e, "eventName")},
                          {"eventSource", Str(e, "eventSource")},
                          {"awsRegion", Str(e, "awsRegion")},
                          {"account", Str(e, "recipientAccountId")},
                          {"credential", S(Str(e, "credential"))},
                          {"principalArn", S(Str(e, "principalArn"))},
                          {"accessKeyId", S(Str(e, "accessKeyId"))},
                          {"sourceIPAddress", Str(e, "sourceIPAddress")},
                          {"userAgent", Str(e, "userAgent")},
                          {"errorCode", S(Str(e, "errorCode"))},
                          {"attribution", attribution},
                          {"why", S(Str(e, "why"))},
                          {"categories", cats},
                          {"techniques", Arr(e, "techniques")},
                          {"resources", res}});
    }
  }
  // The response on the same timeline.
  auto milestone = [&](const std::string& time, const std::string& title, const std::string& detail) {
    timeline.push_back({{"time", time}, {"kind", "response"}, {"title", title}, {"detail", detail}});
  };
  const cf::State& st = f.state;
  for (const cf::PhaseChange& p : st.phases) milestone(p.stamp.time, "phase: " + p.phase, p.note + (p.note.empty() ? "" : "; ") + "by " + p.stamp.actor);
  for (const auto& [contact, n] : st.notified) milestone(n.stamp.time, "told " + contact, n.note + (n.note.empty() ? "" : "; ") + "by " + n.stamp.actor);
  for (const cf::Artifact& a : st.artifacts) {
    if (a.type == "investigation") milestone(a.stamp.time, "investigation saved", "by " + a.stamp.actor);
  }
  for (const json& e : f.journal) {
    if (Str(e, "type") != "step") continue;
    milestone(Str(e, "time"), Str(e, "phase") + " " + Str(e, "step") + ": " + Str(e, "status"),
              Str(e, "action") + (Str(e, "reason").empty() ? "" : " (" + Str(e, "reason") + ")"));
  }
  if (f.verify) {
    const json& g = f.verify->contains("generator") && (*f.verify)["generator"].is_object() ? (*f.verify)["generator"] : json::object();
    milestone(Str(g, "created"), "verification: " + Str(*f.verify, "verdict"), "");
  }
  std::stable_sort(timeline.begin(), timeline.end(), [](const json& a, const json& b) { return Str(a, "time") < Str(b, "time"); });
  return timeline;
}

namespace {

std::string Message(const json& e) {
  if (Str(e, "kind") == "response") return Str(e, "title") + (Str(e, "detail").empty() ? "" : ": " + Str(e, "detail"));
  std::string who = Str(e, "principalArn").empty() ? Str(e, "credential") : Str(e, "principalArn");
  std::string m = Str(e, "eventName") + " by " + (who.empty() ? std::string("a service") : who) + " from " + Str(e, "sourceIPAddress") + " (" +
                  Str(e, "attribution") + ")";
  if (!Str(e, "errorCode").empty()) m += " failed: " + Str(e, "errorCode");
  return m;
}

}  // namespace

std::string TimelineToTimesketch(const json& timeline) {
  std::string out;
  for (const json& e : timeline) {
    auto t = ParseIsoTime(Str(e, "time"));
    if (!t) continue;
    bool response = Str(e, "kind") == "response";
    json j = {{"message", Message(e)},
              {"datetime", Str(e, "time")},
              {"timestamp", *t * 1000},  // microseconds since the epoch
              {"timestamp_desc", response ? "Response action" : "Event Time"},
              {"data_type", response ? "credtrace:response" : "aws:cloudtrail:event"}};
    if (response) {
      j["title"] = Str(e, "title");
      j["detail"] = Str(e, "detail");
    } else {
      for (const char* k : {"eventID", "eventName", "eventSource", "awsRegion", "account", "credential", "principalArn", "accessKeyId",
                            "sourceIPAddress", "userAgent", "errorCode", "attribution", "why"}) {
        if (e.contains(k) && !e[k].is_null()) j[k] = e[k];
      }
      j["categories"] = Joined(Arr(e, "categories"));
      j["techniques"] = Joined(Arr(e, "techniques"));
      j["resources"] = Joined(Arr(e, "resources"));
      json tags = json::array({Str(e, "attribution")});
      for (const json& c : Arr(e, "categories")) tags.push_back(c);
      j["tag"] = tags;
    }
    out += j.dump(-1, ' ', false, json::error_handler_t::replace);
    out += "\n";
  }
  return out;
}

std::string CsvCell(std::string_view s) {
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) v.insert(0, "'");
  bool quote = v.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string TimelineToCsv(const json& timeline) {
  static const char* kColumns[] = {"datetime", "timestamp_desc", "message", "eventID", "eventName", "eventSource", "awsRegion",
                                   "account", "credential", "principalArn", "accessKeyId", "sourceIPAddress", "userAgent",
                                   "errorCode", "attribution", "categories", "techniques"};
  std::string out;
  for (size_t i = 0; i < std::size(kColumns); ++i) out += (i ? "," : "") + std::string(kColumns[i]);
  out += "\r\n";
  for (const json& e : timeline) {
    bool response = Str(e, "kind") == "response";
    std::string row;
    for (size_t i = 0; i < std::size(kColumns); ++i) {
      std::string k = kColumns[i], v;
      if (k == "datetime") v = Str(e, "time");
      else if (k == "timestamp_desc") v = response ? "Response action" : "Event Time";
      else if (k == "message") v = Message(e);
      else if (k == "categories" || k == "techniques") v = Joined(Arr(e, k.c_str()));
      else v = Str(e, k.c_str());
      // Invalid UTF-8 from the logs becomes U+FFFD: the file stays valid for every reader.
      if (!IsValidUtf8(v)) {
        std::string safe;
        AppendJsonString(&safe, v);
        json j = json::parse(safe, nullptr, false);
        if (j.is_string()) v = j.get<std::string>();
      }
      row += (i ? "," : "") + CsvCell(v);
    }
    out += row + "\r\n";
  }
  return out;
}

}  // namespace credtrace::report
