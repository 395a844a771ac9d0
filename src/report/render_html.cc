// The report as one self-contained HTML page (docs/REPORT.md): inline CSS, inline SVG pictures
// (charts.h), no script, no external resource, and a Content-Security-Policy meta element that
// forbids scripts, frames, forms and every network fetch, so that even a value that escaped the
// escaping could neither run nor call out. Every value from the case goes through AppendHtml.
#include <fmt/format.h>

#include "base/time.h"
#include "casefile/json_fields.h"
#include "report/charts.h"
#include "report/html_escape.h"
#include "report/report.h"

namespace credtrace::report {

namespace {

using json = nlohmann::json;

constexpr size_t kMaxTimelineRows = 500;
constexpr size_t kMaxRows = 1000;

constexpr const char* kCss = R"css(
:root{--fg:#1d2330;--muted:#5d6675;--line:#dde2ea;--bg:#ffffff;--soft:#f5f7fa;--bad:#b3261e;--good:#1e7d32;--warn:#9a6700}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:28px 40px 18px;background:#14213d;color:#fff}header h1{margin:0 0 6px;font-size:26px}header .meta{color:#c9d2e3;font-size:13px}
.badge{display:inline-block;padding:1px 9px;margin-right:6px;border-radius:10px;font-size:12px;font-weight:600;background:#e8ecf3;color:#14213d}
.sev-critical,.sev-high{background:#f9dedc;color:var(--bad)}.sev-medium{background:#fff1cc;color:var(--warn)}.sev-low,.sev-informational{background:#e3f1e5;color:var(--good)}
nav{padding:10px 40px;background:var(--soft);border-bottom:1px solid var(--line);font-size:13px}nav a{margin-right:14px;color:#1f4e8c;text-decoration:none}
main{padding:8px 40px 60px;max-width:1400px}section{margin-top:28px}h2{font-size:20px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.fig{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 12px}.fig b{display:block;font-size:20px}.fig span{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:12.5px}th,td{border:1px solid var(--line);padding:4px 7px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--soft);font-weight:600}tr.response td{background:#eef5ff}td.num{text-align:right;white-space:nowrap}
.ok{color:var(--good);font-weight:600}.bad{color:var(--bad);font-weight:600}.warn{color:var(--warn);font-weight:600}.muted{color:var(--muted)}
.chart{margin:8px 0 16px;border:1px solid var(--line);border-radius:6px;padding:8px;background:#fff}code{font-size:12px;background:var(--soft);padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
.more{color:var(--muted);font-style:italic}summary{cursor:pointer;color:#1f4e8c;margin:6px 0;font-weight:600}ul{margin:6px 0 10px}
@media print{nav{display:none}header{background:#fff;color:#000}header .meta{color:#333}}
)css";

void H(std::string* out, std::string_view s) { AppendHtml(out, s); }
std::string Text(const json& j) {
  if (j.is_null()) return "-";
  if (j.is_string()) return j.get<std::string>().empty() ? "-" : j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>() ? "yes" : "no";
  if (j.is_array()) {
    std::string s;
    for (const json& x : j) s += (s.empty() ? "" : ", ") + Text(x);
    return s.empty() ? "-" : s;
  }
  if (j.is_object()) {
    std::string s;
    for (const auto& [k, v] : j.items()) s += (s.empty() ? "" : ", ") + k + "=" + Text(v);
    return s.empty() ? "-" : s;
  }
  return j.dump();
}
std::string T(const json& j, const char* k) { return j.is_object() && j.contains(k) ? Text(j[k]) : "-"; }
const json& A(const json& j, const char* k) { return casefile::JArr(j, k); }

class Html {
 public:
  std::string out;
  void Raw(std::string_view s) { out.append(s); }
  void Esc(std::string_view s) { H(&out, s); }
  void Tag(const char* tag, std::string_view text, const char* cls = nullptr) {
    out += fmt::format("<{}{}>", tag, cls ? fmt::format(" class=\"{}\"", cls) : "");
    Esc(text);
    out += fmt::format("</{}>", tag);
  }
  void P(std::string_view text) { Tag("p", text); }
  void Li(std::string_view text) { Tag("li", text); }
  // Tables longer than this are folded under a summary line (opened with a click, no script).
  static constexpr size_t kFoldRows = 30;
  // Starts a table of `rows` rows (0 when short); a long one is folded under "<rows> <what>".
  void TableStart(std::initializer_list<const char*> head, size_t rows = 0, const std::string& what = "") {
    folded_.push_back(rows > kFoldRows);
    if (rows > kFoldRows) {
      out += fmt::format("<details><summary>{} ", rows);
      Esc(what);
      out += "</summary>";
    }
    out += "<table><thead><tr>";
    for (const char* h : head) out += fmt::format("<th>{}</th>", h);
    out += "</tr></thead><tbody>";
  }
  // Cells are text (escaped here); a cell starting with "\x01" carries a CSS class: "\x01cls\x02text".
  void Row(std::initializer_list<std::string> cells, const char* tr_class = nullptr) {
    out += tr_class ? fmt::format("<tr class=\"{}\">", tr_class) : std::string("<tr>");
    for (const std::string& c : cells) {
      if (!c.empty() && c[0] == '\x01') {
        size_t sep = c.find('\x02');
        out += fmt::format("<td class=\"{}\">", c.substr(1, sep - 1));
        Esc(c.substr(sep + 1));
      } else {
        out += "<td>";
        Esc(c);
      }
      out += "</td>";
    }
    out += "</tr>";
  }
  void TableEnd(size_t total, size_t shown, const char* where) {
    out += "</tbody></table>";
    if (total > shown) out += fmt::format("<p class=\"more\">{} more not shown here: {}.</p>", total - shown, where);
    if (!folded_.empty() && folded_.back()) out += "</details>";
    if (!folded_.empty()) folded_.pop_back();
  }

 private:
  std::vector<bool> folded_;  // per open table: whether it is folded

 public:
  void Chart(const std::string& svg) { out += "<div class=\"chart\">" + svg + "</div>"; }
};

std::string Cls(const char* cls, const std::string& text) { return std::string("\x01") + cls + "\x02" + text; }
std::string Num(const json& j) { return Cls("num", Text(j)); }
const char* StatusClass(const std::string& s) {
  return s == "done" || s == "no-successful-use" ? "ok" : s == "failed" || s == "not-contained" || s == "blocked" ? "bad" : s == "manual check" || s == "todo" ? "warn" : "muted";
}

void Phase(Html& h, const json& ph, const char* id, const char* title) {
  h.Raw(fmt::format("<section id=\"{}\"><h2>{}</h2>", id, title));
  if (!ph["planned"].is_null()) h.P("Planned " + T(ph["planned"], "time") + " by " + T(ph["planned"], "by") + ".");
  if (ph["executed"].is_null()) {
    h.P("Not carried out through credtrace.");
  } else {
    const json& e = ph["executed"];
    h.P(fmt::format("Carried out: {} run(s), the last {} ({}): {} step(s) done, {} failed, {} for a manual check.", T(e, "runs"), T(e, "lastRun"),
                    e.value("completed", false) ? "completed" : "not completed", T(e, "stepsDone"), T(e, "stepsFailed"), T(e, "stepsManual")));
  }
  const json& steps = A(ph, "steps");
  if (!steps.empty()) {
    h.TableStart({"Step", "Status", "Action", "Target", "Account", "What"}, steps.size(), "steps");
    size_t n = 0;
    for (const json& s : steps) {
      if (n++ >= kMaxRows) break;
      std::string st = T(s, "status");
      h.Row({T(s, "id"), Cls(StatusClass(st), st), T(s, "action") + (s.value("destructive", false) ? " (destructive)" : ""), T(s, "target"), T(s, "account"), T(s, "title")});
    }
    h.TableEnd(steps.size(), std::min(steps.size(), kMaxRows), "in the JSON report");
  }
  if (!A(ph, "manual").empty()) {
    h.Raw("<h3>By hand</h3><ul>");
    for (const json& m : A(ph, "manual")) {
      h.Raw("<li><b>");
      h.Esc(T(m, "id") + " " + T(m, "title"));
      h.Raw("</b>: ");
      h.Esc(T(m, "detail"));
      h.Raw("</li>");
    }
    h.Raw("</ul>");
  }
}

}  // namespace

std::string RenderReportHtml(const json& r) {
  Html h;
  const json& c = r["case"];
  std::string title = c["title"].is_null() ? std::string("credential compromise") : c["title"].get<std::string>();
  h.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
  h.Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'\">\n");
  h.Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">\n<title>");
  h.Esc("Post-incident report: " + title);
  h.Raw("</title>\n<style>");
  h.Raw(kCss);
  h.Raw("</style></head>\n<body>\n<header><h1>");
  h.Esc("Post-incident report: " + title);
  h.Raw("</h1><div class=\"meta\">");
  std::string sev = T(c, "severity");
  h.Raw(fmt::format("<span class=\"badge sev-{}\">", sev == "critical" || sev == "high" || sev == "medium" || sev == "low" || sev == "informational" ? sev : "none"));
  h.Esc("severity " + sev);
  h.Raw("</span><span class=\"badge\">");
  h.Esc("phase " + T(c, "phase"));
  h.Raw("</span><span class=\"badge\">");
  h.Esc("ticket " + T(c, "ticket"));
  h.Raw("</span> ");
  h.Esc("Lead " + T(c, "lead") + ". Opened " + T(c["opened"], "time") + " by " + T(c["opened"], "by") + ". Generated " + T(r["generator"], "created") +
        " by credtrace " + T(r["generator"], "version") + ". Chain of custody head " + T(r["artifacts"]["custody"], "anchor") + ".");
  h.Raw("</div></header>\n<nav>");
  for (const auto& [id, name] : std::vector<std::pair<const char*, const char*>>{
           {"summary", "Summary"}, {"detection", "Detection"}, {"scope", "Scope"}, {"timeline", "Timeline"}, {"activity", "Activity"},
           {"resources", "Resources"}, {"containment", "Containment"}, {"eradication", "Eradication"}, {"recovery", "Recovery"},
           {"open", "Open items"}, {"lessons", "Lessons"}, {"runbook", "Runbook"}, {"artifacts", "Artifacts"}}) {
    h.Raw(fmt::format("<a href=\"#{}\">{}</a>", id, name));
  }
  h.Raw("</nav>\n<main>\n");

  // 1. Summary.
  const json& sum = r["summary"];
  h.Raw("<section id=\"summary\"><h2>1. Summary</h2>");
  h.P(T(sum, "text"));
  if (!c["summary"].is_null()) h.P("The team's summary: " + T(c, "summary"));
  h.Raw("<div class=\"figs\">");
  auto fig = [&](const std::string& value, const std::string& label) {
    h.Raw("<div class=\"fig\"><b>");
    h.Esc(value);
    h.Raw("</b><span>");
    h.Esc(label);
    h.Raw("</span></div>");
  };
  fig(T(sum, "compromiseTime"), "compromised since");
  fig(T(sum, "credentials"), "credentials in the attacker's hands (" + T(sum, "derivedCredentials") + " derived)");
  fig(T(sum, "attackerEvents"), "attacker calls (" + T(sum, "failedAttackerEvents") + " failed)");
  fig(std::to_string(A(sum, "accounts").size()) + " / " + std::to_string(A(sum, "regions").size()), "accounts / regions");
  fig(T(sum, "addresses"), "attacker addresses");
  fig(T(sum, "containedCredentials"), "credentials contained");
  fig(T(sum, "verification"), "verification");
  h.Raw("</div></section>\n");

  // 2. Detection.
  h.Raw("<section id=\"detection\"><h2>2. Detection</h2>");
  h.P("End-user impact: " + T(c, "impact"));
  h.P("What raised the alarm: " + T(r["detection"], "recorded"));
  if (!A(r["detection"], "findings").empty()) {
    h.TableStart({"Product", "Type", "Title", "Severity", "Access key", "Principal", "First seen", "Last seen", "File"});
    for (const json& f : A(r["detection"], "findings")) {
      h.Row({T(f, "product"), T(f, "type"), T(f, "title"), T(f, "severityLabel") + " " + T(f, "severity"), T(f, "accessKeyId"), T(f, "principalArn"),
             T(f, "firstSeen"), T(f, "lastSeen"), T(f, "file") + " (SHA-256 " + f.value("sha256", "").substr(0, 16) + "...)"});
    }
    h.TableEnd(0, 0, "");
  }
  std::string seeds;
  for (const json& s : A(r["detection"], "seeds")) seeds += (seeds.empty() ? "" : "; ") + T(s, "kind") + " " + T(s, "value");
  if (!seeds.empty()) h.P("The investigation started from: " + seeds);
  h.Raw("</section>\n");

  // 3. Scope.
  const json& sc = r["scope"];
  h.Raw("<section id=\"scope\"><h2>3. Scope</h2>");
  h.P("Compromise time: " + T(sc, "compromiseTime") + ". Accounts: " + T(sc, "accounts") + ". Regions: " + T(sc, "regions") + ".");
  if (!A(sc, "estimates").empty()) {
    h.Raw("<ul>");
    for (const json& e : A(sc, "estimates")) {
      h.Li(T(e, "credential") + ": " + T(e, "time") + " (" + T(e, "method") + "). " + T(e, "reason"));
    }
    h.Raw("</ul>");
  }
  h.Raw("<h3>The credential lineage</h3>");
  {
    std::vector<LineageNode> nodes;
    for (const json& x : A(sc, "credentials")) {
      LineageNode n;
      n.id = x.value("id", "");
      n.parent = x["parent"].is_string() ? x["parent"].get<std::string>() : "";
      n.kind = x.value("kind", "");
      // The part of the ARN after the account: user/alice, assumed-role/web/i-0abc.
      std::string arn = x.value("principalArn", "");
      size_t p = arn.rfind("arn:", 0) == 0 ? 0 : std::string::npos;
      for (int k = 0; k < 5 && p != std::string::npos; ++k) p = arn.find(':', p + 1);
      n.label = p == std::string::npos ? arn : arn.substr(p + 1);
      std::string key = x["accessKeyId"].is_string() ? x["accessKeyId"].get<std::string>() : n.id;
      n.detail = key;
      if (n.label.rfind("assumed-role/", 0) == 0) {
        // assumed-role/ROLE/SESSION: the session in the box, the role on the second line.
        std::string rest = n.label.substr(13);
        size_t slash = rest.find('/');
        n.label = slash == std::string::npos ? rest : rest.substr(slash + 1);
        n.detail = "role " + rest.substr(0, slash);
      }
      n.seed = n.parent.empty();
      n.suspected = x.value("suspected", false);
      nodes.push_back(std::move(n));
    }
    ChartOptions o;
    o.title = "Credentials: each obtained from the one on its left";
    h.Chart(LineageGraphSvg(nodes, o));
  }
  h.TableStart({"Credential", "Kind", "Principal", "Obtained from", "Created", "Creating event", "Rule", "Events", "Contained"}, A(sc, "credentials").size(), "credentials: the table");
  {
    size_t n = 0;
    for (const json& x : A(sc, "credentials")) {
      if (n++ >= kMaxRows) break;
      bool contained = x.value("contained", false);
      h.Row({T(x, "id") + (x.value("suspected", false) ? " (suspected)" : ""), T(x, "kind"), T(x, "principalArn"), T(x, "parent"), T(x, "created"),
             T(x, "createdByEventId"), T(x, "rule"), Num(x["events"]), Cls(contained ? "ok" : "warn", contained ? "yes" : "not yet")});
    }
    h.TableEnd(A(sc, "credentials").size(), std::min(A(sc, "credentials").size(), kMaxRows), "in the JSON report");
  }
  if (!A(sc, "grants").empty()) {
    h.Raw("<h3>Access opened without a new credential</h3>");
    h.TableStart({"Rule", "Target", "By", "Time", "Event"});
    for (const json& g : A(sc, "grants")) h.Row({T(g, "rule"), T(g, "target"), T(g, "credential"), T(g, "time"), T(g, "eventId")});
    h.TableEnd(0, 0, "");
  }
  if (!A(sc, "suspects").empty()) {
    h.Raw("<h3>Suspects: other credentials used from the attacker's infrastructure</h3>");
    h.TableStart({"Access key", "Principal", "From", "First seen", "Events", "Followed", "Why"});
    for (const json& s : A(sc, "suspects")) {
      h.Row({T(s, "accessKeyId"), T(s, "principalArn"), T(s, "ip"), T(s, "firstSeen"), Num(s["events"]), T(s, "followed"), T(s, "reason")});
    }
    h.TableEnd(0, 0, "");
  }
  h.Raw("</section>\n");

  // 4. Timeline.
  h.Raw("<section id=\"timeline\"><h2>4. Timeline</h2>");
  {
    std::vector<ActivityPoint> pts, calls;  // calls: without the services' deliveries
    for (const json& e : A(r, "timeline")) {
      if (e.value("kind", "") != "event") continue;
      auto t = ParseIsoTime(e.value("time", ""));
      if (!t) continue;
      ActivityPoint p;
      p.time = *t;
      p.category = A(e, "categories").empty() ? "" : A(e, "categories")[0].get<std::string>();
      p.lane = e["credential"].is_string() ? e["credential"].get<std::string>() : "(service delivery)";
      p.failed = !e["errorCode"].is_null();
      if (e["credential"].is_string()) calls.push_back(p);
      pts.push_back(std::move(p));
    }
    ChartOptions o;
    o.title = "Attacker calls over time, by category";
    h.Chart(ActivityByCategorySvg(calls, o));
    o.title = "Attacker calls over time, by credential (hollow: failed; service delivery: AWS handing a credential to the attacker's instance or function)";
    h.Chart(ActivityByLaneSvg(pts, o));
  }
  h.TableStart({"Time (UTC)", "What", "Credential", "From", "Client", "Result"}, A(r, "timeline").size(), "entries: every event and response action, in time order");
  {
    size_t n = 0, total = A(r, "timeline").size();
    for (const json& e : A(r, "timeline")) {
      if (n >= kMaxTimelineRows) break;
      ++n;
      if (e.value("kind", "") == "response") {
        h.Row({T(e, "time"), T(e, "title") + (T(e, "detail") == "-" ? "" : ": " + T(e, "detail")), "", "", "", "response"}, "response");
        continue;
      }
      std::string result = e["errorCode"].is_null() ? T(e, "attribution") : T(e, "errorCode") + " (" + T(e, "attribution") + ")";
      h.Row({T(e, "time"), T(e, "eventName") + " (" + T(e, "eventSource") + ", " + T(e, "awsRegion") + ")", T(e, "credential"), T(e, "sourceIPAddress"),
             T(e, "userAgent"), Cls(e["errorCode"].is_null() ? (T(e, "attribution") == "owner" ? "muted" : "bad") : "muted", result)});
    }
    h.TableEnd(total, n, "credtrace timeline --case DIR (Timesketch JSON lines, CSV) and the JSON report have them all");
  }
  h.Raw("</section>\n");

  // 5. Activity.
  const json& act = r["activity"];
  h.Raw("<section id=\"activity\"><h2>5. Attacker activity</h2>");
  {
    std::vector<MatrixCell> cells;
    for (const json& p : A(act, "byPlace")) cells.push_back({p.value("account", ""), p.value("region", ""), p.value("events", 0.0)});
    ChartOptions o;
    o.title = "Attacker calls by account and region";
    h.Chart(MatrixSvg(cells, "account", "region", o));
    std::vector<Bar> bars;
    for (const json& a : A(act, "addresses")) bars.push_back({a.value("ip", ""), a["network"].is_string() ? a["network"].get<std::string>() : "", a.value("events", 0.0)});
    o.title = "Top attacker addresses";
    h.Chart(BarChartSvg(bars, "calls", o));
    bars.clear();
    for (const json& a : A(act, "userAgents")) bars.push_back({a.value("userAgent", ""), "", a.value("events", 0.0)});
    o.title = "Top clients (user agents)";
    h.Chart(BarChartSvg(bars, "calls", o));
  }
  h.Raw("<h3>By category</h3>");
  h.TableStart({"Category", "Events"});
  for (const auto& [k, v] : act["byCategory"].items()) h.Row({k, Num(v)});
  h.TableEnd(0, 0, "");
  h.Raw("<h3>By technique (MITRE ATT&amp;CK)</h3>");
  h.TableStart({"Technique", "Events", "Event names"});
  for (const json& x : A(act, "byTechnique")) h.Row({T(x, "technique"), Num(x["events"]), T(x, "eventNames")});
  h.TableEnd(0, 0, "");
  h.Raw("</section>\n");

  // 6. Resources.
  h.Raw("<section id=\"resources\"><h2>6. Resources and applications</h2>");
  h.TableStart({"Resource", "Type", "Account", "Region", "Action", "Tags", "Application", "Events"}, A(r, "resources").size(), "resources: the table");
  {
    size_t n = 0;
    for (const json& x : A(r, "resources")) {
      if (n++ >= kMaxRows) break;
      h.Row({T(x, "id"), T(x, "type"), T(x, "account"), T(x, "region"), T(x, "action"), T(x, "tags"), T(x, "applications"), Num(x["events"])});
    }
    h.TableEnd(A(r, "resources").size(), std::min(A(r, "resources").size(), kMaxRows), "in the JSON report");
  }
  const json& apps = r["applications"];
  if (apps["cmdb"].is_null()) {
    h.P("No CMDB in the case: the resources are not mapped to applications (credtrace case stakeholders --cmdb FILE).");
  } else {
    h.P("Mapped with the CMDB " + T(apps["cmdb"], "source") + "; " + T(apps, "unmapped") + " resources are not in it.");
    h.Raw("<h3>Stakeholders</h3>");
    h.TableStart({"Name", "Role", "Email", "Why", "Told"});
    for (const json& s : A(apps, "stakeholders")) {
      bool told = !s["notified"].is_null();
      h.Row({T(s, "name"), T(s, "role"), T(s, "email"), T(s, "why"),
             Cls(told ? "ok" : "warn", told ? T(s["notified"], "time") + " by " + T(s["notified"], "by") : "not yet")});
    }
    h.TableEnd(0, 0, "");
  }
  h.Raw("</section>\n");

  // 7-9. Containment, eradication, recovery.
  Phase(h, r["containment"], "containment", "7. Containment");
  const json& ver = r["containment"]["verification"];
  h.Raw("<h3>Verification</h3>");
  if (ver.is_null()) {
    h.P("Not verified yet (credtrace verify).");
  } else {
    std::string verdict = T(ver, "verdict");
    h.Raw(fmt::format("<p class=\"{}\">", StatusClass(verdict)));
    h.Esc(verdict + ": evidence complete until " + T(ver, "completeUntil") + "; " + T(ver, "summary") + " (checked " + T(ver, "created") + ")");
    h.Raw("</p>");
    if (!A(ver, "succeeded").empty()) {
      h.TableStart({"Credential", "Time", "Call", "From", "Attribution"});
      for (const json& u : A(ver, "succeeded")) h.Row({T(u, "credential"), T(u, "eventTime"), T(u, "eventName"), T(u, "sourceIPAddress"), T(u, "attribution")});
      h.TableEnd(0, 0, "");
    }
  }
  h.Raw("</section>\n");
  Phase(h, r["eradication"], "eradication", "8. Eradication");
  h.Raw("</section>\n");
  Phase(h, r["recovery"], "recovery", "9. Recovery");
  h.Raw("</section>\n");

  // 10-11. Open items, lessons.
  h.Raw("<section id=\"open\"><h2>10. Open items</h2><ul>");
  if (A(r, "openItems").empty()) h.Raw("<li>None.</li>");
  for (const json& o : A(r, "openItems")) {
    h.Raw("<li><b>");
    h.Esc(T(o, "source"));
    h.Raw("</b>: ");
    h.Esc(T(o, "text"));
    h.Raw("</li>");
  }
  h.Raw("</ul></section>\n<section id=\"lessons\"><h2>11. Lessons learned</h2><h3>For the review meeting</h3><ul>");
  for (const json& p : A(r["lessons"], "prompts")) {
    h.Li(Text(p));
  }
  h.Raw("</ul><h3>Recorded</h3><ul>");
  if (A(r["lessons"], "recorded").empty()) h.Raw("<li class=\"muted\">None yet (credtrace case note --lesson ...).</li>");
  for (const json& l : A(r["lessons"], "recorded")) {
    h.Li(T(l, "text") + " (" + T(l, "by") + ", " + T(l, "time") + ")");
  }
  h.Raw("</ul>");
  if (!A(r, "forensics").empty()) {
    h.Raw("<h3>Forensics</h3><ul>");
    for (const json& l : A(r, "forensics")) {
      h.Li(T(l, "text") + " (" + T(l, "by") + ", " + T(l, "time") + ")");
    }
    h.Raw("</ul>");
  }
  h.Raw("</section>\n");

  // 12. Runbook.
  const json& rb = r["runbook"];
  h.Raw("<section id=\"runbook\"><h2>12. Runbook</h2>");
  h.P(T(rb["summary"], "done") + " done, " + T(rb["summary"], "n/a") + " n/a, " + T(rb["summary"], "blocked") + " blocked, " + T(rb["summary"], "todo") + " to do.");
  h.TableStart({"Step", "Status", "What", "By", "Note / detail"});
  for (const json& s : A(rb, "steps")) {
    std::string st = T(s, "status");
    h.Row({std::string(static_cast<size_t>(2 * s.value("depth", 0)), ' ') + T(s, "id"), Cls(StatusClass(st), st), T(s, "title"), T(s, "by"),
           s["note"].is_null() ? T(s, "detail") : T(s, "note")});
  }
  h.TableEnd(0, 0, "");
  if (!A(r, "notes").empty()) {
    h.Raw("<h3>Notes</h3><ul>");
    for (const json& n : A(r, "notes")) {
      h.Li(T(n, "time") + " " + T(n, "by") + " (" + T(n, "kind") + "): " + T(n, "text"));
    }
    h.Raw("</ul>");
  }
  h.Raw("</section>\n");

  // 14. Artifacts.
  const json& art = r["artifacts"];
  const json& ev = art["evidence"];
  h.Raw("<section id=\"artifacts\"><h2>13. Artifacts</h2>");
  h.P("Evidence: " + T(ev, "files") + " files (" + T(ev, "bytes") + " bytes), " + T(ev, "events") + " events from " + T(ev, "firstEvent") + " to " +
      T(ev, "lastEvent") + ", " + T(ev, "duplicates") + " duplicate deliveries, " + T(ev, "rejectedRecords") +
      " records rejected. Every file's SHA-256 is in the case's manifest (" + T(ev, "manifest") + ").");
  h.TableStart({"File", "Type", "SHA-256", "Recorded"});
  for (const json& x : A(art, "files")) h.Row({T(x, "path"), T(x, "type"), T(x, "sha256"), T(x["recorded"], "time") + " by " + T(x["recorded"], "by")});
  h.TableEnd(0, 0, "");
  h.Raw("<p>Chain of custody: ");
  h.Esc(T(art["custody"], "entries") + " entries; head ");
  h.Raw("<code>");
  h.Esc(T(art["custody"], "anchor"));
  h.Raw("</code>. Check the case with <code>credtrace case verify --case DIR --anchor ");
  h.Esc(T(art["custody"], "anchor"));
  h.Raw("</code>.</p></section>\n</main></body></html>\n");
  return std::move(h.out);
}

}  // namespace credtrace::report
