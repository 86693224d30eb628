// Throughput of `det compare` (read, pair and analyse two JSONL runs) against `wc -l` over the same two
// files, measured in the same run. Usage:
//   bench_det_compare [RUN_A RUN_B]        (without files: generates 2 x ~100 MB in /tmp first)
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "det/compare.hpp"
#include "det/synthetic_runs.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double time_wc(const std::string& a, const std::string& b) {
  const std::string cmd = "wc -l '" + a + "' '" + b + "' >/dev/null";
  auto t0 = std::chrono::steady_clock::now();
  if (std::system(cmd.c_str()) != 0) fmt::print(stderr, "warning: wc -l failed\n");
  return seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string a, b;
  bool generated = false;
  if (argc >= 3) {
    a = argv[1];
    b = argv[2];
  } else {
    a = (fs::temp_directory_path() / fmt::format("llmsa_bench_det_{}_a.jsonl", ::getpid())).string();
    b = (fs::temp_directory_path() / fmt::format("llmsa_bench_det_{}_b.jsonl", ::getpid())).string();
    llmsa::det::SyntheticRunsSpec spec;
    spec.prompts = 2000;
    spec.samples_per_prompt = 4;
    spec.length = 512;
    spec.logprob_shift = 1e-3;
    for (std::size_t p = 0; p < spec.prompts; p += 7) spec.divergences.push_back({p, 0, p % spec.length});
    llmsa::det::write_synthetic_runs(spec, a, b);
    generated = true;
  }
  const double bytes = static_cast<double>(fs::file_size(a) + fs::file_size(b));

  // Warm the page cache so both measurements read from memory.
  time_wc(a, b);
  double best_wc = 1e30, best_cmp = 1e30;
  std::int64_t tokens = 0;
  for (int rep = 0; rep < 3; ++rep) {
    best_wc = std::min(best_wc, time_wc(a, b));
    auto t0 = std::chrono::steady_clock::now();
    const auto report = llmsa::det::compare_runs({a, {}}, {b, {}}, llmsa::det::CompareOptions{});
    best_cmp = std::min(best_cmp, seconds_since(t0));
    tokens = report.logprobs.compared;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  fmt::print("det compare: {:.1f} MB in {:.3f} s = {:.1f} MB/s ({:.2f} M compared tokens/s)\n", bytes / 1e6, best_cmp,
             bytes / 1e6 / best_cmp, static_cast<double>(tokens) / 1e6 / best_cmp);
  fmt::print("wc -l:       {:.1f} MB in {:.3f} s = {:.1f} MB/s\n", bytes / 1e6, best_wc, bytes / 1e6 / best_wc);
  fmt::print("ratio det compare / wc -l time: {:.1f}x\n", best_cmp / best_wc);
  fmt::print("peak RSS: {:.1f} MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  if (generated) {
    fs::remove(a);
    fs::remove(b);
  }
  return 0;
}
