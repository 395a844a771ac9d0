// credtrace search --case DIR QUERY [--json | --count] [--limit N] [--desc]
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli/cli.h"
#include "cli/event_table.h"
#include "cli/util.h"
#include "query/query.h"
#include "cloudtrail/source_reader.h"
#include "store/case.h"

namespace credtrace::cli {

namespace {

struct SearchArgs {
  std::string case_dir;
  std::vector<std::string> query_words;
  bool json = false;
  bool count = false;
  uint64_t limit = 0;
  bool desc = false;
};

int RunSearch(const SearchArgs& a) {
  std::string text;
  for (const auto& w : a.query_words) text += (text.empty() ? "" : " ") + w;
  auto q = query::ParseQuery(text, NowMs());
  if (!q.ok()) return UsageError(q.status().message());
  auto c = store::Case::Open(a.case_dir, store::CreateIfMissing::kNo);
  if (!c.ok()) return Fail(c.status());
  auto segs = (*c)->Segments();
  if (!segs.ok()) return Fail(segs.status());
  if (a.count) {
    auto n = query::Count(*q, *segs);
    if (!n.ok()) return Fail(n.status());
    std::printf("%llu\n", static_cast<unsigned long long>(*n));
    return kExitOk;
  }
  query::SearchOptions opt;
  opt.limit = a.limit;
  opt.order = a.desc ? query::Order::kTimeDescending : query::Order::kTimeAscending;
  auto matches = query::Search(*q, *segs, opt);
  if (!matches.ok()) return Fail(matches.status());
  if (a.json) {
    // The original records, byte-exact, one per line (JSON lines for jq). Fetched in batches
    // so that each evidence file is inflated once per batch, and memory stays bounded.
    store::RecordFetcher fetch(c->get());
    constexpr size_t kBatch = 20000;
    std::string out;
    for (size_t start = 0; start < matches->size(); start += kBatch) {
      size_t end = std::min(matches->size(), start + kBatch);
      std::vector<store::RecordLocation> locs;
      locs.reserve(end - start);
      for (size_t i = start; i < end; ++i) {
        const query::Match& m = (*matches)[i];
        auto loc = (*segs)[m.segment]->Location(m.row);
        if (!loc.ok()) return Fail(loc.status());
        locs.push_back(*loc);
      }
      auto recs = fetch.FetchMany(locs);
      if (!recs.ok()) return Fail(recs.status());
      for (const std::string& rec : *recs) {
        // One record per line: a record that was pretty-printed in its source is compacted
        // (`credtrace show` prints it byte-exact).
        if (rec.find('\n') != std::string::npos) out.append(cloudtrail::CompactJson(rec));
        else out.append(rec);
        out.push_back('\n');
        if (out.size() > (1 << 20)) {
          std::fwrite(out.data(), 1, out.size(), stdout);
          out.clear();
        }
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kExitOk;
  }
  auto table = RenderEventTable(*segs, *matches, ::isatty(STDOUT_FILENO) != 0);
  if (!table.ok()) return Fail(table.status());
  std::fwrite(table->data(), 1, table->size(), stdout);
  if (::isatty(STDOUT_FILENO))
    std::fprintf(stderr, "%zu event%s\n", matches->size(), matches->size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace

void RegisterSearch(CLI::App& app, Runner* run) {
  auto a = std::make_shared<SearchArgs>();
  auto* sub = app.add_subcommand("search", "Find events with a filter in CloudTrail's field names (docs/QUERY.md)");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("query", a->query_words, "e.g. 'userIdentity.accessKeyId:AKIA... AND eventName:Create*'")->required();
  sub->add_flag("--json", a->json, "Print the original records as JSON lines (byte-exact unless pretty-printed in the source)");
  sub->add_flag("--count", a->count, "Print the number of matching events only");
  sub->add_option("--limit", a->limit, "At most this many events");
  sub->add_flag("--desc", a->desc, "Newest first");
  sub->callback([run, a] { *run = [a] { return RunSearch(*a); }; });
}

}  // namespace credtrace::cli
