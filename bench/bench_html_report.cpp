// report.html on a big synthetic capture built in memory (tests/report_html/synthetic_capture.hpp):
// time and size of the page against the analysis of the same capture, measured in the same run
// (issue 5: "report generation ... takes a small fraction of the analysis time").
//   bench_html_report [events_per_rank=125000] [ranks=8] [write_page_to=]
// Default: 8 ranks x 125k = 1M device events. Prints analysis time, data build time, page render
// time, page size, timeline boxes, and the render / analysis ratio; peak RSS of the process.
#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "../tests/report_html/synthetic_capture.hpp"
#include "analysis/kernel_classifier.hpp"
#include "analysis/profile_analysis.hpp"
#include "report/html_report.hpp"

namespace {
// Wall and CPU seconds of one phase: the machine may be shared, so CPU time is the steadier figure.
struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
};
struct Spent {
  double wall = 0, cpu = 0;
};
Spent since(const Clock& c) {
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - c.wall).count(),
          static_cast<double>(std::clock() - c.cpu) / CLOCKS_PER_SEC};
}
}  // namespace

int main(int argc, char** argv) {
  using namespace llmsa;
  test::SyntheticCaptureSpec spec;
  spec.kernels = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 125'000;
  spec.ranks = argc > 2 ? std::atoi(argv[2]) : 8;
  spec.aicpu_name = "<img src=x onerror=alert(1)>";

  Clock t;
  const trace::Capture capture = test::make_synthetic_capture(spec);
  const Spent build = since(t);
  std::size_t events = 0;
  for (const auto& r : capture.ranks) events += r.events.size();

  t = Clock();
  const analysis::ProfileAnalysis a = analysis::analyze_capture(capture);
  const Spent analysis = since(t);

  const auto classifier = analysis::KernelClassifier::builtin();
  const report::ReportInputs in{capture, a, classifier};
  t = Clock();
  const nlohmann::json data = report::html_report_data(in);
  const Spent data_time = since(t);
  t = Clock();
  const std::string page = report::render_html_report(in);  // builds the data again, then the page
  const Spent page_time = since(t);

  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("capture: %d ranks, %zu events (built in %.2f s), %zu findings\n", spec.ranks, events, build.wall,
              a.findings.size());
  std::printf("analyze_capture:      wall %7.3f s  cpu %7.3f s  [baseline]\n", analysis.wall, analysis.cpu);
  std::printf("html_report_data:     wall %7.3f s  cpu %7.3f s\n", data_time.wall, data_time.cpu);
  std::printf("render_html_report:   wall %7.3f s  cpu %7.3f s  (%.2f M events/s)  ratio to analysis: wall %.3f, cpu %.3f\n",
              page_time.wall, page_time.cpu, events / page_time.wall / 1e6, page_time.wall / analysis.wall,
              page_time.cpu / analysis.cpu);
  std::printf("report.html size:     %8.2f MB  (timeline boxes %lld for %lld device events, %zu names)\n",
              static_cast<double>(page.size()) / 1e6, static_cast<long long>(data["timeline"]["boxes"].get<std::int64_t>()),
              static_cast<long long>(data["timeline"]["events"].get<std::int64_t>()), data["names"].size());
  std::printf("peak RSS:             %8.1f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  if (argc > 3) std::ofstream(argv[3], std::ios::binary) << page;  // to open in a browser
  return 0;
}
