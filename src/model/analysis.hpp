#pragma once
// The model analysis: per-layer, per-component ops (params, FLOPs and bytes for a prefill and a
// decode step), totals, and the KV cache / recurrent state. This is what roofline, memory,
// training and the planner build on.
//
// Allocation-light: analyze_into() reuses the buffers of a ModelAnalysis, so a caller that keeps
// one alive (the planner) allocates nothing after the first call.
#include <cstdint>
#include <vector>

#include "model/conventions.hpp"
#include "model/kv_cache.hpp"
#include "model/model_spec.hpp"
#include "model/op.hpp"
#include "model/workload.hpp"

namespace llmsa::model {

struct ParamTotals {
  std::int64_t total = 0;       // main model + vision (MTP excluded)
  std::int64_t active = 0;      // per text token: main model only (vision and MTP excluded)
  std::int64_t vision = 0;      // vision encoder + projector (inside `total`)
  std::int64_t mtp = 0;         // MTP modules (outside `total`)
  std::int64_t mtp_active = 0;  // per token through all MTP modules
};

struct CacheTotals {
  double bytes_per_token = 0;                // KV that grows with the context, all main layers
  double window_capped_bytes_per_token = 0;  // KV of layers capped at a window (SWA, when capped)
  double state_bytes_per_sequence = 0;       // Mamba-2 / GDN state + conv state, all layers
  double bytes_per_sequence = 0;             // everything, at the decode context
  double bytes_total = 0;                    // bytes_per_sequence x batch
};

struct ModelAnalysis {
  Workload workload;
  AnalysisOptions options;
  std::vector<OpCost> ops;                // model, layer, vision and MTP ops, in execution order
  std::vector<LayerCache> layer_cache;    // one per main layer
  ParamTotals params;
  PhaseCost prefill;                      // sum over non-MTP ops
  PhaseCost decode;
  PhaseCost mtp_prefill;                  // MTP modules, one pass each (not in the sums above)
  PhaseCost mtp_decode;
  CacheTotals kv;
};

ModelAnalysis analyze(const ModelSpec& spec, const Workload& work, const AnalysisOptions& options = {});
void analyze_into(const ModelSpec& spec, const Workload& work, const AnalysisOptions& options, ModelAnalysis& out);

// The cache one main layer keeps, under `options` (dtypes, window cap, conv-state columns).
LayerCache layer_cache(const ModelSpec& spec, const LayerSpec& layer, const AnalysisOptions& options);

// KV cache + state of one sequence at `context` tokens, summed over the main layers.
double cache_bytes_at_context(const ModelAnalysis& a, std::int64_t context);

}  // namespace llmsa::model
