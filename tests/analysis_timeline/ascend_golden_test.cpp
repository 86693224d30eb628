// --compat ascend recomputed from the device events (kernel_details.csv, trace_view.json) against the
// profiler's own step_trace_time.csv of the same capture (read by the step_trace reader into
// RankProfile::step_trace; the expected numbers are the file's), within 1% as issue 4 asks; and
// against the "Overlap Analysis" lanes the profiler wrote into an msprof-analyze trace_view.json.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/compat_ascend.hpp"
#include "analysis/profile_analysis.hpp"
#include "support/samples.hpp"
#include "trace/ingest.hpp"

namespace llmsa::analysis {
namespace {

// 1% of the value, with a floor of 1% of the step time for columns near zero (Overlapped = 0.0 in
// the level2 file): "within 1%" read as 1% of what the column measures against.
void expect_within_1pct(double ours, double theirs, double step_us, const std::string& what) {
  const double tol = std::max(0.01 * std::abs(theirs), 0.01 * step_us);
  EXPECT_NEAR(ours, theirs, tol) << what;
}

void check_rank_against_step_trace(const std::string& rank_dir) {
  trace::IngestResult r = trace::ingest({test::sample_path(rank_dir)});
  ASSERT_EQ(r.capture.ranks.size(), 1u);
  const trace::RankProfile& rank = r.capture.ranks[0];
  ASSERT_FALSE(rank.step_trace.empty()) << "step_trace_time.csv not read";
  ProfileOptions o;
  o.compat = Compat::kAscend;
  const ProfileAnalysis a = analyze_capture(r.capture, o);
  ASSERT_TRUE(a.ranks[0].ascend.has_value());
  const auto& ours = *a.ranks[0].ascend;
  for (const trace::StepTraceRow& row : rank.step_trace) {
    const AscendStepMetrics* m = nullptr;
    for (const auto& s : ours)
      if (s.step == row.step) m = &s;
    ASSERT_NE(m, nullptr) << "step " << row.step << " not segmented";
    const double step_us = *row.computing_us + *row.comm_not_overlapped_us + *row.free_us;
    const std::string where = rank_dir + " step " + row.step;
    expect_within_1pct(m->computing_us, *row.computing_us, step_us, where + " Computing");
    expect_within_1pct(m->communication_not_overlapped_us, *row.comm_not_overlapped_us, step_us,
                       where + " Communication(Not Overlapped)");
    expect_within_1pct(m->overlapped_us, *row.overlapped_us, step_us, where + " Overlapped");
    expect_within_1pct(m->communication_us, *row.communication_us, step_us, where + " Communication");
    expect_within_1pct(m->free_us, *row.free_us, step_us, where + " Free");
    expect_within_1pct(m->stage_us, *row.stage_us, step_us, where + " Stage");
    expect_within_1pct(m->bubble_us, *row.bubble_us, step_us, where + " Bubble");
  }
}

#define MSI "Ascend-msinsight/test/"
TEST(AscendGolden, Level1TextRank0) {
  LLMSA_REQUIRE_SAMPLE(MSI "data/pytorch/text/level1/rank0_ascend_pt");
  check_rank_against_step_trace(MSI "data/pytorch/text/level1/rank0_ascend_pt");
}
TEST(AscendGolden, Level1TextRank1) {
  LLMSA_REQUIRE_SAMPLE(MSI "data/pytorch/text/level1/rank1_ascend_pt");
  check_rank_against_step_trace(MSI "data/pytorch/text/level1/rank1_ascend_pt");
}
// Only rank 0 of st/level2 has kernel_details.csv; ranks 1-3 hold step_trace_time.csv alone, so
// there is nothing to recompute there.
TEST(AscendGolden, StLevel2Rank0) {
  LLMSA_REQUIRE_SAMPLE(MSI "st/level2/rank_0_ascend_pt");
  check_rank_against_step_trace(MSI "st/level2/rank_0_ascend_pt");
}
#undef MSI

// msprof-analyze's advisor fixture: one ProfilerStep, compute tasks only, and the profiler's own
// Overlap Analysis lanes ("Computing", "Free" slices). Their summed lengths are the expected values.
TEST(AscendGolden, MsttTraceViewOverlapLanes) {
  const std::string path = "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/timeline_advice/trace_view.json";
  LLMSA_REQUIRE_SAMPLE(path);
  trace::IngestResult r = trace::ingest({test::sample_path(path)});
  ASSERT_EQ(r.capture.ranks.size(), 1u);
  const trace::RankEvents& ev = r.capture.ranks[0].events;
  double lane_computing_us = 0, lane_free_us = 0, lane_comm_us = 0;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.kind[i] != trace::EventKind::kOverlap) continue;
    const std::string_view n = ev.strings.view(ev.name[i]);
    if (n == "Computing") lane_computing_us += static_cast<double>(ev.dur_ns[i]) / 1e3;
    if (n == "Free") lane_free_us += static_cast<double>(ev.dur_ns[i]) / 1e3;
    if (n == "Communication") lane_comm_us += static_cast<double>(ev.dur_ns[i]) / 1e3;
  }
  ASSERT_GT(lane_computing_us, 0.0);
  ProfileOptions o;
  o.compat = Compat::kAscend;
  const ProfileAnalysis a = analyze_capture(r.capture, o);
  ASSERT_TRUE(a.ranks[0].ascend.has_value());
  double computing = 0, free = 0, comm = 0;
  for (const auto& s : *a.ranks[0].ascend) {
    computing += s.computing_us;
    free += s.free_us;
    comm += s.communication_us;
  }
  EXPECT_NEAR(computing, lane_computing_us, 0.01 * lane_computing_us);
  EXPECT_NEAR(comm, lane_comm_us, 0.01 * (lane_computing_us + lane_free_us));
  EXPECT_NEAR(free, lane_free_us, 0.01 * (lane_computing_us + lane_free_us));
}

}  // namespace
}  // namespace llmsa::analysis
