// Operators of one rank on the MSINSIGHT level1 sample (kernel_details.csv, 191 rows, PipeUtilization).
// Expected values are derived from the raw files with python (csv/json modules; row numbers are 0-based
// data rows), and from ascend-profiling.md A.4/A.8 for the rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "analysis/operator_bound.hpp"
#include "analysis/operator_summary.hpp"
#include "ops_test_support.hpp"

using namespace llmsa;
using namespace llmsa::analysis;

namespace {
const OperatorAggregate* find_op(const OperatorSummary& s, const std::string& name) {
  for (const auto& a : s.operators)
    if (a.name == name) return &a;
  return nullptr;
}
}  // namespace

TEST(OperatorBound, MemoryBoundFormulaAndFamilies) {
  // A.4: memory_bound = mte2_ratio / max(mac_ratio, vec_ratio); > 1 means memory bound.
  PipelineTotals p;
  p.time_us[kAicMac] = 50;
  p.time_us[kAicMte2] = 90;
  p.any_time = true;
  p.mac_ratio_w = 0.5 * 10, p.mac_w = 10;
  p.aic_mte2_ratio_w = 0.9 * 10, p.aic_mte2_w = 10;
  const auto b = classify_bound("AI_CORE", p, 0.10, 1.0);
  EXPECT_EQ(b.op_type, "aic");
  ASSERT_TRUE(b.memory_bound);
  EXPECT_NEAR(*b.memory_bound, 0.9 / 0.5, 1e-12);
  EXPECT_EQ(b.memory_verdict, "memory");
  EXPECT_EQ(b.bound_stage, "aic_mte2");
  EXPECT_EQ(b.bound_family, "aic_mte");  // (90 - 50) / 140 = 0.29 >= mixed_margin 0.10
  EXPECT_EQ(b.dominant_core, "aic");
  // Close families: (top - runner_up) / total < 0.10 -> mixed (A.4).
  p.time_us[kAicMac] = 85;
  EXPECT_EQ(classify_bound("AI_CORE", p, 0.10, 1.0).bound_family, "mixed");
  // Short-circuits of A.4: no pipeline verdict for AICPU / communication.
  EXPECT_TRUE(classify_bound("AI_CPU", p, 0.10, 1.0).bound_family.empty());
  EXPECT_EQ(op_type_from_core("HCCL", true), "mix_comm_aiv");
  EXPECT_EQ(op_type_from_core("MIX_AIV", false), "mix_cv");
}

TEST(OperatorSummary, Level1RankingsWaitAnchorsAndBound) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1Rank0);
  const auto cap = test::ingest_sample({test::kLevel1Rank0});
  ASSERT_EQ(cap.ranks.size(), 1u);
  const auto classifier = KernelClassifier::builtin();
  const auto s = summarize_operators(cap.ranks[0], classifier);
  // The operators are the device tasks of analysis/device_tasks.hpp's rule: compute and communication
  // from kernel_details.csv (191 rows in 82 distinct (Name, Type, Accelerator Core) triples), copies from
  // trace_view.json because kernel_details.csv has none: its "Ascend Hardware" lane holds 72 SDMA tasks
  // (Task Type SDMA) and 24 MEMCPY_ASYNC (14 PCIE_DMA_SQE + 10 SDMA_SQE), 3 more triples. All counts
  // derived with python's csv/json modules over the two raw files.
  EXPECT_EQ(s.operators.size(), 82u + 3u);
  EXPECT_EQ(s.device_op_calls, 191 + 72 + 24);
  // Ranking by duration: hcom_allReduce__586_0_1 (1 call, Duration 79089.52 us), SDMA (72 calls, dur sum
  // 27461.50875 us in trace_view.json), then hcom_allReduce__586_3_1 (22218.863 us).
  ASSERT_GE(s.operators.size(), 3u);
  EXPECT_EQ(s.operators[0].name, "hcom_allReduce__586_0_1");
  EXPECT_NEAR(s.operators[0].duration_sum_ns / 1000.0, 79089.52, 1e-3);
  EXPECT_EQ(s.operators[1].name, "SDMA");
  EXPECT_EQ(s.operators[1].calls, 72);
  EXPECT_NEAR(s.operators[1].duration_sum_ns / 1000.0, 27461.50875, 0.02);  // 72 per-event µs->ns roundings
  EXPECT_EQ(s.operators[2].name, "hcom_allReduce__586_3_1");
  // Ranking by duration + wait per call: the two allReduce ops (79679.851 and 22218.863 us per call), then
  // TensorMove (11 calls, Duration sum 573.79 us, Wait sum 65956.922 us -> 6048.2465 us per call), which
  // the duration ranking puts far lower (sums per (Name, Type, Core) over the raw CSV with python).
  const auto& third = s.operators[s.by_total_cost[2]];
  EXPECT_EQ(third.name, "aclnnInplaceCopy_TensorMoveAiCore_TensorMove");
  EXPECT_EQ(third.calls, 11);
  EXPECT_NEAR(third.total_cost_avg_us, (573.79 + 65956.922) / 11, 1e-3);
  EXPECT_GT(third.rank_by_duration, 3);
  EXPECT_TRUE(third.wait_anchor);
  // Wait anchors (A.8 wait_ratio > 0.80): 50 of the 82 kernel_details triples, counted with python from the
  // raw Wait Time(us) column (wait / (duration + wait) per triple); the copy tasks carry no wait.
  EXPECT_EQ(std::count_if(s.operators.begin(), s.operators.end(), [](const auto& a) { return a.wait_anchor; }), 50);
  // Conv2D1 (row 2, AI_CORE, one call): aic_mac_ratio 0.519, aic_mte2_ratio 0.913, aiv_vec_ratio 0.0.
  const auto* conv = find_op(s, "Conv2D1");
  ASSERT_NE(conv, nullptr);
  ASSERT_TRUE(conv->bound.memory_bound);
  EXPECT_NEAR(*conv->bound.memory_bound, 0.913 / 0.519, 1e-5);
  EXPECT_EQ(conv->bound.memory_verdict, "memory");
  EXPECT_EQ(conv->bound.op_type, "aic");
  EXPECT_TRUE(s.pipeline_available);
  // Every call of the row-ordered evidence points back at kernel_details.csv rows.
  EXPECT_EQ(cap.ranks[0].events.source_row[conv->events.at(0)], 2u);
}

TEST(OperatorSummary, NoPmuColumnsMeansNoBoundVerdict) {
  // server test_rank_0 kernel_details.csv has only Memory metrics (aic_l0a_read_bw...), no pipe times.
  const std::string rank0 = std::string(test::kServerRanks) + "/test_rank_0";
  LLMSA_REQUIRE_SAMPLE(rank0);
  const auto cap = test::ingest_sample({rank0});
  ASSERT_FALSE(cap.ranks.empty());
  const auto s = summarize_operators(cap.ranks[0], KernelClassifier::builtin());
  EXPECT_FALSE(s.pipeline_available);
  for (const auto& a : s.operators) {
    EXPECT_TRUE(a.bound.bound_family.empty()) << a.name;
    EXPECT_FALSE(a.bound.memory_bound) << a.name;
  }
}

namespace {
// A hand-built rank: kernel_details-like rows whose expected numbers follow from the A.8 rule by hand.
trace::RankProfile synthetic_rank() {
  trace::RankProfile r;
  auto& ev = r.events;
  ev.rank = 0;
  const auto src = ev.add_source("kernel_details.csv", "ascend.kernel_details.csv");
  auto add = [&](trace::EventKind k, std::int64_t start, std::int64_t dur, const char* name, const char* type,
                 const char* core) {
    const auto row = ev.size();
    const auto i = ev.add_event(k, trace::Side::kDevice, start, dur, ev.strings.intern(name), src, row);
    ev.type[i] = ev.strings.intern(type);
    ev.core[i] = ev.strings.intern(core);
  };
  add(trace::EventKind::kKernel, 0, 100, "MatMulV2", "MatMulV2", "AI_CORE");
  add(trace::EventKind::kKernel, 150, 50, "Add", "Add", "AI_VECTOR_CORE");
  add(trace::EventKind::kAicpu, 50, 100, "AicpuA", "AicpuA", "AI_CPU");   // [50,150): 50 of 100 covered
  add(trace::EventKind::kAicpu, 160, 10, "AicpuB", "AicpuB", "AI_CPU");   // [160,170): fully covered
  add(trace::EventKind::kAicpu, 300, 100, "AicpuC", "AicpuC", "AI_CPU");  // [300,400): not covered
  trace::FileReadReport f;
  f.path = "kernel_details.csv";
  f.format = "ascend.kernel_details.csv";
  f.rows_read = ev.size();
  r.files.push_back(f);
  return r;
}
}  // namespace

TEST(OperatorSummary, AicpuMaskingClassesOfA8) {
  const auto s = summarize_operators(synthetic_rank(), KernelClassifier::builtin());
  ASSERT_EQ(s.aicpu.size(), 3u);
  std::map<std::string, const AicpuMasking*> by;
  for (const auto& m : s.aicpu) by[m.name] = &m;
  // A.8: masked >= 0.90 AICPU_MASKED_BUT_UNDESIRABLE; >= 0.20 AICPU_PARTIALLY_EXPOSED; else EXPOSED_NOT_ALLOWED.
  EXPECT_DOUBLE_EQ(by["AicpuA"]->masked_ratio, 0.5);
  EXPECT_EQ(by["AicpuA"]->classification, "AICPU_PARTIALLY_EXPOSED");
  EXPECT_DOUBLE_EQ(by["AicpuB"]->masked_ratio, 1.0);
  EXPECT_EQ(by["AicpuB"]->classification, "AICPU_MASKED_BUT_UNDESIRABLE");
  EXPECT_DOUBLE_EQ(by["AicpuC"]->masked_ratio, 0.0);
  EXPECT_EQ(by["AicpuC"]->classification, "AICPU_EXPOSED_NOT_ALLOWED");
}

TEST(OperatorSummary, AttentionFamilyOfAWindow) {
  trace::RankEvents ev;
  const auto src = ev.add_source("k.csv", "ascend.kernel_details.csv");
  auto add = [&](const char* name) {
    return ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 0, 1, ev.strings.intern(name), src, ev.size());
  };
  const auto fia = add("FusedInferAttentionScore");
  const auto mla = add("MlaPrologV2");
  const auto mm = add("MatMulV2");
  const auto classifier = KernelClassifier::builtin();
  // A.6: flash_score alone -> gqa_or_mha (row 6); with an MLA preprocess kernel -> mla (row 4); no attention -> none.
  EXPECT_EQ(attention_family_of(ev, {fia, mm}, classifier).id, "gqa_or_mha");
  EXPECT_EQ(attention_family_of(ev, {fia, mla}, classifier).id, "mla");
  EXPECT_EQ(attention_family_of(ev, {mm}, classifier).id, "");
}
