// Cost of the step-structure analysis (structure events, structural steps, layers, step type, bubbles,
// host-bound links) against the ingestion of the same capture, measured in the same run.
//   bench_step_structure <capture dir or file>     (e.g. the output of gen_ascend_kernel_details)
#include <cstdio>
#include <ctime>

#include "analysis/kernel_classifier.hpp"
#include "analysis/profile_analysis.hpp"
#include "analysis/step_structure.hpp"
#include "analysis/step_windows.hpp"
#include "analysis/structure_events.hpp"
#include "analysis/thresholds.hpp"
#include "report/analysis_json.hpp"
#include "trace/ingest.hpp"

using namespace llmsa;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <capture>\n", argv[0]);
    return 2;
  }
  // Process CPU time, not wall time: the ratio must not depend on what else runs on the machine.
  struct clock {
    static std::clock_t now() { return std::clock(); }
  };
  auto secs = [](std::clock_t a, std::clock_t b) { return static_cast<double>(b - a) / CLOCKS_PER_SEC; };
  trace::IngestOptions opt;
  opt.threads = 1;
  const auto t0 = clock::now();
  const trace::Capture capture = trace::ingest({argv[1]}, opt).capture;
  const auto t1 = clock::now();
  const auto classifier = analysis::KernelClassifier::builtin();
  std::size_t events = 0, bubbles = 0, layers = 0;
  for (const auto& rank : capture.ranks) {
    events += rank.events.size();
    const auto s = analysis::build_structure_events(rank.events, classifier);
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (auto i : s.device) {
      lo = std::min(lo, rank.events.start_ns[i]);
      hi = std::max(hi, rank.events.start_ns[i] + rank.events.dur_ns[i]);
    }
    const auto seg = analysis::segment_steps(rank, s.device.empty() ? Interval{} : Interval{lo, hi});
    std::vector<analysis::StepAnalysis> steps(seg.steps.size());
    for (std::size_t k = 0; k < steps.size(); ++k) {
      steps[k].time.window_start_ns = seg.steps[k].window.start;
      steps[k].time.window_end_ns = seg.steps[k].window.end;
    }
    std::vector<std::string> notes;
    analysis::fill_step_structure(rank.events, s, seg.steps, classifier, analysis::Thresholds::builtin(), steps, notes);
    for (const auto& st : steps) bubbles += st.bubbles.size(), layers += st.layers.size();
  }
  const auto t2 = clock::now();
  const analysis::ProfileAnalysis full = analysis::analyze_capture(capture);
  const auto t3 = clock::now();
  const auto doc = report::analysis_json(full);
  const auto t4 = clock::now();
  std::printf("CPU seconds: events %zu  ingest %.3f s  structure %.3f s (%.2fx ingest)  full analysis %.3f s (%.2fx)  analysis.json %.3f s\n"
              "bubbles %zu  layers %zu\n",
              events, secs(t0, t1), secs(t1, t2), secs(t1, t2) / secs(t0, t1), secs(t2, t3), secs(t2, t3) / secs(t0, t1),
              secs(t3, t4), bubbles, layers);
  return doc.is_object() ? 0 : 1;
}
