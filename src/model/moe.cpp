#include "model/moe.hpp"

#include <algorithm>
#include <cmath>

#include "model/ffn.hpp"

namespace llmsa::model {

MoeParams moe_params(const MoeSpec& m, std::int64_t hidden, bool count_biases) {
  MoeParams p;
  p.router = hidden * m.num_experts + ((m.router_bias && count_biases) ? m.num_experts : 0);
  const std::int64_t width = m.latent_size > 0 ? m.latent_size : hidden;
  p.expert = ffn_params(width, m.expert_intermediate, m.activation);
  p.experts = m.num_experts * p.expert;
  p.shared = m.num_shared * ffn_params(hidden, m.shared_intermediate, m.activation) + (m.shared_gate ? hidden : 0);
  if (m.latent_size > 0) p.latent_proj = 2 * hidden * m.latent_size;
  return p;
}

double expected_experts_touched(std::int64_t num_experts, std::int64_t top_k, double tokens) {
  if (num_experts <= 0 || tokens <= 0) return 0;
  const double E = static_cast<double>(num_experts);
  const double miss = 1.0 - std::min(1.0, static_cast<double>(top_k) / E);
  return E * (1.0 - std::pow(miss, tokens));
}

void append_moe_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out) {
  const MoeSpec& m = c.spec.moe;
  const std::int64_t d = c.spec.hidden;
  const char* act = activation_name(m.activation);

  OpCost router = make_op(OpKind::kMoeRouter, scope, index, m.latent_size > 0 ? "latent" : "topk");
  add_linear(router, c, d, m.num_experts);
  if (m.router_bias && c.opt.count_biases) add_small_params(router, c, m.num_experts);
  out.push_back(router);

  if (m.latent_size > 0) {
    OpCost lat = make_op(OpKind::kMoeLatentProj, scope, index, "latent");
    add_linear(lat, c, d, m.latent_size);
    add_linear(lat, c, m.latent_size, d);
    out.push_back(lat);
  }

  // Routed experts: build one expert's per-token cost, then scale. FLOPs and activations scale
  // with k; weights read scale with the distinct experts the step touches.
  const std::int64_t width = m.latent_size > 0 ? m.latent_size : d;
  OpCost one = make_op(OpKind::kMoeExperts, scope, index, act);
  add_ffn_matrices(one, c, width, m.expert_intermediate, m.activation);
  OpCost experts = one;
  const double k = static_cast<double>(m.top_k);
  experts.params_total = one.params_total * m.num_experts;
  experts.params_active = one.params_active * m.top_k;
  experts.prefill.flops = one.prefill.flops * k;
  experts.decode.flops = one.decode.flops * k;
  experts.prefill.activation_bytes = one.prefill.activation_bytes * k;
  experts.decode.activation_bytes = one.decode.activation_bytes * k;
  experts.prefill.weight_bytes =
      one.prefill.weight_bytes * expected_experts_touched(m.num_experts, m.top_k, c.prefill_tokens());
  experts.decode.weight_bytes =
      one.decode.weight_bytes * expected_experts_touched(m.num_experts, m.top_k, c.decode_tokens());
  out.push_back(experts);

  if (m.num_shared > 0 && m.shared_intermediate > 0) {
    OpCost shared = make_op(OpKind::kMoeShared, scope, index, act);
    for (std::int64_t i = 0; i < m.num_shared; ++i) add_ffn_matrices(shared, c, d, m.shared_intermediate, m.activation);
    if (m.shared_gate) add_linear(shared, c, d, 1);
    out.push_back(shared);
  }
}

}  // namespace llmsa::model
