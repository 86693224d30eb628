#pragma once
// A training layout (how the cards are split) and the training options that do not change the split
// (optimizer, offload, fine-tuning), plus the counting conventions the estimates follow. The
// methodology (../shared/reference/methodology.md s9-s10) makes several counting choices that a
// Megatron run does not (EP volume without top-k, two TP all-reduces per layer, a bubble divided by the
// microbatch count twice); both are kept as explicit conventions so a golden test can reproduce the
// author and the planner can use the physical counts.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmsa::perf {

enum class Recompute : std::uint8_t { kNone, kSelective, kFull };
const char* recompute_name(Recompute r);  // "none", "selective", "full"
std::optional<Recompute> parse_recompute(std::string_view s);

// Optimizer state bytes per parameter (methodology s9): AdamW 12 (FP32 master + m + v), Muon 8
// (master + m, 2-D weights), Adafactor 4, FP8 Adam 6 (4 + 1 + 1), SGD with momentum 8.
enum class Optimizer : std::uint8_t { kAdamW, kMuon, kAdafactor, kFp8Adam, kSgdMomentum };
const char* optimizer_name(Optimizer o);
std::optional<Optimizer> parse_optimizer(std::string_view s);
double optimizer_bytes_per_param(Optimizer o);

enum class Finetune : std::uint8_t { kFull, kLora, kQlora };
const char* finetune_name(Finetune f);
std::optional<Finetune> parse_finetune(std::string_view s);

// Which way of counting the estimates use (see the file comment).
enum class Conventions : std::uint8_t { kMethodology, kMegatron };
const char* conventions_name(Conventions c);  // "methodology", "megatron"
std::optional<Conventions> parse_conventions(std::string_view s);

struct TrainLayout {
  int tp = 1;
  int pp = 1;
  int dp = 1;   // data-parallel (ZeRO/FSDP shard) group of the non-expert parameters
  int ep = 1;   // expert parallel
  // Megatron carves the expert-parallel group out of data parallel (cards = tp*pp*cp*dp, ep | dp; expert
  // states shard over dp/ep). The methodology counts EP as its own dimension (cards = tp*pp*cp*ep*dp,
  // s9 Part 5 CH 7: 4 x 4 x 8 x 4 = 512), with only dp splitting the batch.
  bool ep_within_dp = false;
  int cp = 1;
  int vpp = 1;  // virtual pipeline stages per rank (interleaved 1F1B)
  bool sequence_parallel = false;
  int micro_batch = 1;             // sequences per microbatch
  std::int64_t seq_len = 8192;     // tokens per sequence
  std::int64_t global_batch = 0;   // sequences per step; 0 = dp * micro_batch (one microbatch)
  int zero_stage = 0;              // 0 (plain DP), 1, 2, 3 (= FSDP)
  int dp_shard = 0;                // HSDP: shard group size (dp = replicate x shard); 0 = dp
  Recompute recompute = Recompute::kNone;
  int selective_every = 2;         // selective: one layer in K keeps its activations (methodology s9)

  std::int64_t cards() const { return std::int64_t{tp} * pp * dp * cp * (ep_within_dp ? 1 : ep); }
  int shard_group() const { return dp_shard > 0 ? dp_shard : dp; }
  // The group expert states shard over: the shard group, divided by ep when EP lives inside DP.
  int expert_shard_group() const { return ep_within_dp ? std::max(1, shard_group() / ep) : shard_group(); }
  int replicate_group() const { return dp / shard_group(); }
  std::int64_t effective_global_batch() const { return global_batch > 0 ? global_batch : std::int64_t{dp} * micro_batch; }
  // Microbatches per step on one data-parallel rank: B_global / (dp x B_micro).
  std::int64_t microbatches() const { return effective_global_batch() / (std::int64_t{dp} * micro_batch); }
};

struct TrainOptions {
  Optimizer optimizer = Optimizer::kAdamW;
  double weight_bytes = 2;  // BF16 weights
  double grad_bytes = 2;    // BF16 gradients (4 for FP32)
  double activation_coefficient = 34;  // Korthikanti C_act with FlashAttention (17 for FP8 activations)
  bool offload_optimizer = false;
  bool offload_params = false;
  bool offload_activations = false;
  Finetune finetune = Finetune::kFull;
  int lora_rank = 16;
  double lora_module_multiplier = 1.0;  // QKVO 1, +FFN ~2.5, all linear ~3.5 (methodology s9)
  Conventions conventions = Conventions::kMegatron;
  double usable_memory_fraction = 1.0;  // of the card capacity a layout may use
};

// Why a layout cannot run, naming the constraint; empty when the layout is well formed for the model.
struct LayoutShape {
  std::int64_t layers = 0;
  std::int64_t heads = 0;
  std::int64_t kv_heads = 0;
  std::int64_t experts = 0;  // 0: dense
};
std::string layout_violation(const TrainLayout& l, const LayoutShape& m);

}  // namespace llmsa::perf
