// credtrace show --case DIR EVENT_ID...: the original record(s), byte-exact.
#include <cstdio>

#include "cli/cli.h"
#include "cli/util.h"
#include "store/case.h"

namespace credtrace::cli {

namespace {

struct ShowArgs {
  std::string case_dir;
  std::vector<std::string> event_ids;
  bool source = false;
};

int RunShow(const ShowArgs& a) {
  auto c = store::Case::Open(a.case_dir, store::CreateIfMissing::kNo);
  if (!c.ok()) return Fail(c.status());
  auto segs = (*c)->Segments();
  if (!segs.ok()) return Fail(segs.status());
  store::RecordFetcher fetch(c->get());
  int missing = 0;
  for (const std::string& id : a.event_ids) {
    bool found = false;
    for (const store::SegmentView* s : *segs) {
      auto dict = s->Dictionary(cloudtrail::Column::kEventId);
      if (!dict.ok()) return Fail(dict.status());
      int64_t v = (*dict)->Find(id);
      if (v < 0 || id.empty()) continue;
      auto rows = s->Postings(cloudtrail::Column::kEventId, static_cast<uint32_t>(v));
      if (!rows.ok()) return Fail(rows.status());
      for (uint32_t row : *rows) {
        auto loc = s->Location(row);
        if (!loc.ok()) return Fail(loc.status());
        auto rec = fetch.Fetch(*loc);
        if (!rec.ok()) return Fail(rec.status());
        std::fwrite(rec->data(), 1, rec->size(), stdout);
        std::fputc('\n', stdout);
        if (a.source) {
          auto src = (*c)->db().Source(loc->source_id);
          if (src.ok())
            std::fprintf(stderr, "source %lld: %s (sha256 %s), offset %llu, %u bytes\n",
                         static_cast<long long>(src->id), SafeText(src->path).c_str(), src->sha256.c_str(),
                         static_cast<unsigned long long>(loc->offset), loc->length);
        }
        found = true;
      }
    }
    if (!found) {
      std::fprintf(stderr, "credtrace: no event %s in the case\n", SafeText(id).c_str());
      ++missing;
    }
  }
  return missing ? kExitError : kExitOk;
}

}  // namespace

void RegisterShow(CLI::App& app, Runner* run) {
  auto a = std::make_shared<ShowArgs>();
  auto* sub = app.add_subcommand("show", "Print the original record of events, byte-exact");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("event_ids", a->event_ids, "eventID values")->required();
  sub->add_flag("--source", a->source, "Also tell, on stderr, which evidence file and offset holds it");
  sub->callback([run, a] { *run = [a] { return RunShow(*a); }; });
}

}  // namespace credtrace::cli
