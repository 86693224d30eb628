#pragma once
// Training memory per card (methodology s9, Part 5): weights, gradients, optimizer states and
// activations under TP/PP/DP/EP/CP, ZeRO 0-3 and FSDP/HSDP, recompute, offload and LoRA/QLoRA.
// Bytes are decimal (the methodology's training GB are 10^9 bytes).
#include <string>

#include "perf/train_layout.hpp"
#include "perf/train_model.hpp"

namespace llmsa::perf {

struct TrainMemory {
  double params_per_card = 0;     // non-expert / (tp pp) + expert / (tp pp ep), before ZeRO sharding
  double weights = 0;             // resident
  double weights_gather_peak = 0; // extra while ZeRO-3/FSDP gathers (0 otherwise)
  double gradients = 0;
  double optimizer = 0;
  double activations = 0;         // incl. the CP keys/values kept for backward
  double transient = 0;           // QLoRA per-layer dequantisation buffer
  double resident() const { return weights + gradients + optimizer + activations; }
  double peak() const { return resident() + weights_gather_peak + transient; }
  double offload_pcie_bytes_per_step = 0;  // host <-> card traffic the offloads cost
  double lora_params = 0;                  // N_LoRA (0 for full fine-tuning)
};

// Methodology s9 activation coefficient per layer for a recompute mode: C (none), 2 (full: input +
// residual), (C + 2 (K - 1)) / K (one layer in K keeps everything).
double activation_coefficient(Recompute r, int selective_every, double full_coefficient);

TrainMemory train_memory(const TrainModel& m, const TrainLayout& l, const TrainOptions& o);

// The largest component of the peak, for "does not fit" messages: "optimizer", "activations", ...
const char* largest_memory_component(const TrainMemory& mem);

}  // namespace llmsa::perf
