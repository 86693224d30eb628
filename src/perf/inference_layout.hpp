#pragma once
// How an inference deployment is laid out over cards: tensor parallel (tp) within a replica, data
// parallel replicas (dp), and expert parallel (ep) over the routed experts. Attention, dense FFN,
// embedding and LM head are split tp ways; routed experts are split ep ways when ep > 1 (vLLM
// --enable-expert-parallel, the EP group spanning up to tp x dp cards) or tp ways otherwise.
// A layout that cannot work is answered with the constraints that fail (methodology.md s11:
// "MLA forces DP+EP: TP cannot shard the single latent KV head").
#include <cstdint>
#include <string>
#include <vector>

#include "model/model_spec.hpp"
#include "model/op.hpp"

namespace llmsa::perf {

struct InferenceLayout {
  int tp = 1;
  int dp = 1;
  int ep = 1;
  int cards() const { return tp * dp; }
};

// "tp4", "tp2·dp4·ep8".
std::string layout_name(const InferenceLayout& l);

// Each failed constraint as "tp (3) divides attention heads (64)"; empty when the layout works.
std::vector<std::string> layout_violations(const model::ModelSpec& spec, const InferenceLayout& l);
// Throws llmsa::Error (bad input) listing every failed constraint.
void require_valid_layout(const model::ModelSpec& spec, const InferenceLayout& l);

// Per-card divisors of an op's work under a layout. Precomputed once per (spec, layout) so that
// evaluating many points costs a few multiplications per op group.
struct ShardPlan {
  InferenceLayout layout;
  double tp = 1;            // attention/FFN/embedding/LM-head work split
  double kv_split = 1;      // KV cache split across the tp ranks (GQA: min(tp, kv heads); MLA: 1, replicated)
  double expert_split = 1;  // routed experts split (ep when ep > 1, else tp)
  // Routed experts on one card serve the tokens of every replica in the EP group: this many replicas.
  double expert_replicas_served = 1;
};
ShardPlan make_shard_plan(const model::ModelSpec& spec, const InferenceLayout& l);

// One card's share of an op's phase cost, for one replica's batch. `weight_bytes_total` is only used
// for routed experts: the expert weight bytes resident in the whole model (to cap the touched share).
model::PhaseCost shard_cost(const model::PhaseCost& c, model::OpKind kind, const ShardPlan& p,
                            double expert_weight_bytes_total);

// Resident weight bytes on one card for an op of `weight_bytes` resident bytes (params x dtype).
double shard_resident_weight_bytes(double weight_bytes, model::OpKind kind, const ShardPlan& p);

}  // namespace llmsa::perf
