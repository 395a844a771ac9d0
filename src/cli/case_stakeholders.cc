// credtrace case stakeholders --case DIR [--cmdb FILE] [--json]
// Who must be told and why: the investigation's resources mapped to applications through the
// case's CMDB (docs/CMDB.md). --cmdb FILE checks the file and keeps a copy in the case (replacing
// the previous one), recorded in the chain of custody.
#include <cstdio>

#include <fmt/format.h>

#include "base/file.h"
#include "casefile/case_file.h"
#include "casefile/cmdb.h"
#include "casefile/overview.h"
#include "cli/case_commands.h"
#include "cli/util.h"

namespace credtrace::cli {

namespace {

namespace cf = credtrace::casefile;
using json = nlohmann::json;

constexpr uint64_t kMaxCmdbBytes = 64ull << 20;

struct StakeArgs {
  std::string case_dir, cmdb;
  bool json = false;
};

json ContactJson(const cf::Contact& c) {
  auto v = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return {{"name", v(c.name)}, {"role", v(c.role)}, {"email", v(c.email)}, {"phone", v(c.phone)}, {"chat", v(c.chat)}};
}

int RunStakeholders(const StakeArgs& a) {
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  if (!a.cmdb.empty()) {
    auto text = ReadFile(a.cmdb, kMaxCmdbBytes);
    if (!text.ok()) return Fail(text.status());
    auto parsed = cf::ParseCmdb(*text, a.cmdb);
    if (!parsed.ok()) return Fail(parsed.status());
    fs::path copy = fs::path(a.case_dir) / (cf::IsCsvCmdb(*text) ? "cmdb.csv" : "cmdb.yaml");
    json body = {{"source", fs::absolute(a.cmdb).string()}, {"applications", parsed->applications.size()}, {"contacts", parsed->contacts.size()}};
    if (Status s = (*file)->WriteRecorded("cmdb", copy, *text, body); !s.ok()) return Fail(s);
    std::fprintf(stderr, "CMDB %s: %zu applications, %zu other contacts; kept in the case as %s\n", SafeText(a.cmdb).c_str(),
                 parsed->applications.size(), parsed->contacts.size(), copy.filename().c_str());
  }
  auto ov = cf::LoadOverview(**file);
  if (!ov.ok()) return Fail(ov.status());
  const cf::StakeholderView& v = ov->stakeholders;
  if (a.json) {
    json people = json::array();
    for (const cf::Stakeholder& s : v.stakeholders) {
      json j = ContactJson(s.contact);
      j["key"] = s.key;
      j["applications"] = s.applications;
      j["why"] = s.why;
      j["notified"] = s.notified ? json({{"time", s.notification.stamp.time}, {"by", s.notification.stamp.actor}, {"note", s.notification.note}})
                                 : json(nullptr);
      people.push_back(std::move(j));
    }
    json res = json::array();
    for (const cf::ImpactedResource& r : v.resources) {
      json tags = json::object();
      for (const auto& [k, val] : r.ref.tags) tags[k] = val;
      res.push_back({{"id", r.ref.id}, {"type", r.ref.type}, {"account", r.ref.account}, {"action", r.ref.action}, {"why", r.why},
                     {"tags", tags}, {"applications", r.apps}, {"matchedBy", r.how}});
    }
    json doc = {{"schema", "credtrace.stakeholders/1"}, {"cmdb", v.cmdb ? json({{"source", v.cmdb_path}, {"sha256", v.cmdb_sha256}}) : json(nullptr)},
                {"applications", v.applications}, {"stakeholders", people}, {"resources", res}, {"unmapped", v.unmapped}};
    std::string out = doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kExitOk;
  }
  std::string out;
  if (!v.cmdb) {
    out += "No CMDB in the case: give one with --cmdb FILE (docs/CMDB.md). The resources to map:\n";
  } else {
    out += fmt::format("{} impacted application(s): {}\n\n", v.applications.size(), SafeText(fmt::format("{}", fmt::join(v.applications, ", "))));
    for (const cf::Stakeholder& s : v.stakeholders) {
      out += fmt::format("{} {}{}{}\n", s.notified ? "[told]" : "[ -- ]", SafeText(s.contact.name.empty() ? s.key : s.contact.name),
                         s.contact.role.empty() ? "" : " (" + SafeText(s.contact.role) + ")",
                         s.contact.email.empty() ? "" : " <" + SafeText(s.contact.email) + ">");
      for (const std::string& w : s.why) out += "       " + SafeText(w) + "\n";
      if (!s.contact.phone.empty() || !s.contact.chat.empty())
        out += "       reach: " + SafeText(s.contact.phone) + (s.contact.phone.empty() || s.contact.chat.empty() ? "" : ", ") + SafeText(s.contact.chat) + "\n";
      if (s.notified) out += fmt::format("       told {} by {}{}\n", s.notification.stamp.time, SafeText(s.notification.stamp.actor),
                                         s.notification.note.empty() ? "" : ": " + SafeText(s.notification.note));
    }
    if (v.stakeholders.empty()) out += "The CMDB names nobody for what the attacker touched.\n";
    out += fmt::format("\n{} of {} told. Record with: credtrace case notified --case {} CONTACT --note ...\n", v.notified,
                       v.stakeholders.size(), SafeText(a.case_dir));
    if (v.unmapped) out += fmt::format("\n{} resources no application claims:\n", v.unmapped);
  }
  size_t shown = 0;
  for (const cf::ImpactedResource& r : v.resources) {
    if (v.cmdb && !r.apps.empty()) continue;
    if (++shown > 40) {
      out += fmt::format("  ... and {} more (--json lists them all)\n", (v.cmdb ? v.unmapped : v.resources.size()) - 40);
      break;
    }
    std::string tags;
    for (const auto& [k, val] : r.ref.tags) tags += (tags.empty() ? " tags " : ", ") + k + "=" + val;
    out += "  " + SafeText(r.ref.id) + "  (" + SafeText(r.ref.type) + ", " + SafeText(r.why) + ")" + SafeText(tags) + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void RegisterCaseStakeholders(CLI::App* case_cmd, Runner* run) {
  auto a = std::make_shared<StakeArgs>();
  auto* sub = case_cmd->add_subcommand("stakeholders", "Who must be told, and why (from the case's CMDB)");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("--cmdb", a->cmdb, "A CMDB file (YAML or CSV, docs/CMDB.md) to keep in the case");
  sub->add_flag("--json", a->json, "As JSON (credtrace.stakeholders/1)");
  sub->callback([run, a] { *run = [a] { return RunStakeholders(*a); }; });
}

}  // namespace credtrace::cli
