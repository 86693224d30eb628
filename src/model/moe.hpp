#pragma once
// Mixture of experts: router, top-k routed experts, shared experts (with Qwen's shared gate),
// and Nemotron's LatentMoE (routed experts work in a smaller latent width, with a down and an up
// projection around them). Weight bytes count the distinct experts a step touches.
#include <cstdint>
#include <vector>

#include "model/cost_context.hpp"

namespace llmsa::model {

struct MoeParams {
  std::int64_t router = 0;       // d x E (+ E correction biases when counted)
  std::int64_t expert = 0;       // one routed expert
  std::int64_t experts = 0;      // all routed experts
  std::int64_t shared = 0;       // all shared experts and their gate
  std::int64_t latent_proj = 0;  // LatentMoE d -> latent -> d
  std::int64_t total() const { return router + experts + shared + latent_proj; }
  std::int64_t active(std::int64_t top_k) const { return router + top_k * expert + shared + latent_proj; }
};
MoeParams moe_params(const MoeSpec& m, std::int64_t hidden, bool count_biases);

// Expected number of distinct experts hit when `tokens` tokens each pick top_k of E uniformly:
// E * (1 - (1 - k/E)^tokens).
double expected_experts_touched(std::int64_t num_experts, std::int64_t top_k, double tokens);

void append_moe_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out);

}  // namespace llmsa::model
