// Step structure on hand-written captures. Every expected number is derived by hand from the events
// written in each test (times in µs); the derivation is in the comments.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/profile_analysis.hpp"
#include "analysis/step_type.hpp"
#include "analysis/structure_events.hpp"
#include "core/error.hpp"
#include "evidence/chain_validator.hpp"
#include "synthetic_capture.hpp"

using namespace llmsa;
using namespace llmsa::analysis;
using test::SyntheticRank;

namespace {

constexpr const char* kKd = "ascend.kernel_details.csv";

// An inference capture of 3 decode steps without any step information (vllm-ascend style). Each step
// (period 2460 µs, base b) has two MoE layers and closes with ArgMaxV2:
//   row+0 FusedInferAttentionScore b+0..50   (query 4,32,1,128: one token per sequence)
//   row+1 MatMulV2                b+60..80
//   row+2 MoeGatingTopK           b+90..100
//   row+3 DispatchFFNCombine      b+110..210
//   row+4 FusedInferAttentionScore b+2220..2270  <- injected 2010 µs host bubble before it
//   row+5 MatMulV2                b+2280..2300
//   row+6 MoeGatingTopK           b+2310..2320
//   row+7 DispatchFFNCombine      b+2330..2430
//   row+8 ArgMaxV2                b+2440..2450
// All other gaps are 10 µs (< bubble_min_us = 30).
void decode_moe_steps(trace::Capture& c, int rank, int steps = 3) {
  SyntheticRank r(c, rank);
  const auto src = r.file("rank" + std::to_string(rank) + "/kernel_details.csv", kKd);
  for (int k = 0; k < steps; ++k) {
    const double b = 2460.0 * k;
    for (double layer : {0.0, 2220.0}) {
      r.kernel(src, "FusedInferAttentionScore", "FusedInferAttentionScore", "MIX_AIC", b + layer, 50,
               "\"4,32,1,128\";\"40,128,1,128\"");
      r.kernel(src, "aclnnMm_MatMulCommon_MatMulV2", "MatMulV2", "AI_CORE", b + layer + 60, 20);
      r.kernel(src, "MoeGatingTopK", "MoeGatingTopK", "AI_VECTOR_CORE", b + layer + 90, 10);
      r.kernel(src, "DispatchFFNCombine", "DispatchFFNCombine", "MIX_AIC", b + layer + 110, 100);
    }
    r.kernel(src, "ArgMaxV2", "ArgMaxV2", "AI_VECTOR_CORE", b + 2440, 10);
  }
}

const evidence::Finding* find_type(const ProfileAnalysis& a, const std::string& type) {
  auto it = std::find_if(a.findings.begin(), a.findings.end(), [&](const auto& f) { return f.type == type; });
  return it == a.findings.end() ? nullptr : &*it;
}

std::vector<std::int64_t> evidence_rows(const ProfileAnalysis& a, const evidence::Finding& f, const std::string& summary_part) {
  std::vector<std::int64_t> rows;
  for (const auto& id : f.evidence_ids) {
    const auto* ref = a.evidence.find(id);
    if (ref && ref->summary.find(summary_part) != std::string::npos)
      rows.insert(rows.end(), ref->event_indices.begin(), ref->event_indices.end());
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

TEST(StructuralSteps, SamplingKernelsCloseStepsAndLayersSplitIntoBlocks) {
  trace::Capture c;
  decode_moe_steps(c, 0);
  const ProfileAnalysis a = analyze_capture(c);
  const RankAnalysis& r = a.ranks.at(0);
  EXPECT_EQ(r.step_source, "structural");
  ASSERT_EQ(r.steps.size(), 3u);
  // Windows tile the capture: step 1 = [0, end of its ArgMax 2450), step 2 = [2450, 2460+2450), step 3 to 7370.
  EXPECT_EQ(r.steps[0].time.window_start_ns, 0);
  EXPECT_EQ(r.steps[0].time.window_end_ns, SyntheticRank::us(2450));
  EXPECT_EQ(r.steps[1].time.window_end_ns, SyntheticRank::us(2460 + 2450));
  EXPECT_EQ(r.steps[2].time.window_end_ns, SyntheticRank::us(2 * 2460 + 2450));
  for (const StepAnalysis& s : r.steps) {
    EXPECT_EQ(s.step_type, "decode") << s.step_type_reason;
    ASSERT_EQ(s.layers.size(), 2u);  // two attention anchors separated by a matmul
    for (const LayerSpan& l : s.layers) {
      EXPECT_EQ(l.anchor_kind, "attention");
      EXPECT_EQ(l.event_count, 4);  // FIA, MatMulV2, gating, DFC (ArgMax is the tail)
      ASSERT_EQ(l.blocks.size(), 2u);
      // Row midpoint between the FIA (position 0) and the first MoE kernel (gating, position 2) is 1:
      // attention = FIA + MatMulV2, moe = gating + DFC.
      EXPECT_EQ(l.blocks[0].kind, "attention");
      EXPECT_EQ(l.blocks[0].event_count, 2);
      EXPECT_EQ(l.blocks[0].family, "gqa_or_mha");  // flash_score alone (A.6 #6)
      EXPECT_EQ(l.blocks[1].kind, "moe");
      EXPECT_EQ(l.blocks[1].family, "fused_mc2");  // gating + dispatch_expert_compute (A.6)
    }
    // One bubble per step: DFC ends at b+210, the second FIA starts at b+2220.
    ASSERT_EQ(s.bubbles.size(), 1u);
    EXPECT_EQ(s.bubbles[0].end_ns - s.bubbles[0].start_ns, SyntheticRank::us(2010));
    EXPECT_EQ(s.bubbles[0].location, "main");
    EXPECT_EQ(s.bubbles[0].after_name, "FusedInferAttentionScore");
    EXPECT_EQ(s.bubbles[0].before_name, "DispatchFFNCombine");
    EXPECT_FALSE(s.bubbles[0].host_bound);  // no host rows at all
  }
  EXPECT_EQ(r.steps[1].bubbles[0].after_row, 13);  // row 9 + 4
}

TEST(StructuralSteps, RecurringBubbleFindingPointsAtTheDelayedKernels) {
  trace::Capture c;
  decode_moe_steps(c, 0);
  decode_moe_steps(c, 1);
  const ProfileAnalysis a = analyze_capture(c);
  std::size_t recurring = 0;
  for (const auto& f : a.findings)
    if (f.type == "recurring_bubble") ++recurring;
  EXPECT_EQ(recurring, 2u);  // one position per rank
  const evidence::Finding* f = find_type(a, "recurring_bubble");
  ASSERT_NE(f, nullptr);
  auto metric = [&](const std::string& n) {
    for (const auto& m : f->metrics)
      if (m.name == n) return m.value;
    return -1.0;
  };
  EXPECT_EQ(metric("occurrences"), 3);
  EXPECT_EQ(metric("steps"), 3);
  EXPECT_DOUBLE_EQ(metric("total_gap_us"), 3 * 2010.0);
  EXPECT_DOUBLE_EQ(metric("mean_gap_us"), 2010.0);
  EXPECT_EQ(metric("host_bound"), 0);
  // The delayed kernels are the second FIA of each step (rows 4, 13, 22); before them the DFCs (3, 12, 21).
  EXPECT_EQ(evidence_rows(a, *f, "event_after"), (std::vector<std::int64_t>{4, 13, 22}));
  EXPECT_EQ(evidence_rows(a, *f, "event_before"), (std::vector<std::int64_t>{3, 12, 21}));
  EXPECT_TRUE(evidence::check_chain(a.findings, a.evidence).empty());
}

TEST(StructuralSteps, TwoOccurrencesRecurOnlyAsHalfOfTheSteps) {
  // 4 steps: 2 occurrences = 50% of the steps (recurring); with 5 steps, 2 of 5 < 50% and < 3 steps.
  trace::Capture c4, c5;
  for (auto [cap, steps] : {std::pair{&c4, 4}, std::pair{&c5, 5}}) {
    SyntheticRank r(*cap, 0);
    const auto src = r.file("kernel_details.csv", kKd);
    // Kernels 10 µs apart, except a 450 µs gap before the MatMulV3 of steps 1 and 2.
    double t = 0;
    for (int k = 0; k < steps; ++k) {
      r.kernel(src, "FlashAttentionScore", "FlashAttentionScore", "MIX_AIC", t, 50);
      t += 50 + (k < 2 ? 450 : 10);
      r.kernel(src, "MatMulV3", "MatMulV3", "AI_CORE", t, 20);
      t += 30;
      r.kernel(src, "ArgMaxV2", "ArgMaxV2", "AI_VECTOR_CORE", t, 10);
      t += 20;
    }
  }
  EXPECT_NE(find_type(analyze_capture(c4), "recurring_bubble"), nullptr);
  EXPECT_EQ(find_type(analyze_capture(c5), "recurring_bubble"), nullptr);
}

TEST(BubbleWindows, HostBoundWhenTheLaunchBeganAfterTheGap) {
  // Kineto style: kernels A [100,200) c1, B [500,600) c2, C [700,800) c3; launches c1 at 90,
  // c2 at 300 (after the gap began at 200: host bound), c3 at 250 (before the gap began at 600: not).
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto src = r.file("trace.json", "kineto.json");
  const auto a = r.kernel(src, "gemm_a", "kernel", "kernel", 100, 100);
  const auto b = r.kernel(src, "gemm_b", "kernel", "kernel", 500, 100);
  const auto k3 = r.kernel(src, "gemm_c", "kernel", "kernel", 700, 100);
  r.events().correlation[a] = 1;
  r.events().correlation[b] = 2;
  r.events().correlation[k3] = 3;
  r.host(src, "cudaLaunchKernel", trace::EventKind::kRuntime, 90, 5, 1);
  r.host(src, "cudaLaunchKernel", trace::EventKind::kRuntime, 300, 5, 2);
  r.host(src, "cudaLaunchKernel", trace::EventKind::kRuntime, 250, 5, 3);
  const ProfileAnalysis an = analyze_capture(c);
  const auto& bubbles = an.ranks.at(0).steps.at(0).bubbles;
  ASSERT_EQ(bubbles.size(), 2u);  // 300 µs and 100 µs, both >= 30 µs
  EXPECT_TRUE(bubbles[0].host_bound);
  EXPECT_FALSE(bubbles[0].cause.empty());
  EXPECT_FALSE(bubbles[1].host_bound);
}

TEST(BubbleWindows, AscendKernelDetailsRowBorrowsItsTraceViewTwinsLaunch) {
  // kernel_details rows carry no connection id; trace_view.json's device twin (same start) does, and
  // the CANN call with that id began at 260, after the gap opened at 200: host bound. event_after is
  // the kernel_details row (the operator source), not the twin.
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto kd = r.file("kernel_details.csv", kKd);
  const auto tv = r.file("trace_view.json", "ascend.trace_view.json");
  r.kernel(kd, "MatMulV2", "MatMulV2", "AI_CORE", 100, 100);
  const auto after = r.kernel(kd, "Add", "Add", "AI_VECTOR_CORE", 400, 10);
  const auto twin_a = r.kernel(tv, "MatMulV2", "", "AI_CORE", 100, 100);
  const auto twin_b = r.kernel(tv, "Add", "", "AI_CORE", 400, 10);
  r.events().correlation[twin_a] = 10;
  r.events().correlation[twin_b] = 11;
  r.host(tv, "AscendCL@launch", trace::EventKind::kRuntime, 90, 5, 10);
  r.host(tv, "AscendCL@launch", trace::EventKind::kRuntime, 260, 5, 11);
  const ProfileAnalysis an = analyze_capture(c);
  const auto& bubbles = an.ranks.at(0).steps.at(0).bubbles;
  ASSERT_EQ(bubbles.size(), 1u);
  EXPECT_EQ(bubbles[0].event_after, after);
  EXPECT_EQ(bubbles[0].after_row, 1);
  EXPECT_TRUE(bubbles[0].host_bound);
}

TEST(BubbleWindows, IdleTimeBeforeTheStepWindowIsNotTheStepsBubble) {
  // ProfilerStep#1 = [0, 300), ProfilerStep#2 = [800, 1100) µs. Kernels A [10,100), B [150,250),
  // C [810,900), D [1050,1080). Gaps: A..B 50 µs (inside step 1), B..C 560 µs of which only 810 - 800
  // = 10 µs lie inside step 2 (the rest is between the steps: < 30 µs left, no bubble), C..D 150 µs
  // inside step 2. Without clipping, step 2 would carry a 560 µs bubble from step 1's last kernel.
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto tv = r.file("trace_view.json", "ascend.trace_view.json");
  r.host(tv, "ProfilerStep#1", trace::EventKind::kAnnotation, 0, 300);
  r.host(tv, "ProfilerStep#2", trace::EventKind::kAnnotation, 800, 300);
  r.kernel(tv, "MatMulV2", "", "AI_CORE", 10, 90);
  r.kernel(tv, "Add", "", "AI_VECTOR_CORE", 150, 100);
  r.kernel(tv, "MatMulV2", "", "AI_CORE", 810, 90);
  r.kernel(tv, "Add", "", "AI_VECTOR_CORE", 1050, 30);
  const ProfileAnalysis an = analyze_capture(c);
  const RankAnalysis& ra = an.ranks.at(0);
  ASSERT_EQ(ra.steps.size(), 2u);
  ASSERT_EQ(ra.steps[0].bubbles.size(), 1u);
  EXPECT_EQ(ra.steps[0].bubbles[0].end_ns - ra.steps[0].bubbles[0].start_ns, SyntheticRank::us(50));
  ASSERT_EQ(ra.steps[1].bubbles.size(), 1u);
  EXPECT_EQ(ra.steps[1].bubbles[0].start_ns, SyntheticRank::us(900));
  EXPECT_EQ(ra.steps[1].bubbles[0].end_ns, SyntheticRank::us(1050));
}

TEST(StepType, FromNamesShapesAndBackwardKernels) {
  // Step Id windows: step 1 runs PromptFlashAttention (prefill), step 2 IncreFlashAttention (decode),
  // step 3 a FlashAttentionScore on 4,32,128,128 (BNSD, 128 query tokens: prefill), step 4 only a matmul.
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto src = r.file("kernel_details.csv", kKd);
  auto put = [&](std::int64_t step, const std::string& name, double t, const std::string& shapes = "") {
    const auto i = r.kernel(src, name, name, "MIX_AIC", t, 10, shapes);
    r.events().step[i] = step;
  };
  put(1, "PromptFlashAttention", 0);
  put(2, "IncreFlashAttention", 100);
  put(3, "FlashAttentionScore", 200, "\"4,32,128,128\"");
  put(4, "MatMulV3", 300);
  put(5, "FlashAttentionScoreGrad", 400);
  const ProfileAnalysis a = analyze_capture(c);
  const auto& s = a.ranks.at(0).steps;
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(a.ranks[0].step_source, "step_id");
  EXPECT_EQ(s[0].step_type, "prefill");
  EXPECT_EQ(s[1].step_type, "decode");
  EXPECT_EQ(s[2].step_type, "prefill");
  EXPECT_EQ(s[3].step_type, "unknown");
  EXPECT_NE(s[3].step_type_reason.find("no backward"), std::string::npos);
  EXPECT_EQ(s[4].step_type, "training");
  EXPECT_NE(s[4].step_type_reason.find("FlashAttentionScoreGrad"), std::string::npos);
}

TEST(StepType, QueryLengthFromInputShapes) {
  EXPECT_EQ(query_length_class("\"4,32,1,128\";\"40,128,1,128\""), 1);  // BNSD, S = 1
  EXPECT_EQ(query_length_class("4,1,32,128"), 1);                       // BSND, S = 1
  EXPECT_EQ(query_length_class("4,32,128,128"), 2);                     // 128 tokens
  EXPECT_EQ(query_length_class("4,1,4096"), 1);                         // BSH, H = 4096 is no head dim
  EXPECT_EQ(query_length_class("4096,1,2048"), 1);                      // as BSH (an inference op): S = 1
  // FlashAttentionScore may be SBH (Megatron; real rows 4096,1,2048 in st/level2, 8192,2,640 in server test_rank_0):
  EXPECT_FALSE(query_length_class("4096,1,2048", true).has_value());  // S=4096,B=1 or B=4096,S=1: undecided
  EXPECT_EQ(query_length_class("8192,2,640", true), 2);                // S > 1 in both layouts
  EXPECT_EQ(query_length_class("4,128,4096"), 2);
  EXPECT_EQ(query_length_class("[[16, 16, 559, 64], [16, 16, 559, 64], [], []]"), 2);  // Kineto Input Dims
  EXPECT_EQ(query_length_class("[\n  [16, 16, 1, 64],\n  [16, 16, 560, 64]]"), 1);
  EXPECT_FALSE(query_length_class("4096,32,128").has_value());  // TND: sequence split not in the shape
  EXPECT_FALSE(query_length_class("").has_value());
  EXPECT_FALSE(query_length_class("\"\"").has_value());
}

TEST(StepType, EvidenceRulesOnRealKernelNames) {
  const auto& rules = StepTypeRules::builtin();
  // Names from the Ascend-msinsight samples (level1: ReluGrad, aclnnNLLLossBackward_...; level2: SwiGluGrad).
  EXPECT_TRUE(rules.device_flags("ReluGrad", "ReluGrad", false) & kSfTraining);
  EXPECT_TRUE(rules.device_flags("aclnnNLLLossBackward_CastAiCore_Cast", "Cast", false) & kSfTraining);
  EXPECT_TRUE(rules.device_flags("Conv2DBackpropFilter6", "Conv2DBackpropFilter", false) & kSfTraining);
  EXPECT_FALSE(rules.device_flags("aclnnMm_MatMulCommon_MatMulV2", "MatMulV2", false) & kSfTraining);
  EXPECT_TRUE(rules.device_flags("rejection_greedy_sample_kernel", "kernel", false) & kSfSpeculative);
  EXPECT_TRUE(rules.device_flags("IncreFlashAttention", "IncreFlashAttention", true) & kSfDecodeName);
  EXPECT_TRUE(rules.device_flags("PromptFlashAttention", "PromptFlashAttention", true) & kSfPrefillName);
  // Real TraceLens sglang decode kernel: paged attention serves decode only.
  EXPECT_TRUE(rules.device_flags("paged_attention_ll4mi_QKV_mfma16_kernel", "kernel", true) & kSfDecodeName);
  // Fused MC2 'DispatchGmmCombineDecode' says decode but is not attention.
  EXPECT_FALSE(rules.device_flags("DispatchGmmCombineDecode", "DispatchGmmCombineDecode", false) & kSfDecodeName);
  EXPECT_TRUE(rules.host_flags("autograd::engine::evaluate_function: MmBackward0") & kSfTraining);
  EXPECT_TRUE(rules.host_flags("Optimizer.step#AdamW.step") & kSfTraining);
  EXPECT_FALSE(rules.host_flags("aten::mm") & kSfTraining);
}

TEST(StepType, HostBackwardRangesMakeATrainingStep) {
  // Kineto-like: one kernel and a host autograd range inside the same whole-capture step.
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto src = r.file("trace.json", "kineto.json");
  r.kernel(src, "sm90_xmma_gemm_bf16bf16", "kernel", "kernel", 100, 50);
  r.host(src, "autograd::engine::evaluate_function: MmBackward0", trace::EventKind::kCpuOp, 100, 20);
  const ProfileAnalysis a = analyze_capture(c);
  EXPECT_EQ(a.ranks.at(0).steps.at(0).step_type, "training");
}

TEST(HostDispatch, HeavyHeadsAndWaitingOperatorsOnThreeConsecutiveSteps) {
  // Step Id windows 1..3, each: MatMulV2 at b+0..10 (wait 0), then 100 µs later an Add at b+100..110 whose
  // Wait Time is 90 µs (wait ratio 0.9 >= 0.80), then FlashAttentionScore b+120..130, MatMulV3 b+140..150.
  // Layer anchor: attention; head = step start (b) to the FIA (b+120) = 120 of 150 µs wall = 0.8 > 0.15.
  // Waiting calls: the 3 Adds of 12 calls = 25% >= 10%.
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto src = r.file("kernel_details.csv", kKd);
  for (int k = 0; k < 3; ++k) {
    const double b = 1000.0 * k;
    auto put = [&](const std::string& name, double t, double wait) {
      const auto i = r.kernel(src, name, name, "AI_CORE", b + t, 10);
      r.events().step[i] = k + 1;
      r.events().wait_ns[i] = SyntheticRank::us(wait);
    };
    put("MatMulV2", 0, 0);
    put("Add", 100, 90);
    put("FlashAttentionScore", 120, 10);
    put("MatMulV3", 140, 10);
  }
  const ProfileAnalysis a = analyze_capture(c);
  const evidence::Finding* f = find_type(a, "host_dispatch_bound_suspected");
  ASSERT_NE(f, nullptr);
  for (const auto& m : f->metrics) {
    if (m.name == "consecutive_steps") {
      EXPECT_EQ(m.value, 3);
    } else if (m.name == "wait_op_call_share") {
      EXPECT_DOUBLE_EQ(m.value, 0.25);
    } else if (m.name == "head_ratio_mean") {
      EXPECT_DOUBLE_EQ(m.value, 0.8);
    }
  }
  EXPECT_TRUE(evidence::check_chain(a.findings, a.evidence).empty());
  // The same rank also has an 80 µs bubble (MatMulV2 ends at b+10, Add starts at b+100) per step, in the head.
  EXPECT_EQ(a.ranks[0].steps[0].bubbles.at(0).location, "head");
}

TEST(DeviceIdleBubble, UnderfeedOrLargestBubbleTripsTheRule) {
  // One Step Id window: kernel [0, 1000) µs, then [3000, 4000): wall 4 ms, idle 2 ms = 0.5 >= 0.30, and the
  // 2 ms bubble >= max(1 ms, 0.4 ms): DEVICE_IDLE_GAP_HEAVY and INTERNAL_BUBBLE_HEAVY.
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto src = r.file("kernel_details.csv", kKd);
  for (double t : {0.0, 3000.0}) {
    const auto i = r.kernel(src, "MatMulV2", "MatMulV2", "AI_CORE", t, 1000);
    r.events().step[i] = 7;
  }
  const ProfileAnalysis a = analyze_capture(c);
  EXPECT_DOUBLE_EQ(a.ranks[0].steps.at(0).underfeed_ratio, 0.5);
  const evidence::Finding* f = find_type(a, "device_idle_bubble");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->title.find("DEVICE_IDLE_GAP_HEAVY and INTERNAL_BUBBLE_HEAVY"), std::string::npos);
  EXPECT_TRUE(evidence::check_chain(a.findings, a.evidence).empty());
}

TEST(StructuralSteps, TrailingContentIsAPartialStepOnlyWithALayerAnchor) {
  // Capture A: FIA 0..50, ArgMaxV2 60..70, then FIA 100..150 (a layer anchor after the last sampler):
  // 2 steps, the second partial. Capture B: the same with a Cast at 100..110 instead of the FIA: the
  // Cast joins step 1, whose window then runs to the capture end (110 µs).
  trace::Capture a, b;
  for (auto [cap, anchor] : {std::pair{&a, true}, std::pair{&b, false}}) {
    SyntheticRank r(*cap, 0);
    const auto src = r.file("kernel_details.csv", kKd);
    r.kernel(src, "FusedInferAttentionScore", "FusedInferAttentionScore", "MIX_AIC", 0, 50);
    r.kernel(src, "ArgMaxV2", "ArgMaxV2", "AI_VECTOR_CORE", 60, 10);
    if (anchor) r.kernel(src, "FusedInferAttentionScore", "FusedInferAttentionScore", "MIX_AIC", 100, 50);
    else r.kernel(src, "aclnnCast_CastAiCore_Cast", "Cast", "AI_VECTOR_CORE", 100, 10);
  }
  const ProfileAnalysis pa = analyze_capture(a), pb = analyze_capture(b);
  ASSERT_EQ(pa.ranks[0].steps.size(), 2u);
  EXPECT_EQ(pa.ranks[0].steps[1].time.window_start_ns, SyntheticRank::us(70));
  EXPECT_EQ(pa.ranks[0].steps[1].layers.size(), 1u);
  EXPECT_NE(std::find_if(pa.ranks[0].notes.begin(), pa.ranks[0].notes.end(),
                         [](const std::string& n) { return n.find("partial") != std::string::npos; }),
            pa.ranks[0].notes.end());
  ASSERT_EQ(pb.ranks[0].steps.size(), 1u);
  EXPECT_EQ(pb.ranks[0].step_source, "structural");
  EXPECT_EQ(pb.ranks[0].steps[0].time.window_end_ns, SyntheticRank::us(110));
}

TEST(StepStructure, OddEventsNeverBreakTheAnalysis) {
  // Zero and missing durations, host-only rows, a flow to nowhere useful, duplicate starts, unknown names:
  // the structure stays consistent (no layers without events, bubbles inside the capture).
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto src = r.file("kernel_details.csv", kKd);
  r.kernel(src, "", "", "", 0, 0);
  r.kernel(src, "FlashAttentionScore", "FlashAttentionScore", "MIX_AIC", 10, 5, "\"x,y\";;");
  r.kernel(src, "FlashAttentionScore", "FlashAttentionScore", "MIX_AIC", 10, 5, "\"-1,0,1,2\"");
  const auto missing = r.kernel(src, "MatMulV2", "MatMulV2", "AI_CORE", 20, 1);
  r.events().dur_ns[missing] = trace::kMissing;
  r.kernel(src, "ArgMaxV2", "ArgMaxV2", "AI_VECTOR_CORE", 500, 1);
  const auto h = r.host(src, "aten::mm", trace::EventKind::kCpuOp, 5, 1, 42);
  r.events().flows.from.push_back(h);
  r.events().flows.to.push_back(h);
  r.events().flows.category.push_back(0);
  const ProfileAnalysis a = analyze_capture(c);
  ASSERT_EQ(a.ranks.size(), 1u);
  for (const auto& s : a.ranks[0].steps) {
    for (const auto& l : s.layers) EXPECT_GT(l.event_count, 0);
    for (const auto& b : s.bubbles) EXPECT_LT(b.start_ns, b.end_ns);
  }
  EXPECT_TRUE(evidence::check_chain(a.findings, a.evidence).empty());
}

TEST(StepType, MalformedRulesFileIsBadInput) {
  // Every rule needs id, evidence and source; evidence is one of the known kinds; tokens are folded.
  EXPECT_THROW(StepTypeRules::from_json(R"({"rules":[{"id":"a","evidence":"training","name_any":["grad"]}]})", "x.json"),
               llmsa::Error);
  EXPECT_THROW(StepTypeRules::from_json(
                   R"({"rules":[{"id":"a","evidence":"inference","name_any":["x"],"source":"s"}]})", "x.json"),
               llmsa::Error);
  EXPECT_THROW(StepTypeRules::from_json(
                   R"({"rules":[{"id":"a","evidence":"decode","name_any":["Incre"],"source":"s"}]})", "x.json"),
               llmsa::Error);
  EXPECT_THROW(StepTypeRules::from_json("not json", "x.json"), llmsa::Error);
  const auto ok = StepTypeRules::from_json(
      R"({"rules":[{"id":"a","evidence":"decode","attention_only":true,"name_any":["incre"],"source":"s"}]})", "x.json");
  EXPECT_TRUE(ok.device_flags("IncreFlashAttention", "", true) & kSfDecodeName);
  EXPECT_FALSE(ok.device_flags("IncreFlashAttention", "", false) & kSfDecodeName);  // attention_only
}

// vllm-ascend's MLA decode layer (the order of vllm_ascend/attention/mla_v1.py and the MoE block, as the
// demo capture of src/synth/demo_capture.cpp writes it): RmsNorm, MlaPreprocess, FusedInferAttentionScore,
// TransposeBatchMatMul (v_up), MatMulV3 (o_proj), hcom_allReduce_, AddRmsNorm, then the MoE block
// MoeGatingTopK, DispatchGmmCombineDecode, MatMulV3 (shared up), SwiGlu, MatMulV3 (shared down), Add.
// A.7: a layer's attention block holds the layer's rows up to the attention/MoE split, so the input norm
// that feeds MlaPreprocess opens its own layer; it is not the tail of the previous layer's MoE block.
// One Step Id window with the embedding first (the head), then two such layers, then the closing ArgMaxV2.
// Each kernel lasts 10 µs and starts 20 µs after the previous one starts, except a 200 µs gap before the
// first RmsNorm (a head bubble: the host launched the layers late).
TEST(LayerSegmentation, MlaLayersBeginAtTheirInputNormAndTheHeadHoldsItsBubbles) {
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto src = r.file("kernel_details.csv", kKd);
  double t = 0;
  auto put = [&](const std::string& name, const std::string& type, const std::string& core, double gap = 20) {
    const auto i = r.kernel(src, name, type, core, t, 10);
    r.events().step[i] = 5;
    t += gap;
  };
  put("aclnnEmbedding_GatherV2AiCore_GatherV2", "GatherV2", "AI_VECTOR_CORE", 210);  // ends at 10; next at 210
  for (int layer = 0; layer < 2; ++layer) {
    put("aclnnRmsNorm_RmsNorm_RmsNorm", "RmsNorm", "AI_VECTOR_CORE");
    put("aclnnMlaPreprocess_MlaPreprocess_MlaPreprocess", "MlaPreprocess", "MIX_AIC");
    put("aclnnFusedInferAttentionScoreV3_FusedInferAttentionScore_FusedInferAttentionScore",
        "FusedInferAttentionScore", "MIX_AIC");
    put("aclnnTransposeBatchMatMul_TransposeBatchMatMul_TransposeBatchMatMul", "TransposeBatchMatMul", "AI_CORE");
    put("aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE");
    put("hcom_allReduce_", "hcom_allReduce_", "COMMUNICATION");
    put("aclnnAddRmsNorm_AddRmsNorm_AddRmsNorm", "AddRmsNorm", "AI_VECTOR_CORE");
    put("aclnnMoeGatingTopK_MoeGatingTopK_MoeGatingTopK", "MoeGatingTopK", "AI_VECTOR_CORE");
    put("aclnnDispatchGmmCombineDecode_DispatchGmmCombineDecode_DispatchGmmCombineDecode",
        "DispatchGmmCombineDecode", "MIX_AIC");
    put("aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE");
    put("aclnnSwiGlu_SwiGlu_SwiGlu", "SwiGlu", "AI_VECTOR_CORE");
    put("aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE");
    put("aclnnAdd_AddAiCore_Add", "Add", "AI_VECTOR_CORE");
  }
  put("ArgMaxV2", "ArgMaxV2", "AI_VECTOR_CORE");
  const ProfileAnalysis a = analyze_capture(c);
  ASSERT_EQ(a.ranks.size(), 1u);
  ASSERT_EQ(a.ranks[0].steps.size(), 1u);
  const StepAnalysis& s = a.ranks[0].steps[0];
  ASSERT_EQ(s.layers.size(), 2u);
  // Layer 0: the 13 kernels from its RmsNorm (at 210) to its Add (at 210 + 12*20 = 450, ending at 460).
  // Layer 1: the RmsNorm at 470 to the Add at 710 (ends 720); ArgMaxV2 at 730 is the tail.
  EXPECT_EQ(s.layers[0].start_ns, SyntheticRank::us(210));
  EXPECT_EQ(s.layers[0].event_count, 13);
  EXPECT_EQ(s.layers[0].end_ns, SyntheticRank::us(460));
  EXPECT_EQ(s.layers[1].start_ns, SyntheticRank::us(470));
  EXPECT_EQ(s.layers[1].event_count, 13);
  // Blocks (A.7, row midpoint between the last attention row and the first MoE row): the attention rows are
  // layer rows 1 (MlaPreprocess), 2 (FIA), 3 (v_up); the first MoE row is 7 (gating): midpoint (3+7)/2 = 5, so
  // the attention block is rows 0-5 (RmsNorm .. allReduce) and the MoE block rows 6-12 (AddRmsNorm .. Add).
  for (const LayerSpan& l : s.layers) {
    ASSERT_EQ(l.blocks.size(), 2u);
    EXPECT_EQ(l.blocks[0].kind, "attention");
    EXPECT_EQ(l.blocks[0].start_ns, l.start_ns);  // the input norm opens the attention block
    EXPECT_EQ(l.blocks[0].event_count, 6);
    EXPECT_EQ(l.blocks[1].kind, "moe");
    EXPECT_EQ(l.blocks[1].event_count, 7);
  }
  // Anatomy (A.7): head = window start 0 to the first layer at 210; tail = the last layer's end 720 to the
  // window end (the ArgMax's end 740). The one bubble (10 -> 210, 200 µs) lies in the head. (The window
  // opens with the embedding kernel, so "window start to first busy time" would give a 0 µs head beside a
  // head bubble: the step inspector of report.html showed exactly that.)
  EXPECT_EQ(s.time.head_ns, SyntheticRank::us(210));
  EXPECT_EQ(s.time.tail_ns, SyntheticRank::us(20));
  EXPECT_EQ(s.time.main_ns, s.time.wall_ns - s.time.head_ns - s.time.tail_ns);
  ASSERT_EQ(s.bubbles.size(), 1u);
  EXPECT_EQ(s.bubbles[0].location, "head");
  EXPECT_EQ(s.bubbles[0].start_ns, SyntheticRank::us(10));
  EXPECT_EQ(s.bubbles[0].end_ns, SyntheticRank::us(210));
}
