// Colocated RL memory timeline: determinism-mc2-rl.md s3.5 (SGLang RFC #7009 timeline and the
// decomposition that reproduces it) and s3.2-3.3 / s4.4 oracles (the verl memory post, S7).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "perf/rl_memory.hpp"

namespace llmsa::perf {
namespace {

RlMemoryInput rfc(double base, double r, double f, double v) {
  RlMemoryInput in;
  in.capacity_bytes = 141e9;  // 8 x H200 (s3.6)
  in.base_bytes = base * 1e9;
  in.rollout_weight_bytes = r * 1e9;
  in.gathered_weight_bytes = f * 1e9;
  in.kv_cache_bytes = v * 1e9;
  in.offload_residual_bytes = 1.0e9;  // 37.6 - 36.6 and 15.7 - 14.7 in the RFC timeline
  return in;
}

std::vector<double> first_stages(const RlMemoryTimeline& t, std::size_t n) {
  std::vector<double> out;
  for (std::size_t i = 0; i < n && i < t.stages.size(); ++i) out.push_back(t.stages[i].bytes / 1e9);
  return out;
}

// Qwen 32B at mem_frac 0.9: 5.8 -> 36.6 -> 98.1 -> 37.6 -> 131.8 GB; single-stage peak 192.3 (RFC: 192),
// multi-stage peak 131.8; saving ~31% (s3.5).
TEST(RlMemoryGolden, Qwen32BMultiStageAwake) {
  auto t = rl_memory_timeline(rfc(5.8, 30.8, 61.5, 94.2));
  auto s = first_stages(t, 5);
  const double expected[] = {5.8, 36.6, 98.1, 37.6, 131.8};
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(s[static_cast<std::size_t>(i)], expected[i], 1e-9) << i;
  EXPECT_NEAR(t.single_stage_peak / 1e9, 192.3, 1e-9);
  EXPECT_NEAR(t.multi_stage_peak / 1e9, 131.8, 1e-9);
  EXPECT_NEAR((t.single_stage_peak - t.multi_stage_peak) / t.single_stage_peak, 0.3146, 0.0005);
  EXPECT_EQ(t.stages[t.peak_stage].name, "resume KV cache");
  EXPECT_FALSE(t.oom);
  // The single-stage flow peaks while the gathered weights sit beside weights + KV.
  auto in = rfc(5.8, 30.8, 61.5, 94.2);
  in.strategy = RlStrategy::kSingleStageAwake;
  auto single = rl_memory_timeline(in);
  EXPECT_NEAR(single.peak_bytes / 1e9, 192.3, 1e-9);
  EXPECT_EQ(single.stages[single.peak_stage].name, "gather training weights for sync");
  EXPECT_TRUE(single.oom);  // 192.3 > 141 GB: why the RFC was needed
}

// Llama 8B: 7.1 -> 14.7 -> 30.1 -> 15.7 -> 134.5; single-stage peak 148.9 exactly; saving ~9.7%.
TEST(RlMemoryGolden, Llama8BMultiStageAwake) {
  auto t = rl_memory_timeline(rfc(7.1, 7.6, 15.4, 118.8));
  auto s = first_stages(t, 5);
  const double expected[] = {7.1, 14.7, 30.1, 15.7, 134.5};
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(s[static_cast<std::size_t>(i)], expected[i], 1e-9) << i;
  EXPECT_NEAR(t.single_stage_peak / 1e9, 148.9, 1e-9);
  EXPECT_NEAR(t.peak_bytes / 1e9, 134.5, 1e-9);
  EXPECT_NEAR((t.single_stage_peak - t.multi_stage_peak) / t.single_stage_peak, 0.097, 0.001);
}

// s3.2 / s4.4: Qwen2.5-7B training per GPU under FSDP (n = 8): 1.925 + 1.925 + 3.85 + A + 15.4 gathered
// = 38.1 GB with A = 15 and 53.1 GB with A = 30.
TEST(RlMemoryGolden, TrainingStageVerlPost) {
  RlMemoryInput in;
  in.train_weight_bytes = 15.4e9;
  in.fsdp_world = 8;
  in.activation_bytes = 15e9;
  auto t = rl_memory_timeline(in);
  EXPECT_NEAR(t.stages.back().bytes / 1e9, 38.1, 0.01);
  in.activation_bytes = 30e9;
  EXPECT_NEAR(rl_memory_timeline(in).stages.back().bytes / 1e9, 53.1, 0.01);
  in.optimizer_offload = true;  // the optimizer's 3.85 GB leaves the card
  EXPECT_NEAR(rl_memory_timeline(in).stages.back().bytes / 1e9, 53.1 - 3.85, 0.01);
}

// s4.4 capacity check: with C = 141 GB the SGLang pool f C - W for f = 0.7 / 0.9 and W = 15.4 is
// 83.3 / 111.5 GB of KV cache (S7's 60-90 GB is an approximation).
TEST(RlMemoryGolden, KvPoolFromMemFraction) {
  RlMemoryInput in;
  in.rollout_weight_bytes = 15.4e9;
  in.mem_fraction_static = 0.7;
  EXPECT_NEAR(rl_memory_timeline(in).kv_cache_bytes / 1e9, 83.3, 0.01);
  in.mem_fraction_static = 0.9;
  in.kv_bytes_per_token = 57344;  // Qwen2.5-7B: 2 x 28 x 4 x 128 x 2 bytes (s4.4)
  auto t = rl_memory_timeline(in);
  EXPECT_NEAR(t.kv_cache_bytes / 1e9, 111.5, 0.01);
  EXPECT_NEAR(t.kv_tokens, 111.5e9 / 57344, 1);
}

TEST(RlMemory, RejectsBadInput) {
  RlMemoryInput in;
  in.mem_fraction_static = 1.5;
  EXPECT_THROW(rl_memory_timeline(in), Error);
  in.mem_fraction_static = 0.9;
  in.base_bytes = -1;
  EXPECT_THROW(rl_memory_timeline(in), Error);
}

}  // namespace
}  // namespace llmsa::perf
