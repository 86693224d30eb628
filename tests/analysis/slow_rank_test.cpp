// msprof-analyze slow-rank methods (ascend-profiling.md Part D; trace-analyzers.md 5.10).
#include "analysis/slow_rank.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/samples.hpp"

namespace llmsa::analysis {
namespace {

TEST(Dixon, CriticalValuesQuotedInPartD) {
  // ascend-profiling.md Part D: n=3 0.994, 4 0.920, 5 0.823, 6 0.744, 7 0.680, 8 0.723, 9 0.676,
  // 10 0.638, 16 0.629, 32 0.473, 64 0.382, 100 0.341.
  const std::vector<std::pair<std::size_t, double>> quoted = {{3, 0.994}, {4, 0.920}, {5, 0.823},  {6, 0.744},
                                                              {7, 0.680}, {8, 0.723}, {9, 0.676},  {10, 0.638},
                                                              {16, 0.629}, {32, 0.473}, {64, 0.382}, {100, 0.341}};
  for (auto [n, q] : quoted) EXPECT_DOUBLE_EQ(dixon_critical_995(n), q) << n;
  EXPECT_EQ(dixon_critical_995(2), 0.0);
  EXPECT_EQ(dixon_critical_995(101), 0.0);
}

TEST(Dixon, StatisticPerSampleSizeAndShortestIsSlow) {
  // n = 5 (r10 = (x2-x1)/(xn-x1)): (200-100)/(203-100) = 0.971 > 0.823 -> the 100 us rank is slow.
  std::vector<double> t5{201, 100, 202, 200, 203};
  EXPECT_EQ(dixon_slow_ranks(t5), std::vector<std::size_t>{1});
  // (180-100)/(203-100) = 0.777 < 0.823 -> nothing.
  std::vector<double> t5b{201, 100, 202, 180, 203};
  EXPECT_TRUE(dixon_slow_ranks(t5b).empty());
  // n = 8 (r11 = (x2-x1)/(x(n-1)-x1)): the largest value is ignored.
  // sorted 10, 50, 51, 52, 53, 54, 55, 1000: (50-10)/(55-10) = 0.889 > 0.723.
  std::vector<double> t8{50, 51, 52, 10, 53, 54, 55, 1000};
  EXPECT_EQ(dixon_slow_ranks(t8), std::vector<std::size_t>{3});
  // Same with r10 it would be 40/990: the statistic choice matters.
  // n = 12 (r21 = (x3-x1)/(x(n-1)-x1)): two low values: sorted 10, 11, 50..58, 1000:
  // (50-10)/(58-10) = 0.833 > 0.675 -> the first minimum (10) is slow.
  std::vector<double> t12{50, 51, 52, 53, 54, 55, 56, 57, 58, 11, 10, 1000};
  EXPECT_EQ(dixon_slow_ranks(t12), std::vector<std::size_t>{10});
  // n = 16 (r22 = (x3-x1)/(x(n-2)-x1)).
  std::vector<double> t16;
  for (int i = 0; i < 13; ++i) t16.push_back(100 + i);
  t16.push_back(20);
  t16.push_back(21);
  t16.push_back(5000);
  // sorted 20, 21, 100..112, 5000: x3 = 100, x(n-2) = x14 = 111: (100-20)/(111-20) = 0.879 > 0.629.
  EXPECT_EQ(dixon_slow_ranks(t16), std::vector<std::size_t>{13});
}

TEST(Dixon, GuardsOfTheReference) {
  EXPECT_TRUE(dixon_slow_ranks(std::vector<double>{1, 100}).empty());  // n <= 2
  // At most 3 distinct values: never flagged, however extreme.
  EXPECT_TRUE(dixon_slow_ranks(std::vector<double>{1, 100, 100, 101, 101}).empty());
  EXPECT_TRUE(dixon_slow_ranks(std::vector<double>{}).empty());
}

TEST(ThreeSigma, AboveOneHundredRanks) {
  // 120 ranks at 100 us, one at 1 us: mean 99.18, sd ~ 9.0 -> 1 < mean - 3 sd; the max (100) is not
  // above mean + 3 sd. Only the 1 us rank is slow.
  std::vector<double> t(120, 100.0);
  t[37] = 1.0;
  EXPECT_EQ(judge_slow_ranks(t), std::vector<std::size_t>{37});
  // One rank far above the mean: the SHORTEST rank is flagged (it arrived last), not the long one.
  std::vector<double> u(120, 100.0);
  u[5] = 99.0;
  u[90] = 10000.0;
  auto slow = three_sigma_slow_ranks(u);
  EXPECT_EQ(slow, std::vector<std::size_t>{5});
}

TEST(SlowRankVote, GroupsSendReceiveAndUnequalCounts) {
  std::vector<CollectiveTime> ops;
  const std::vector<double> ar0{201, 100, 202, 200, 203};  // rank 1 slow (see above)
  const std::vector<double> ar1{300, 301, 302, 303, 150};  // (300-150)/(303-150) = 0.98 -> rank 4 slow
  for (int r = 0; r < 5; ++r) {
    ops.push_back({"tp", "hcom_allReduce__1_0_1", r, ar0[static_cast<std::size_t>(r)]});
    ops.push_back({"tp", "hcom_allReduce__1_1_1", r, ar1[static_cast<std::size_t>(r)]});
    ops.push_back({"pp", "hcom_send__2_0_1", r, 1.0 + r * 100});  // skipped: contains "send"
    ops.push_back({"pp", "hcom_batchSendRecv__2_1_1", r, 50.0 + r});  // kept: str.contains is case-sensitive
  }
  // Group "dp": one op present on 5 ranks, another on 4 -> the whole group is excluded.
  for (int r = 0; r < 5; ++r) ops.push_back({"dp", "hcom_allGather__3_0_1", r, r == 0 ? 1.0 : 100.0 + r});
  for (int r = 0; r < 4; ++r) ops.push_back({"dp", "hcom_allGather__3_1_1", r, 100.0});
  auto v = vote_slow_ranks(ops);
  EXPECT_EQ(v.skipped_send_receive, 5);
  EXPECT_EQ(v.excluded_groups, std::vector<std::string>{"dp"});
  EXPECT_EQ(v.collectives_tested, 3);  // 2 allReduce + batchSendRecv
  EXPECT_EQ(v.collectives_flagged, 2);
  const std::vector<std::pair<int, std::int64_t>> want{{1, 1}, {4, 1}};
  EXPECT_EQ(v.slow_affect_count, want);
}

// The cluster fixture of msprof-analyze's advisor tests; trace-analyzers.md 5.10 gives the verdict:
// Computing 0.09%; Communication(Not Overlapped) 36.4% (max rank 5, min rank 1); Free 34.8% (max rank 1,
// min rank 5).
TEST(StepTraceSlowRank, AdvisorFixtureMatchesTheReference) {
  const char* rel =
      "Ascend-mstt/profiler/msprof_analyze/test/resource/advisor/cluster_analysis_output/cluster_step_trace_time.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  std::ifstream in(test::sample_path(rel));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("Step,Type,Index,Computing,Communication(Not Overlapped),Overlapped,Communication,Free", 0), 0u);
  std::vector<StepTraceRank> ranks;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    if (f.size() < 8 || f[1] != "rank") continue;  // stage rows are group maxima
    ranks.push_back({std::stoi(f[2]), std::stod(f[3]), std::stod(f[4]), std::stod(f[7])});
  }
  ASSERT_EQ(ranks.size(), 8u);
  auto verdicts = step_trace_slow_rank(ranks);
  ASSERT_EQ(verdicts.size(), 3u);
  EXPECT_EQ(verdicts[0].column, "Computing");
  EXPECT_NEAR(verdicts[0].ratio * 100, 0.09, 0.005);
  EXPECT_FALSE(verdicts[0].flagged);
  EXPECT_EQ(verdicts[1].column, "Communication(Not Overlapped)");
  EXPECT_NEAR(verdicts[1].ratio * 100, 36.4, 0.05);
  EXPECT_TRUE(verdicts[1].flagged);
  EXPECT_EQ(verdicts[1].max_rank, 5);
  EXPECT_EQ(verdicts[1].min_rank, 1);
  EXPECT_NEAR(verdicts[2].ratio * 100, 34.8, 0.05);
  EXPECT_TRUE(verdicts[2].flagged);
  EXPECT_EQ(verdicts[2].max_rank, 1);
  EXPECT_EQ(verdicts[2].min_rank, 5);
}

TEST(StepTraceSlowRank, DegenerateInputs) {
  EXPECT_TRUE(step_trace_slow_rank({}).empty());
  std::vector<StepTraceRank> one{{0, 1, 1, 1}};
  EXPECT_TRUE(step_trace_slow_rank(one).empty());
  std::vector<StepTraceRank> zeros{{0, 0, 0, 0}, {1, 0, 0, 0}};
  EXPECT_TRUE(step_trace_slow_rank(zeros).empty());
  // Exactly 5% is not flagged (> threshold): totals 100 each, Free differs by 5.
  std::vector<StepTraceRank> edge{{0, 50, 25, 25}, {1, 50, 30, 20}};
  auto v = step_trace_slow_rank(edge);
  EXPECT_DOUBLE_EQ(v[1].ratio, 0.05);
  EXPECT_FALSE(v[1].flagged);
}

}  // namespace
}  // namespace llmsa::analysis
