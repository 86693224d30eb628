// Throughput of the training layout planner (llmsa plan): layouts evaluated per second (memory +
// step time for each, ranking, per-dimension alternatives), against a baseline measured in the same
// run: one analyze_into of the same model (the per-layer analysis the planner condenses once, up
// front). The issue asks for at least a million layouts per second.
#include <fmt/format.h>

#include <chrono>
#include <string>

#include "hw/hardware_db.hpp"
#include "model/analysis.hpp"
#include "model/config_reader.hpp"
#include "perf/plan_search.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Case {
  const char* model;
  const char* device;
  std::int64_t cards;
  std::int64_t batch;
  std::int64_t seq;
};

}  // namespace

int main() {
  using namespace llmsa;
  const Case cases[] = {
      {"Llama-3.1-70B", "H100", 32, 64, 8192},
      {"Llama-3.1-70B", "H100", 1024, 2048, 8192},
      {"DeepSeek-V3", "H100", 2048, 4096, 4096},
      {"MiniMax-M3", "Ascend-910C", 512, 1024, 8192},
  };
  const hw::HardwareDb db = hw::HardwareDb::builtin();
  fmt::print("{:<15}{:<13}{:>6}{:>7}{:>11}{:>11}{:>14}{:>16}{:>13}{:>14}\n", "model", "device", "cards", "batch", "enumerated",
             "evaluated", "search ms", "layouts/s", "analyze ns", "layout/analyze");
  double worst = 1e300;
  volatile double sink = 0;
  for (const auto& c : cases) {
    const model::ModelSpec spec = model::load_model(c.model);
    perf::PlanRequest req;
    req.seq_len = c.seq;
    req.model = perf::train_model_from_spec(spec, c.seq);
    req.device = perf::train_device(db.require(c.device), false);
    req.cards = c.cards;
    req.global_batch = c.batch;

    // Planner: repeat the whole search for about a second.
    std::int64_t evaluated = 0, enumerated = 0, searches = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
      perf::PlanResult r = perf::search_layouts(req);
      evaluated += r.evaluated;
      enumerated += r.enumerated;
      sink = sink + (r.best.empty() ? 0 : r.best.front().step.step);
      ++searches;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < 1.0);
    const double per_s = static_cast<double>(evaluated) / elapsed;

    // Baseline: analyze_into with a reused analysis, same model, same sequence length.
    model::ModelAnalysis scratch;
    model::AnalysisOptions opt;
    model::Workload w;
    w.seq = c.seq;
    std::int64_t calls = 0;
    const auto b0 = Clock::now();
    double belapsed = 0;
    do {
      for (int i = 0; i < 64; ++i) {
        w.batch = 1 + ((calls + i) & 7);
        model::analyze_into(spec, w, opt, scratch);
        sink = sink + scratch.prefill.flops;
      }
      calls += 64;
      belapsed = std::chrono::duration<double>(Clock::now() - b0).count();
    } while (belapsed < 0.3);
    const double analyze_ns = belapsed * 1e9 / static_cast<double>(calls);
    const double layout_ns = 1e9 / per_s;
    fmt::print("{:<15}{:<13}{:>6}{:>7}{:>11}{:>11}{:>14.3f}{:>16.0f}{:>13.0f}{:>14.4f}\n", c.model, c.device, c.cards, c.batch,
               enumerated / searches, evaluated / searches, elapsed * 1e3 / static_cast<double>(searches), per_s, analyze_ns,
               layout_ns / analyze_ns);
    worst = std::min(worst, per_s);
  }
  fmt::print("\nslowest case: {:.2f} M layouts/s (goal >= 1 M/s); layout/analyze = time of one layout evaluation as a "
             "share of one analyze_into of the same model\n",
             worst / 1e6);
  return sink > 0 ? 0 : 0;
}
