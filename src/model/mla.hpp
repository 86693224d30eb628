#pragma once
// Multi-head latent attention (DeepSeek-V2/V3, Kimi K2/K2.5), decompressed (non-absorbed) path.
// Two weight layouts: the checkpoint's (q_b_proj emits nope and rope parts; the shared k_rope
// comes from kv_a_proj_with_mqa), and the methodology's (a nope-only W_q_b plus a separate
// W_q_rope from the hidden state; AnalysisOptions::mla_q_rope_from_hidden).
#include <cstdint>
#include <vector>

#include "model/cost_context.hpp"
#include "model/kv_cache.hpp"

namespace llmsa::model {

struct MlaProjParams {
  std::int64_t q_a = 0;     // d x q_lora_rank (0 without q LoRA)
  std::int64_t q_b = 0;     // q_lora_rank x H*(nope+rope), or x H*nope in the methodology's layout;
                            // d x H*(nope+rope) without q LoRA
  std::int64_t q_rope = 0;  // d x H*rope (methodology's layout only)
  std::int64_t kv_a = 0;    // d x (kv_lora_rank + rope)
  std::int64_t kv_b = 0;    // kv_lora_rank x H*(nope + v)
  std::int64_t o = 0;       // H*v x d
  std::int64_t total() const { return q_a + q_b + q_rope + kv_a + kv_b + o; }
};
MlaProjParams mla_proj_params(const MlaSpec& m, std::int64_t hidden, bool q_rope_from_hidden);

// Latent c_KV plus the shared k_rope: kv_lora_rank + qk_rope_head_dim per token (no x2).
std::int64_t mla_kv_elems_per_token(const MlaSpec& m);

void append_mla_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                    NormTally& norms);

LayerCache mla_layer_cache(const MlaSpec& m, const AnalysisOptions& o);

}  // namespace llmsa::model
