#pragma once
// Sliding-window attention: the weights of full attention, scoring only the last W keys.
// Whether the KV cache also keeps only W tokens is a convention (AnalysisOptions::swa_kv_cap_to_window).
#include <cstdint>
#include <vector>

#include "model/attention.hpp"

namespace llmsa::model {

void append_sliding_attention_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                                  NormTally& norms);

LayerCache sliding_attention_layer_cache(const ModelSpec& spec, const AnalysisOptions& o);

}  // namespace llmsa::model
