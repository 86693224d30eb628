#pragma once
// Dense FFN: SwiGLU (gate, up, down) or two-matrix ReLU² / GELU.
#include <cstdint>
#include <vector>

#include "model/cost_context.hpp"

namespace llmsa::model {

// matrices(activation) x width x intermediate.
std::int64_t ffn_params(std::int64_t width, std::int64_t intermediate, Activation a);

// Adds one FFN's matrices (width -> intermediate -> width) to `op`.
void add_ffn_matrices(OpCost& op, const CostContext& c, std::int64_t width, std::int64_t intermediate, Activation a);

void append_dense_ffn_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out);

}  // namespace llmsa::model
