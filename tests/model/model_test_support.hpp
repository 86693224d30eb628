#pragma once
// Helpers for the model golden tests: presets under the methodology's conventions, and sums of
// ops picked by scope, layer and kind.
#include <cstdint>
#include <string>

#include "model/analysis.hpp"
#include "model/config_reader.hpp"

namespace llmsa::model::test {

// The methodology's counting (reference §1): norms and biases ignored, causal prefill counted as
// half the square, MLA with a separate W_q_rope, MSA selecting T_sel keys without a cap.
inline AnalysisOptions methodology_options() {
  AnalysisOptions o;
  o.count_norms = false;
  o.count_biases = false;
  o.causal = CausalCounting::kHalfSquare;
  o.mla_q_rope_from_hidden = true;
  o.msa_cap_selected_to_context = false;
  o.ssm_scan_methodology = true;
  return o;
}

inline Workload tokens(std::int64_t seq, std::int64_t prefix = 0, std::int64_t batch = 1) {
  Workload w;
  w.seq = seq;
  w.prefix = prefix;
  w.batch = batch;
  return w;
}

struct Pick {
  OpScope scope = OpScope::kLayer;
  std::int32_t index = -1;  // -1: every index
};

inline bool matches(const OpCost& op, OpKind kind, Pick p) {
  return op.kind == kind && op.scope == p.scope && (p.index < 0 || op.index == p.index);
}

inline double prefill_flops(const ModelAnalysis& a, OpKind kind, Pick p) {
  double s = 0;
  for (const auto& op : a.ops)
    if (matches(op, kind, p)) s += op.prefill.flops;
  return s;
}
inline double decode_flops(const ModelAnalysis& a, OpKind kind, Pick p) {
  double s = 0;
  for (const auto& op : a.ops)
    if (matches(op, kind, p)) s += op.decode.flops;
  return s;
}
inline std::int64_t params(const ModelAnalysis& a, OpKind kind, Pick p) {
  std::int64_t s = 0;
  for (const auto& op : a.ops)
    if (matches(op, kind, p)) s += op.params_total;
  return s;
}
// Everything one main layer does in decode.
inline double layer_decode_flops(const ModelAnalysis& a, std::int32_t layer) {
  double s = 0;
  for (const auto& op : a.ops)
    if (op.scope == OpScope::kLayer && op.index == layer) s += op.decode.flops;
  return s;
}
inline double layer_prefill_flops(const ModelAnalysis& a, std::int32_t layer) {
  double s = 0;
  for (const auto& op : a.ops)
    if (op.scope == OpScope::kLayer && op.index == layer) s += op.prefill.flops;
  return s;
}
inline std::int64_t layer_params(const ModelAnalysis& a, std::int32_t layer) {
  std::int64_t s = 0;
  for (const auto& op : a.ops)
    if (op.scope == OpScope::kLayer && op.index == layer) s += op.params_total;
  return s;
}

}  // namespace llmsa::model::test
