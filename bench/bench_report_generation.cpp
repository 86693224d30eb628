// Report generation against analysis on a large capture: generated Ascend kernel_details.csv for
// N ranks x K kernels (default 8 x 1,000,000), then the time of ingest + analyze_capture (the
// baseline, measured in the same run) against report::write_all_reports (every -o file), and their
// ratio. The target (issue 5): reports cost a small fraction of the analysis.
//   bench_report_generation [ranks=8] [kernels_per_rank=1000000] [threads=0 (all cores)]
// Temp files live in /tmp and are deleted at the end.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "analysis/profile_analysis.hpp"
#include "report/raw_kernel_index.hpp"
#include "report/report_set.hpp"
#include "synth/kernel_details_stream.hpp"
#include "trace/ingest.hpp"

namespace fs = std::filesystem;

static double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// User + system CPU time of the process (all threads): on a shared machine wall time also counts
// other people's work, CPU time only ours.
static double cpu_seconds() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  const long ranks = argc > 1 ? std::atol(argv[1]) : 8;
  const long kernels = argc > 2 ? std::atol(argv[2]) : 1'000'000;
  const unsigned threads = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 0;
  if (ranks <= 0 || ranks > 1024 || kernels <= 0) {
    std::fprintf(stderr, "usage: %s [ranks=8] [kernels_per_rank=1000000] [threads=0]\n", argv[0]);
    return 2;
  }
  const fs::path dir = fs::temp_directory_path() / ("llmsa_bench_report_" + std::to_string(getpid()));
  const fs::path capture = dir / "capture", out = dir / "report";
  fs::create_directories(out);
  auto t0 = std::chrono::steady_clock::now();
  const auto gen = llmsa::synth::write_kernel_details_capture(
      capture, static_cast<int>(ranks), 0, static_cast<std::uint64_t>(ranks) * static_cast<std::uint64_t>(kernels));
  std::printf("input: %ld ranks x %ld kernels = %llu rows, %.1f MB (generated in %.1f s)\n", ranks, kernels,
              static_cast<unsigned long long>(gen.rows), static_cast<double>(gen.bytes) / 1048576.0, seconds_since(t0));

  t0 = std::chrono::steady_clock::now();
  double c0 = cpu_seconds();
  llmsa::trace::IngestResult ingested = llmsa::trace::ingest({capture}, {threads});
  const double ingest_s = seconds_since(t0), ingest_cpu = cpu_seconds() - c0;
  const auto classifier = llmsa::analysis::KernelClassifier::builtin();
  llmsa::analysis::ProfileOptions options;
  options.classifier = &classifier;
  t0 = std::chrono::steady_clock::now();
  c0 = cpu_seconds();
  const auto analysis = llmsa::analysis::analyze_capture(ingested.capture, options);
  const double analyze_s = seconds_since(t0), analyze_cpu = cpu_seconds() - c0;
  t0 = std::chrono::steady_clock::now();
  c0 = cpu_seconds();
  const auto written = llmsa::report::write_all_reports(out, {ingested.capture, analysis, classifier});
  const double report_s = seconds_since(t0), report_cpu = cpu_seconds() - c0;

  // The one report that grows with the event count, timed alone (written a second time).
  t0 = std::chrono::steady_clock::now();
  c0 = cpu_seconds();
  llmsa::report::write_raw_kernel_index_csv(dir / "raw_kernel_index_again.csv", ingested.capture, classifier);
  const double raw_s = seconds_since(t0), raw_cpu = cpu_seconds() - c0;

  std::uintmax_t report_bytes = 0;
  for (const auto& f : written) {
    const auto size = fs::file_size(f);
    report_bytes += size;
    std::printf("  %-24s %10.1f KB\n", f.filename().string().c_str(), static_cast<double>(size) / 1024.0);
  }
  const double baseline = ingest_s + analyze_s, baseline_cpu = ingest_cpu + analyze_cpu;
  std::printf("                  wall s    cpu s\n");
  std::printf("ingest          %8.2f %8.2f  (%.2f M rows/s wall)\n", ingest_s, ingest_cpu,
              static_cast<double>(gen.rows) / ingest_s / 1e6);
  std::printf("analyze         %8.2f %8.2f\n", analyze_s, analyze_cpu);
  std::printf("ingest+analyze  %8.2f %8.2f  (baseline)\n", baseline, baseline_cpu);
  std::printf("write reports   %8.2f %8.2f  (%zu files, %.1f MB)\n", report_s, report_cpu, written.size(),
              static_cast<double>(report_bytes) / 1048576.0);
  std::printf("  of which raw_kernel_index.csv (timed alone) %8.2f %8.2f\n", raw_s, raw_cpu);
  std::printf("ratio reports / (ingest+analyze): wall %.3f, cpu %.3f\n", report_s / baseline, report_cpu / baseline_cpu);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
