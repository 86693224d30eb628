// --compat hta on the tiny hand-written trace (tiny_trace.hpp). HTA was not run on it: every expected
// value below is hand-computed from HTA's documented algorithm (trace-analyzers.md 5.1 rounding and
// window filter, 5.3 temporal breakdown, 5.5 idle breakdown, 5.6 overlap).
#include <gtest/gtest.h>

#include "analysis/compat_hta.hpp"
#include "support/samples.hpp"
#include "tiny_trace.hpp"
#include "trace/ingest.hpp"

namespace llmsa::analysis {
namespace {

TEST(HtaCompat, HandComputedTinyTrace) {
  const auto path = test::write_tiny_kineto_trace();
  trace::IngestResult r = trace::ingest({path});
  std::filesystem::remove(path);
  ASSERT_EQ(r.capture.ranks.size(), 1u);
  const HtaMetrics m = hta_metrics(r.capture.ranks[0].events);
  // 5.1.2: 1010.4 is fractional, so every event is rounded inward: gemm_kernel -> [1011, 1030).
  EXPECT_TRUE(m.ns_rounding_applied);
  // 5.1.6: two ProfilerSteps, so gemm3 (launched at 1150, in the last step) is dropped.
  EXPECT_TRUE(m.last_step_excluded);
  // G = [1011,1030) [1035,1045) [1060,1070) [1040,1070) [1110,1115): hull 1115 - 1011 = 104,
  // union 19 + 35 + 5 = 59, idle 104 - 59 = 45.
  EXPECT_DOUBLE_EQ(m.kernel_time_us, 104.0);
  EXPECT_DOUBLE_EQ(m.idle_time_us, 45.0);
  // COMPUTATION: gemm_kernel, gemm2, elementwise_add = 19 + 10 + 10 = 39; non-compute 59 - 39 = 20.
  EXPECT_DOUBLE_EQ(m.compute_time_us, 39.0);
  EXPECT_DOUBLE_EQ(m.non_compute_time_us, 20.0);
  // COMM [1040,1070) = 30; COMP ∩ COMM = [1040,1045) + [1060,1070) = 15 -> 50%.
  ASSERT_TRUE(m.comm_comp_overlap_pct.has_value());
  EXPECT_DOUBLE_EQ(*m.comm_comp_overlap_pct, 50.0);
  // Stream 7 in ts order: gemm_kernel, gemm2, elementwise_add, Memcpy.
  //   gemm2: gap 1035 - 1030 = 5, launch 1004 <= 1030, 5 < 30        -> kernel_wait 5
  //   elementwise_add: gap 1060 - 1045 = 15, launch 1050 > 1045      -> host_wait 15
  //   Memcpy: gap 1110 - 1070 = 40, launch 1007 <= 1070, 40 >= 30    -> other 40
  // Stream 8 has a single kernel: no gap.
  EXPECT_DOUBLE_EQ(m.idle_breakdown_us.host_wait_us, 15.0);
  EXPECT_DOUBLE_EQ(m.idle_breakdown_us.kernel_wait_us, 5.0);
  EXPECT_DOUBLE_EQ(m.idle_breakdown_us.other_us, 40.0);
  EXPECT_EQ(m.negative_duration_events, 0);
}

}  // namespace
}  // namespace llmsa::analysis

namespace llmsa::analysis {
namespace {

// trace-analyzers.md 5.1.2, from running HTA on the TraceLens samples: "On the TraceLens Qwen/H100
// trace, 22 gpu_memset events go negative" after HTA's inward rounding.
TEST(HtaCompat, QwenH100RoundingMakes22NegativeDurations) {
  const char* path = "TraceLens/tests/traces/h100/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz";
  LLMSA_REQUIRE_SAMPLE(path);
  trace::IngestResult r = trace::ingest({test::sample_path(path)});
  const HtaMetrics m = hta_metrics(r.capture.ranks[0].events);
  EXPECT_TRUE(m.ns_rounding_applied);
  EXPECT_EQ(m.negative_duration_events, 22);
}

// trace-analyzers.md 5.1.2: "Qwen/MI300: HTA idle 5.54 ms" (the idle-time breakdown summed over
// categories and streams, with HTA's rounding), quoted to two decimals.
TEST(HtaCompat, QwenMi300IdleBreakdownTotal) {
  const char* path = "TraceLens/tests/traces/mi300/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz";
  LLMSA_REQUIRE_SAMPLE(path);
  trace::IngestResult r = trace::ingest({test::sample_path(path)});
  const HtaMetrics m = hta_metrics(r.capture.ranks[0].events);
  const double total_ms =
      (m.idle_breakdown_us.host_wait_us + m.idle_breakdown_us.kernel_wait_us + m.idle_breakdown_us.other_us) / 1e3;
  EXPECT_NEAR(total_ms, 5.54, 0.005);
}

}  // namespace
}  // namespace llmsa::analysis
