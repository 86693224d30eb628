#include "perf/train_step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "perf/collectives.hpp"
#include "perf/train_memory.hpp"

namespace llmsa::perf {

double pipeline_bubble_seconds(int pp, int vpp, std::int64_t microbatches, double t_fb, Conventions c) {
  if (pp <= 1) return 0;
  double b = (pp - 1.0) / std::max(1, vpp) * t_fb;
  return c == Conventions::kMethodology ? b / static_cast<double>(std::max<std::int64_t>(1, microbatches)) : b;
}

double compose_step_seconds(std::int64_t microbatches, double compute_mb, double ep_mb, double tp_mb, double pp_mb,
                            double bubble, double dp_exposed) {
  return static_cast<double>(microbatches) * (compute_mb + ep_mb + tp_mb + pp_mb) + bubble + dp_exposed;
}

namespace {

// Everything a step needs, computed once and shared by the fast path and the report.
struct Volumes {
  bool methodology = false;
  double layers_stage = 0, moe_layers_stage = 0;
  double tokens_mb = 0;  // tokens of one microbatch on one cp rank
  bool tp_up = true, cp_up = true, ep_up = true, dp_up = true, shard_up = true, pp_up = true;
  double tp_payload = 0, tp_ops = 0;
  double cp_payload = 0, cp_ops = 0;
  double ep_payload = 0, ep_wire = 0, ep_ops = 0;
  double pp_payload = 0, pp_ops = 0;
  double dp_payload = 0, dp_wire = 0;
  int dp_group = 1;
  double fsdp_layer_payload = 0, fsdp_wire = 0;
};

Volumes volumes(const TrainModel& m, const TrainLayout& l, const TrainOptions& o, const TrainDevice& d) {
  Volumes v;
  v.methodology = o.conventions == Conventions::kMethodology;
  const double pp = l.pp;
  v.layers_stage = std::ceil(static_cast<double>(m.layers) / pp);
  v.moe_layers_stage = v.methodology ? std::round(static_cast<double>(m.moe_layers) / pp)
                                     : std::ceil(static_cast<double>(m.moe_layers) / pp);
  v.tokens_mb = static_cast<double>(l.micro_batch) * static_cast<double>(l.seq_len) / l.cp;
  const double act_bytes = 2.0;  // BF16 activations on the wire
  const std::int64_t dom = d.scale_up_domain;
  const std::int64_t tp = l.tp, cp = l.cp, ep = l.ep;
  v.tp_up = tp <= dom;
  v.cp_up = tp * cp <= dom;
  v.ep_up = tp * cp * ep <= dom;
  const std::int64_t ep_outside = l.ep_within_dp ? 1 : ep;  // EP inside DP adds no span of its own
  v.shard_up = tp * cp * ep_outside * l.shard_group() <= dom;
  v.dp_up = tp * cp * ep_outside * l.dp <= dom;
  v.pp_up = l.cards() <= dom;
  const bool full_rc = l.recompute == Recompute::kFull;

  if (l.tp > 1) {
    v.tp_payload = v.tokens_mb * m.hidden * act_bytes;
    // Methodology: the two RowParallel all-reduces of the forward. Megatron: forward 2 + backward 2
    // (ColumnParallel), +2 when full recompute reruns the forward. SP turns each into RS + AG, same bytes.
    v.tp_ops = v.layers_stage * (v.methodology ? 2 : (full_rc ? 6 : 4));
  }
  if (l.cp > 1) {
    // Ring attention: cp - 1 steps per layer, each passing K and V of T/cp tokens (s10); the backward
    // passes K, V and their gradients (2x), so 3 passes' worth per layer per microbatch.
    v.cp_payload = 2.0 * m.kv_heads * m.head_dim * v.tokens_mb * act_bytes;
    v.cp_ops = v.layers_stage * (l.cp - 1) * 3;
  }
  if (l.ep > 1 && m.moe_layers > 0) {
    if (v.methodology) {
      // s10: 2 (ep - 1) / ep B T d 2 bytes per all-to-all, two per MoE layer, top-k ignored (F18).
      v.ep_payload = v.tokens_mb * m.hidden * act_bytes;
      v.ep_wire = 2.0 * (ep - 1.0) / ep * v.ep_payload;
      v.ep_ops = v.moe_layers_stage * 2;
    } else {
      // Each token goes to top_k experts: dispatch and combine move k copies, (ep - 1) / ep of them
      // off-rank; forward and backward each run dispatch + combine (+ forward again under full recompute).
      // With SP each TP rank dispatches its own 1/tp of the sequence.
      const double tokens = v.tokens_mb / (l.sequence_parallel ? static_cast<double>(l.tp) : 1.0);
      v.ep_payload = tokens * static_cast<double>(std::max<std::int64_t>(1, m.top_k)) * m.hidden * act_bytes;
      v.ep_wire = all_to_all_wire_bytes(v.ep_payload, l.ep);
      v.ep_ops = v.moe_layers_stage * (full_rc ? 6 : 4);
    }
  }
  if (l.pp > 1) {
    v.pp_payload = v.tokens_mb * m.hidden * act_bytes / (!v.methodology && l.sequence_parallel ? l.tp : 1);
    // Methodology's M3 table: 8 transfers per microbatch at vpp 2 (send + receive, forward + backward,
    // per virtual stage). Megatron: a send each way per virtual stage (receives overlap on the other link).
    v.pp_ops = (v.methodology ? 4.0 : 2.0) * l.vpp;
  }
  const double tp_pp = static_cast<double>(l.tp) * l.pp;
  // s10 DP volume: the methodology uses N / (tp pp) even with EP (F18); Megatron reduces what the rank holds.
  const double local = v.methodology ? m.params_total / tp_pp : m.params_dense() / tp_pp + m.params_expert / (tp_pp * l.ep);
  if (l.zero_stage < 3) {
    v.dp_group = l.dp;
    v.dp_payload = local * o.grad_bytes;
    if (v.methodology || m.params_expert <= 0) {
      v.dp_wire = l.dp > 1 ? ring_all_reduce_wire_bytes(v.dp_payload, l.dp) : 0;
    } else {
      // Non-expert gradients reduce over dp, expert gradients over the expert data-parallel group.
      const double dense_bytes = m.params_dense() / tp_pp * o.grad_bytes;
      const double expert_bytes = m.params_expert / (tp_pp * l.ep) * o.grad_bytes;
      const int edp = l.ep_within_dp ? std::max(1, l.dp / l.ep) : l.dp;
      v.dp_wire = (l.dp > 1 ? ring_all_reduce_wire_bytes(dense_bytes, l.dp) : 0) +
                  (edp > 1 ? ring_all_reduce_wire_bytes(expert_bytes, edp) : 0);
    }
  } else {
    // FSDP per-layer all-gather (s10) over the shard group; HSDP adds an all-reduce over the replicas of
    // the shard each rank holds (the methodology's Case 1 uses N / all ranks for that shard).
    double layer = m.params_per_layer_dense() / l.tp +
                   (m.moe_layers > 0 ? m.params_per_layer_expert() * m.moe_layers / m.layers / (l.tp * l.ep) : 0);
    v.fsdp_layer_payload = layer * o.weight_bytes;
    v.fsdp_wire = ring_all_gather_wire_bytes(v.fsdp_layer_payload, l.shard_group());
    int rep = l.replicate_group();
    v.dp_group = rep;
    if (rep > 1) {
      double shard_params = v.methodology ? local / (static_cast<double>(l.shard_group()) * rep) : local / l.shard_group();
      v.dp_payload = shard_params * o.grad_bytes;
      v.dp_wire = ring_all_reduce_wire_bytes(v.dp_payload, rep);
    }
  }
  return v;
}

const TierBandwidth& tier(const TrainDevice& d, bool up) { return up ? d.scale_up : d.scale_out; }

double bw(const TrainDevice& d, bool up, Primitive p) { return tier(d, up).of(p); }

}  // namespace

StepBreakdown train_step(const TrainModel& m, const TrainLayout& l, const TrainOptions& o, const TrainDevice& d,
                         const StepOverrides& ov) {
  StepBreakdown s;
  const Volumes v = volumes(m, l, o, d);
  s.microbatches = std::max<std::int64_t>(1, l.microbatches());
  const double mu = static_cast<double>(s.microbatches);

  const double stage_flops = static_cast<double>(l.micro_batch) *
                             (v.layers_stage * m.layer_flops_per_seq + m.head_flops_per_seq) /
                             (static_cast<double>(l.tp) * l.cp);
  s.useful_mb = ov.useful_mb > 0 ? ov.useful_mb : stage_flops / d.effective_flops();
  double overhead = 0;
  if (l.recompute == Recompute::kFull) overhead = d.recompute_full_overhead;
  if (l.recompute == Recompute::kSelective)
    overhead = d.recompute_full_overhead * (std::max(2, l.selective_every) - 1.0) / std::max(2, l.selective_every);
  s.compute_mb = ov.compute_mb > 0 ? ov.compute_mb : s.useful_mb * (1 + overhead);

  if (v.tp_ops > 0) s.tp_mb = v.tp_ops * ring_all_reduce_wire_bytes(v.tp_payload, l.tp) / bw(d, v.tp_up, Primitive::kAllReduce);
  if (v.cp_ops > 0) s.cp_mb = v.cp_ops * v.cp_payload / bw(d, v.cp_up, Primitive::kP2p);
  if (v.ep_ops > 0) s.ep_mb = v.ep_ops * v.ep_wire / bw(d, v.ep_up, Primitive::kAllToAll);
  if (v.pp_ops > 0) s.pp_mb = v.pp_ops * v.pp_payload / bw(d, v.pp_up, Primitive::kP2p);
  if (v.fsdp_wire > 0 && l.shard_group() > 1) {
    // Prefetch on a separate stream: hidden when the layer's compute covers the next gather (s10);
    // the first gather of each pass is always exposed. Backward: all-gather + reduce-scatter per layer.
    double ag = v.fsdp_wire / bw(d, v.shard_up, Primitive::kAllGather);
    double rs = v.fsdp_wire / bw(d, v.shard_up, Primitive::kReduceScatter);
    double layer_fwd = s.useful_mb / 3 / v.layers_stage;
    double layer_bwd = 2 * layer_fwd;
    s.fsdp_mb = ag + v.layers_stage * (std::max(0.0, ag - layer_fwd) + std::max(0.0, ag + rs - layer_bwd));
  }
  s.bubble = pipeline_bubble_seconds(l.pp, l.vpp, s.microbatches, s.compute_mb, o.conventions);
  if (v.dp_wire > 0) {
    s.dp_total = v.dp_wire / bw(d, v.dp_up, Primitive::kAllReduce);
    s.dp_exposed = s.dp_total * (1 - d.dp_overlap);
  }
  if (o.offload_optimizer || o.offload_params || o.offload_activations) {
    const TrainMemory mem = train_memory(m, l, o);
    s.offload = mem.offload_pcie_bytes_per_step / d.pcie_bytes_per_s;
    if (o.offload_optimizer) s.offload += mem.params_per_card / (l.zero_stage >= 1 ? l.shard_group() : 1) / d.cpu_adam_params_per_s;
  }
  s.step = mu * (s.compute_mb + s.ep_mb + s.tp_mb + s.pp_mb + s.cp_mb + s.fsdp_mb) + s.bubble + s.dp_exposed + s.offload;
  s.tokens_per_s = static_cast<double>(l.effective_global_batch()) * static_cast<double>(l.seq_len) / s.step;
  s.eta = mu * s.useful_mb / s.step;
  s.compute_share = mu * s.compute_mb / s.step;
  s.mfu = mu * s.useful_mb * d.compute_efficiency / s.step;
  return s;
}

std::vector<CommLine> train_comm_lines(const TrainModel& m, const TrainLayout& l, const TrainOptions& o,
                                       const TrainDevice& d, const StepOverrides& ov) {
  const Volumes v = volumes(m, l, o, d);
  const StepBreakdown s = train_step(m, l, o, d, ov);
  const double mu = static_cast<double>(s.microbatches);
  std::vector<CommLine> out;
  auto add = [&](const char* dim, Primitive p, bool up, double payload, double wire, double ops, double exposed,
                 std::string why) {
    CommLine c;
    c.dimension = dim;
    c.primitive = primitive_name(p);
    c.tier = tier(d, up).name;
    c.scale_up = up;
    c.payload_bytes = payload;
    c.wire_bytes = wire;
    c.ops = ops;
    c.bandwidth = bw(d, up, p);
    c.seconds = ops * wire / c.bandwidth;
    c.exposed_seconds = exposed;
    c.overlap = std::move(why);
    out.push_back(std::move(c));
  };
  if (v.tp_ops > 0)
    add("TP", Primitive::kAllReduce, v.tp_up, v.tp_payload, ring_all_reduce_wire_bytes(v.tp_payload, l.tp), v.tp_ops * mu,
        mu * s.tp_mb, "exposed: the next GEMM consumes the reduced output on the same stream (s10)");
  if (v.cp_ops > 0)
    add("CP", Primitive::kP2p, v.cp_up, v.cp_payload, v.cp_payload, v.cp_ops * mu, mu * s.cp_mb,
        "exposed: each ring step feeds the next block of attention (s10: almost fully exposed)");
  if (v.ep_ops > 0)
    add("EP", Primitive::kAllToAll, v.ep_up, v.ep_payload, v.ep_wire, v.ep_ops * mu, mu * s.ep_mb,
        "exposed: the overlap window is the gate + permute (~0.05 ms), far below the all-to-all (s10)");
  if (v.pp_ops > 0)
    add("PP", Primitive::kP2p, v.pp_up, v.pp_payload, v.pp_payload, v.pp_ops * mu, mu * s.pp_mb,
        "exposed: the receiving stage waits for its input (as in the s10 M3 example)");
  if (v.fsdp_wire > 0 && l.shard_group() > 1) {
    double ag = v.fsdp_wire / bw(d, v.shard_up, Primitive::kAllGather);
    double layer_fwd = s.useful_mb / 3 / v.layers_stage;
    add("FSDP", Primitive::kAllGather, v.shard_up, v.fsdp_layer_payload, v.fsdp_wire, v.layers_stage * 2 * mu,
        mu * s.fsdp_mb,
        fmt::format("prefetched: layer forward {:.2f} ms {} all-gather {:.2f} ms; the first gather is exposed", layer_fwd * 1e3,
                    layer_fwd >= ag ? ">=" : "<", ag * 1e3));
    add("FSDP", Primitive::kReduceScatter, v.shard_up, v.fsdp_layer_payload, v.fsdp_wire, v.layers_stage * mu, 0,
        "overlaps the backward of the previous layer (counted in the FSDP exposed time above)");
  }
  if (v.dp_wire > 0)
    add(l.zero_stage >= 3 ? "DP (HSDP replicas)" : "DP", Primitive::kAllReduce, l.zero_stage >= 3 ? v.dp_up : v.dp_up,
        v.dp_payload, v.dp_wire, 1, s.dp_exposed,
        fmt::format("bucketed during backward: {:.0f}% hidden (s10); window {:.0f} ms of backward vs {:.0f} ms of reduce{}",
                    d.dp_overlap * 100, mu * s.useful_mb * 2 / 3 * 1e3, s.dp_total * 1e3,
                    mu * s.useful_mb * 2 / 3 >= s.dp_total ? "" : " (the s10 overlap condition fails: more is exposed in practice)"));
  return out;
}

}  // namespace llmsa::perf
