#include "model/attention.hpp"

#include <algorithm>

#include "model/attention_pairs.hpp"

namespace llmsa::model {

AttentionProjParams attention_proj_params(const AttentionSpec& a, std::int64_t hidden, bool count_biases) {
  AttentionProjParams p;
  const std::int64_t q_out = a.num_heads * a.qk_head_dim;
  p.q = hidden * q_out * (a.gated_output ? 2 : 1);  // the output gate doubles q_proj
  p.k = hidden * a.num_kv_heads * a.qk_head_dim;
  p.v = hidden * a.num_kv_heads * a.v_head_dim;
  p.o = a.num_heads * a.v_head_dim * hidden;
  if (a.bias && count_biases) p.bias = q_out * (a.gated_output ? 2 : 1) + a.num_kv_heads * (a.qk_head_dim + a.v_head_dim);
  return p;
}

const char* attention_variant(const AttentionSpec& a) {
  if (a.num_kv_heads == a.num_heads) return "mha";
  if (a.num_kv_heads == 1) return "mqa";
  return "gqa";
}

std::int64_t attention_kv_elems_per_token(const AttentionSpec& a) {
  return a.num_kv_heads * (a.qk_head_dim + a.v_head_dim);
}

OpCost attention_core_op(const CostContext& c, OpScope scope, std::int32_t index, const char* variant,
                         const AttentionCoreShape& s) {
  OpCost op = make_op(OpKind::kAttentionCore, scope, index, variant);
  const double per_pair = 2.0 * static_cast<double>(s.heads * (s.qk_dim + s.v_dim));
  op.qk_fraction = static_cast<double>(s.qk_dim) / static_cast<double>(s.qk_dim + s.v_dim);
  op.prefill.flops = per_pair * s.prefill_pairs * c.batch();
  op.decode.flops = per_pair * static_cast<double>(s.decode_keys) * c.batch();
  const double qo = static_cast<double>(s.heads * (s.qk_dim + s.v_dim)) * c.ab;  // Q read, O written
  op.prefill.activation_bytes = qo * c.prefill_tokens();
  op.decode.activation_bytes = qo * c.decode_tokens();
  op.prefill.kv_read_bytes = s.kv_bytes_per_token * static_cast<double>(s.prefix_read) * c.batch();
  op.prefill.kv_write_bytes = s.kv_bytes_per_token * c.prefill_tokens();
  op.decode.kv_read_bytes = s.kv_bytes_per_token * static_cast<double>(s.decode_keys) * c.batch();
  op.decode.kv_write_bytes = s.kv_bytes_per_token * c.decode_tokens();
  return op;
}

OpCost attention_proj_op(const CostContext& c, const AttentionSpec& a, OpScope scope, std::int32_t index,
                         const char* variant) {
  const std::int64_t d = c.spec.hidden;
  OpCost proj = make_op(OpKind::kAttentionProj, scope, index, variant);
  add_linear(proj, c, d, a.num_heads * a.qk_head_dim * (a.gated_output ? 2 : 1));
  add_linear(proj, c, d, a.num_kv_heads * a.qk_head_dim);
  add_linear(proj, c, d, a.num_kv_heads * a.v_head_dim);
  add_linear(proj, c, a.num_heads * a.v_head_dim, d);
  const AttentionProjParams p = attention_proj_params(a, d, c.opt.count_biases);
  if (p.bias > 0) add_small_params(proj, c, p.bias);
  return proj;
}

void append_attention_ops(const CostContext& c, OpScope scope, std::int32_t index, std::int64_t window,
                          std::vector<OpCost>& out, NormTally& norms) {
  const AttentionSpec& a = c.spec.attention;
  const char* variant = window > 0 ? "swa" : attention_variant(a);

  out.push_back(attention_proj_op(c, a, scope, index, variant));

  AttentionCoreShape s;
  s.heads = a.num_heads;
  s.qk_dim = a.qk_head_dim;
  s.v_dim = a.v_head_dim;
  s.kv_bytes_per_token = static_cast<double>(attention_kv_elems_per_token(a)) * c.kvb;
  s.prefill_pairs = attended_pairs(c.work.prefix, c.work.seq, window, c.opt.causal);
  s.decode_keys = decode_keys(c.work.decode_context(), window);
  s.prefix_read = window > 0 ? std::min(c.work.prefix, window) : c.work.prefix;
  out.push_back(attention_core_op(c, scope, index, variant, s));

  if (a.qk_norm) norms.add(2 * a.qk_head_dim, (a.num_heads + a.num_kv_heads) * a.qk_head_dim);
}

LayerCache attention_layer_cache(const AttentionSpec& a, const AnalysisOptions& o, std::int64_t window) {
  LayerCache lc;
  lc.kv_bytes_per_token = static_cast<double>(attention_kv_elems_per_token(a)) * dtype_bytes(o.kv_dtype);
  lc.kv_window = (window > 0 && o.swa_kv_cap_to_window) ? window : 0;
  return lc;
}

}  // namespace llmsa::model
