// Step structure of the demo capture: the recurring host bubble, step types and layers. These
// depend on the step-structure analysis (StepAnalysis::step_type, layers, bubbles and the
// recurring_bubble finding) that is built in parallel with this generator; until it is merged these
// tests fail in a branch without it, by design (they are the acceptance check of issue 5's demo).
#include <gtest/gtest.h>

#include "synth_test_support.hpp"

namespace llmsa::synth {
namespace {

namespace fs = std::filesystem;
using test::analyse_demo;
using test::evidence_rows;
using test::fresh_dir;
using test::injected;

// Rank 1 launches the sampling kernel 600 us late in each of the 6 decode steps: the device idles
// before the same kernel every step. The finding must say so, and its evidence must include the
// delayed kernel's rows.
TEST(DemoStructure, RecurringHostBubbleIsFoundWithTheDelayedKernelsRows) {
  const test::ScopedDir dir("bubble");
  const auto d = analyse_demo(dir.path);
  const InjectedProblem& p = injected(d.capture, "host_bubble");
  // Only one bubble is injected, so exactly one recurring_bubble may come out: the gaps between steps
  // (the last kernel of one step to the first of the next, outside both ProfilerStep windows) are
  // inter-step time, not a bubble that recurs inside the steps on every rank.
  const evidence::Finding* bubble = nullptr;
  int recurring = 0;
  for (const auto& f : d.analysis.findings) {
    if (f.type != "recurring_bubble") continue;
    ++recurring;
    if (std::find(f.ranks.begin(), f.ranks.end(), 1) != f.ranks.end()) bubble = &f;
  }
  EXPECT_EQ(recurring, 1);
  ASSERT_NE(bubble, nullptr) << "no recurring_bubble finding on rank 1";
  EXPECT_NE(bubble->title.find(std::string("and '") + kDemoBubbleKernel + "'"), std::string::npos)
      << "the delayed kernel closes the bubble: " << bubble->title;
  // The delayed kernel's rows, in kernel_details.csv or in trace_view.json (device slice and launch),
  // whichever file the analysis took its events from.
  std::size_t covered_files = 0;
  for (const InjectedRows& rows : p.rows) {
    const auto ev = evidence_rows(d.analysis, *bubble, rows.file);
    if (ev.empty()) continue;
    if (rows.format == "ascend.kernel_details.csv") {
      for (auto r : rows.rows) EXPECT_TRUE(ev.count(r)) << rows.file << " row " << r;
      ++covered_files;
    } else if (rows.format == "ascend.trace_view.json") {
      std::size_t hit = 0;
      for (auto r : rows.rows) hit += ev.count(r);
      EXPECT_GE(hit, 6u) << "at least the six delayed slices";
      ++covered_files;
    }
  }
  EXPECT_GE(covered_files, 1u) << "the finding's evidence names none of the delayed kernel's rows";
}

TEST(DemoStructure, BubbleWindowsSitBeforeTheLateKernelInEveryDecodeStep) {
  const test::ScopedDir dir("windows");
  const auto d = analyse_demo(dir.path);
  const auto& rank1 = d.analysis.ranks.at(1);
  const auto& ev = d.ingested.capture.ranks.at(1).events;
  int steps_with_bubble = 0;
  for (const auto& s : rank1.steps) {
    if (s.step == "1") continue;  // prefill: not delayed
    for (const auto& b : s.bubbles)
      if (b.event_after != analysis::kNoEvent && ev.strings.view(ev.name[b.event_after]) == kDemoBubbleKernel &&
          b.end_ns - b.start_ns >= 550'000) {
        ++steps_with_bubble;
        break;
      }
  }
  EXPECT_EQ(steps_with_bubble, 6);
}

// Step 1 processes 2048 prompt tokens, steps 2..7 one token per sequence (ascend-profiling.md A.7:
// step type from the structure); each step runs 4 layers (1 dense + 3 MoE), each with MLA attention.
TEST(DemoStructure, PrefillAndDecodeStepsWithFourMlaLayers) {
  const test::ScopedDir dir("structure");
  const auto d = analyse_demo(dir.path);
  for (const auto& r : d.analysis.ranks) {
    ASSERT_EQ(r.steps.size(), 7u);
    EXPECT_EQ(r.steps[0].step_type, "prefill") << "rank " << r.rank;
    for (std::size_t i = 1; i < r.steps.size(); ++i) EXPECT_EQ(r.steps[i].step_type, "decode") << "rank " << r.rank;
    for (const auto& s : r.steps) {
      int attention_layers = 0, mc2_blocks = 0;
      for (const auto& l : s.layers) {
        attention_layers += l.anchor_kind == "attention";
        for (const auto& b : l.blocks) mc2_blocks += b.family == "fused_mc2";
      }
      EXPECT_EQ(attention_layers, 4) << "rank " << r.rank << " step " << s.step;
      EXPECT_EQ(mc2_blocks, 3) << "rank " << r.rank << " step " << s.step;
    }
  }
}

}  // namespace
}  // namespace llmsa::synth
