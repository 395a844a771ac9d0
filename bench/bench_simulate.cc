// Simulator benchmark: output MB/s and records/s at a given size, and a determinism check
// (two runs, same seed: same bytes, compared by SHA-256 of every file).
//   bench_simulate [--size-gb X] [--events N] [--out DIR] [--threads T]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>

#include "base/file.h"
#include "base/sha256.h"
#include "sim/simulator.h"

namespace fs = std::filesystem;
using namespace credtrace;

namespace {

std::string TreeDigest(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto data = ReadFile(e.path());
    files[fs::relative(e.path(), dir).string()] = data.ok() ? Sha256::HexOf(*data) : "?";
  }
  Sha256 h;
  for (const auto& [p, d] : files) h.Update(p + " " + d + "\n");
  return h.FinalHex();
}

}  // namespace

int main(int argc, char** argv) {
  double size_gb = 2.0;
  int64_t events = 0;
  int threads = 2;
  fs::path out = "bench-simulate-out";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--size-gb")) size_gb = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--events")) events = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--out")) out = argv[i + 1];
    else if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
  }
  std::string digests[2];
  for (int run = 0; run < 2; ++run) {
    fs::path dir = out / ("run" + std::to_string(run));
    fs::remove_all(dir);
    sim::SimOptions o;
    o.scenarios = {"all"};
    o.out = dir;
    o.seed = 2024;
    o.events = events;
    o.size_gb = events ? 0 : size_gb;
    o.threads = threads;
    auto t0 = std::chrono::steady_clock::now();
    auto res = sim::Simulate(o);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!res.ok()) {
      std::fprintf(stderr, "bench_simulate: %s\n", res.status().ToString().c_str());
      return 1;
    }
    std::printf("run %d: %llu records, %.1f MB JSON, %.1f MB gzip in %llu files, %.2f s: %.0f MB/s, %.0f records/s\n", run,
                static_cast<unsigned long long>(res->records), res->bytes_json / 1e6, res->bytes_written / 1e6,
                static_cast<unsigned long long>(res->files), secs, res->bytes_json / 1e6 / secs, res->records / secs);
    std::fflush(stdout);
    digests[run] = TreeDigest(dir);
  }
  bool same = digests[0] == digests[1];
  std::printf("determinism: %s (tree sha256 %s)\n", same ? "identical" : "DIFFERENT", digests[0].substr(0, 16).c_str());
  fs::remove_all(out);
  return same ? 0 : 2;
}
