#pragma once
// Full softmax attention (MHA / GQA / MQA), with separate Q/K and V head dims and Qwen3-Next's
// gated output; also the shared attention-core builder that MLA, MSA and SWA reuse.
#include <cstdint>
#include <vector>

#include "model/cost_context.hpp"
#include "model/kv_cache.hpp"

namespace llmsa::model {

struct AttentionProjParams {
  std::int64_t q = 0, k = 0, v = 0, o = 0, bias = 0;
  std::int64_t total() const { return q + k + v + o + bias; }
};
AttentionProjParams attention_proj_params(const AttentionSpec& a, std::int64_t hidden, bool count_biases);

// "mha", "gqa" or "mqa" from the head counts.
const char* attention_variant(const AttentionSpec& a);

// K and V elements cached per token per layer: H_kv * (D_qk + D_v).
std::int64_t attention_kv_elems_per_token(const AttentionSpec& a);

// The score and weighting work of one attention layer: 2*H*(D_qk + D_v) FLOPs per scored pair,
// Q read and O written as activations, KV read from and written to the cache.
struct AttentionCoreShape {
  std::int64_t heads = 0;
  std::int64_t qk_dim = 0;
  std::int64_t v_dim = 0;
  double kv_bytes_per_token = 0;   // what one cached token costs to read or write
  double prefill_pairs = 0;        // per sequence
  std::int64_t decode_keys = 0;    // per sequence
  std::int64_t prefix_read = 0;    // cached tokens a prefill reads per sequence
};
// The q/k/v/o projections of full-style attention (also MSA's main attention), with biases.
OpCost attention_proj_op(const CostContext& c, const AttentionSpec& a, OpScope scope, std::int32_t index,
                         const char* variant);

OpCost attention_core_op(const CostContext& c, OpScope scope, std::int32_t index, const char* variant,
                         const AttentionCoreShape& s);

// Projections + core of a full attention layer (window 0) or a sliding one (window > 0).
void append_attention_ops(const CostContext& c, OpScope scope, std::int32_t index, std::int64_t window,
                          std::vector<OpCost>& out, NormTally& norms);

LayerCache attention_layer_cache(const AttentionSpec& a, const AnalysisOptions& o, std::int64_t window);

}  // namespace llmsa::model
