#include "cli/investigate_summary.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "cli/util.h"

namespace credtrace::cli {

namespace {

using namespace credtrace::investigate;

constexpr size_t kMaxSiblingsShown = 1;
constexpr size_t kMaxResourcesShown = 15;

std::string Short(std::string_view arn) {
  // arn:aws:iam::123456789012:user/x -> 123456789012:user/x
  size_t p = arn.find("::");
  if (arn.starts_with("arn:") && p != std::string_view::npos) return std::string(arn.substr(p + 2));
  if (arn.starts_with("arn:aws:sts::")) return std::string(arn.substr(13));
  return std::string(arn);
}

void Tree(const Investigation& inv, const std::vector<std::vector<int>>& kids, int ci, const std::string& indent,
          bool last, bool root, std::string* out) {
  const Credential& c = inv.credentials[ci];
  std::string branch = root ? "" : (last ? "└─ " : "├─ ");
  std::string label = c.access_key_id.empty() ? c.id : c.access_key_id;
  *out += fmt::format("  {}{}{} {} {}  since {}  {} event{}{}\n", indent, branch, SafeText(label),
                      KindName(c.kind), SafeText(Fit(Short(c.principal_arn), 60)),
                      FormatIsoTime(c.compromised_since), c.events, c.events == 1 ? "" : "s",
                      c.suspected ? "  (suspected: attacker's address)" : "");
  std::string child_indent = indent + (root ? "" : (last ? "   " : "│  "));
  const std::vector<int>& ks = kids[ci];
  // Many sessions of one instance or function: show a few, count the rest.
  std::map<std::pair<std::string, CredKind>, size_t> groups;
  for (int k : ks) ++groups[{inv.credentials[k].principal_arn, inv.credentials[k].kind}];
  std::map<std::pair<std::string, CredKind>, size_t> shown;
  std::vector<int> visible;
  std::vector<std::string> folded;
  for (int k : ks) {
    auto g = std::pair(inv.credentials[k].principal_arn, inv.credentials[k].kind);
    if (groups[g] > kMaxSiblingsShown + 1 && shown[g] >= kMaxSiblingsShown) {
      if (shown[g] == kMaxSiblingsShown) {
        folded.push_back(fmt::format("… and {} more {} of {}", groups[g] - kMaxSiblingsShown,
                                     KindName(g.second), SafeText(Fit(Short(g.first), 60))));
      }
      ++shown[g];
      continue;
    }
    ++shown[g];
    visible.push_back(k);
  }
  for (size_t i = 0; i < visible.size(); ++i) {
    Tree(inv, kids, visible[i], child_indent, i + 1 == visible.size() && folded.empty(), false, out);
  }
  for (size_t i = 0; i < folded.size(); ++i) {
    *out += fmt::format("  {}{}{}\n", child_indent, i + 1 == folded.size() ? "└─ " : "├─ ", folded[i]);
  }
}

}  // namespace

std::string RenderInvestigationSummary(const Investigation& inv, const std::string& case_dir) {
  std::string out;
  out += fmt::format("Investigation of {}: {} events in the case, {:.2f} s\n\n", SafeText(case_dir),
                     inv.case_events, inv.seconds);
  if (inv.credentials.empty()) {
    out += "No credential of the seeds acts in the evidence.\n";
  } else {
    out += fmt::format("Compromise: {}\n", FormatIsoTime(inv.compromise_time));
  }
  for (const CompromiseEstimate& e : inv.estimates) {
    out += fmt::format("  {} since {} ({}): {}\n", SafeText(e.credential), FormatIsoTime(e.time), e.method,
                       SafeText(e.reason));
  }
  std::vector<std::vector<int>> kids(inv.credentials.size());
  for (size_t i = 0; i < inv.credentials.size(); ++i) {
    if (inv.credentials[i].parent >= 0) kids[inv.credentials[i].parent].push_back(static_cast<int>(i));
  }
  out += fmt::format("\nCredentials in the attacker's hands ({}):\n", inv.credentials.size());
  for (size_t i = 0; i < inv.credentials.size(); ++i) {
    if (inv.credentials[i].parent < 0) Tree(inv, kids, static_cast<int>(i), "", true, true, &out);
  }

  std::map<std::string_view, uint64_t> by_cat;
  uint64_t att = 0, own = 0, unk = 0, failed = 0;
  for (const Event& e : inv.events) {
    if (e.attribution == Attribution::kOwner) {
      ++own;
      continue;
    }
    (e.attribution == Attribution::kAttacker ? att : unk)++;
    if (e.failed()) ++failed;
    for (std::string_view c : e.classification.categories) ++by_cat[c];
  }
  out += fmt::format("\nEvents: {} attacker, {} unknown, {} owner (legitimate use of a compromised credential)\n",
                     att, unk, own);
  if (!by_cat.empty()) {
    std::vector<std::pair<std::string_view, uint64_t>> cats(by_cat.begin(), by_cat.end());
    std::sort(cats.begin(), cats.end(), [](auto& a, auto& b) { return a.second > b.second; });
    out += "Activity by category (attacker and unknown):";
    for (auto& [c, n] : cats) out += fmt::format(" {} {},", c, n);
    out.back() = '\n';
  }
  if (failed) out += fmt::format("Failed attempts: {} (kept: they show intent)\n", failed);

  std::map<ResourceAction, uint64_t> by_action;
  for (const ResourceEntry& r : inv.resources) ++by_action[r.action];
  out += fmt::format("\nResources touched ({}):", inv.resources.size());
  for (auto& [a, n] : by_action) out += fmt::format(" {} {},", ActionName(a), n);
  if (!by_action.empty()) out.pop_back();
  out += "\n";
  std::vector<const ResourceEntry*> order;
  for (const ResourceEntry& r : inv.resources) order.push_back(&r);
  // Destruction and sharing first: what the responder must act on.
  auto rank = [](ResourceAction a) {
    switch (a) {
      case ResourceAction::kDeleted: return 0;
      case ResourceAction::kShared: return 1;
      case ResourceAction::kModified: return 2;
      case ResourceAction::kCreated: return 3;
      case ResourceAction::kRead: return 4;
      case ResourceAction::kAssumed: return 5;
    }
    return 6;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const ResourceEntry* a, const ResourceEntry* b) { return rank(a->action) < rank(b->action); });
  for (size_t i = 0; i < order.size() && i < kMaxResourcesShown; ++i) {
    const ResourceEntry& r = *order[i];
    out += fmt::format("  {:<9} {:<28} {}{}\n", ActionName(r.action), SafeText(Fit(r.type, 28)),
                       SafeText(Fit(r.id, 90)),
                       r.shared_with.empty() ? "" : fmt::format("  with {}", SafeText(Fit(fmt::format("{}", fmt::join(r.shared_with, ",")), 40))));
  }
  if (order.size() > kMaxResourcesShown) out += fmt::format("  … {} more (--json)\n", order.size() - kMaxResourcesShown);

  const Context& c = inv.context;
  if (!c.addresses.empty()) {
    out += "\nAttacker addresses:";
    for (size_t i = 0; i < c.addresses.size() && i < 8; ++i) {
      out += fmt::format(" {} ({}{}, {} events),", SafeText(c.addresses[i].ip), SafeText(c.addresses[i].network),
                         c.addresses[i].asn.empty() ? "" : " " + SafeText(c.addresses[i].asn), c.addresses[i].events);
    }
    out.back() = '\n';
  }
  if (!c.accounts_touched.empty()) {
    out += fmt::format("Accounts touched: {}; regions: {}\n", SafeText(fmt::format("{}", fmt::join(c.accounts_touched, ", "))),
                       SafeText(fmt::format("{}", fmt::join(c.regions_touched, ", "))));
  }
  if (!c.other_changes.empty()) {
    out += fmt::format("Other principals made {} changes in the same window (first: {}, {} events); see --json "
                       "context.otherChanges\n",
                       c.other_changes.size(), SafeText(Fit(Short(c.other_changes[0].principal_arn), 60)),
                       c.other_changes[0].events);
  }
  if (!inv.open_items.empty()) {
    out += "\nStill open:\n";
    for (const std::string& s : inv.open_items) out += "  - " + SafeText(s) + "\n";
  }
  out += fmt::format("\nSaved in {}/investigation.json (credtrace investigate ... --json prints it).\n",
                     SafeText(case_dir));
  return out;
}

}  // namespace credtrace::cli
