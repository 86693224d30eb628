#pragma once
// What the training estimates need to know about a model, condensed from the model analysis once
// (parameter split expert / non-expert, shape, training FLOPs per sequence), so that evaluating one
// layout is a few dozen arithmetic operations (the planner evaluates millions).
#include <cstdint>
#include <string>

#include "model/analysis.hpp"
#include "model/model_spec.hpp"
#include "perf/train_layout.hpp"

namespace llmsa::perf {

struct TrainModel {
  std::string name;
  double params_total = 0;   // N (text model; MTP and vision excluded)
  double params_expert = 0;  // routed-expert weights, split over ep
  double params_active = 0;  // per token
  std::int64_t layers = 0;
  std::int64_t hidden = 0;
  std::int64_t heads = 0;
  std::int64_t kv_heads = 0;
  std::int64_t head_dim = 0;
  std::int64_t moe_layers = 0;
  std::int64_t experts = 0;
  std::int64_t top_k = 0;
  // Training FLOPs (forward + backward, no recompute) for one sequence of `flops_seq_len` tokens,
  // with the methodology s4.3 coefficients: linear 3x forward, attention QK 4x and AV 3x
  // (FlashAttention recompute), indexer 1x. Zero when the model was built from numbers only.
  std::int64_t flops_seq_len = 0;
  double layer_flops_per_seq = 0;  // average over the main layers
  double head_flops_per_seq = 0;   // LM head (the last stage also runs it)

  double params_dense() const { return params_total - params_expert; }
  double params_per_layer_dense() const { return layers > 0 ? (params_dense() - head_params) / layers : 0; }
  double params_per_layer_expert() const { return moe_layers > 0 ? params_expert / moe_layers : 0; }
  double head_params = 0;  // embedding + LM head (in params_dense)
  LayoutShape shape() const { return {layers, heads, kv_heads, experts}; }
};

// Builds the summary from a model spec at `seq_len` tokens per sequence (attention FLOPs depend on
// it). The analysis counts as the methodology's training parts do: causal pairs as s^2/2, logits
// for every token, no norms or biases. `scratch` is reused (no allocation after its first use).
TrainModel train_model_from_spec(const model::ModelSpec& spec, std::int64_t seq_len, model::ModelAnalysis& scratch);
TrainModel train_model_from_spec(const model::ModelSpec& spec, std::int64_t seq_len);

}  // namespace llmsa::perf
