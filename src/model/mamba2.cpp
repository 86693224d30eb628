#include "model/mamba2.hpp"

namespace llmsa::model {

Mamba2Params mamba2_params(const Mamba2Spec& m, std::int64_t hidden) {
  Mamba2Params p;
  p.in_proj = hidden * (2 * m.inner() + 2 * m.n_groups * m.state_size + m.num_heads);
  p.conv = m.conv_dim() * m.conv_kernel + (m.conv_bias ? m.conv_dim() : 0);
  p.scalars = 3 * m.num_heads;
  p.out_proj = m.inner() * hidden;
  return p;
}

Mamba2ScanFlops mamba2_scan_flops(const Mamba2Spec& m, std::int64_t tokens, bool decode, bool methodology) {
  const double C = static_cast<double>(m.chunk_size);
  const double H = static_cast<double>(m.num_heads);
  const double P = static_cast<double>(m.head_dim);
  const double N = static_cast<double>(m.state_size);
  const double T = static_cast<double>(tokens);
  if (methodology) {
    if (decode) return {2 * C * H * P, 2 * H * N * N / C};
    return {T * C * H * P, 2 * (T / C) * H * N * N};
  }
  if (decode) return {3 * H * P * N, 2 * H * P * N};  // h = exp(dt*A)*h + (dt*x)⊗B; y = C·h
  // Per token and head: C·B^T over its chunk (2CN), masked weights times X (2CP); chunk states
  // B^T·X and the read-out of the incoming state C·h (2NP each).
  return {T * H * (2 * C * N + 2 * C * P), T * H * 4 * N * P};
}

void append_mamba2_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                       NormTally& norms) {
  const Mamba2Spec& m = c.spec.mamba2;
  const std::int64_t d = c.spec.hidden;
  const Mamba2Params p = mamba2_params(m, d);

  OpCost proj = make_op(OpKind::kSsmProj, scope, index, "mamba2");
  add_linear(proj, c, d, 2 * m.inner() + 2 * m.n_groups * m.state_size + m.num_heads);
  add_linear(proj, c, m.inner(), d);
  add_small_params(proj, c, p.conv + p.scalars);
  add_short_conv_flops(proj, c, m.conv_dim(), m.conv_kernel);
  out.push_back(proj);

  const LayerCache lc = mamba2_layer_cache(m, c.opt);
  OpCost scan = make_op(OpKind::kSsmScan, scope, index, "mamba2");
  const Mamba2ScanFlops fp = mamba2_scan_flops(m, c.work.seq, false, c.opt.ssm_scan_methodology);
  const Mamba2ScanFlops fd = mamba2_scan_flops(m, 1, true, c.opt.ssm_scan_methodology);
  scan.prefill.flops = (fp.diagonal + fp.off_diagonal) * c.batch();
  scan.decode.flops = (fd.diagonal + fd.off_diagonal) * c.batch();
  // x, B, C, dt in and y out per token.
  const double io = static_cast<double>(2 * m.inner() + 2 * m.n_groups * m.state_size + m.num_heads) * c.ab;
  set_recurrent_state_traffic(scan, c, lc.state_bytes, io);
  out.push_back(scan);

  norms.add(m.inner(), m.inner());  // gated RMSNorm before out_proj
}

LayerCache mamba2_layer_cache(const Mamba2Spec& m, const AnalysisOptions& o) {
  LayerCache lc;
  const double ssm = static_cast<double>(m.num_heads * m.head_dim * m.state_size) * dtype_bytes(o.state_dtype);
  lc.state_bytes = ssm + conv_state_bytes(m.conv_dim(), m.conv_kernel, o);
  return lc;
}

}  // namespace llmsa::model
