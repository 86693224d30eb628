#pragma once
// Inference memory per card (methodology.md s6): weights (all experts resident), KV cache and recurrent
// state per sequence, activations, and framework overhead; the minimum cards for the weights; and the
// largest batch that fits at a context for a layout, with the PagedAttention block utilisation.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hw/device.hpp"
#include "model/analysis.hpp"
#include "perf/inference_layout.hpp"

namespace llmsa::perf {

struct MemoryOptions {
  // Framework overhead per card: CUDA/CANN context, allocator, graphs (methodology s6: 2-5 GiB).
  double framework_overhead_bytes = 2.0 * (1 << 30);
  // Fraction of the card the engine may use (vLLM gpu_memory_utilization); 1.0 as the methodology.
  double usable_fraction = 1.0;
  // PagedAttention: KV is stored in blocks of this many tokens, so a sequence takes ceil(T / block)
  // blocks. 0 disables block rounding.
  std::int64_t block_size = 16;
  // Pool-wide utilisation of KV slots (methodology s11: ~96%); KV per sequence is divided by it. When
  // unset, the utilisation of the last block at the context is used (block rounding).
  std::optional<double> kv_utilization;
  // Activations per sequence (the methodology's per-sample ~5 GiB, s6/s7). Unset: activations are a fixed
  // per-card buffer instead, sized for the largest one-op working set (input + output) of a forward pass
  // of `max_batched_tokens` tokens, since inference frees them layer by layer and the engine caps the
  // tokens per iteration (vLLM --max-num-batched-tokens; chunked prefill).
  std::optional<double> activation_bytes_per_sequence;
  std::int64_t max_batched_tokens = 8192;
};

struct CardMemory {
  double capacity_bytes = 0;
  double usable_bytes = 0;
  double weight_bytes = 0;
  double kv_bytes_per_sequence = 0;    // this card's share, at the context, paged
  double state_bytes_per_sequence = 0; // recurrent state share (not paged)
  double activation_bytes_per_sequence = 0;
  double activation_buffer_bytes = 0;  // fixed per card (when not per sequence)
  double framework_overhead_bytes = 0;
  std::int64_t batch = 0;  // sequences per replica
  double kv_bytes() const { return (kv_bytes_per_sequence + state_bytes_per_sequence) * static_cast<double>(batch); }
  double activation_bytes() const {
    return activation_buffer_bytes + activation_bytes_per_sequence * static_cast<double>(batch);
  }
  double total_bytes() const { return weight_bytes + kv_bytes() + activation_bytes() + framework_overhead_bytes; }
  bool fits() const { return total_bytes() <= usable_bytes; }
};

// The memory of one card of `layout` for `batch` sequences per replica at `context` tokens. `a` is an
// analysis of the model under the dtypes wanted (its workload is not used).
CardMemory card_memory(const model::ModelSpec& spec, const model::ModelAnalysis& a, const hw::Device& d,
                       const InferenceLayout& layout, std::int64_t batch, std::int64_t context,
                       const MemoryOptions& o = {});

// Whole-model resident weight bytes (params x weight dtype; MTP excluded).
double model_weight_bytes(const model::ModelAnalysis& a);

struct BatchCapacity {
  std::int64_t per_replica = 0;  // 0: does not fit even one sequence
  std::int64_t total = 0;        // per_replica x dp
  CardMemory at_max;             // the card at per_replica (or at batch 1 when nothing fits)
  std::vector<std::string> violations;  // why nothing fits (empty when per_replica > 0)
};
// Largest batch at `context` (KV-limited): floor((usable - weights - overhead) / per-sequence bytes).
BatchCapacity max_batch(const model::ModelSpec& spec, const model::ModelAnalysis& a, const hw::Device& d,
                        const InferenceLayout& layout, std::int64_t context, const MemoryOptions& o = {});

// Cards the weights alone need, ceil(weights / usable per card) (methodology s6), and the smallest tp
// (powers of two up to 64, dp 1) whose layout is valid and holds one sequence at `context`.
struct MinCards {
  std::int64_t for_weights = 0;
  std::optional<InferenceLayout> smallest_layout;
};
MinCards min_cards(const model::ModelSpec& spec, const model::ModelAnalysis& a, const hw::Device& d, std::int64_t context,
                   const MemoryOptions& o = {});

}  // namespace llmsa::perf
