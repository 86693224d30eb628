// llmsa's own definitions (no rounding, whole windows) and the Ascend preset on the tiny
// hand-written trace (tiny_trace.hpp); every expected number is computed by hand from its events.
#include <gtest/gtest.h>

#include "analysis/profile_analysis.hpp"
#include "analysis/step_windows.hpp"
#include "report/analysis_json.hpp"
#include "tiny_trace.hpp"
#include "trace/ingest.hpp"

namespace llmsa::analysis {
namespace {

constexpr std::int64_t us(double v) { return static_cast<std::int64_t>(v * 1000 + 0.5); }

trace::Capture tiny_capture() {
  const auto path = test::write_tiny_kineto_trace();
  trace::IngestResult r = trace::ingest({path});
  std::filesystem::remove(path);
  return std::move(r.capture);
}

TEST(Timeline, CaptureWindowBreakdown) {
  const ProfileAnalysis a = analyze_capture(tiny_capture());
  ASSERT_EQ(a.ranks.size(), 1u);
  const TimeBreakdown& c = a.ranks[0].capture;
  // Window = first to last device event: [1010.4, 1170) = 159.6.
  EXPECT_EQ(c.wall_ns, us(159.6));
  // busy = [1010.4,1030.6) 20.2 + [1035,1070) 35 + [1110,1115) 5 + [1160,1170) 10 = 70.2
  EXPECT_EQ(c.busy_ns, us(70.2));
  EXPECT_EQ(c.compute_ns, us(50.2));  // kernels: 20.2 + 10 + 10 + 10
  EXPECT_EQ(c.communication_ns, us(30));
  EXPECT_EQ(c.overlapped_ns, us(15));  // [1040,1045) + [1060,1070)
  EXPECT_EQ(c.exposed_communication_ns, us(15));
  EXPECT_EQ(c.memcpy_ns, us(5));
  EXPECT_EQ(c.exposed_memcpy_ns, us(5));
  EXPECT_EQ(c.idle_ns, us(89.4));
  EXPECT_EQ(c.bubble_count, 3);  // [1030.6,1035) [1070,1110) [1115,1160)
  EXPECT_EQ(c.longest_bubble_ns, us(45));
}

TEST(Timeline, ProfilerStepsAnatomyAndWhereTimeGoes) {
  const ProfileAnalysis a = analyze_capture(tiny_capture());
  const RankAnalysis& r = a.ranks[0];
  EXPECT_EQ(r.step_source, "profiler_step");
  ASSERT_EQ(r.steps.size(), 2u);
  const StepAnalysis& s1 = r.steps[0];
  EXPECT_EQ(s1.step, "1");
  EXPECT_EQ(s1.time.wall_ns, us(100));
  EXPECT_EQ(s1.time.busy_ns, us(55.2));  // 20.2 + 35
  EXPECT_EQ(s1.time.head_ns, us(10.4));  // 1000 -> 1010.4
  EXPECT_EQ(s1.time.main_ns, us(59.6));  // 1010.4 -> 1070
  EXPECT_EQ(s1.time.tail_ns, us(30));    // 1070 -> 1100
  EXPECT_EQ(s1.time.idle_ns, us(44.8));
  bool saw_allreduce = false;
  for (const RoleTime& t : s1.where_time_goes) {
    if (t.role == "communication.allreduce") {
      saw_allreduce = true;
      EXPECT_EQ(t.time_ns, us(30));
      EXPECT_DOUBLE_EQ(t.share_of_wall, 0.30);
      EXPECT_DOUBLE_EQ(t.share_of_busy, 30.0 / 55.2);
    }
    EXPECT_NE(t.role, "memcpy");  // the copy runs in step 2
  }
  EXPECT_TRUE(saw_allreduce);
  // Step 2 [1100, 1200): memcpy 5 + gemm3 10.
  EXPECT_EQ(r.steps[1].time.busy_ns, us(15));
  EXPECT_EQ(r.steps[1].time.memcpy_ns, us(5));
}

TEST(Timeline, AscendPresetStepFromFirstTask) {
  ProfileOptions o;
  o.compat = Compat::kAscend;
  const ProfileAnalysis a = analyze_capture(tiny_capture(), o);
  ASSERT_TRUE(a.ranks[0].ascend.has_value());
  const AscendStepMetrics& s1 = (*a.ranks[0].ascend)[0];
  // Step 1 runs from its first task (1010.4) to the end of its last task (1070): 59.6.
  // Computing 40.2, Communication 30, Overlapped 15, Free = 59.6 - 55.2 = 4.4, no receive ops.
  EXPECT_NEAR(s1.computing_us, 40.2, 1e-9);
  EXPECT_NEAR(s1.communication_us, 30, 1e-9);
  EXPECT_NEAR(s1.overlapped_us, 15, 1e-9);
  EXPECT_NEAR(s1.communication_not_overlapped_us, 15, 1e-9);
  EXPECT_NEAR(s1.free_us, 4.4, 1e-9);
  EXPECT_NEAR(s1.bubble_us, 0, 1e-9);
  EXPECT_NEAR(s1.stage_us, 59.6, 1e-9);
  // Identity of step_trace_time.csv: Computing + Communication(Not Overlapped) + Free = Stage.
  EXPECT_NEAR(s1.computing_us + s1.communication_not_overlapped_us + s1.free_us, s1.stage_us, 1e-9);
}

TEST(Timeline, WholeCaptureWhenNoSteps) {
  trace::Capture c;
  c.ranks.emplace_back();
  trace::RankEvents& ev = c.ranks[0].events;
  ev.rank = 3;
  const auto src = ev.add_source("mem", "test");
  ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 100, 50, ev.strings.intern("k"), src, 0);
  ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 300, 100, ev.strings.intern("k"), src, 1);
  const ProfileAnalysis a = analyze_capture(c);
  const RankAnalysis& r = a.ranks[0];
  EXPECT_EQ(r.rank, 3);
  EXPECT_EQ(r.step_source, "whole_capture");
  ASSERT_EQ(r.steps.size(), 1u);
  EXPECT_EQ(r.steps[0].step, "all");
  EXPECT_EQ(r.steps[0].time.wall_ns, 300);  // [100, 400)
  EXPECT_EQ(r.steps[0].time.busy_ns, 150);
  EXPECT_EQ(r.steps[0].time.idle_ns, 150);
}

TEST(Timeline, StepIdWindows) {
  trace::Capture c;
  c.ranks.emplace_back();
  trace::RankEvents& ev = c.ranks[0].events;
  const auto src = ev.add_source("mem", "test");
  const auto a0 = ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 0, 10, ev.strings.intern("k"), src, 0);
  const auto a1 = ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 20, 10, ev.strings.intern("k"), src, 1);
  const auto b0 = ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 50, 5, ev.strings.intern("k"), src, 2);
  ev.step[a0] = 7;
  ev.step[a1] = 7;
  ev.step[b0] = 8;
  const StepSegmentation s = segment_steps(c.ranks[0], {0, 55});
  EXPECT_EQ(s.source, "step_id");
  ASSERT_EQ(s.steps.size(), 2u);
  EXPECT_EQ(s.steps[0].step, "7");
  EXPECT_EQ(s.steps[0].window, (Interval{0, 30}));
  EXPECT_EQ(s.steps[1].window, (Interval{50, 55}));
}

TEST(Timeline, JsonIsDeterministicAndNamesThePresetKeys) {
  ProfileOptions o;
  o.compat = Compat::kTraceLens;
  const ProfileAnalysis a = analyze_capture(tiny_capture(), o);
  const auto j1 = report::analysis_json(a).dump();
  const auto j2 = report::analysis_json(analyze_capture(tiny_capture(), o)).dump();
  EXPECT_EQ(j1, j2);
  const auto j = report::analysis_json(a);
  EXPECT_EQ(j["compat"], "tracelens");
  EXPECT_EQ(j["ranks"][0]["rank"], a.ranks[0].rank);
  // TraceLens on the tiny trace: all 6 GPU events are linked to a launch; total = 1170 - 1010.4 =
  // 159.6 us; comm [1040,1070) runs under kernels on [1040,1045) and [1060,1070) -> exposed 15 us;
  // the copy [1110,1115) overlaps nothing; computation = 50.2; idle = 159.6 - 70.2 = 89.4.
  EXPECT_NEAR(j["ranks"][0]["tracelens"]["total_time_ms"].get<double>(), 0.1596, 1e-12);
  EXPECT_NEAR(j["ranks"][0]["tracelens"]["exposed_comm_time_ms"].get<double>(), 0.015, 1e-12);
  EXPECT_NEAR(j["ranks"][0]["tracelens"]["total_comm_time_ms"].get<double>(), 0.030, 1e-12);
  EXPECT_NEAR(j["ranks"][0]["tracelens"]["exposed_memcpy_time_ms"].get<double>(), 0.005, 1e-12);
  EXPECT_NEAR(j["ranks"][0]["tracelens"]["computation_time_ms"].get<double>(), 0.0502, 1e-12);
  EXPECT_NEAR(j["ranks"][0]["tracelens"]["idle_time_ms"].get<double>(), 0.0894, 1e-12);
}

}  // namespace
}  // namespace llmsa::analysis
