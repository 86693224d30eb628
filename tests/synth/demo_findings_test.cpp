// The demo's findings name what was injected into its capture, and their evidence points at exactly
// the injected rows (issue 5, "Done means"). The injected rows come from the generator, which counts
// rows the way the readers do; the findings come from the real analysis of the written files.
#include <gtest/gtest.h>

#include <algorithm>

#include "synth_test_support.hpp"

namespace llmsa::synth {
namespace {

namespace fs = std::filesystem;
using test::analyse_demo;
using test::evidence_rows;
using test::fresh_dir;
using test::injected;

std::vector<const evidence::Finding*> of_type(const analysis::ProfileAnalysis& a, const std::string& type) {
  std::vector<const evidence::Finding*> out;
  for (const auto& f : a.findings)
    if (f.type == type) out.push_back(&f);
  return out;
}

class DemoFindings : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(fresh_dir("findings"));
    demo_ = new test::AnalysedDemo(analyse_demo(*root_));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*root_);
    delete demo_;
    delete root_;
  }
  static fs::path* root_;
  static test::AnalysedDemo* demo_;
};
fs::path* DemoFindings::root_ = nullptr;
test::AnalysedDemo* DemoFindings::demo_ = nullptr;

// msprof-analyze's vote (ascend-profiling.md Part D): the rank with the shortest duration of a
// collective arrived last. The generator makes rank 2 (DemoOptions::straggler_rank) arrive last at
// all 35 all-reduces, so the vote must name rank 2 and only rank 2.
TEST_F(DemoFindings, StragglerIsTheConfirmedSlowRankWithItsCollectivesAsEvidence) {
  const auto& a = demo_->analysis;
  const auto slow = of_type(a, "slow_rank_confirmed");
  ASSERT_EQ(slow.size(), 1u);
  EXPECT_EQ(slow[0]->ranks, std::vector<int>{2});
  const InjectedProblem& p = injected(demo_->capture, "slow_rank");
  EXPECT_EQ(p.ranks, std::vector<int>{2});
  bool checked_comm_json = false;
  for (const InjectedRows& rows : p.rows) {
    if (rows.format != "ascend.communication.json") continue;
    checked_comm_json = true;
    EXPECT_EQ(rows.rows.size(), 35u);  // 5 all-reduces per step x 7 steps
    const auto ev = evidence_rows(a, *slow[0], rows.file);
    EXPECT_EQ(ev, std::set<std::uint64_t>(rows.rows.begin(), rows.rows.end())) << rows.file;
  }
  EXPECT_TRUE(checked_comm_json);
}

TEST_F(DemoFindings, EverySlowCollectiveNamesTheStragglerAsLastToArrive) {
  const auto slow = of_type(demo_->analysis, "communication_collective_slow");
  ASSERT_FALSE(slow.empty());
  for (const auto* f : slow) {
    EXPECT_NE(f->title.find("rank 2 arrived last"), std::string::npos) << f->title;
    EXPECT_FALSE(f->evidence_ids.empty()) << f->title;
  }
}

// AICPU masking (A.8): no AI Core work overlaps the injected AI_CPU task, so it is
// AICPU_EXPOSED_NOT_ALLOWED on every rank, and the evidence is exactly its rows.
TEST_F(DemoFindings, ExposedAicpuOperatorIsFlaggedOnEveryRankWithItsRows) {
  const auto& a = demo_->analysis;
  const auto aicpu = of_type(a, "aicpu_exposed");
  ASSERT_EQ(aicpu.size(), 4u);  // one per rank, and no other AICPU operator
  const InjectedProblem& p = injected(demo_->capture, "aicpu_exposed");
  EXPECT_EQ(p.op_name, kDemoAicpuOp);
  for (const auto* f : aicpu) {
    ASSERT_EQ(f->ranks.size(), 1u);
    EXPECT_NE(f->title.find(std::string("AICPU op ") + kDemoAicpuOp + " (AICPU_EXPOSED_NOT_ALLOWED)"), std::string::npos)
        << f->title;
    bool checked = false;
    for (const InjectedRows& rows : p.rows) {
      if (rows.rank != f->ranks[0] || rows.format != "ascend.kernel_details.csv") continue;
      checked = true;
      EXPECT_EQ(rows.rows.size(), 7u);  // once per step
      EXPECT_EQ(evidence_rows(a, *f, rows.file), std::set<std::uint64_t>(rows.rows.begin(), rows.rows.end()));
    }
    EXPECT_TRUE(checked) << "rank " << f->ranks[0];
  }
}

// The late launch leaves the sampling kernel waiting: Wait Time before it is the injected delay, so
// the operator view already flags it as a wait anchor on the bubble rank (A.8, wait_ratio > 0.8)
// with its delayed rows as evidence. (The recurring_bubble finding is in demo_structure_test.cpp.)
TEST_F(DemoFindings, LateLaunchedKernelIsAWaitAnchorOnTheBubbleRank) {
  const auto& a = demo_->analysis;
  const InjectedProblem& p = injected(demo_->capture, "host_bubble");
  EXPECT_EQ(p.ranks, std::vector<int>{1});
  const evidence::Finding* anchor = nullptr;
  for (const auto* f : of_type(a, "wait_anchor_op"))
    if (f->ranks == std::vector<int>{1} && f->title.find(kDemoBubbleKernel) != std::string::npos) anchor = f;
  ASSERT_NE(anchor, nullptr);
  for (const InjectedRows& rows : p.rows) {
    if (rows.format != "ascend.kernel_details.csv") continue;
    EXPECT_EQ(rows.rows.size(), 6u);  // every decode step
    const auto ev = evidence_rows(a, *anchor, rows.file);
    for (auto r : rows.rows) EXPECT_TRUE(ev.count(r)) << "row " << r;
  }
  // No other rank launches it late.
  for (const auto* f : of_type(a, "wait_anchor_op")) {
    if (f->title.find(kDemoBubbleKernel) != std::string::npos) {
      EXPECT_EQ(f->ranks, std::vector<int>{1}) << f->title;
    }
  }
}

}  // namespace
}  // namespace llmsa::synth
