// How long the full per-layer model analysis takes, per preset, against a baseline measured in
// the same run: parsing the same config.json into a ModelSpec. The planner calls the analysis
// millions of times with one reused ModelAnalysis (analyze_into), so that is the headline number.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "core/embedded_data.hpp"
#include "model/analysis.hpp"
#include "model/config_reader.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Runs `fn` repeatedly for about `budget_s` seconds; returns nanoseconds per call (best of 5 rounds).
template <typename Fn>
double time_per_call(Fn&& fn, double budget_s = 0.2) {
  double best = 1e300;
  for (int round = 0; round < 5; ++round) {
    std::int64_t calls = 0;
    const auto start = Clock::now();
    auto now = start;
    do {
      for (int i = 0; i < 16; ++i) fn(calls + i);
      calls += 16;
      now = Clock::now();
    } while (std::chrono::duration<double>(now - start).count() < budget_s / 5);
    best = std::min(best, std::chrono::duration<double, std::nano>(now - start).count() / static_cast<double>(calls));
  }
  return best;
}

}  // namespace

int main() {
  using namespace llmsa::model;
  fmt::print("{:<20}{:>7}{:>6}{:>16}{:>16}{:>16}{:>14}\n", "preset", "layers", "ops", "analyze_into", "analyze (new)",
             "parse config", "parse/analyze");
  double worst = 0;
  std::string worst_name;
  volatile double sink = 0;
  for (const std::string& name : preset_names()) {
    const std::string_view text = llmsa::require_embedded_file("models/" + name + ".json");
    const ModelSpec spec = load_model(name);
    ModelAnalysis reused = analyze(spec, Workload{});
    const AnalysisOptions options;
    // Vary the workload so nothing is hoisted out of the loop.
    const double ns_reused = time_per_call([&](std::int64_t i) {
      Workload w;
      w.seq = 1024 + (i & 1023);
      w.prefix = i & 4095;
      w.batch = 1 + (i & 7);
      analyze_into(spec, w, options, reused);
      sink = sink + reused.decode.flops;
    });
    const double ns_fresh = time_per_call([&](std::int64_t i) {
      Workload w;
      w.seq = 1024 + (i & 1023);
      const ModelAnalysis a = analyze(spec, w, options);
      sink = sink + a.prefill.flops;
    });
    const double ns_parse = time_per_call([&](std::int64_t) {
      const ModelSpec s = read_model_config(text, name, name);
      sink = sink + static_cast<double>(s.hidden);
    });
    fmt::print("{:<20}{:>7}{:>6}{:>13.2f} us{:>13.2f} us{:>13.2f} us{:>13.1f}x\n", name, spec.num_layers(), reused.ops.size(),
               ns_reused / 1e3, ns_fresh / 1e3, ns_parse / 1e3, ns_parse / ns_reused);
    if (ns_reused > worst) {
      worst = ns_reused;
      worst_name = name;
    }
  }
  fmt::print("\nslowest full per-layer analysis: {} at {:.2f} us per call ({:.0f} calls per second), {:.4f} ms\n", worst_name,
             worst / 1e3, 1e9 / worst, worst / 1e6);
  return sink < 0 ? 1 : 0;
}
