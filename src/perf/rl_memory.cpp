#include "perf/rl_memory.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace llmsa::perf {

const char* rl_strategy_name(RlStrategy s) {
  switch (s) {
    case RlStrategy::kNaive: return "naive";
    case RlStrategy::kSingleStageAwake: return "single-stage";
    case RlStrategy::kMultiStageAwake: return "multi-stage";
  }
  return "multi-stage";
}
std::optional<RlStrategy> parse_rl_strategy(std::string_view s) {
  for (RlStrategy r : {RlStrategy::kNaive, RlStrategy::kSingleStageAwake, RlStrategy::kMultiStageAwake})
    if (s == rl_strategy_name(r)) return r;
  return std::nullopt;
}

namespace {

std::string gb(double b) { return fmt::format("{:.1f} GB", b / 1e9); }

// The training stage under FSDP full shard: W/n + G/n + O/n (or offloaded) + A + gathered weights.
double training_bytes(const RlMemoryInput& in, std::string& detail) {
  const double n = std::max(1, in.fsdp_world);
  const double w = in.train_weight_bytes / n;
  const double g = in.grad_factor * in.train_weight_bytes / n;
  const double o = in.optimizer_offload ? 0 : in.optimizer_factor * in.train_weight_bytes / n;
  const double gather = in.train_gather_bytes >= 0 ? in.train_gather_bytes : in.train_weight_bytes;
  detail = fmt::format("weights {} + gradients {} + optimizer {}{} + activations {} + gathered {}", gb(w), gb(g), gb(o),
                       in.optimizer_offload ? " (offloaded)" : "", gb(in.activation_bytes), gb(gather));
  return w + g + o + in.activation_bytes + gather;
}

}  // namespace

RlMemoryTimeline rl_memory_timeline(const RlMemoryInput& in) {
  if (in.capacity_bytes <= 0) throw_bad_input({"", -1, -1, "capacity"}, "card capacity must be positive");
  if (in.base_bytes < 0 || in.rollout_weight_bytes < 0 || in.gathered_weight_bytes < 0 || in.kv_cache_bytes < 0 ||
      in.activation_bytes < 0 || in.cuda_graph_bytes < 0 || in.io_buffer_bytes < 0 || in.offload_residual_bytes < 0)
    throw_bad_input({"", -1, -1, "bytes"}, "memory sizes must not be negative");
  if (in.mem_fraction_static <= 0 || in.mem_fraction_static > 1)
    throw_bad_input({"", -1, -1, "mem_fraction_static"}, "mem_fraction_static must be in (0, 1]");
  RlMemoryTimeline t;
  t.input = in;
  const double b = in.base_bytes, r = in.rollout_weight_bytes, f = in.gathered_weight_bytes, res = in.offload_residual_bytes;
  double v = in.kv_cache_bytes;
  if (v <= 0) {
    v = std::max(0.0, in.mem_fraction_static * in.capacity_bytes - r);
    t.notes.push_back(fmt::format("KV cache = mem_fraction_static {} x {} - rollout weights {} = {} (SGLang's static pool)",
                                  in.mem_fraction_static, gb(in.capacity_bytes), gb(r), gb(v)));
  }
  t.kv_cache_bytes = v;
  const double gen_extra = in.cuda_graph_bytes + in.io_buffer_bytes;
  std::string train_detail;
  const double train = training_bytes(in, train_detail);
  auto add = [&](std::string name, double bytes, std::string detail) {
    t.stages.push_back({std::move(name), bytes, std::move(detail)});
  };

  switch (in.strategy) {
    case RlStrategy::kNaive:
      add("rollout weights resident", b + train + r, "training states stay resident beside the engine");
      add("KV cache allocated", b + train + r + v, "+ KV " + gb(v));
      add("generation", b + train + r + v + gen_extra, "+ CUDA graphs and I/O buffers " + gb(gen_extra));
      add("training", b + train + r + v, train_detail + " (engine still resident)");
      break;
    case RlStrategy::kSingleStageAwake:
      add("init", b, "base");
      add("resume weights + KV cache", b + r + v, "one wake-up restores rollout weights " + gb(r) + " and KV " + gb(v));
      add("gather training weights for sync", b + r + v + f, "+ full training weights " + gb(f));
      add("offload training model", b + r + v + res, "- gathered weights");
      add("generation", b + r + v + res + gen_extra, "+ CUDA graphs and I/O buffers " + gb(gen_extra));
      add("release engine (sleep)", b + res, "weights and KV released, virtual addresses kept");
      add("training", b + res + train, train_detail);
      break;
    case RlStrategy::kMultiStageAwake:
      add("init", b, "base");
      add("resume rollout weights", b + r, "tag 'weights': + " + gb(r));
      add("gather training weights for sync", b + r + f, "+ full training weights " + gb(f) + " (CUDA IPC sync)");
      add("offload training model", b + r + res, "- gathered weights");
      add("resume KV cache", b + r + res + v, "tag 'kv_cache': + " + gb(v));
      add("generation", b + r + res + v + gen_extra, "+ CUDA graphs and I/O buffers " + gb(gen_extra));
      add("release engine (sleep)", b + res, "weights and KV released, virtual addresses kept");
      add("training", b + res + train, train_detail);
      break;
  }
  for (std::size_t i = 0; i < t.stages.size(); ++i)
    if (t.stages[i].bytes > t.peak_bytes) {
      t.peak_bytes = t.stages[i].bytes;
      t.peak_stage = i;
    }
  t.oom = t.peak_bytes > in.capacity_bytes;
  // The two awake flows around the sync, for the saving the RFC reports (= min(F, V) + residual terms).
  t.single_stage_peak = b + r + v + f;
  t.multi_stage_peak = std::max(b + r + f, b + r + res + v);
  if (in.kv_bytes_per_token > 0) t.kv_tokens = v / in.kv_bytes_per_token;
  if (t.oom)
    t.notes.push_back(fmt::format("OOM: stage '{}' needs {} > {} card", t.stages[t.peak_stage].name, gb(t.peak_bytes),
                                  gb(in.capacity_bytes)));
  return t;
}

}  // namespace llmsa::perf
