#pragma once
// MiniMax sparse attention (MSA): GQA weights plus a lightning indexer (H_idx query heads and one
// shared K head of D_idx) that scores every cached token; each query then attends to the
// top-k blocks of `block_size` keys. The indexer's K is cached beside the main KV, which
// sparsity does not shrink.
#include <cstdint>
#include <vector>

#include "model/cost_context.hpp"
#include "model/kv_cache.hpp"

namespace llmsa::model {

struct MsaIndexerParams {
  std::int64_t index_q = 0;  // d x H_idx*D_idx
  std::int64_t index_k = 0;  // d x H_idx_k*D_idx
  std::int64_t total() const { return index_q + index_k; }
};
MsaIndexerParams msa_indexer_params(const MsaSpec& m, std::int64_t hidden);

// Main attention (GQA projections, core over the selected keys) and the indexer.
void append_msa_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                    NormTally& norms);

LayerCache msa_layer_cache(const ModelSpec& spec, const AnalysisOptions& o);

}  // namespace llmsa::model
