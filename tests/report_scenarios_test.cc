// The report as data: every simulator scenario (seed 7, 40000 events, 2 days, 3 accounts) is
// ingested, investigated from the seeds a responder would give, planned (contain, eradicate,
// recover) and reported, as `credtrace investigate`, `plan` and `report` do in a case; the
// report, in each of its three formats, must name every credential of the answer key and every
// resource the attacker created.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "base/file.h"
#include "casefile/case_file.h"
#include "casefile/overview.h"
#include "investigate/json_output.h"
#include "report/html_escape.h"
#include "report/markdown_escape.h"
#include "report/report.h"
#include "respond/execute.h"
#include "respond/render.h"
#include "respond/respond.h"
#include "sim_case.h"

namespace credtrace::report {
namespace {

namespace fs = std::filesystem;
namespace cf = credtrace::casefile;
namespace inv = credtrace::investigate;
using json = nlohmann::json;

struct Rendered {
  json doc;
  std::string md, html;
};

struct World {
  fs::path dir;
  json truth;
  std::map<std::string, Rendered> reports;  // scenario -> its report
};

World& TheWorld() {
  static World* w = [] {
    auto* w = new World;
    testing_support::SimCase sim = testing_support::MakeSimCase("report", {"all"}, 7, 40000);
    w->dir = sim.dir;
    w->truth = sim.truth;
    fs::path case_dir = sim.dir / "case";
    auto segs = sim.c->Segments();
    EXPECT_TRUE(segs.ok());
    std::set<std::string> scenarios;
    for (const json& s : w->truth["seeds"]) scenarios.insert(s["scenario"].get<std::string>());
    auto file = cf::CaseFile::Open(case_dir);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    // The organization's CMDB, as the simulator writes it (credtrace case stakeholders --cmdb).
    auto cmdb = ReadFile(sim.dir / "logs" / "cmdb.yaml");
    EXPECT_TRUE(cmdb.ok());
    EXPECT_TRUE((*file)->WriteRecorded("cmdb", case_dir / "cmdb.yaml", *cmdb, {{"source", "cmdb.yaml"}}).ok());
    for (const std::string& sc : scenarios) {
      inv::Evidence ev(sim.c.get(), *segs);
      auto r = inv::Investigate(ev, testing_support::ScenarioSeeds(sim, sc));
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      std::string text = inv::DumpJson(inv::ToJson(*r, inv::GeneratorInfo{}), 2);
      EXPECT_TRUE((*file)->WriteRecorded("investigation", case_dir / "investigation.json", text).ok());
      auto i = respond::ReadInvestigation(json::parse(text));
      EXPECT_TRUE(i.ok());
      respond::PlanOptions po{"2024-11-06T12:00:00Z", case_dir.string()};
      for (respond::Phase ph : {respond::Phase::kContain, respond::Phase::kEradicate, respond::Phase::kRecover}) {
        auto p = ph == respond::Phase::kContain     ? respond::PlanContainment(*i, po)
                 : ph == respond::Phase::kEradicate ? respond::PlanEradication(*i, po)
                                                    : respond::PlanRecovery(*i, po);
        EXPECT_TRUE(p.ok());
        std::string md = respond::RenderMarkdown(*p);
        EXPECT_TRUE((*file)->WriteRecorded("plan", sim.dir / ("plan-" + std::string(respond::PhaseName(ph)) + ".md"), md,
                                           {{"phase", respond::PhaseName(ph)}, {"at", po.at}, {"planHash", respond::PlanHash(*p)}})
                        .ok());
      }
      auto ov = cf::LoadOverview(**file);
      EXPECT_TRUE(ov.ok()) << ov.status().ToString();
      ReportOptions ro{"2024-11-07T00:00:00Z", "test", case_dir.string()};
      auto doc = BuildReport(**file, *ov, ro);
      EXPECT_TRUE(doc.ok()) << doc.status().ToString();
      Rendered out;
      out.doc = *doc;
      out.md = RenderReportMarkdown(*doc);
      out.html = RenderReportHtml(*doc);
      w->reports[sc] = std::move(out);
    }
    file->reset();
    sim.c.reset();
    std::error_code ec;
    fs::remove_all(w->dir, ec);
    return w;
  }();
  return *w;
}

// The events of each scenario in the answer key, to tell which scenario a resource belongs to.
std::map<std::string, std::string> ScenarioOfEvent(const json& truth) {
  std::map<std::string, std::string> out;
  for (const json& e : truth["events"]) out[e["eventID"]] = e["scenario"];
  return out;
}

bool InReport(const Rendered& r, const std::string& id, const char* where) {
  bool in_md = r.md.find(EscapeMarkdown(id)) != std::string::npos;
  bool in_html = r.html.find(EscapeHtml(id)) != std::string::npos;
  EXPECT_TRUE(in_md) << id << " not in the Markdown report (" << where << ")";
  EXPECT_TRUE(in_html) << id << " not in the HTML report (" << where << ")";
  return in_md && in_html;
}

TEST(ReportScenarios, EveryScenarioIsReported) {
  World& w = TheWorld();
  EXPECT_EQ(w.reports.size(), 6u);
  for (const auto& [sc, r] : w.reports) {
    SCOPED_TRACE(sc);
    EXPECT_EQ(r.doc["schema"], kReportSchema);
    EXPECT_EQ(r.html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(r.html.find("Content-Security-Policy"), std::string::npos);
    EXPECT_EQ(r.html.find("<script"), std::string::npos);
    EXPECT_NE(r.md.find("## 7. Containment"), std::string::npos);
    EXPECT_NE(r.html.find("<svg"), std::string::npos);
    EXPECT_FALSE(r.doc["containment"]["steps"].empty()) << "the containment plan is in the report";
    EXPECT_FALSE(r.doc["containment"]["planned"].is_null());
  }
}

TEST(ReportScenarios, NamesEveryCredentialOfTheAnswerKey) {
  World& w = TheWorld();
  for (const json& c : w.truth["credentials"]) {
    std::string sc = c["scenario"], id = c["id"];
    SCOPED_TRACE(sc + " " + id);
    ASSERT_TRUE(w.reports.count(sc));
    const Rendered& r = w.reports.at(sc);
    bool in_json = false;
    for (const json& x : r.doc["scope"]["credentials"]) in_json |= x["id"] == id;
    EXPECT_TRUE(in_json) << "not in the report's scope";
    InReport(r, id, "credentials");
  }
}

TEST(ReportScenarios, NamesEveryResourceTheAttackerCreated) {
  World& w = TheWorld();
  auto scenario_of = ScenarioOfEvent(w.truth);
  size_t checked = 0;
  for (const json& res : w.truth["resources"]) {
    if (res["action"] != "created") continue;
    std::set<std::string> scs;
    for (const json& e : res["eventIds"]) {
      if (scenario_of.count(e)) scs.insert(scenario_of[e]);
    }
    for (const std::string& sc : scs) {
      SCOPED_TRACE(sc + " " + res["id"].get<std::string>());
      const Rendered& r = w.reports.at(sc);
      bool in_json = false;
      for (const json& x : r.doc["resources"]) in_json |= x["id"] == res["id"] && x["action"] == "created";
      EXPECT_TRUE(in_json) << "not among the report's resources";
      InReport(r, res["id"], "resources");
      ++checked;
    }
  }
  EXPECT_GT(checked, 10u);
}

TEST(ReportScenarios, ResourcesMapToTheApplicationsTheirTagsName) {
  World& w = TheWorld();
  size_t checked = 0;
  for (const auto& [sc, r] : w.reports) {
    SCOPED_TRACE(sc);
    EXPECT_FALSE(r.doc["applications"]["cmdb"].is_null());
    for (const json& res : r.doc["resources"]) {
      if (!res["tags"].contains("app")) continue;
      std::string app = res["tags"]["app"];
      bool mapped = false;
      for (const json& a : res["applications"]) mapped |= a == app;
      EXPECT_TRUE(mapped) << res["id"] << " tagged app=" << app << " maps to " << res["applications"].dump();
      ++checked;
    }
    // Whoever the CMDB names for an impacted application is a stakeholder, and security always.
    bool soc = false;
    for (const json& s : r.doc["applications"]["stakeholders"]) soc |= s["email"] == "soc@acme-corp.example";
    EXPECT_TRUE(soc);
  }
  EXPECT_GT(checked, 5u) << "the simulator tags the resources the attackers touch";
  // capital-one's data: the exfiltrated bucket's objects carry their bucket's application.
  const Rendered& c1 = w.reports.at("capital-one");
  EXPECT_FALSE(c1.doc["applications"]["impacted"].empty());
}

TEST(ReportScenarios, DetectionOfTheFindingScenario) {
  World& w = TheWorld();
  // capital-one starts from a GuardDuty finding: the report's detection section shows it.
  const Rendered& r = w.reports.at("capital-one");
  bool finding_seed = false;
  for (const json& s : r.doc["detection"]["seeds"]) finding_seed |= s["kind"] == "finding";
  EXPECT_TRUE(finding_seed);
  EXPECT_FALSE(r.doc["summary"]["compromiseTime"].is_null());
  EXPECT_GT(r.doc["summary"]["attackerEvents"].get<int64_t>(), 0);
  EXPECT_FALSE(r.doc["lessons"]["prompts"].empty());
}

}  // namespace
}  // namespace credtrace::report
