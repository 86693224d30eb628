#pragma once
// Gated DeltaNet linear attention (Qwen3-Next, Qwen3.5). Projections follow the HF modules
// (in_proj_qkv, in_proj_z, in_proj_b, in_proj_a, conv1d, A_log, dt_bias, out_proj). The
// recurrence costs 6*H_v*D_k*D_v FLOPs per token (methodology Part 2 §3.7: k⊗v outer product,
// S·q read-out, αS + β(k⊗v) update); chunked prefill adds the intra-chunk causal attention,
// C*H_v*(D_k + D_v) per token. State: H_v*D_k*D_v per layer plus the conv state.
#include <cstdint>
#include <vector>

#include "model/cost_context.hpp"
#include "model/kv_cache.hpp"

namespace llmsa::model {

struct GdnParams {
  std::int64_t in_qkv = 0;   // d x (2*key_dim + value_dim)
  std::int64_t in_z = 0;     // d x value_dim
  std::int64_t in_ba = 0;    // d x H_v, twice
  std::int64_t conv = 0;     // conv_dim x kernel (no bias)
  std::int64_t scalars = 0;  // A_log, dt_bias: H_v each
  std::int64_t out = 0;      // value_dim x d
  std::int64_t total() const { return in_qkv + in_z + in_ba + conv + scalars + out; }
};
GdnParams gdn_params(const GdnSpec& g, std::int64_t hidden);

// Recurrence FLOPs per decode token per layer: 6 * H_v * D_k * D_v.
double gdn_recurrent_flops_per_token(const GdnSpec& g);

void append_gdn_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                    NormTally& norms);

LayerCache gdn_layer_cache(const GdnSpec& g, const AnalysisOptions& o);

}  // namespace llmsa::model
