// The report as Markdown: the same sections as the document, every value escaped
// (markdown_escape.h). Long lists are cut with a line saying how many more there are and where
// they are (the JSON report and the timeline export have them all).
#include <fmt/format.h>

#include "report/markdown_escape.h"
#include "casefile/json_fields.h"
#include "report/report.h"

namespace credtrace::report {

namespace {

using json = nlohmann::json;

constexpr size_t kMaxRows = 2000;

std::string V(const json& j) {
  if (j.is_null()) return "-";
  if (j.is_string()) return j.get<std::string>().empty() ? "-" : EscapeMarkdown(j.get<std::string>());
  if (j.is_boolean()) return j.get<bool>() ? "yes" : "no";
  if (j.is_array()) {
    std::string out;
    for (const json& x : j) out += (out.empty() ? "" : ", ") + V(x);
    return out.empty() ? "-" : out;
  }
  if (j.is_object()) {
    std::string out;
    for (const auto& [k, v] : j.items()) out += (out.empty() ? "" : ", ") + EscapeMarkdown(k) + "=" + V(v);
    return out.empty() ? "-" : out;
  }
  return j.dump();
}
// For a code span: hashes and anchors only (hex digits and ':'); anything else is dropped, since
// backslash escapes do not work inside code spans.
std::string Hex(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || ch == ':') out.push_back(ch);
  }
  return "`" + out + "`";
}
std::string F(const json& j, const char* k) { return j.is_object() && j.contains(k) ? V(j[k]) : "-"; }
const json& A(const json& j, const char* k) { return casefile::JArr(j, k); }

struct Table {
  std::string* out;
  size_t rows = 0, total = 0;
  Table(std::string* o, std::initializer_list<const char*> head, size_t n) : out(o), total(n) {
    std::string h = "|", sep = "|";
    for (const char* x : head) {
      h += std::string(" ") + x + " |";
      sep += " --- |";
    }
    *out += h + "\n" + sep + "\n";
  }
  bool Row(std::initializer_list<std::string> cells) {
    if (rows >= kMaxRows) return false;
    ++rows;
    std::string r = "|";
    for (const std::string& c : cells) r += " " + c + " |";
    *out += r + "\n";
    return true;
  }
  void End(const char* where) {
    if (total > rows && *where) *out += fmt::format("\n{} more not shown here: {}.\n", total - rows, where);
    *out += "\n";
  }
};

void PhaseSection(std::string* out, const json& ph, const char* title, int n) {
  *out += fmt::format("## {}. {}\n\n", n, title);
  if (!ph["planned"].is_null()) *out += fmt::format("Planned: {} by {}.\n", F(ph["planned"], "time"), F(ph["planned"], "by"));
  if (!ph["at"].is_null()) *out += fmt::format("Containment time used by the plan: {}.\n", F(ph, "at"));
  if (ph["executed"].is_null()) {
    *out += "Not carried out through credtrace.\n\n";
  } else {
    const json& e = ph["executed"];
    *out += fmt::format("Carried out: {} run(s), last {} ({}): {} step(s) done, {} failed, {} for a manual check.\n\n", F(e, "runs"), F(e, "lastRun"),
                        e.value("completed", false) ? "completed" : "not completed", F(e, "stepsDone"), F(e, "stepsFailed"), F(e, "stepsManual"));
  }
  if (!A(ph, "steps").empty()) {
    Table t(out, {"Step", "Status", "Action", "Target", "Account", "What"}, A(ph, "steps").size());
    for (const json& s : A(ph, "steps")) t.Row({F(s, "id"), F(s, "status"), F(s, "action"), F(s, "target"), F(s, "account"), F(s, "title")});
    t.End("in the JSON report");
  }
  if (!A(ph, "manual").empty()) {
    *out += "By hand:\n\n";
    for (const json& m : A(ph, "manual")) *out += fmt::format("- **{}** {}: {}\n", F(m, "id"), F(m, "title"), F(m, "detail"));
    *out += "\n";
  }
}

}  // namespace

std::string RenderReportMarkdown(const json& r) {
  std::string out;
  const json& c = r["case"];
  out += fmt::format("# Post-incident report: {}\n\n", c["title"].is_null() ? std::string("credential compromise") : V(c["title"]));
  out += fmt::format("Ticket {} | severity {} | phase {} | lead {} | case {}\n\n", F(c, "ticket"), F(c, "severity"), F(c, "phase"), F(c, "lead"),
                     EscapeMarkdown(c.value("dir", "")));
  out += fmt::format("Generated {} by credtrace {}. Chain of custody head: {}.\n\n", F(r["generator"], "created"), F(r["generator"], "version"),
                     Hex(r["artifacts"]["custody"].value("anchor", "")));

  const json& sum = r["summary"];
  out += "## 1. Summary\n\n" + V(sum["text"]) + "\n\n";
  if (!c["summary"].is_null()) out += "The team's summary: " + V(c["summary"]) + "\n\n";
  {
    Table t(&out, {"Measure", "Value"}, 10);
    t.Row({"Compromised since", F(sum, "compromiseTime")});
    t.Row({"Credentials in the attacker's hands", F(sum, "credentials") + " (" + F(sum, "derivedCredentials") + " derived)"});
    t.Row({"Attacker calls", F(sum, "attackerEvents") + " (" + F(sum, "failedAttackerEvents") + " failed)"});
    t.Row({"First / last attacker call", F(sum, "firstAttackerEvent") + " / " + F(sum, "lastAttackerEvent")});
    t.Row({"Accounts", F(sum, "accounts")});
    t.Row({"Regions", F(sum, "regions")});
    t.Row({"Resources", F(sum, "resources")});
    t.Row({"Credentials contained", F(sum, "containedCredentials")});
    t.Row({"Verification", F(sum, "verification")});
    t.End("");
  }

  out += "## 2. Detection\n\n";
  out += "End-user impact: " + F(c, "impact") + "\n\n";
  out += "What raised the alarm: " + F(r["detection"], "recorded") + "\n\n";
  if (!A(r["detection"], "findings").empty()) {
    Table t(&out, {"Product", "Type", "Severity", "Key", "Principal", "First seen", "Last seen", "File (SHA-256)"}, A(r["detection"], "findings").size());
    for (const json& f : A(r["detection"], "findings")) {
      t.Row({F(f, "product"), F(f, "type"), F(f, "severityLabel") + " " + F(f, "severity"), F(f, "accessKeyId"), F(f, "principalArn"), F(f, "firstSeen"),
             F(f, "lastSeen"), F(f, "file") + " (" + EscapeMarkdown(f.value("sha256", "").substr(0, 16)) + ")"});
    }
    t.End("");
  }
  if (!A(r["detection"], "seeds").empty()) {
    out += "The investigation started from: ";
    std::string seeds;
    for (const json& s : A(r["detection"], "seeds")) seeds += (seeds.empty() ? "" : "; ") + F(s, "kind") + " " + F(s, "value");
    out += seeds + "\n\n";
  }

  const json& sc = r["scope"];
  out += "## 3. Scope\n\n";
  out += "Compromise time: " + F(sc, "compromiseTime") + "\n\n";
  for (const json& e : A(sc, "estimates")) out += fmt::format("- {}: {} ({}). {}\n", F(e, "credential"), F(e, "time"), F(e, "method"), F(e, "reason"));
  out += "\nAccounts: " + F(sc, "accounts") + ". Regions: " + F(sc, "regions") + ".\n\n";
  out += "### Credentials in the attacker's hands\n\n";
  {
    Table t(&out, {"Credential", "Kind", "Principal", "Obtained from", "Created (event)", "Rule", "Events", "Contained"}, A(sc, "credentials").size());
    for (const json& x : A(sc, "credentials")) {
      t.Row({F(x, "id") + (x.value("suspected", false) ? " (suspected)" : ""), F(x, "kind"), F(x, "principalArn"), F(x, "parent"),
             F(x, "created") + " (" + F(x, "createdByEventId") + ")", F(x, "rule"), F(x, "events"), F(x, "contained")});
    }
    t.End("in the JSON report");
  }
  if (!A(sc, "grants").empty()) {
    out += "### Access opened without a new credential\n\n";
    Table t(&out, {"Rule", "Target", "By", "Time", "Event"}, A(sc, "grants").size());
    for (const json& g : A(sc, "grants")) t.Row({F(g, "rule"), F(g, "target"), F(g, "credential"), F(g, "time"), F(g, "eventId")});
    t.End("in the JSON report");
  }
  if (!A(sc, "suspects").empty()) {
    out += "### Suspects (the attacker's infrastructure, not linked by any event)\n\n";
    Table t(&out, {"Key", "Principal", "From", "First seen", "Events", "Followed"}, A(sc, "suspects").size());
    for (const json& s : A(sc, "suspects")) t.Row({F(s, "accessKeyId"), F(s, "principalArn"), F(s, "ip"), F(s, "firstSeen"), F(s, "events"), F(s, "followed")});
    t.End("in the JSON report");
  }

  out += "## 4. Timeline\n\n";
  {
    Table t(&out, {"Time (UTC)", "What", "Credential", "From", "Result"}, A(r, "timeline").size());
    for (const json& e : A(r, "timeline")) {
      if (e.value("kind", "") == "response") {
        t.Row({F(e, "time"), "**" + F(e, "title") + "** " + F(e, "detail"), "-", "-", "response"});
      } else {
        t.Row({F(e, "time"), F(e, "eventName") + " (" + F(e, "eventSource") + ", " + F(e, "awsRegion") + ")", F(e, "credential"),
               F(e, "sourceIPAddress"), e["errorCode"].is_null() ? F(e, "attribution") : F(e, "errorCode") + ", " + F(e, "attribution")});
      }
    }
    t.End("credtrace timeline --case DIR (Timesketch JSON lines or CSV)");
  }

  const json& act = r["activity"];
  out += "## 5. Attacker activity\n\n### By category\n\n";
  {
    Table t(&out, {"Category", "Events"}, act["byCategory"].size());
    for (const auto& [k, v] : act["byCategory"].items()) t.Row({EscapeMarkdown(k), V(v)});
    t.End("");
  }
  out += "### By technique (MITRE ATT&CK)\n\n";
  {
    Table t(&out, {"Technique", "Events", "Event names"}, A(act, "byTechnique").size());
    for (const json& x : A(act, "byTechnique")) t.Row({F(x, "technique"), F(x, "events"), F(x, "eventNames")});
    t.End("");
  }
  out += "### Addresses\n\n";
  {
    Table t(&out, {"IP", "Network", "ASN", "Events"}, A(act, "addresses").size());
    for (const json& x : A(act, "addresses")) t.Row({F(x, "ip"), F(x, "network"), F(x, "asn"), F(x, "events")});
    t.End("in the JSON report");
  }
  out += "### Clients (user agents)\n\n";
  {
    Table t(&out, {"User agent", "Events"}, A(act, "userAgents").size());
    for (const json& x : A(act, "userAgents")) t.Row({F(x, "userAgent"), F(x, "events")});
    t.End("in the JSON report");
  }

  out += "## 6. Resources and applications\n\n";
  {
    Table t(&out, {"Resource", "Type", "Account", "Region", "Action", "Tags", "Application"}, A(r, "resources").size());
    for (const json& x : A(r, "resources")) {
      t.Row({F(x, "id"), F(x, "type"), F(x, "account"), F(x, "region"), F(x, "action"), F(x, "tags"), F(x, "applications")});
    }
    t.End("in the JSON report");
  }
  const json& apps = r["applications"];
  if (apps["cmdb"].is_null()) {
    out += "No CMDB in the case: the resources are not mapped to applications.\n\n";
  } else {
    out += fmt::format("Mapped with the CMDB {} (SHA-256 {}); {} resources not in it.\n\n", F(apps["cmdb"], "source"),
                       EscapeMarkdown(apps["cmdb"].value("sha256", "").substr(0, 16)), F(apps, "unmapped"));
    Table t(&out, {"Stakeholder", "Role", "Email", "Why", "Told"}, A(apps, "stakeholders").size());
    for (const json& s : A(apps, "stakeholders")) {
      t.Row({F(s, "name"), F(s, "role"), F(s, "email"), F(s, "why"),
             s["notified"].is_null() ? "not yet" : F(s["notified"], "time") + " by " + F(s["notified"], "by")});
    }
    t.End("");
  }

  PhaseSection(&out, r["containment"], "Containment", 7);
  const json& ver = r["containment"]["verification"];
  if (ver.is_null()) {
    out += "Not verified yet (credtrace verify).\n\n";
  } else {
    out += fmt::format("Verification ({}): **{}**; evidence complete until {}; {}.\n\n", F(ver, "created"), F(ver, "verdict"), F(ver, "completeUntil"),
                       F(ver, "summary"));
    if (!A(ver, "succeeded").empty()) {
      Table t(&out, {"Credential", "Time", "Call", "From", "Attribution"}, A(ver, "succeeded").size());
      for (const json& u : A(ver, "succeeded")) t.Row({F(u, "credential"), F(u, "eventTime"), F(u, "eventName"), F(u, "sourceIPAddress"), F(u, "attribution")});
      t.End("in verify.json");
    }
  }
  PhaseSection(&out, r["eradication"], "Eradication", 8);
  PhaseSection(&out, r["recovery"], "Recovery", 9);

  out += "## 10. Open items\n\n";
  if (A(r, "openItems").empty()) out += "None.\n";
  for (const json& o : A(r, "openItems")) out += fmt::format("- [{}] {}\n", F(o, "source"), F(o, "text"));
  out += "\n## 11. Lessons learned\n\nFor the review meeting:\n\n";
  for (const json& p : A(r["lessons"], "prompts")) out += "- " + V(p) + "\n";
  out += "\nRecorded:\n\n";
  if (A(r["lessons"], "recorded").empty()) out += "- none yet (credtrace case note --lesson ...)\n";
  for (const json& l : A(r["lessons"], "recorded")) out += fmt::format("- {} ({}, {})\n", F(l, "text"), F(l, "by"), F(l, "time"));
  if (!A(r, "forensics").empty()) {
    out += "\nForensics:\n\n";
    for (const json& l : A(r, "forensics")) out += fmt::format("- {} ({}, {})\n", F(l, "text"), F(l, "by"), F(l, "time"));
  }

  const json& rb = r["runbook"];
  out += fmt::format("\n## 12. Runbook\n\n{} done, {} n/a, {} blocked, {} to do.\n\n", F(rb["summary"], "done"), F(rb["summary"], "n/a"),
                     F(rb["summary"], "blocked"), F(rb["summary"], "todo"));
  {
    Table t(&out, {"Step", "Status", "What", "By", "Note / detail"}, A(rb, "steps").size());
    for (const json& s : A(rb, "steps")) {
      t.Row({F(s, "id"), F(s, "status"), F(s, "title"), F(s, "by"), s["note"].is_null() ? F(s, "detail") : F(s, "note")});
    }
    t.End("");
  }
  if (!A(r, "notes").empty()) {
    out += "## 13. Notes\n\n";
    for (const json& n : A(r, "notes")) out += fmt::format("- {} {} ({}): {}\n", F(n, "time"), F(n, "by"), F(n, "kind"), F(n, "text"));
    out += "\n";
  }
  const json& art = r["artifacts"];
  out += "## 14. Artifacts\n\n";
  const json& ev = art["evidence"];
  out += fmt::format("Evidence: {} files ({} bytes), {} events from {} to {}, {} duplicate deliveries, {} records rejected; every file's SHA-256 is in {}.\n\n",
                     F(ev, "files"), F(ev, "bytes"), F(ev, "events"), F(ev, "firstEvent"), F(ev, "lastEvent"), F(ev, "duplicates"),
                     F(ev, "rejectedRecords"), F(ev, "manifest"));
  {
    Table t(&out, {"File", "Type", "SHA-256", "Recorded"}, A(art, "files").size());
    for (const json& x : A(art, "files")) t.Row({F(x, "path"), F(x, "type"), Hex(x.value("sha256", "")), F(x["recorded"], "time")});
    t.End("");
  }
  std::string anchor = Hex(art["custody"].value("anchor", ""));
  out += fmt::format("Chain of custody: {} entries; head {}. Check the case with `credtrace case verify --case DIR --anchor` {}.\n",
                     F(art["custody"], "entries"), anchor, anchor);
  return out;
}

}  // namespace credtrace::report
