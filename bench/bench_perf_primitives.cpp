// How many (device, tp, batch, context) serving points per second the model-independent primitives
// evaluate: KV bytes, KV-limited batch, decode step roofline and end-to-end latency for a
// Llama-70B-shaped model (numbers, not the model analysis). Baseline in the same run: a loop that
// only sums the FLOPs and bytes of every point, i.e. the cost of walking the grid.
#include <fmt/format.h>

#include <chrono>
#include <vector>

#include "hw/hardware_db.hpp"
#include "perf/roofline.hpp"
#include "perf/serving_formulas.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Grid {
  std::vector<const llmsa::hw::Device*> devices;
  std::vector<int> tps = {1, 2, 4, 8};
  std::vector<std::int64_t> batches;
  std::vector<std::int64_t> contexts;
};

double run_primitives(const Grid& g, std::int64_t& points) {
  double sink = 0;
  for (const auto* d : g.devices) {
    double peak = *d->dense_flops(llmsa::hw::Dtype::kFp16) * 0.75;
    double bw = d->memory_bandwidth_bytes_per_s.value;
    double mem = d->memory_capacity_bytes.value;
    for (int tp : g.tps) {
      double weights = 140e9 / tp;
      for (std::int64_t ctx : g.contexts) {
        double kv_req = llmsa::perf::paged_kv_bytes(llmsa::perf::gqa_kv_bytes(80, 8, 128, ctx, 2), 0.96) / tp;
        std::int64_t bmax = llmsa::perf::max_batch_kv_limited(mem - weights, kv_req);
        for (std::int64_t b : g.batches) {
          double tpot = llmsa::perf::decode_step_seconds(weights, kv_req, 140e9 / tp, b, peak, bw);
          auto pre = llmsa::perf::roofline(2 * 70e9 * ctx / tp, weights, peak, bw);
          sink += llmsa::perf::end_to_end_seconds(pre.seconds, tpot, 256) + (b <= bmax ? 1 : 0);
          ++points;
        }
      }
    }
  }
  return sink;
}

double run_baseline(const Grid& g, std::int64_t& points) {
  double sink = 0;
  for (const auto* d : g.devices) {
    for (int tp : g.tps) {
      for (std::int64_t ctx : g.contexts) {
        for (std::int64_t b : g.batches) {
          sink += (140e9 * b + static_cast<double>(ctx)) / tp + d->memory_bandwidth_bytes_per_s.value;
          ++points;
        }
      }
    }
  }
  return sink;
}

template <typename F>
double points_per_second(const Grid& g, F f, double& sink) {
  std::int64_t points = 0;
  auto t0 = Clock::now();
  for (int rep = 0; rep < 20; ++rep) sink += f(g, points);
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  return static_cast<double>(points) / s;
}

}  // namespace

int main() {
  llmsa::hw::HardwareDb db = llmsa::hw::HardwareDb::builtin();
  Grid g;
  for (const auto& d : db.devices()) {
    if (d.dense_flops(llmsa::hw::Dtype::kFp16)) g.devices.push_back(&d);
  }
  for (std::int64_t b = 1; b <= 512; b *= 2) g.batches.push_back(b);
  for (std::int64_t c = 512; c <= 1 << 20; c += 4096) g.contexts.push_back(c);
  double sink = 0;
  double base = points_per_second(g, run_baseline, sink);
  double prim = points_per_second(g, run_primitives, sink);
  fmt::print("grid: {} devices x {} tp x {} contexts x {} batches\n", g.devices.size(), g.tps.size(), g.contexts.size(),
             g.batches.size());
  fmt::print("serving points/s (primitives): {:.3g}\n", prim);
  fmt::print("baseline walk points/s:        {:.3g}\n", base);
  fmt::print("ratio primitives/baseline:     {:.3f}   (sink {:.3g})\n", prim / base, sink);
  return 0;
}
