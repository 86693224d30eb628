#pragma once
// Memory timeline of one colocated RL step (verl with SGLang or vLLM sharing the cards with the FSDP
// trainer), per card, in decimal GB as the sources state them
// (../shared/reference/determinism-mc2-rl.md s3). Stages:
//   rollout weights resident -> KV cache allocated -> generation -> release (sleep) -> training
//   (sharded weights, gradients, optimizer on card or offloaded, activations, gathered weights)
//   -> weight sync to the rollout engine -> resume, with or without multi-stage awake.
// Single-stage resume brings weights and KV back together and then gathers the full training weights
// for the sync; multi-stage awake (SGLang RFC #7009, tags "weights" / "kv_cache") resumes the weights,
// syncs, offloads the training model and only then allocates the KV cache.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::perf {

enum class RlStrategy : std::uint8_t {
  kNaive,             // training states and the engine both resident (v0: could not start)
  kSingleStageAwake,  // sleep/wake the engine as one unit (torch_memory_saver, v2)
  kMultiStageAwake,   // resume weights, sync, offload training, then resume the KV cache (v3)
};
const char* rl_strategy_name(RlStrategy s);
std::optional<RlStrategy> parse_rl_strategy(std::string_view s);

struct RlMemoryInput {
  std::string engine = "sglang";    // "sglang" or "vllm" (same stages; vLLM calls it sleep level 1)
  RlStrategy strategy = RlStrategy::kMultiStageAwake;
  double capacity_bytes = 141e9;
  double base_bytes = 0;            // B: CUDA context, NCCL buffers, allocator state before the step
  double rollout_weight_bytes = 0;  // R: engine weights per card (TP-sharded)
  double gathered_weight_bytes = 0; // F: full training weights gathered for the weight sync
  double kv_cache_bytes = 0;        // V; 0 = mem_fraction_static x capacity - R (SGLang's pool)
  double mem_fraction_static = 0.9;
  double offload_residual_bytes = 0;  // what stays after offloading the training model (RFC timeline: ~1 GB)
  double cuda_graph_bytes = 0;
  double io_buffer_bytes = 0;
  // Training (FSDP full shard): W = params x bytes, sharded over fsdp_world.
  double train_weight_bytes = 0;    // W, whole model
  int fsdp_world = 8;
  double grad_factor = 1;           // gradients = grad_factor x W / n
  double optimizer_factor = 2;      // optimizer = factor x W / n (S7's convention; 6 for FP32 master+m+v over BF16 W)
  bool optimizer_offload = false;
  double activation_bytes = 0;
  double train_gather_bytes = -1;   // gathered during training; <0 = W (whole model, S7)
  double kv_bytes_per_token = 0;    // for the KV token capacity (0: not reported)
};

struct RlStage {
  std::string name;
  double bytes = 0;
  std::string detail;
};

struct RlMemoryTimeline {
  RlMemoryInput input;
  double kv_cache_bytes = 0;  // V used
  std::vector<RlStage> stages;
  std::size_t peak_stage = 0;
  double peak_bytes = 0;
  bool oom = false;
  double single_stage_peak = 0;  // the same step with single-stage awake, for the saving
  double multi_stage_peak = 0;
  double kv_tokens = 0;          // V / kv_bytes_per_token
  std::vector<std::string> notes;
};

RlMemoryTimeline rl_memory_timeline(const RlMemoryInput& in);

}  // namespace llmsa::perf
