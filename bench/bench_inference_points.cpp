// How many (model, device, layout, batch, context) inference points per second the performance model
// evaluates: per point, the decode step (every op group sharded and priced on the roofline, plus the
// TP/EP communication) and whether the batch fits in memory. The model analysis runs once per
// (model, batch, context) and is shared by every device and layout, which is how the planner uses it.
// Baselines in the same run: analyze_into alone per (model, batch, context), and a loop that only
// computes each point's KV bytes.
#include <fmt/format.h>

#include <chrono>
#include <vector>

#include "hw/hardware_db.hpp"
#include "model/analysis.hpp"
#include "model/config_reader.hpp"
#include "perf/inference_memory.hpp"
#include "perf/inference_step.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace llmsa;

struct ModelCase {
  model::ModelSpec spec;
  std::vector<perf::InferenceLayout> layouts;
};

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

}  // namespace

int main() {
  const hw::HardwareDb db = hw::HardwareDb::builtin();
  std::vector<const hw::Device*> devices;
  for (const auto& d : db.devices())
    if (d.dense_flops(hw::Dtype::kBf16) && d.scale_up && d.scale_out) devices.push_back(&d);
  std::vector<ModelCase> models;
  for (const char* name : {"Llama-3.1-8B", "Llama-3.1-70B", "Qwen3.5-35B-A3B", "DeepSeek-V3", "MiniMax-M3"}) {
    ModelCase m{model::load_model(name), {}};
    for (int tp : {1, 2, 4, 8})
      for (int dp : {1, 2})
        for (int ep : {1, 8, 16}) {
          perf::InferenceLayout l{tp, dp, ep};
          if (perf::layout_violations(m.spec, l).empty()) m.layouts.push_back(l);
        }
    models.push_back(std::move(m));
  }
  const std::vector<std::int64_t> batches = {1, 2, 4, 8, 16, 32, 64, 128, 256};
  const std::vector<std::int64_t> contexts = {1024, 4096, 32768, 131072};
  const model::AnalysisOptions options;
  perf::InferenceConfig config;

  // Per (model, layout, device): rates, shard plan and resident weights per card, computed once.
  struct Fixed {
    perf::ShardPlan plan;
    double weights = 0;
  };
  std::vector<std::vector<Fixed>> fixed(models.size());
  std::vector<perf::DeviceRates> rates;
  for (const auto* d : devices) rates.push_back(perf::device_rates(*d, options, config));
  {
    model::Workload w;
    w.seq = 1024;
    for (std::size_t m = 0; m < models.size(); ++m) {
      model::ModelAnalysis a = model::analyze(models[m].spec, w, options);
      for (const auto& l : models[m].layouts)
        fixed[m].push_back({perf::make_shard_plan(models[m].spec, l),
                            perf::card_memory(models[m].spec, a, *devices[0], l, 1, 1024).weight_bytes});
    }
  }

  model::ModelAnalysis analysis;
  perf::StepProfile profile;
  const int reps = 40;  // long enough (~0.3 s) for a stable rate
  std::int64_t points = 0, fits = 0, analyses = 0;
  double sink = 0;
  auto t0 = Clock::now();
  for (int r = 0; r < reps; ++r)
    for (std::size_t m = 0; m < models.size(); ++m)
      for (auto b : batches)
        for (auto ctx : contexts) {
          model::Workload w;
          w.seq = ctx;
          w.batch = b;
          model::analyze_into(models[m].spec, w, options, analysis);
          perf::build_step_profile(models[m].spec, analysis, perf::Phase::kDecode, profile);
          ++analyses;
          const double kv_per_seq = analysis.kv.bytes_per_sequence;
          for (std::size_t di = 0; di < devices.size(); ++di) {
            config.layout = {};
            for (std::size_t li = 0; li < models[m].layouts.size(); ++li) {
              const Fixed& f = fixed[m][li];
              config.layout = models[m].layouts[li];
              perf::StepTime t = perf::evaluate_step(profile, f.plan, rates[di], config);
              const double need = f.weights + kv_per_seq / f.plan.kv_split * static_cast<double>(b);
              fits += need <= devices[di]->memory_capacity_bytes.value;
              sink += t.seconds;
              ++points;
            }
          }
        }
  const double t_points = seconds_since(t0);

  // Baseline 1: the analyses alone (same count, same order).
  t0 = Clock::now();
  for (int r = 0; r < reps; ++r)
    for (std::size_t m = 0; m < models.size(); ++m)
      for (auto b : batches)
        for (auto ctx : contexts) {
          model::Workload w;
          w.seq = ctx;
          w.batch = b;
          model::analyze_into(models[m].spec, w, options, analysis);
          sink += analysis.decode.flops;
        }
  const double t_analysis = seconds_since(t0);

  // Baseline 2: only each point's KV bytes (the cheapest thing a point could compute).
  std::vector<double> kv_per_token(models.size());
  for (std::size_t m = 0; m < models.size(); ++m) {
    model::Workload w;
    w.seq = 1;
    kv_per_token[m] = model::analyze(models[m].spec, w, options).kv.bytes_per_token;
  }
  std::int64_t kv_points = 0;
  t0 = Clock::now();
  for (int r = 0; r < reps; ++r)
    for (std::size_t m = 0; m < models.size(); ++m)
      for (auto b : batches)
        for (auto ctx : contexts)
          for (std::size_t di = 0; di < devices.size(); ++di)
            for (std::size_t li = 0; li < models[m].layouts.size(); ++li) {
              sink += kv_per_token[m] * static_cast<double>(ctx * b) / fixed[m][li].plan.kv_split +
                      devices[di]->memory_capacity_bytes.value * 1e-30;
              ++kv_points;
            }
  const double t_kv = seconds_since(t0);

  const double pps = static_cast<double>(points) / t_points;
  fmt::print("inference points: {} ({} models x {} devices x layouts x {} batches x {} contexts, x{} reps), {} fit\n", points,
             models.size(), devices.size(), batches.size(), contexts.size(), reps, fits);
  fmt::print("  full points (analysis shared per model/batch/context): {:.3f} s -> {:.2f} M points/s ({:.0f} ns/point)\n",
             t_points, pps / 1e6, 1e9 / pps);
  fmt::print("  baseline analyze_into alone: {} analyses in {:.3f} s -> {:.1f} us each; points per analysis {:.1f}\n",
             analyses, t_analysis, t_analysis / static_cast<double>(analyses) * 1e6,
             static_cast<double>(points) / static_cast<double>(analyses));
  fmt::print("  point evaluation beyond the analyses: {:.0f} ns/point\n",
             (t_points - t_analysis) / static_cast<double>(points) * 1e9);
  fmt::print("  baseline KV-bytes-only loop: {:.2f} M points/s; full point / KV-only time ratio {:.1f}x\n",
             static_cast<double>(kv_points) / t_kv / 1e6, t_points / t_kv);
  fmt::print("(checksum {:.6g})\n", sink);
  fmt::print("target 1 M points/s: {}\n", pps >= 1e6 ? "met" : "NOT met");
  return 0;
}
