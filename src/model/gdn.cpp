#include "model/gdn.hpp"

namespace llmsa::model {

GdnParams gdn_params(const GdnSpec& g, std::int64_t hidden) {
  GdnParams p;
  p.in_qkv = hidden * g.conv_dim();
  p.in_z = hidden * g.value_dim();
  p.in_ba = 2 * hidden * g.num_value_heads;
  p.conv = g.conv_dim() * g.conv_kernel;
  p.scalars = 2 * g.num_value_heads;
  p.out = g.value_dim() * hidden;
  return p;
}

double gdn_recurrent_flops_per_token(const GdnSpec& g) {
  return 6.0 * static_cast<double>(g.num_value_heads * g.key_head_dim * g.value_head_dim);
}

void append_gdn_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                    NormTally& norms) {
  const GdnSpec& g = c.spec.gdn;
  const std::int64_t d = c.spec.hidden;
  const GdnParams p = gdn_params(g, d);

  OpCost proj = make_op(OpKind::kLinearAttnProj, scope, index, "gdn");
  add_linear(proj, c, d, g.conv_dim());
  add_linear(proj, c, d, g.value_dim());
  add_linear(proj, c, d, g.num_value_heads);
  add_linear(proj, c, d, g.num_value_heads);
  add_linear(proj, c, g.value_dim(), d);
  add_small_params(proj, c, p.conv + p.scalars);
  add_short_conv_flops(proj, c, g.conv_dim(), g.conv_kernel);
  out.push_back(proj);

  const LayerCache lc = gdn_layer_cache(g, c.opt);
  OpCost core = make_op(OpKind::kLinearAttnCore, scope, index, "gdn");
  const double rec = gdn_recurrent_flops_per_token(g);
  const double intra = static_cast<double>(g.chunk_size * g.num_value_heads * (g.key_head_dim + g.value_head_dim));
  core.prefill.flops = (rec + intra) * c.prefill_tokens();
  core.decode.flops = rec * c.decode_tokens();
  const double io = static_cast<double>(g.conv_dim() + g.value_dim()) * c.ab;  // q, k, v in; o out
  set_recurrent_state_traffic(core, c, lc.state_bytes, io);
  out.push_back(core);

  norms.add(g.value_head_dim, g.value_dim());  // gated RMSNorm over each value head
}

LayerCache gdn_layer_cache(const GdnSpec& g, const AnalysisOptions& o) {
  LayerCache lc;
  const double state =
      static_cast<double>(g.num_value_heads * g.key_head_dim * g.value_head_dim) * dtype_bytes(o.state_dtype);
  lc.state_bytes = state + conv_state_bytes(g.conv_dim(), g.conv_kernel, o);
  return lc;
}

}  // namespace llmsa::model
