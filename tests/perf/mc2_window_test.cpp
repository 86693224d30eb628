// MC2 HCCL window requirement (CANN dispatch_v2 tiling) and op limits.
// Oracle: vllm-ascend issue #4051 as derived in determinism-mc2-rl.md s2.3.
#include <gtest/gtest.h>

#include "perf/mc2_window.hpp"

namespace llmsa::perf {
namespace {

Mc2WindowInput issue_4051() {
  // Qwen3-Next-80B-A3B, TP4 + EP4: maxBs 64, H 2048, ep 4, 128 local experts, K 10, no shared experts.
  Mc2WindowInput in;
  in.max_bs = 64;
  in.hidden = 2048;
  in.ep_world_size = 4;
  in.local_moe_expert_num = 128;
  in.top_k = 10;
  in.shared_expert_num = 0;
  in.hccl_buffsize_mb = 200;
  return in;
}

TEST(Mc2Window, ReproducesIssue4051) {
  auto r = mc2_window(issue_4051());
  EXPECT_EQ(r.token_need_size_dispatch, 4608);    // determinism-mc2-rl.md s2.3
  EXPECT_EQ(r.token_need_size_combine, 4096);     // determinism-mc2-rl.md s2.3
  EXPECT_EQ(r.actual_size_bytes, 307'232'768);    // "= 293 MiB exactly" (s2.3)
  EXPECT_EQ(r.needed_mb, 294);                    // the op's message prints actual/MiB + 1 = "NEEDED 294 MB"
  EXPECT_FALSE(r.fits);                           // against the 200 MB default HCCL_BUFFSIZE
  EXPECT_EQ(r.window_bytes, 200LL * 1024 * 1024);
  EXPECT_EQ(r.tp_window_bytes, 0);
}

TEST(Mc2Window, FitsOnceTheBufferIsRaised) {
  auto in = issue_4051();
  in.hccl_buffsize_mb = 294;  // 294 MiB >= 293 MiB needed
  EXPECT_TRUE(mc2_window(in).fits);
  in.hccl_buffsize_mb = 292;
  EXPECT_FALSE(mc2_window(in).fits);
}

TEST(Mc2Window, TokenSlotsForH7168) {
  // determinism-mc2-rl.md s2.3 (derived): H = 7168 -> dispatch 14,848 B/token, combine 14,336 B/token.
  auto in = issue_4051();
  in.hidden = 7168;
  auto r = mc2_window(in);
  EXPECT_EQ(r.token_need_size_dispatch, 14'848);
  EXPECT_EQ(r.token_need_size_combine, 14'336);
  // With comm_alg set the slot is ceil(len/480)*512: len = 14,336 + 44 = 14,380 -> 30 chunks -> 15,360 (s2.3 formula).
  in.comm_alg_set = true;
  EXPECT_EQ(mc2_window(in).token_need_size_dispatch, 15'360);
}

TEST(Mc2Window, TpWindowOnlyForTpTwo) {
  // s2.3: TP window (tp = 2) = A*(dispatch + combine)*2 with A = BS*ep*min(local, K) = 64*4*10.
  auto in = issue_4051();
  in.tp_world_size = 2;
  EXPECT_EQ(mc2_window(in).tp_window_bytes, 64LL * 4 * 10 * (4608 + 4096) * 2);
}

TEST(Mc2OpLimits, Issue4051ShapeIsAcceptedOnA3ButNotOnA2) {
  Mc2OpShape s{.soc = "A3", .bs = 64, .hidden = 2048, .top_k = 10, .ep_world_size = 4, .experts = 512,
               .shared_expert_num = 0, .tp_world_size = 1};
  EXPECT_TRUE(mc2_op_violations(s).empty());
  s.soc = "A2";
  auto v = mc2_op_violations(s);
  // A2 (s2.2): ep % 8 == 0 and <= 24 experts per rank; 512 experts is at the A2 maximum (allowed).
  ASSERT_EQ(v.size(), 2u);
  EXPECT_NE(v[0].find("experts per rank 128 > 24"), std::string::npos) << v[0];
  EXPECT_NE(v[1].find("not a multiple of 8"), std::string::npos) << v[1];
}

TEST(Mc2OpLimits, BatchAndHiddenBounds) {
  Mc2OpShape s{.soc = "A3", .bs = 513, .hidden = 9000, .top_k = 17, .ep_world_size = 1, .experts = 2048,
               .shared_expert_num = 5, .tp_world_size = 4};
  auto v = mc2_op_violations(s);
  // s2.2: BS <= 512, H <= 8192, K <= 16, ep >= 2, experts <= 1024, shared <= 4, tp <= 2 are broken;
  // 2048 local experts is exactly LOCAL_EXPERT_MAX_SIZE and allowed.
  EXPECT_EQ(v.size(), 7u);
  for (const auto& msg : v) EXPECT_EQ(msg.find("experts per rank"), std::string::npos) << msg;
  // No dispatch_v2 limits are recorded for other SoCs: nothing is claimed either way.
  EXPECT_FALSE(mc2_op_limits_known("A5"));
  EXPECT_FALSE(mc2_op_limits_known("common"));
  EXPECT_TRUE(mc2_op_limits_known("A2"));
  EXPECT_TRUE(mc2_op_violations({.soc = "A5", .bs = 100000, .hidden = 1024, .top_k = 1, .ep_world_size = 2,
                                 .experts = 2, .shared_expert_num = 0, .tp_world_size = 1})
                  .empty());
}

}  // namespace
}  // namespace llmsa::perf
