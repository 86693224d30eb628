#include "model/swa.hpp"

namespace llmsa::model {

void append_sliding_attention_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                                  NormTally& norms) {
  append_attention_ops(c, scope, index, c.spec.attention.sliding_window, out, norms);
}

LayerCache sliding_attention_layer_cache(const ModelSpec& spec, const AnalysisOptions& o) {
  return attention_layer_cache(spec.attention, o, spec.attention.sliding_window);
}

}  // namespace llmsa::model
