// Per-rank MoE EP communication volumes (determinism-mc2-rl.md s2.6) and the impossible-setting refusals.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "perf/moe_comm_plan.hpp"

namespace llmsa::perf {
namespace {

MoeCommShape shape(int ep, int k) {
  MoeCommShape s;
  s.tokens = 64;
  s.hidden = 2048;
  s.top_k = k;
  s.experts = 512;
  s.ep = ep;
  return s;
}

TEST(MoeCommVolume, FormulasOfTheReference) {
  // s2.6: all-gather dispatch (P-1)*T*H*b_d = 3*64*2048*2; all-to-all T*K*H*b*(P-1)/P = 64*10*2048*2*3/4.
  auto ag = all_gather_volume(shape(4, 10));
  EXPECT_DOUBLE_EQ(ag.dispatch_send_bytes, 3.0 * 64 * 2048 * 2);
  EXPECT_DOUBLE_EQ(ag.combine_send_bytes, 3.0 * 64 * 2048 * 2);
  auto a2a = all_to_all_volume(shape(4, 10));
  EXPECT_DOUBLE_EQ(a2a.dispatch_send_bytes, 64.0 * 10 * 2048 * 2 * 3 / 4);
  EXPECT_DOUBLE_EQ(a2a.metadata_bytes, 512.0 * 8);  // P * (E/P) int64 counts
  auto mc2 = mc2_volume(shape(4, 10));
  EXPECT_DOUBLE_EQ(mc2.dispatch_send_bytes, a2a.dispatch_send_bytes);
  EXPECT_DOUBLE_EQ(mc2.metadata_bytes, 0);
  // All-gather does not depend on K.
  EXPECT_DOUBLE_EQ(all_gather_volume(shape(4, 2)).dispatch_send_bytes, ag.dispatch_send_bytes);
}

TEST(MoeCommVolume, AllGatherBeatsAllToAllExactlyWhenEpIsBelowTopK) {
  // s2.6 crossover: AG bytes <= A2A bytes  <=>  P <= K, for any T and H.
  for (int k : {2, 4, 8}) {
    for (int ep : {2, 4, 8, 16, 32}) {
      double ag = all_gather_volume(shape(ep, k)).dispatch_send_bytes;
      double a2a = mc2_volume(shape(ep, k)).dispatch_send_bytes;
      if (ep < k) {
        EXPECT_LT(ag, a2a) << ep << " " << k;
      } else if (ep == k) {
        EXPECT_DOUBLE_EQ(ag, a2a) << ep << " " << k;
      } else {
        EXPECT_GT(ag, a2a) << ep << " " << k;
      }
    }
  }
}

TEST(MoeCommVolume, Int8DispatchCarriesItsScale) {
  // s2.6: int8 dynamic quant = 1 + 4/H bytes per element (fp32 scale per token).
  EXPECT_DOUBLE_EQ(dispatch_bytes_per_element(hw::Dtype::kInt8, 2048), 1.0 + 4.0 / 2048);
  EXPECT_DOUBLE_EQ(dispatch_bytes_per_element(hw::Dtype::kBf16, 2048), 2.0);
}

MoeCommPlanInput issue_4051_plan() {
  MoeCommPlanInput in;
  in.shape = shape(4, 10);
  in.settings.soc = "A3";
  in.max_bs = 64;
  return in;
}

TEST(MoeCommPlan, Issue4051TakesMc2AndOverflowsTheWindow) {
  auto p = plan_moe_comm(issue_4051_plan());
  EXPECT_EQ(p.decision.method, MoeCommMethod::kMc2);
  EXPECT_EQ(p.window.needed_mb, 294);  // determinism-mc2-rl.md s2.3, vllm-ascend #4051
  EXPECT_FALSE(p.window.fits);
  ASSERT_FALSE(p.notes.empty());
  EXPECT_NE(p.notes[0].find("294 MB"), std::string::npos);
  auto j = moe_comm_plan_to_json(p);
  EXPECT_EQ(j["mc2_window"]["needed_mb"], 294);
  EXPECT_EQ(j["selected"]["method"], "MC2");
}

TEST(MoeCommPlan, RefusesImpossibleSettingsWithTheConstraint) {
  auto expect_refusal = [](MoeCommPlanInput in, const char* field, const char* text) {
    try {
      plan_moe_comm(in);
      ADD_FAILURE() << "expected a refusal mentioning " << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      EXPECT_EQ(e.where().field, field);
      EXPECT_NE(e.message().find(text), std::string::npos) << e.message();
    }
  };
  auto in = issue_4051_plan();
  in.shape.ep = 3;
  expect_refusal(in, "--ep", "experts % ep == 0");
  in = issue_4051_plan();
  in.shape.ep = 1024;
  expect_refusal(in, "--ep", "at least one expert");
  in = issue_4051_plan();
  in.shape.top_k = 513;
  expect_refusal(in, "--top-k", "[1, experts 512]");
  in = issue_4051_plan();
  in.settings.soc = "B9";
  expect_refusal(in, "--soc", "A2, A3, A5, 310P");
  in = issue_4051_plan();
  in.shape.hidden = 1'000'000'000;
  expect_refusal(in, "--hidden", "above the supported");
  in = issue_4051_plan();
  in.settings.world_size_across_dp = 6;
  expect_refusal(in, "--world-size-across-dp", "not a multiple of ep 4");
}

}  // namespace
}  // namespace llmsa::perf
