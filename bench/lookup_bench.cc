// lookup_bench: the in-process cost of a look-up in a case (issue 2: "all events of one access
// key ... in under 50 ms inside the process").
//
//   lookup_bench --case DIR [--runs N] QUERY...
//   (--runs 0: open and the first look-up only, e.g. to profile that alone with perf)
//
// In one process: opens the case (Case::Open + Segments), then times
//   first      the first ParseQuery + Search after opening (cold in this process: segment pages
//              are touched for the first time; run after dropping the page cache for a cold disk)
//   search     ParseQuery + Search, repeated N times (median, p95, min, max)
//   count      ParseQuery + Count, repeated N times
//   fetch      ParseQuery + Search + the original record of every match (what `search --json`
//              does before printing), repeated N times
// and prints one `name=value` line per figure (milliseconds), for bench/run_ingest_bench.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "query/query.h"
#include "store/case.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace credtrace;

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

[[noreturn]] void Die(const std::string& what, const Status& s) {
  std::fprintf(stderr, "lookup_bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

void Report(const char* name, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto pct = [&](double p) {
    size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
  };
  std::printf("%s_median_ms=%.3f\n%s_p95_ms=%.3f\n%s_min_ms=%.3f\n%s_max_ms=%.3f\n", name, pct(0.5),
              name, pct(0.95), name, v.front(), name, v.back());
}

}  // namespace

int main(int argc, char** argv) {
  std::string case_dir, text;
  int runs = 50;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--case" && i + 1 < argc) case_dir = argv[++i];
    else if (a == "--runs" && i + 1 < argc) runs = std::max(0, std::atoi(argv[++i]));
    else text += (text.empty() ? "" : " ") + a;
  }
  if (case_dir.empty() || text.empty()) {
    std::fprintf(stderr, "usage: lookup_bench --case DIR [--runs N] QUERY...\n");
    return 2;
  }

  auto t0 = Clock::now();
  auto c = store::Case::Open(case_dir, store::CreateIfMissing::kNo);
  if (!c.ok()) Die("open", c.status());
  auto segs = (*c)->Segments();
  if (!segs.ok()) Die("segments", segs.status());
  auto t1 = Clock::now();
  auto events = (*c)->EventCount();
  if (!events.ok()) Die("event count", events.status());
  std::printf("segments=%zu\nevents=%llu\nopen_ms=%.3f\n", segs->size(),
              static_cast<unsigned long long>(*events), Ms(t0, t1));

  // Cold in this process: the first look-up after opening.
  auto t2 = Clock::now();
  auto q = query::ParseQuery(text);
  if (!q.ok()) Die("query", q.status());
  auto first = query::Search(*q, *segs);
  if (!first.ok()) Die("search", first.status());
  auto t3 = Clock::now();
  std::printf("matches=%zu\nfirst_ms=%.3f\n", first->size(), Ms(t2, t3));

  std::vector<double> search_ms, count_ms, fetch_ms;
  uint64_t bytes = 0;
  for (int r = 0; r < runs; ++r) {
    auto a = Clock::now();
    auto qq = query::ParseQuery(text);
    if (!qq.ok()) Die("query", qq.status());
    auto m = query::Search(*qq, *segs);
    if (!m.ok()) Die("search", m.status());
    auto b = Clock::now();
    if (m->size() != first->size()) Die("search", Status::Aborted("match count changed"));
    search_ms.push_back(Ms(a, b));
  }
  for (int r = 0; r < runs; ++r) {
    auto a = Clock::now();
    auto qq = query::ParseQuery(text);
    if (!qq.ok()) Die("query", qq.status());
    auto n = query::Count(*qq, *segs);
    if (!n.ok()) Die("count", n.status());
    auto b = Clock::now();
    if (*n != first->size()) Die("count", Status::Aborted("count differs from search"));
    count_ms.push_back(Ms(a, b));
  }
  for (int r = 0; r < runs; ++r) {
    auto a = Clock::now();
    auto qq = query::ParseQuery(text);
    if (!qq.ok()) Die("query", qq.status());
    auto m = query::Search(*qq, *segs);
    if (!m.ok()) Die("search", m.status());
    store::RecordFetcher fetch(c->get());
    bytes = 0;
    for (const query::Match& x : *m) {
      auto loc = (*segs)[x.segment]->Location(x.row);
      if (!loc.ok()) Die("location", loc.status());
      auto rec = fetch.Fetch(*loc);
      if (!rec.ok()) Die("fetch", rec.status());
      bytes += rec->size();
    }
    auto b = Clock::now();
    fetch_ms.push_back(Ms(a, b));
  }
  std::printf("runs=%d\nfetched_bytes=%llu\n", runs, static_cast<unsigned long long>(bytes));
  if (runs == 0) return 0;
  Report("search", search_ms);
  Report("count", count_ms);
  Report("fetch", fetch_ms);
  return 0;
}
