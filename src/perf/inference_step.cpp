#include "perf/inference_step.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/error_location.hpp"
#include "perf/collectives.hpp"
#include "perf/moe_comm_volume.hpp"

namespace llmsa::perf {

using model::OpKind;

const char* phase_name(Phase p) { return p == Phase::kPrefill ? "prefill" : "decode"; }

hw::Dtype to_hw_dtype(model::DType t) {
  switch (t) {
    case model::DType::kFp32: return hw::Dtype::kFp32;
    case model::DType::kBf16: return hw::Dtype::kBf16;
    case model::DType::kFp16: return hw::Dtype::kFp16;
    case model::DType::kFp8: return hw::Dtype::kFp8;
    case model::DType::kInt8: return hw::Dtype::kInt8;
    case model::DType::kInt4: return hw::Dtype::kInt4;
    case model::DType::kFp4: return hw::Dtype::kFp4;
  }
  return hw::Dtype::kBf16;
}

DeviceRates device_rates(const hw::Device& d, const model::AnalysisOptions& o, const InferenceConfig& c) {
  DeviceRates r;
  r.compute_dtype = c.compute_dtype ? *c.compute_dtype : to_hw_dtype(o.activation_dtype);
  auto peak = d.dense_flops(r.compute_dtype);
  if (!peak)
    throw_bad_input(at("", "compute_dtype"),
                    fmt::format("{} has no native {} compute in the hardware database (formats it has: {})", d.name,
                                hw::dtype_name(r.compute_dtype), [&] {
                                  std::string s;
                                  for (const auto& [k, v] : d.compute) s += (s.empty() ? "" : ", ") + std::string(hw::dtype_name(k));
                                  return s;
                                }()));
  r.peak_flops_per_s = *peak;
  r.bytes_per_s = d.memory_bandwidth_bytes_per_s.value;
  if (d.scale_up) r.scale_up_bytes_per_s = d.scale_up->per_direction_bytes_per_s();
  if (d.scale_out) r.scale_out_bytes_per_s = d.scale_out->per_direction_bytes_per_s();
  if (c.comm.link_bytes_per_s) r.scale_up_bytes_per_s = r.scale_out_bytes_per_s = *c.comm.link_bytes_per_s;
  if (!(c.efficiency.compute > 0 && c.efficiency.compute <= 1 && c.efficiency.memory > 0 && c.efficiency.memory <= 1))
    throw_bad_input(at("", "efficiency"), "efficiencies are fractions of peak in (0, 1]");
  return r;
}

void build_step_profile(const model::ModelSpec& spec, const model::ModelAnalysis& a, Phase phase, StepProfile& out) {
  out.phase = phase;
  out.groups.clear();
  const bool prefill = phase == Phase::kPrefill;
  for (const auto& op : a.ops) {
    if (op.scope == model::OpScope::kMtp) continue;
    if (!prefill && op.scope == model::OpScope::kVision) continue;
    const model::PhaseCost& c = prefill ? op.prefill : op.decode;
    bool merged = false;
    for (auto& g : out.groups) {
      if (g.kind == op.kind && g.variant == op.variant && g.cost.flops == c.flops &&
          g.cost.weight_bytes == c.weight_bytes && g.cost.activation_bytes == c.activation_bytes &&
          g.cost.kv_read_bytes == c.kv_read_bytes && g.cost.kv_write_bytes == c.kv_write_bytes) {
        ++g.count;
        merged = true;
        break;
      }
    }
    if (!merged) out.groups.push_back(OpGroup{op.kind, op.variant, 1, c});
  }
  out.mixer_layers = out.dense_ffn_layers = out.moe_layers = 0;
  for (const auto& l : spec.layers) {
    out.mixer_layers += l.mixer != model::MixerKind::kNone;
    out.dense_ffn_layers += l.ffn == model::FfnKind::kDense;
    out.moe_layers += l.ffn == model::FfnKind::kMoe;
  }
  out.expert_weight_bytes_per_layer = 0;
  if (spec.moe.present) {
    for (const auto& op : a.ops)
      if (op.kind == OpKind::kMoeExperts && op.scope == model::OpScope::kLayer) {
        out.expert_weight_bytes_per_layer = static_cast<double>(op.params_total) * model::dtype_bytes(a.options.weight_dtype);
        break;
      }
  }
  const auto& w = a.workload;
  out.tokens = w.batch * (prefill ? w.seq : 1);
  out.hidden = spec.hidden;
  out.activation_bytes_per_element = model::dtype_bytes(a.options.activation_dtype);
  out.top_k = static_cast<int>(spec.moe.top_k);
  out.experts = spec.moe.num_experts;
}

namespace {

double link_for_group(int group, const DeviceRates& r, const InferenceConfig& c) {
  double bw = group <= c.comm.node_size ? r.scale_up_bytes_per_s : r.scale_out_bytes_per_s;
  if (!(bw > 0))
    throw_bad_input(at("", "link"), fmt::format("a group of {} cards needs a {} link, which the device lacks", group,
                                                group <= c.comm.node_size ? "scale-up" : "scale-out"));
  return bw;
}

}  // namespace

StepComm step_comm(const StepProfile& p, const ShardPlan& plan, const DeviceRates& r, const InferenceConfig& c) {
  StepComm s;
  const int tp = plan.layout.tp, ep = plan.layout.ep;
  const double payload = static_cast<double>(p.tokens) * static_cast<double>(p.hidden) * p.activation_bytes_per_element;
  if (tp > 1) {
    // Megatron-style TP: one all-reduce after each mixer and each FFN (methodology s6: "two all-reduces per
    // layer"); an MoE layer under EP > 1 uses all-to-all instead.
    s.tp_all_reduces = p.mixer_layers + p.dense_ffn_layers + (ep > 1 ? 0 : p.moe_layers);
    const double wire = ring_all_reduce_wire_bytes(payload, tp);
    s.link_bytes_per_s = link_for_group(tp, r, c);
    s.tp_all_reduce_payload_bytes = payload;
    s.tp_all_reduce_seconds_each =
        collective_seconds(wire, s.link_bytes_per_s, ring_all_reduce_steps(tp), c.comm.step_latency_seconds);
    s.tp_all_reduce_wire_bytes = wire * s.tp_all_reduces;
    s.tp_seconds = s.tp_all_reduces * s.tp_all_reduce_seconds_each;
  }
  if (ep > 1 && p.moe_layers > 0) {
    // Each card dispatches its share of the replica's tokens (tokens / tp) to the experts and combines them back.
    MoeCommShape shape;
    shape.tokens = std::max<std::int64_t>(1, p.tokens / tp);
    shape.hidden = p.hidden;
    shape.top_k = p.top_k;
    shape.experts = p.experts;
    shape.ep = ep;
    shape.dispatch_bytes_per_element = p.activation_bytes_per_element;
    shape.combine_bytes_per_element = p.activation_bytes_per_element;
    MoeCommVolume v = all_to_all_volume(shape);
    s.ep_all_to_alls = 2 * p.moe_layers;
    s.ep_all_to_all_wire_bytes = v.send_bytes() * p.moe_layers;
    const double bw = link_for_group(ep, r, c);
    if (s.link_bytes_per_s == 0) s.link_bytes_per_s = bw;
    s.ep_layer_send_bytes = v.send_bytes();
    s.ep_layer_seconds = transfer_seconds(v, bw) + 2 * c.comm.step_latency_seconds;
    s.ep_seconds = p.moe_layers * s.ep_layer_seconds;
  }
  return s;
}

namespace {

model::PhaseCost group_card_cost(const OpGroup& g, const StepProfile& p, const ShardPlan& plan) {
  return shard_cost(g.cost, g.kind, plan, p.expert_weight_bytes_per_layer);
}

}  // namespace

StepTime evaluate_step(const StepProfile& p, const ShardPlan& plan, const DeviceRates& r, const InferenceConfig& c) {
  StepTime t;
  const double peak = r.peak_flops_per_s * c.efficiency.compute, bw = r.bytes_per_s * c.efficiency.memory;
  for (const auto& g : p.groups) {
    const model::PhaseCost k = group_card_cost(g, p, plan);
    const double n = g.count, bytes = k.bytes();
    const double tc = k.flops / peak, tm = bytes / bw;
    t.flops += n * k.flops;
    t.bytes += n * bytes;
    t.compute_seconds += n * tc;
    t.memory_seconds += n * tm;
    t.op_seconds += n * std::max(tc, tm);
  }
  t.comm = step_comm(p, plan, r, c);
  t.seconds = t.op_seconds + t.comm.seconds();
  return t;
}

std::vector<OpRoofline> op_rooflines(const StepProfile& p, const ShardPlan& plan, const DeviceRates& r,
                                     const InferenceConfig& c) {
  std::vector<OpRoofline> rows;
  for (const auto& g : p.groups) {
    model::PhaseCost k = group_card_cost(g, p, plan);
    OpRoofline row;
    row.kind = g.kind;
    row.variant = g.variant;
    row.count = g.count;
    const double n = g.count;
    row.per_card.flops = k.flops * n;
    row.per_card.weight_bytes = k.weight_bytes * n;
    row.per_card.activation_bytes = k.activation_bytes * n;
    row.per_card.kv_read_bytes = k.kv_read_bytes * n;
    row.per_card.kv_write_bytes = k.kv_write_bytes * n;
    row.point = roofline(row.per_card.flops, row.per_card.bytes(), r.peak_flops_per_s, r.bytes_per_s, c.efficiency);
    row.seconds_at_peak = roofline(row.per_card.flops, row.per_card.bytes(), r.peak_flops_per_s, r.bytes_per_s).seconds;
    rows.push_back(row);
  }
  return rows;
}

StepTime prefill_time(const model::ModelSpec& spec, const hw::Device& d, const model::AnalysisOptions& o,
                      const InferenceConfig& c, std::int64_t prompt, std::int64_t batch, std::int64_t prefix) {
  if (prompt < 1 || batch < 1 || prefix < 0) throw_bad_input(at("", "prompt"), "prompt and batch must be >= 1, prefix >= 0");
  require_valid_layout(spec, c.layout);
  model::Workload w;
  w.seq = prompt;
  w.prefix = prefix;
  w.batch = batch;
  model::ModelAnalysis a = model::analyze(spec, w, o);
  StepProfile p;
  build_step_profile(spec, a, Phase::kPrefill, p);
  return evaluate_step(p, make_shard_plan(spec, c.layout), device_rates(d, o, c), c);
}

StepTime decode_time(const model::ModelSpec& spec, const hw::Device& d, const model::AnalysisOptions& o,
                     const InferenceConfig& c, std::int64_t batch, std::int64_t context) {
  if (context < 1 || batch < 1) throw_bad_input(at("", "context"), "batch and context must be >= 1");
  require_valid_layout(spec, c.layout);
  model::Workload w;
  w.seq = context;
  w.batch = batch;
  model::ModelAnalysis a = model::analyze(spec, w, o);
  StepProfile p;
  build_step_profile(spec, a, Phase::kDecode, p);
  return evaluate_step(p, make_shard_plan(spec, c.layout), device_rates(d, o, c), c);
}

}  // namespace llmsa::perf
