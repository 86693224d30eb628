#pragma once
// One inference step (a prefill or a decode) of a model on one card of a layout: the model analysis'
// ops, sharded per card, each priced on the roofline (methodology.md s8: max(FLOPs / peak, bytes / BW)
// per op), plus the tensor/expert-parallel communication of every layer at the link bandwidth.
// TTFT is the prefill step of the prompt; TPOT the decode step at batch B and context T (s11).
//
// Ops of identical layers cost the same, so a StepProfile groups them; evaluating a profile under a
// layout and a device is then a few dozen multiply-adds (what the planner and the benchmark need).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hw/device.hpp"
#include "model/analysis.hpp"
#include "perf/inference_layout.hpp"
#include "perf/roofline.hpp"

namespace llmsa::perf {

enum class Phase { kPrefill, kDecode };
const char* phase_name(Phase p);  // "prefill", "decode"

// How collectives are priced. Groups of at most `node_size` cards use the device's scale-up link,
// larger ones its scale-out link (per direction, as the link figures say). Latency per ring step is
// 0 by default, the bandwidth-only view of the methodology.
struct CommOptions {
  int node_size = 8;
  double step_latency_seconds = 0;
  std::optional<double> link_bytes_per_s;  // overrides both links
};

struct InferenceConfig {
  InferenceLayout layout;
  Efficiency efficiency;                 // fractions of peak compute and bandwidth reached
  std::optional<hw::Dtype> compute_dtype;  // default: the activation dtype (bf16, fp8, int8)
  CommOptions comm;
};

// model::DType -> the hardware database's format.
hw::Dtype to_hw_dtype(model::DType t);
// The peak and bandwidth a config runs at on a device (bad input when the device lacks the format).
struct DeviceRates {
  double peak_flops_per_s = 0;  // dense, at the compute dtype
  double bytes_per_s = 0;       // HBM
  double scale_up_bytes_per_s = 0;   // per direction; 0 when the device has no such link
  double scale_out_bytes_per_s = 0;
  hw::Dtype compute_dtype = hw::Dtype::kBf16;
};
DeviceRates device_rates(const hw::Device& d, const model::AnalysisOptions& o, const InferenceConfig& c);

// Ops of one phase grouped by identical (kind, variant, cost).
struct OpGroup {
  model::OpKind kind = model::OpKind::kEmbedding;
  const char* variant = "";
  int count = 0;
  model::PhaseCost cost;  // one op, whole replica batch
};
struct StepProfile {
  Phase phase = Phase::kDecode;
  std::vector<OpGroup> groups;
  double expert_weight_bytes_per_layer = 0;  // resident routed-expert bytes of one MoE layer (0: dense)
  std::int64_t tokens = 0;                   // tokens in the step per replica (batch x new tokens)
  std::int64_t hidden = 0;
  double activation_bytes_per_element = 2;
  int mixer_layers = 0;     // layers with an attention/SSM/GDN mixer (one TP all-reduce each)
  int dense_ffn_layers = 0;
  int moe_layers = 0;
  int top_k = 0;
  std::int64_t experts = 0;
};
// MTP modules are left out (they run only for speculative decoding).
void build_step_profile(const model::ModelSpec& spec, const model::ModelAnalysis& a, Phase phase, StepProfile& out);

// Communication of one step on one card.
struct StepComm {
  double tp_all_reduce_wire_bytes = 0;  // per card, all layers
  double ep_all_to_all_wire_bytes = 0;
  double tp_seconds = 0;
  double ep_seconds = 0;
  int tp_all_reduces = 0;
  int ep_all_to_alls = 0;  // dispatch + combine counted as one each
  // One collective of each kind (per layer: TP has one after the mixer and one after the FFN; EP one
  // dispatch + combine pair per MoE layer).
  double tp_all_reduce_payload_bytes = 0;
  double tp_all_reduce_seconds_each = 0;
  double ep_layer_send_bytes = 0;  // dispatch + combine (+ count exchange) per MoE layer
  double ep_layer_seconds = 0;
  double link_bytes_per_s = 0;     // of the TP group (EP's when tp = 1)
  double seconds() const { return tp_seconds + ep_seconds; }
};

struct StepTime {
  double flops = 0;        // per card
  double bytes = 0;        // per card
  double compute_seconds = 0;  // sum over ops of FLOPs / peak
  double memory_seconds = 0;   // sum over ops of bytes / BW
  double op_seconds = 0;       // sum over ops of max(compute, memory): the roofline time of the step
  StepComm comm;
  double seconds = 0;          // op_seconds + communication (not overlapped)
};

// The fast path: a profile under a layout on a device.
StepTime evaluate_step(const StepProfile& p, const ShardPlan& plan, const DeviceRates& rates, const InferenceConfig& c);
StepComm step_comm(const StepProfile& p, const ShardPlan& plan, const DeviceRates& rates, const InferenceConfig& c);

// Per-op rows for tables and charts (one row per op group).
struct OpRoofline {
  model::OpKind kind = model::OpKind::kEmbedding;
  const char* variant = "";
  int count = 0;
  model::PhaseCost per_card;  // all `count` ops together, one card
  RooflinePoint point;        // at the config's efficiency
  double seconds_at_peak = 0;
};
std::vector<OpRoofline> op_rooflines(const StepProfile& p, const ShardPlan& plan, const DeviceRates& rates,
                                     const InferenceConfig& c);

// Convenience: analyse, then time. TTFT of a prompt (batch sequences prefilled together) and TPOT at
// batch B with `context` tokens already in the cache.
StepTime prefill_time(const model::ModelSpec& spec, const hw::Device& d, const model::AnalysisOptions& o,
                      const InferenceConfig& c, std::int64_t prompt, std::int64_t batch = 1, std::int64_t prefix = 0);
StepTime decode_time(const model::ModelSpec& spec, const hw::Device& d, const model::AnalysisOptions& o,
                     const InferenceConfig& c, std::int64_t batch, std::int64_t context);

}  // namespace llmsa::perf
