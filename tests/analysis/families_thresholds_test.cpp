// Attention/MoE family resolution (ascend-profiling.md A.6 decision table) and the thresholds file (A.8,
// Part D, trace-analyzers.md 5.x). Expected values are the reference's table entries.
#include <gtest/gtest.h>

#include "analysis/op_families.hpp"
#include "analysis/thresholds.hpp"
#include "core/error.hpp"

namespace llmsa::analysis {
namespace {

std::string attn(std::set<std::string> cats) { return FamilyRules::attention().resolve(cats).id; }
std::string moe(std::set<std::string> cats) { return FamilyRules::moe().resolve(cats).id; }

TEST(AttentionFamily, DecisionOrderOfA6) {
  EXPECT_EQ(attn({"attention.kv_compressor", "attention.lightning_indexer", "attention.sparse_sharedkv",
                  "attention.flash_score"}),
            "csa");
  EXPECT_EQ(attn({"attention.kv_compressor", "attention.flash_score"}), "hca");
  EXPECT_TRUE(FamilyRules::attention().resolve({"attention.kv_compressor", "attention.flash_score"}).heuristic);
  EXPECT_EQ(attn({"attention.lightning_indexer", "attention.sparse_sharedkv", "attention.mla.kv_norm_rope_cache"}), "dsa");
  EXPECT_EQ(attn({"attention.mla.preprocess", "attention.flash_score"}), "mla");
  EXPECT_EQ(attn({"attention.mla.v_up_proj"}), "mla");
  EXPECT_EQ(attn({"attention.linear_or_mamba"}), "linear");
  EXPECT_EQ(attn({"attention.flash_score", "attention.rope"}), "gqa_or_mha");
  EXPECT_TRUE(FamilyRules::attention().resolve({"attention.flash_score"}).refine_by_shape);
  EXPECT_EQ(attn({"attention.rope"}), "attn");
  EXPECT_EQ(attn({}), "attn");
  // Metadata-only categories never satisfy must_have: indexer + metadata is not DSA.
  EXPECT_EQ(attn({"attention.lightning_indexer", "attention.sparse_sharedkv.metadata"}), "attn");
  // Overlay (A.6: "mla+kvc").
  EXPECT_EQ(attn({"attention.mla.preprocess", "attention.kvcomp.topk"}), "mla+kvc");
  // must_not_have: linear with MLA's kv_norm_rope_cache is not linear (falls to mla).
  EXPECT_EQ(attn({"attention.linear_or_mamba", "attention.mla.kv_norm_rope_cache"}), "mla");
}

TEST(MoeFamily, FusedAndUnfusedMc2) {
  EXPECT_EQ(moe({"moe.gating", "moe.dispatch_expert_compute"}), "fused_mc2");
  EXPECT_EQ(moe({"moe.gating", "moe.dispatch_expert_compute", "moe.dispatch"}), "ffn");
  EXPECT_EQ(moe({"moe.gating", "moe.dispatch", "moe.combine", "moe.expert_matmul", "compute.matmul"}), "mc2");
  EXPECT_EQ(moe({"moe.gating", "moe.dispatch", "moe.expert_matmul"}), "ffn");  // combine missing
  EXPECT_EQ(moe({"compute.matmul", "vector.elementwise"}), "dense_swiglu");
  EXPECT_EQ(moe({"compute.matmul", "moe.gating"}), "ffn");
}

TEST(HeadLayout, ShapeRefinementOfA6) {
  EXPECT_EQ(refine_head_layout(32, 32, 128), HeadLayout::kMha);  // Llama-2-7B: 32 heads, 32 kv heads
  EXPECT_EQ(refine_head_layout(32, 8, 128), HeadLayout::kGqa);   // Llama-3-8B: 32 heads, 8 kv heads
  EXPECT_EQ(refine_head_layout(71, 1, 64), HeadLayout::kMqa);    // Falcon-7B: 71 heads, multi-query
  EXPECT_EQ(refine_head_layout(32, 6, 128), HeadLayout::kUnknown);  // non-integer ratio
  EXPECT_EQ(refine_head_layout(32, 8, 100), HeadLayout::kUnknown);  // head_dim not in the known set
  EXPECT_EQ(refine_head_layout(2048, 8, 128), HeadLayout::kUnknown);  // > 1024 heads
  EXPECT_EQ(refine_head_layout(0, 0, 128), HeadLayout::kUnknown);
  EXPECT_STREQ(head_layout_name(HeadLayout::kGqa), "gqa");
}

TEST(Thresholds, ValuesOfA8AndPartD) {
  const auto& t = Thresholds::builtin();
  EXPECT_DOUBLE_EQ(t.value("underfeed_heavy_ratio"), 0.30);
  EXPECT_DOUBLE_EQ(t.value("internal_bubble_heavy_min_ms"), 1.0);
  EXPECT_DOUBLE_EQ(t.value("wait_anchor_ratio"), 0.80);
  EXPECT_DOUBLE_EQ(t.value("aicpu_masked_ratio"), 0.90);
  EXPECT_DOUBLE_EQ(t.value("aicpu_partially_exposed_ratio"), 0.20);
  EXPECT_DOUBLE_EQ(t.value("collective_duration_ratio_slow"), 2.0);
  EXPECT_DOUBLE_EQ(t.value("cluster_step_trace_slow_rank_ratio"), 0.05);
  EXPECT_DOUBLE_EQ(t.value("dixon_max_ranks"), 100);
  EXPECT_DOUBLE_EQ(t.value("hta_consecutive_kernel_delay_us"), 30.0);
  EXPECT_TRUE(t.get("underfeed_heavy_ratio").tripped_by(0.30));   // >=
  EXPECT_FALSE(t.get("wait_anchor_ratio").tripped_by(0.80));      // >
  EXPECT_TRUE(t.get("rdma_bandwidth_underused").tripped_by(0.29));  // <
  EXPECT_EQ(t.max_confidence("slow_rank_suspected"), evidence::Confidence::kLow);
  EXPECT_EQ(t.max_confidence("slow_rank_confirmed"), evidence::Confidence::kHigh);
  EXPECT_EQ(t.max_confidence("device_idle_bubble"), std::nullopt);
  EXPECT_THROW(t.get("no_such_threshold"), Error);
  for (const auto& th : t.all()) EXPECT_FALSE(th.source.empty()) << th.id;
}

TEST(Thresholds, MalformedFileIsBadInput) {
  EXPECT_THROW(Thresholds::from_json(R"({"thresholds": [{"id": "x", "value": 1, "unit": "ratio", "comparator": "=",
      "rule": "r", "source": "s"}]})", "t.json"), Error);
  EXPECT_THROW(Thresholds::from_json(R"({"thresholds": [{"id": "x", "value": 1, "unit": "ratio", "comparator": ">",
      "rule": "r"}]})", "t.json"), Error);
  EXPECT_THROW(FamilyRules::from_json(R"({"families": [{"id": "x"}], "fallback": {"id": "f"}})", "f.json"), Error);
}

}  // namespace
}  // namespace llmsa::analysis
