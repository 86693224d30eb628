#include "perf/train_memory.hpp"

#include <algorithm>
#include <cmath>

namespace llmsa::perf {

double activation_coefficient(Recompute r, int selective_every, double full_coefficient) {
  switch (r) {
    case Recompute::kNone: return full_coefficient;
    case Recompute::kFull: return 2;
    case Recompute::kSelective: {
      double k = std::max(2, selective_every);
      return (full_coefficient + 2 * (k - 1)) / k;
    }
  }
  return full_coefficient;
}

namespace {

// Activation bytes per layer per sequence-token-hidden unit (s*b*h multiplier) on one card.
double per_layer_coefficient(const TrainLayout& l, const TrainOptions& o) {
  double c = activation_coefficient(l.recompute, l.selective_every, o.activation_coefficient);
  if (o.conventions == Conventions::kMethodology) {
    // The methodology: TP does not reduce activations; sequence parallelism saves ~10-15% (s9).
    return l.sequence_parallel ? c * 0.875 : c;
  }
  // Korthikanti et al. 2022 with FlashAttention (no 5as/h score term): without SP the 24 units of
  // the TP-split GEMM inputs divide by tp and the 10 of norms/dropout/residuals do not; with SP all 34
  // divide. Scaled to the configured coefficient (17 for FP8 activations).
  double t = l.tp;
  double scale = o.activation_coefficient / 34.0;
  double full = l.sequence_parallel ? 34.0 / t : 10.0 + 24.0 / t;
  double ckpt = l.sequence_parallel ? 2.0 / t : 2.0;
  switch (l.recompute) {
    case Recompute::kNone: return full * scale;
    case Recompute::kFull: return ckpt;
    case Recompute::kSelective: {
      double k = std::max(2, l.selective_every);
      return (full * scale + ckpt * (k - 1)) / k;
    }
  }
  return full * scale;
}

}  // namespace

TrainMemory train_memory(const TrainModel& m, const TrainLayout& l, const TrainOptions& o) {
  TrainMemory r;
  const double tp_pp = static_cast<double>(l.tp) * l.pp;
  const double dense = m.params_dense() / tp_pp;
  const double expert = m.params_expert / (tp_pp * l.ep);
  const double p = dense + expert;
  r.params_per_card = p;
  const double shard = l.shard_group();
  const double layers_stage = std::ceil(static_cast<double>(m.layers) / l.pp);

  const double ob = optimizer_bytes_per_param(o.optimizer);
  if (o.finetune == Finetune::kFull) {
    // Non-expert states shard over the shard group, expert states over the expert shard group.
    const double eshard = l.expert_shard_group();
    r.weights = o.weight_bytes * p;
    r.gradients = o.grad_bytes * (l.zero_stage >= 2 ? dense / shard + expert / eshard : p);
    r.optimizer = ob * (l.zero_stage >= 1 ? dense / shard + expert / eshard : p);
    if (l.zero_stage >= 3) {
      r.weights = o.weight_bytes * (dense / shard + expert / eshard);
      if (o.conventions == Conventions::kMethodology) {
        // s9: the all-gather peak is the full 2N (HSDP: 2N / dp_replicate, as written).
        r.weights_gather_peak = o.weight_bytes * p / l.replicate_group() - r.weights;
      } else {
        // FSDP2 gathers one layer at a time and prefetches the next: two layers materialised.
        double layer = m.params_per_layer_dense() / l.tp +
                       (m.moe_layers > 0 ? m.params_per_layer_expert() * m.moe_layers / m.layers / (l.tp * l.ep) : 0);
        r.weights_gather_peak = std::min(2 * o.weight_bytes * layer, o.weight_bytes * p - r.weights);
      }
    }
  } else {
    // LoRA: N_LoRA = L 8 d r (Q, K, V, O), times the module multiplier (s9).
    r.lora_params = static_cast<double>(m.layers) * 8 * m.hidden * o.lora_rank * o.lora_module_multiplier;
    const double lora = r.lora_params / tp_pp;
    const double base_bytes = o.finetune == Finetune::kQlora ? 0.5 : o.weight_bytes;  // NF4 base for QLoRA
    r.weights = base_bytes * p + o.weight_bytes * lora;
    r.optimizer = ob * lora;
    r.gradients = o.grad_bytes * lora;
    if (l.zero_stage >= 1) r.optimizer /= shard;
    if (l.zero_stage >= 2) r.gradients /= shard;
    // QLoRA dequantises one layer's d x d block at a time: 2 d^2 bytes (s9: ~134 MB at d = 8192).
    if (o.finetune == Finetune::kQlora) r.transient = 2.0 * m.hidden * m.hidden;
  }

  const double sbh = static_cast<double>(l.micro_batch) * (static_cast<double>(l.seq_len) / l.cp) * m.hidden;
  double act = per_layer_coefficient(l, o) * layers_stage * sbh;
  if (o.conventions == Conventions::kMegatron && l.pp > 1) {
    // 1F1B: the first stage holds min(pp, microbatches) microbatches in flight; interleaving adds
    // (pp - 1) / (pp v) (Korthikanti et al. 2022, s4.2.3).
    double in_flight = std::min<double>(l.pp, std::max<std::int64_t>(1, l.microbatches()));
    if (l.vpp > 1) in_flight *= 1.0 + (l.pp - 1.0) / (static_cast<double>(l.pp) * l.vpp);
    act *= in_flight;
  }
  if (l.cp > 1) {
    // s9: keys/values kept for the backward of ring attention, 4 L H_kv D T / cp bytes (per sequence).
    act += 4.0 * layers_stage * m.kv_heads * m.head_dim * (static_cast<double>(l.seq_len) / l.cp) * l.micro_batch;
  }
  r.activations = act;

  // Offload (s9). Optimizer: the states leave the card; each step moves BF16 gradients down and
  // BF16 parameters up (4 bytes per local parameter). Parameters: 6 bytes per parameter per step, and
  // the card keeps two layers. Activations: written out and read back (2x), one layer stays.
  const double local = (o.finetune == Finetune::kFull ? p : r.lora_params / tp_pp) / (l.zero_stage >= 1 ? shard : 1);
  if (o.offload_optimizer) {
    r.optimizer = 0;
    r.offload_pcie_bytes_per_step += 4 * local;
  }
  if (o.offload_params) {
    double full = o.weight_bytes * p / (l.zero_stage >= 3 ? shard : 1);
    r.weights = std::min(full, 2 * o.weight_bytes * p / std::max(1.0, layers_stage));
    r.weights_gather_peak = 0;
    r.offload_pcie_bytes_per_step += 6 * p / (l.zero_stage >= 3 ? shard : 1);
  }
  if (o.offload_activations) {
    r.offload_pcie_bytes_per_step += 2 * act * std::max<std::int64_t>(1, l.microbatches());
    r.activations = act / std::max(1.0, layers_stage);
  }
  return r;
}

const char* largest_memory_component(const TrainMemory& mem) {
  struct Part { const char* name; double v; };
  const Part parts[] = {{"weights", mem.weights + mem.weights_gather_peak},
                        {"optimizer states", mem.optimizer},
                        {"gradients", mem.gradients},
                        {"activations", mem.activations}};
  const Part* best = &parts[0];
  for (const auto& q : parts)
    if (q.v > best->v) best = &q;
  return best->name;
}

}  // namespace llmsa::perf
