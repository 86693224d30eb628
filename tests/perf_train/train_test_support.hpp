#pragma once
// The models of the methodology's training examples, built from the numbers the text states
// (methodology.md s9-s10), so golden tests reproduce the author's inputs exactly.
#include "perf/train_model.hpp"

namespace llmsa::test {

// MiniMax-M3 as Part 5/6 use it: N = 428B, 30B non-expert / 398B expert (s9 Part 5 CH 7), d 6144,
// L 60 (57 MoE), T 8192, top-4 of 128 experts.
inline perf::TrainModel m3_methodology() {
  perf::TrainModel m;
  m.name = "MiniMax-M3 (methodology s9)";
  m.params_total = 428e9;
  m.params_expert = 398e9;
  m.layers = 60;
  m.hidden = 6144;
  m.heads = 64;
  m.kv_heads = 4;
  m.head_dim = 128;
  m.moe_layers = 57;
  m.experts = 128;
  m.top_k = 4;
  return m;
}

// Dense 70B of Part 6 Cases 1-2 and Part 5 LoRA: d 8192, L 80, H_q 64, H_kv 8, D 128, N = 70B.
inline perf::TrainModel dense70b_methodology() {
  perf::TrainModel m;
  m.name = "Dense 70B (methodology s9-s10)";
  m.params_total = 70e9;
  m.layers = 80;
  m.hidden = 8192;
  m.heads = 64;
  m.kv_heads = 8;
  m.head_dim = 128;
  return m;
}

inline perf::TrainOptions methodology_options() {
  perf::TrainOptions o;
  o.conventions = perf::Conventions::kMethodology;
  return o;
}

}  // namespace llmsa::test
