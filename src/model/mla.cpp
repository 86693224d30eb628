#include "model/mla.hpp"

#include "model/attention.hpp"
#include "model/attention_pairs.hpp"

namespace llmsa::model {

MlaProjParams mla_proj_params(const MlaSpec& m, std::int64_t hidden, bool q_rope_from_hidden) {
  MlaProjParams p;
  const std::int64_t H = m.num_heads;
  const std::int64_t q_in = m.q_lora_rank > 0 ? m.q_lora_rank : hidden;
  if (m.q_lora_rank > 0) p.q_a = hidden * m.q_lora_rank;
  if (q_rope_from_hidden) {
    p.q_b = q_in * H * m.qk_nope_head_dim;
    p.q_rope = hidden * H * m.qk_rope_head_dim;
  } else {
    p.q_b = q_in * H * (m.qk_nope_head_dim + m.qk_rope_head_dim);
  }
  p.kv_a = hidden * (m.kv_lora_rank + m.qk_rope_head_dim);
  p.kv_b = m.kv_lora_rank * H * (m.qk_nope_head_dim + m.v_head_dim);
  p.o = H * m.v_head_dim * hidden;
  return p;
}

std::int64_t mla_kv_elems_per_token(const MlaSpec& m) { return m.kv_lora_rank + m.qk_rope_head_dim; }

void append_mla_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                    NormTally& norms) {
  const MlaSpec& m = c.spec.mla;
  const std::int64_t d = c.spec.hidden;
  const std::int64_t H = m.num_heads;
  const bool split = c.opt.mla_q_rope_from_hidden;
  const std::int64_t q_in = m.q_lora_rank > 0 ? m.q_lora_rank : d;

  OpCost proj = make_op(OpKind::kAttentionProj, scope, index, "mla");
  if (m.q_lora_rank > 0) add_linear(proj, c, d, m.q_lora_rank);
  add_linear(proj, c, q_in, H * (split ? m.qk_nope_head_dim : m.qk_nope_head_dim + m.qk_rope_head_dim));
  if (split) add_linear(proj, c, d, H * m.qk_rope_head_dim);
  add_linear(proj, c, d, m.kv_lora_rank + m.qk_rope_head_dim);
  add_linear(proj, c, m.kv_lora_rank, H * (m.qk_nope_head_dim + m.v_head_dim));
  add_linear(proj, c, H * m.v_head_dim, d);
  out.push_back(proj);

  AttentionCoreShape s;
  s.heads = H;
  s.qk_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
  s.v_dim = m.v_head_dim;
  s.kv_bytes_per_token = static_cast<double>(mla_kv_elems_per_token(m)) * c.kvb;
  s.prefill_pairs = attended_pairs(c.work.prefix, c.work.seq, 0, c.opt.causal);
  s.decode_keys = c.work.decode_context();
  s.prefix_read = c.work.prefix;
  out.push_back(attention_core_op(c, scope, index, "mla", s));

  // q_a_layernorm and kv_a_layernorm normalise the two latents.
  if (m.q_lora_rank > 0) norms.add(m.q_lora_rank, m.q_lora_rank);
  norms.add(m.kv_lora_rank, m.kv_lora_rank);
}

LayerCache mla_layer_cache(const MlaSpec& m, const AnalysisOptions& o) {
  LayerCache lc;
  lc.kv_bytes_per_token = static_cast<double>(mla_kv_elems_per_token(m)) * dtype_bytes(o.kv_dtype);
  return lc;
}

}  // namespace llmsa::model
