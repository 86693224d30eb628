// Cost of writing the reports against the cost of the analysis they render (issue 5: "report
// generation for 8 ranks x 1M kernels takes a small fraction of the analysis time"), both measured in
// the same run on generated Ascend kernel_details.csv captures (src/synth/kernel_details_stream.hpp):
//   bench_report_writers [rows_per_rank=1000000] [ranks=8]
// Prints each phase's wall time, each report file's time and size, the ratio of all report writing
// to the analysis (ingest excluded, and ingest + analysis), and the peak RSS. Temp files in /tmp are
// deleted at the end.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "analysis/profile_analysis.hpp"
#include "synth/kernel_details_stream.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/analysis_json.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "report/raw_kernel_index.hpp"
#include "report/report_evidence.hpp"
#include "report/report_set.hpp"
#include "report/trace_json.hpp"
#include "report/xlsx_report.hpp"
#include "trace/ingest.hpp"

namespace fs = std::filesystem;

// CPU seconds of this process spent in `f` (user + system): on a shared machine the wall time of a
// phase mostly measures the neighbours; the CPU time is what the phase costs. Wall time is kept too.
static double cpu_now() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}
// System CPU seconds alone: the kernel's side of writing a file (page cache, ext4), which grows with
// the bytes written whatever the formatting costs.
static double sys_now() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) / 1e6;
}
static double g_last_wall = 0, g_last_sys = 0;
static double seconds(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_now(), s0 = sys_now();
  f();
  g_last_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  g_last_sys = sys_now() - s0;
  return cpu_now() - c0;
}

int main(int argc, char** argv) {
  const double rows_per_rank = argc > 1 ? std::atof(argv[1]) : 1e6;
  const int ranks = argc > 2 ? std::atoi(argv[2]) : 8;
  if (rows_per_rank <= 0 || ranks <= 0) return 2;
  const fs::path dir = fs::temp_directory_path() / ("llmsa_bench_reports_" + std::to_string(getpid()));
  const fs::path out = dir / "out";
  fs::create_directories(out);
  // Bytes per row of the generator (~ 360 B measured); it stops at the byte target.
  constexpr double kBytesPerRow = 360.0;
  std::uint64_t rows = 0;
  for (int r = 0; r < ranks; ++r) {
    const fs::path rd = dir / ("rank" + std::to_string(r) + "_ascend_pt") / "ASCEND_PROFILER_OUTPUT";
    fs::create_directories(rd);
    llmsa::synth::KernelDetailsStreamOptions o;
    o.target_bytes = static_cast<std::uint64_t>(rows_per_rank * kBytesPerRow);
    o.rank = r;
    rows += llmsa::synth::write_kernel_details_stream(rd / "kernel_details.csv", o).rows;
  }
  std::printf("input: %d ranks, %llu kernel rows\n", ranks, static_cast<unsigned long long>(rows));

  llmsa::trace::IngestResult in;
  // One thread, so CPU time and wall time measure the same work.
  const double t_ingest = seconds([&] { in = llmsa::trace::ingest({dir}, {1}); });
  const auto classifier = llmsa::analysis::KernelClassifier::builtin();
  llmsa::analysis::ProfileOptions po;
  po.classifier = &classifier;
  llmsa::analysis::ProfileAnalysis a;
  const double t_analysis = seconds([&] { a = llmsa::analysis::analyze_capture(in.capture, po); });
  const double t_analysis_wall = g_last_wall;

  using namespace llmsa::report;
  ReportEvidence ev;
  struct Phase {
    const char* name;
    double s;
    double wall = g_last_wall;
    double sys = g_last_sys;
  };
  std::vector<Phase> phases;
  // LLMSA_BENCH_ONLY=<file name> times that writer alone (for perf record); the rest are skipped.
  const char* only = std::getenv("LLMSA_BENCH_ONLY");
  auto seconds_of = [&](const char* name, const std::function<void()>& f) {
    if (only && std::string(only) != name) return 0.0;
    return seconds(f);
  };
  phases.push_back({"report evidence", seconds([&] { ev = build_report_evidence(in.capture, a); })});
  phases.push_back({"analysis.json", seconds_of("analysis.json", [&] { write_analysis_json(out / "analysis.json", a); })});
  phases.push_back({"findings.json", seconds_of("findings.json", [&] { llmsa::evidence::write_findings_json(out / "findings.json", a.findings, ev.index); })});
  phases.push_back({"evidence_index.csv", seconds_of("evidence_index.csv", [&] { llmsa::evidence::write_evidence_index_csv(out / "evidence_index.csv", ev.index); })});
  phases.push_back({"raw_kernel_index.csv", seconds_of("raw_kernel_index.csv", [&] { write_raw_kernel_index_csv(out / "raw_kernel_index.csv", in.capture, classifier, ev.source_paths, a.event_classes); })});
  phases.push_back({"report.md", seconds_of("report.md", [&] { write_report_md(out / "report.md", render_report_md(in.capture, a, ev)); })});
  phases.push_back({"report.xlsx", seconds_of("report.xlsx", [&] { write_report_xlsx(out / "report.xlsx", in.capture, a, classifier, ev); })});
  phases.push_back({"trace.json", seconds_of("trace.json", [&] { write_trace_json(out / "trace.json", in.capture, a, classifier, ev); })});
  // LLMSA_BENCH_TRACE_ALL=1 also times trace.json with every event (--trace-events all).
  if (const char* all = std::getenv("LLMSA_BENCH_TRACE_ALL"); all && *all == '1')
    phases.push_back({"trace_all.json", seconds_of("trace_all.json", [&] {
                        write_trace_json(out / "trace_all.json", in.capture, a, classifier, ev, 1, kTraceEventsAll);
                      })});
  phases.push_back({"report.html", seconds_of("report.html", [&] { write_html_report(out / "report.html", {in.capture, a, classifier}); })});

  double t_reports = 0;
  std::printf("CPU seconds = user + sys (wall seconds in brackets; single-threaded throughout)\n");
  std::printf("ingest            : %8.3f s\nanalysis          : %8.3f s\n", t_ingest, t_analysis);
  for (const Phase& p : phases) {
    t_reports += p.s;
    const fs::path f = out / p.name;
    const double mb = fs::exists(f) ? static_cast<double>(fs::file_size(f)) / 1048576.0 : 0.0;
    std::printf("  %-20s %8.3f s  (%7.3f s)  sys %7.3f s  %9.1f MB\n", p.name, p.s, p.wall, p.sys, mb);
  }
  // The CLI's path: write_all_reports, whose writers run side by side on the cores there are.
  const fs::path out2 = dir / "out2";
  fs::create_directories(out2);
  const double all_cpu = only ? 0.0 : seconds([&] { write_all_reports(out2, {in.capture, a, classifier}); });
  const double all_wall = g_last_wall;
  std::printf("write_all_reports : %8.3f s wall, %8.3f s CPU (writers side by side on %u cores)\n", all_wall, all_cpu,
              std::thread::hardware_concurrency());
  std::printf("write_all_reports / analysis wall: %.3f\n", all_wall / t_analysis_wall);
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("all reports       : %8.3f s\n", t_reports);
  std::printf("reports / analysis: %.3f   reports / (ingest + analysis): %.3f\n", t_reports / t_analysis,
              t_reports / (t_ingest + t_analysis));
  std::printf("peak RSS          : %.1f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  // LLMSA_BENCH_KEEP=1 leaves the files in place (to look at what the writers produce).
  if (const char* keep = std::getenv("LLMSA_BENCH_KEEP"); keep && *keep == '1')
    std::printf("kept: %s\n", dir.c_str());
  else
    fs::remove_all(dir);
  return 0;
}
