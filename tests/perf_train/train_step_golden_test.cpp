// Step-time golden values: methodology.md s10 (Part 6), Appendix V.1 (exact recomputation) and the
// s12 / V.3 flags (F17, F18, F19, A5, A19) where the author's numbers disagree with each other.
#include <gtest/gtest.h>

#include "hw/hardware_db.hpp"
#include "model/config_reader.hpp"
#include "perf/train_step.hpp"
#include "train_test_support.hpp"

namespace llmsa::perf {
namespace {

using test::dense70b_methodology;
using test::m3_methodology;
using test::methodology_options;

TrainDevice device(const char* name) { return train_device(hw::HardwareDb::builtin().require(name), true); }

// The s10 M3 layout: tp 4, pp 4, ep 8, dp 4 (ZeRO-2), vpp 2, B_micro 2, T 8192, B_global 32 -> mu 4.
TrainLayout m3_layout() {
  TrainLayout l;
  l.tp = 4;
  l.pp = 4;
  l.ep = 8;
  l.dp = 4;
  l.vpp = 2;
  l.zero_stage = 2;
  l.micro_batch = 2;
  l.seq_len = 8192;
  l.global_batch = 32;
  l.recompute = Recompute::kFull;
  return l;
}

// The stage time per microbatch is the author's (s10: 33 ms forward, 66 backward, 132 with ckpt),
// resting on the F17 expert width 2048; we take it as given rather than recompute it.
const StepOverrides kM3Compute{0.132, 0.099};

const CommLine& line(const std::vector<CommLine>& v, const std::string& dim) {
  for (const auto& c : v)
    if (c.dimension == dim) return c;
  static CommLine none;
  ADD_FAILURE() << "no " << dim << " line";
  return none;
}

// s10 / V.1: D_TP 201.3 MB, all-reduce 302.0 MB, TP 30 x 302 MB at 360 GB/s = 25.17 ms per microbatch;
// EP 352.3 MB per all-to-all, 28 per microbatch at 20 GB/s = 493.25 ms; PP 8 x 201 MB at 50 GB/s =
// 32.21 ms; DP 80.25 GB at 50 GB/s = 1.605 s, 10% exposed; bubble 3/(2 x 4) x 132 = 49.5 ms;
// step 2,940 ms unrounded (author 2,938 from rounded parts); eta 528 / 2,940 = 18%.
TEST(TrainStepGolden, M3OnH100) {
  const TrainDevice h100 = device("H100");
  const auto o = methodology_options();
  auto s = train_step(m3_methodology(), m3_layout(), o, h100, kM3Compute);
  EXPECT_EQ(s.microbatches, 4);
  EXPECT_NEAR(s.tp_mb * 1e3, 25.17, 0.01);
  EXPECT_NEAR(s.ep_mb * 1e3, 493.25, 0.05);
  EXPECT_NEAR(s.pp_mb * 1e3, 32.21, 0.01);
  EXPECT_NEAR(s.dp_total, 1.605, 0.001);
  EXPECT_NEAR(s.dp_exposed * 1e3, 160.5, 0.1);
  EXPECT_NEAR(s.bubble * 1e3, 49.5, 1e-6);
  EXPECT_NEAR(s.step, 2.940, 0.002);
  // The M3 example's "eta" counts the recompute as useful (528 = 4 x 132): 17.97%.
  EXPECT_NEAR(s.compute_share, 0.1797, 0.001);
  // s10 defines eta as useful compute with recompute as overhead; by that definition M3 is
  // 4 x 99 / 2,940 = 13.5%, which is the consistent value (the dense cases use it).
  EXPECT_NEAR(s.eta, 0.1347, 0.001);
  // ~90,000 tokens/s (262,144 tokens per step).
  EXPECT_NEAR(s.tokens_per_s, 262144 / 2.940, 100);
  auto lines = train_comm_lines(m3_methodology(), m3_layout(), o, h100, kM3Compute);
  EXPECT_NEAR(line(lines, "TP").payload_bytes / 1e6, 201.3, 0.05);
  EXPECT_NEAR(line(lines, "TP").wire_bytes / 1e6, 302.0, 0.05);
  EXPECT_NEAR(line(lines, "EP").wire_bytes / 1e6, 352.3, 0.05);
  EXPECT_NEAR(line(lines, "DP").wire_bytes / 1e9, 80.25, 0.01);
  EXPECT_FALSE(line(lines, "TP").scale_up == false);  // tp 4 stays on NVLink
  EXPECT_FALSE(line(lines, "EP").scale_up);            // tp x ep = 32 > 8 crosses IB
}

// A5: the step adds the bubble once per step (49.5 ms) although (pp - 1)/(v mu) x t is the bubble
// *fraction* of one microbatch. The idle time of a stage is (pp - 1)/v x t = 198 ms, so the consistent
// step is 3,088 ms and eta 17.1% (V.3 A5). Our Megatron conventions use that.
TEST(TrainStepGolden, M3BubbleA5) {
  EXPECT_NEAR(pipeline_bubble_seconds(4, 2, 4, 0.132, Conventions::kMethodology), 0.0495, 1e-9);
  EXPECT_NEAR(pipeline_bubble_seconds(4, 2, 4, 0.132, Conventions::kMegatron), 0.198, 1e-9);
  double step = compose_step_seconds(4, 0.132, 0.49325, 0.02517, 0.03221, 0.198, 0.1605);
  EXPECT_NEAR(step, 3.088, 0.002);
  EXPECT_NEAR(4 * 0.132 / step, 0.171, 0.001);
}

// F18: the methodology's EP volume ignores top-k and then counts two all-to-alls per layer on top of
// a factor 2 that already stands for dispatch + combine. Counting each token's k = 4 copies, with
// dispatch + combine in forward and again in backward, one MoE layer moves 4 x 7/8 x 4 x 201.3 MB =
// 2,818 MB per microbatch, 4x the methodology's 2 x 352.3 MB.
TEST(TrainStepGolden, M3ExpertVolumeWithTopK) {
  TrainOptions o;
  o.conventions = Conventions::kMegatron;
  TrainLayout l = m3_layout();
  l.recompute = Recompute::kNone;
  auto lines = train_comm_lines(m3_methodology(), l, o, device("H100"));
  const auto& ep = line(lines, "EP");
  EXPECT_NEAR(ep.wire_bytes / 1e6, 7.0 / 8 * 4 * 201.3, 0.5);
  EXPECT_NEAR(ep.ops, 4 * 4 * 15, 1e-9);  // 4 all-to-alls x 15 MoE layers (ceil 57/4) x 4 microbatches
}

// s10 910C CloudMatrix: EP 9,856 MB / 103 = 95 ms, TP 9,060 / 96 = 94 ms, PP 1,608 / 164 = 10 ms per
// microbatch; step = 4 (132 + 95 + 94 + 10) + 50 + 30 = ~1,404 ms, eta 528 / 1,404 = 38%.
TEST(TrainStepGolden, M3On910C) {
  TrainDevice npu = device("Ascend-910C");
  EXPECT_EQ(npu.capacity_bytes, 128e9);     // Part 6 uses 128 GB (F24)
  EXPECT_EQ(npu.peak_flops, 800e12);
  // The author puts all 512 cards on UB; a CloudMatrix384 supernode has 384, so by default our tiering
  // sends PP over RoCE. Reproduce the example on a 512-card UB domain.
  npu.scale_up_domain = 512;
  auto s = train_step(m3_methodology(), m3_layout(), methodology_options(), npu, kM3Compute);
  EXPECT_NEAR(s.ep_mb * 1e3, 95.7, 0.1);
  EXPECT_NEAR(s.tp_mb * 1e3, 94.4, 0.1);
  EXPECT_NEAR(s.pp_mb * 1e3, 9.8, 0.1);
  // The author's DP "~30 ms exposed" is stated without a derivation; 80.25 GB at 96 GB/s with 90%
  // hidden is 83.6 ms, which gives 1.46 s and eta 36%: within 4% of the author's 1.4 s / 38%.
  EXPECT_NEAR(s.dp_exposed * 1e3, 83.6, 0.1);
  EXPECT_NEAR(s.step, 1.4607, 0.002);
  EXPECT_NEAR(s.compute_share, 0.3615, 0.002);
  // With the author's 30 ms the composition gives the printed ~1,404 ms and 38%.
  double step = compose_step_seconds(4, 0.132, s.ep_mb, s.tp_mb, s.pp_mb, s.bubble, 0.030);
  EXPECT_NEAR(step, 1.404, 0.005);
  EXPECT_NEAR(4 * 0.132 / step, 0.376, 0.002);
}

// s10 Case 1, dense 70B with FSDP2 (dp_shard 8 x dp_replicate 4) on 32 H100: per-layer all-gather
// 7/8 x 1.75 = 1.53 GB -> 4.2 ms, hidden by the 37 ms layer forward except the first; DP all-reduce
// 2 x 3/4 x 4.4 = 6.6 GB -> 132 ms, 13 ms exposed; useful 80 x (37 + 74) = 8,880 ms, x 1.3 = 11,544;
// step ~11,561 ms; eta 76.8% (V.1). The layer times are the author's heuristic (A19) and the batch
// (B_global 8 with 32 ranks x B_micro 2, F19) is inconsistent: we take mu = 1 as asserted.
TEST(TrainStepGolden, Dense70BFsdp2) {
  TrainLayout l;
  l.dp = 32;
  l.dp_shard = 8;
  l.zero_stage = 3;
  l.micro_batch = 2;
  l.seq_len = 8192;
  l.global_batch = 64;  // mu = 1 (F19)
  l.recompute = Recompute::kFull;
  const TrainDevice h100 = device("H100");
  const StepOverrides ov{11.544, 8.880};
  auto lines = train_comm_lines(dense70b_methodology(), l, methodology_options(), h100, ov);
  EXPECT_NEAR(line(lines, "FSDP").wire_bytes / 1e9, 1.53, 0.005);
  EXPECT_TRUE(line(lines, "FSDP").scale_up);
  auto s = train_step(dense70b_methodology(), l, methodology_options(), h100, ov);
  EXPECT_NEAR(s.fsdp_mb * 1e3, 4.25, 0.01);  // only the first gather is exposed
  EXPECT_NEAR(s.dp_total * 1e3, 131.25, 0.1);
  EXPECT_NEAR(s.step * 1e3, 11561.4, 0.5);
  EXPECT_NEAR(s.eta, 0.768, 0.001);
}

// s10 Case 2, Megatron tp4 pp2 dp4 (ZeRO-2) vpp 2: TP all-reduce 402.7 MB -> 1.118 ms, 80 per
// microbatch -> 88 ms (V.1: 89.5 unrounded); bubble (2-1)/(2 x 1) x 1,560 = 780 ms; step 2,028 + 88 +
// 780 + 13 = ~2,909 ms; eta 1,560 / 2,909 = 53.6%.
TEST(TrainStepGolden, Dense70BMegatron) {
  TrainLayout l;
  l.tp = 4;
  l.pp = 2;
  l.dp = 4;
  l.vpp = 2;
  l.zero_stage = 2;
  l.micro_batch = 2;
  l.seq_len = 8192;
  l.global_batch = 8;  // mu = 1; Megatron itself would refuse vpp 2 with 1 microbatch (not a multiple of pp)
  l.recompute = Recompute::kFull;
  EXPECT_NE(layout_violation(l, dense70b_methodology().shape()).find("interleaved"), std::string::npos);
  const StepOverrides ov{2.028, 1.560};
  auto s = train_step(dense70b_methodology(), l, methodology_options(), device("H100"), ov);
  EXPECT_NEAR(s.tp_mb * 1e3, 89.5, 0.1);
  // The author's bubble uses the forward + backward time without recompute (1,560), the M3 example
  // uses it with recompute (132); the stage idles for the recompute too, so 1,014 ms is consistent.
  EXPECT_NEAR(pipeline_bubble_seconds(2, 2, 1, 1.560, Conventions::kMethodology), 0.780, 1e-9);
  EXPECT_NEAR(s.bubble, 1.014, 1e-6);
  double step = compose_step_seconds(1, 2.028, 0, 0.088, 0, 0.780, 0.013);
  EXPECT_NEAR(step, 2.909, 1e-9);
  EXPECT_NEAR(1.560 / step, 0.536, 0.001);
  // Case 2 reuses Case 1's 13 ms DP; this layout reduces 8.75B parameters per card over dp 4:
  // 2 x 3/4 x 17.5 GB = 26.25 GB at 50 GB/s = 525 ms, 52.5 ms exposed.
  EXPECT_NEAR(s.dp_exposed * 1e3, 52.5, 0.1);
}

// s9 optimizer offload: 4 bytes per local parameter per step over PCIe (~25 GB/s) plus CPU Adam at
// ~8B params/s. Dense 70B with tp 8: 8.75B local parameters -> 35 GB / 25 GB/s = 1.4 s + 1.09 s.
TEST(TrainStepGolden, OptimizerOffloadCost) {
  TrainOptions o = methodology_options();
  o.offload_optimizer = true;
  TrainLayout l;
  l.tp = 8;
  auto s = train_step(dense70b_methodology(), l, o, device("H100"), StepOverrides{1.0, 1.0});
  EXPECT_NEAR(s.offload, 35e9 / 25e9 + 8.75e9 / 8e9, 1e-6);
}

// s10 CP ring: cp - 1 steps per layer, each 2 H_kv D (T/cp) 2 bytes. Dense 70B at T = 8192, cp 2:
// 2 x 8 x 128 x 4096 x 2 = 16.78 MB per hop; the group stays on NVLink (tp x cp = 2 <= 8).
TEST(TrainStepGolden, ContextParallelRingHop) {
  TrainLayout l;
  l.cp = 2;
  l.dp = 4;
  l.seq_len = 8192;
  auto lines = train_comm_lines(dense70b_methodology(), l, methodology_options(), device("H100"), StepOverrides{1.0, 1.0});
  const auto& cp = line(lines, "CP");
  EXPECT_NEAR(cp.payload_bytes, 2.0 * 8 * 128 * 4096 * 2, 1e-6);
  EXPECT_TRUE(cp.scale_up);
  EXPECT_GT(cp.exposed_seconds, 0);  // s10: almost fully exposed
}

// Computed compute time from the model analysis: Llama-3.1-70B at T = 8192 trains at about
// 6 N T + attention FLOPs per sequence; the estimator's per-microbatch time is those FLOPs over
// 742 TFLOPS (s1.7). Cross-check against 6 N T alone (attention adds 4-7% at 8K for 70B).
TEST(TrainStep, ComputeFromModelAnalysis) {
  auto m = train_model_from_spec(model::load_model("Llama-3.1-70B"), 8192);
  EXPECT_NEAR(m.params_total / 1e9, 70.55, 0.05);  // official 70.6B
  double six_nt = 6 * m.params_total * 8192;
  double total = m.layer_flops_per_seq * m.layers + m.head_flops_per_seq;
  EXPECT_GT(total / six_nt, 1.03);
  EXPECT_LT(total / six_nt, 1.10);
}

}  // namespace
}  // namespace llmsa::perf
