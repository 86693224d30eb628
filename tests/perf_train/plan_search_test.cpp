// The layout planner: dense 70B (Llama-3.1-70B preset) on 32 H100, the s10 comparison of FSDP2 and
// Megatron layouts, and searches with no feasible layout.
#include <gtest/gtest.h>

#include <algorithm>

#include "hw/hardware_db.hpp"
#include "model/config_reader.hpp"
#include "perf/plan_search.hpp"

namespace llmsa::perf {
namespace {

PlanRequest llama70b(std::int64_t cards, std::int64_t batch) {
  PlanRequest r;
  r.seq_len = 8192;
  r.model = train_model_from_spec(model::load_model("Llama-3.1-70B"), r.seq_len);
  r.device = train_device(hw::HardwareDb::builtin().require("H100"), false);
  r.cards = cards;
  r.global_batch = batch;
  return r;
}

TEST(PlanSearch, Dense70BOn32H100) {
  PlanRequest req = llama70b(32, 64);
  PlanResult r = search_layouts(req);
  ASSERT_FALSE(r.best.empty());
  EXPECT_GT(r.feasible, 10);
  for (std::size_t i = 0; i < r.best.size(); ++i) {
    EXPECT_LE(r.best[i].memory.peak(), 80e9);
    EXPECT_EQ(r.best[i].layout.cards(), 32);
    EXPECT_TRUE(layout_violation(r.best[i].layout, req.model.shape()).empty()) << layout_label(r.best[i].layout);
    if (i > 0) {
      EXPECT_LE(r.best[i - 1].step.step, r.best[i].step.step);
    }
  }
  // s10: with a batch that keeps every rank busy, FSDP2 needs no pipeline and beats Megatron's
  // tp4 pp2 (bubble 27%): the winner has no pipeline bubble.
  EXPECT_EQ(r.best.front().layout.pp, 1);
  // A plausible MFU for a 70B dense run on H100 (eta bounded by the 0.75 matmul efficiency).
  EXPECT_GT(r.best.front().step.mfu, 0.3);
  EXPECT_LT(r.best.front().step.mfu, 0.75);
  auto why = explain_best(r, req);
  ASSERT_GE(why.size(), 4u);
  EXPECT_NE(why[0].find("fits"), std::string::npos);
  EXPECT_NE(why[1].find("step"), std::string::npos);
  bool mentions_pp = std::any_of(why.begin(), why.end(), [](const std::string& s) { return s.rfind("pp ", 0) == 0; });
  EXPECT_TRUE(mentions_pp);
  EXPECT_NE(why_slower(r.best[0], r.best[1]).find("ms"), std::string::npos);
}

TEST(PlanSearch, NothingFitsSaysMemoryBound) {
  PlanRequest req = llama70b(1, 1);
  PlanResult r = search_layouts(req);
  EXPECT_TRUE(r.best.empty());
  EXPECT_EQ(r.feasible, 0);
  EXPECT_NE(r.bound.find("memory"), std::string::npos);
  EXPECT_NE(r.bound.find("optimizer"), std::string::npos);  // 12 x 70.6B dominates on one card
}

TEST(PlanSearch, NothingFitsSaysBatchBound) {
  PlanRequest req = llama70b(32, 3);  // 3 sequences cannot be split over any dp > 1 ... nor fill 32 cards
  req.max_tp = 1;
  req.max_cp = 1;
  PlanResult r = search_layouts(req);
  if (r.best.empty()) {
    EXPECT_FALSE(r.bound.empty());
  }
  EXPECT_GT(r.rejected[static_cast<int>(PlanReject::kBatchNotDivisible)], 0);
}

}  // namespace
}  // namespace llmsa::perf
