#include "model/ffn.hpp"

namespace llmsa::model {

std::int64_t ffn_params(std::int64_t width, std::int64_t intermediate, Activation a) {
  return ffn_matrices(a) * width * intermediate;
}

void add_ffn_matrices(OpCost& op, const CostContext& c, std::int64_t width, std::int64_t intermediate, Activation a) {
  if (a == Activation::kSwiGlu) add_linear(op, c, width, intermediate);  // gate
  add_linear(op, c, width, intermediate);                                // up
  add_linear(op, c, intermediate, width);                                // down
}

void append_dense_ffn_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out) {
  const DenseFfnSpec& f = c.spec.dense_ffn;
  OpCost op = make_op(OpKind::kFfn, scope, index, activation_name(f.activation));
  add_ffn_matrices(op, c, c.spec.hidden, f.intermediate, f.activation);
  out.push_back(op);
}

}  // namespace llmsa::model
