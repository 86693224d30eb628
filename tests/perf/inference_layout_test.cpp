// Layout constraints and per-card sharding of the inference model. Expected values are the models'
// published shapes (config.json) and the sharding rules stated in methodology.md s6 and s11.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "hw/hardware_db.hpp"
#include "model/analysis.hpp"
#include "model/config_reader.hpp"
#include "perf/inference_layout.hpp"
#include "perf/inference_memory.hpp"
#include "perf/inference_step.hpp"

namespace llmsa::perf {
namespace {

}  // namespace
// One database for the file: a Device reference must not outlive the database that holds it.
const hw::HardwareDb& layout_db() {
  static const hw::HardwareDb d = hw::HardwareDb::builtin();
  return d;
}
namespace {

bool mentions(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v)
    if (x.find(s) != std::string::npos) return true;
  return false;
}

TEST(InferenceLayout, ImpossibleLayoutsNameTheConstraint) {
  // Llama-3.1-70B: 64 heads, 8 KV heads, FFN 28672 (config.json).
  auto llama = model::load_model("Llama-3.1-70B");
  auto v = layout_violations(llama, {3, 1, 1});
  EXPECT_TRUE(mentions(v, "tp (3) divides attention heads (64)")) << v.size();
  EXPECT_TRUE(mentions(layout_violations(llama, {1, 1, 2}), "ep (2) is 1 for a model without routed experts"));
  EXPECT_TRUE(layout_violations(llama, {8, 2, 1}).empty());
  EXPECT_THROW(require_valid_layout(llama, {3, 1, 1}), Error);
  // DeepSeek-V3: 256 routed experts.
  auto ds = model::load_model("DeepSeek-V3");
  EXPECT_TRUE(mentions(layout_violations(ds, {1, 7, 7}), "ep (7) divides the routed experts (256)"));
  EXPECT_TRUE(mentions(layout_violations(ds, {4, 1, 8}), "ep (8) divides the cards tp x dp (4)"));
  EXPECT_TRUE(layout_violations(ds, {4, 32, 128}).empty());  // s11: EP128 = DP32 x TP4
}

TEST(InferenceLayout, KvShardsStopAtTheKvHeadsAndMlaIsReplicated) {
  // GQA with 8 KV heads: tp 16 keeps each KV head on two ranks (split 8). MLA's single latent is on
  // every TP rank (s11: "TP cannot shard the single latent KV head").
  auto llama = model::load_model("Llama-3.1-70B");
  EXPECT_DOUBLE_EQ(make_shard_plan(llama, {4, 1, 1}).kv_split, 4);
  EXPECT_DOUBLE_EQ(make_shard_plan(llama, {16, 1, 1}).kv_split, 8);
  auto ds = model::load_model("DeepSeek-V3");
  EXPECT_DOUBLE_EQ(make_shard_plan(ds, {4, 8, 32}).kv_split, 1);
  EXPECT_DOUBLE_EQ(make_shard_plan(ds, {4, 8, 32}).expert_split, 32);
  EXPECT_DOUBLE_EQ(make_shard_plan(ds, {4, 8, 32}).expert_replicas_served, 8);
}

TEST(InferenceLayout, ExpertWeightsPerCardUnderEp) {
  // s6: per-card expert weight = total expert weight / EP; the rest / TP. DeepSeek-V3 routed experts:
  // 58 MoE layers x 256 experts x 3 x 7168 x 2048 = 65.4e9 params (config.json shapes).
  auto ds = model::load_model("DeepSeek-V3");
  model::Workload w;
  w.seq = 1024;
  auto a = model::analyze(ds, w);
  const auto& h100 = layout_db().require("H100-SXM");
  double experts = 58.0 * 256 * 3 * 7168 * 2048 * 2;  // bf16 bytes
  CardMemory ep32 = card_memory(ds, a, h100, {4, 8, 32}, 1, 1024);
  CardMemory ep8 = card_memory(ds, a, h100, {4, 2, 8}, 1, 1024);
  EXPECT_NEAR(ep8.weight_bytes - ep32.weight_bytes, experts / 8 - experts / 32, 1e-6 * experts);
}

TEST(InferenceLayout, ModelThatDoesNotFitHasNoBatch) {
  // s11 recommended configs: 70B BF16 (140 GB) needs TP 2 on 80 GB cards; one card cannot hold it.
  auto llama = model::load_model("Llama-3.1-70B");
  model::Workload w;
  w.seq = 1024;
  auto a = model::analyze(llama, w);
  const auto& h100 = layout_db().require("H100-SXM");
  BatchCapacity one = max_batch(llama, a, h100, {1, 1, 1}, 1280);
  EXPECT_EQ(one.per_replica, 0);
  EXPECT_TRUE(mentions(one.violations, "weights"));
  EXPECT_GT(max_batch(llama, a, h100, {2, 1, 1}, 1280).per_replica, 0);
  MinCards mc = min_cards(llama, a, h100, 1280);
  EXPECT_EQ(mc.for_weights, 2);
  ASSERT_TRUE(mc.smallest_layout);
  EXPECT_EQ(mc.smallest_layout->tp, 2);
  // An impossible layout is reported through the same path.
  EXPECT_TRUE(mentions(max_batch(llama, a, h100, {3, 1, 1}, 1280).violations, "divides attention heads"));
}

TEST(InferenceLayout, PagedBlockRoundingRaisesKvPerSequence) {
  // s11: block 16; a context of 1281 tokens takes 81 blocks = 1296 slots.
  auto llama = model::load_model("Llama-3.1-8B");
  model::Workload w;
  w.seq = 1024;
  auto a = model::analyze(llama, w);
  const auto& h100 = layout_db().require("H100-SXM");
  MemoryOptions exact;
  exact.block_size = 0;
  CardMemory raw = card_memory(llama, a, h100, {1, 1, 1}, 1, 1281, exact);
  CardMemory paged = card_memory(llama, a, h100, {1, 1, 1}, 1, 1281);
  EXPECT_NEAR(paged.kv_bytes_per_sequence / raw.kv_bytes_per_sequence, 1296.0 / 1281.0, 1e-12);
}

TEST(InferenceLayout, DtypesChangeBytesAndPeak) {
  // s11 quantisation: FP8 weights halve the decode bytes (42 -> 21 ms on one H100 for 70B); A100 has no
  // FP8 compute, so an FP8-activation step there is bad input naming the device.
  auto llama = model::load_model("Llama-3.1-70B");
  const auto& db = layout_db();
  model::AnalysisOptions bf16, fp8;
  fp8.weight_dtype = model::DType::kFp8;
  fp8.activation_dtype = model::DType::kFp8;
  InferenceConfig c;
  StepTime a = decode_time(llama, db.require("H100-SXM"), bf16, c, 1, 1);
  StepTime b = decode_time(llama, db.require("H100-SXM"), fp8, c, 1, 1);
  EXPECT_NEAR(a.seconds / b.seconds, 2.0, 0.02);
  EXPECT_THROW(decode_time(llama, db.require("A100"), fp8, c, 1, 1), Error);
}

}  // namespace
}  // namespace llmsa::perf

namespace llmsa::perf {
namespace {

TEST(InferenceMemory, GdnStateAndFullAttentionKvOfQwen35) {
  // methodology.md s5 (GDN Qwen3.5, sibling post): recurrent state 32 x 128 x 128 x 4 B = 2.10 MB per layer,
  // 30 layers 62.9 MB (FP32); conv state 30 x 8192 x 3 x 2 B = 1.47 MB; KV of the 10 full-attention layers at
  // 262,144 tokens (2 KV heads, D 256, BF16) = 10 x 2 x 2 x 256 x 262144 x 2 = 5.37 GB.
  auto q = model::load_model("Qwen3.5-35B-A3B");
  model::Workload w;
  w.seq = 1024;
  auto a = model::analyze(q, w);
  const auto& h100 = layout_db().require("H100-SXM");
  MemoryOptions exact;
  exact.block_size = 0;
  CardMemory m = card_memory(q, a, h100, {1, 1, 1}, 1, 262144, exact);
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_sequence, 10.0 * 2 * 2 * 256 * 262144 * 2);
  EXPECT_DOUBLE_EQ(m.state_bytes_per_sequence, 30.0 * 32 * 128 * 128 * 4 + 30.0 * 8192 * 3 * 2);
  // tp 2 splits the state heads and the two KV heads.
  CardMemory m2 = card_memory(q, a, h100, {2, 1, 1}, 1, 262144, exact);
  EXPECT_DOUBLE_EQ(m2.state_bytes_per_sequence * 2, m.state_bytes_per_sequence);
  EXPECT_DOUBLE_EQ(m2.kv_bytes_per_sequence * 2, m.kv_bytes_per_sequence);
}

TEST(InferenceStep, TpAndEpCommunicationPerLayer) {
  // s6: TP adds two all-reduces per layer; payload tokens x hidden x 2 B. DeepSeek-V3 (hidden 7168, 61 layers,
  // 58 MoE, top-8 of 256): at tp 4 ep 1, decode batch 8 -> 2 x 61 all-reduces of 8 x 7168 x 2 = 114,688 B.
  // With ep 32 the 58 MoE layers use all-to-all instead: 61 + 3 all-reduces remain.
  auto ds = model::load_model("DeepSeek-V3");
  const auto& h100 = layout_db().require("H100-SXM");
  InferenceConfig c;
  c.layout = {4, 1, 1};
  StepTime t = decode_time(ds, h100, {}, c, 8, 4096);
  EXPECT_EQ(t.comm.tp_all_reduces, 122);
  EXPECT_DOUBLE_EQ(t.comm.tp_all_reduce_payload_bytes, 8.0 * 7168 * 2);
  EXPECT_DOUBLE_EQ(t.comm.link_bytes_per_s, 450e9);  // NVLink 4: 900 GB/s bidirectional
  c.layout = {4, 8, 32};
  StepTime e = decode_time(ds, h100, {}, c, 8, 4096);
  EXPECT_EQ(e.comm.tp_all_reduces, 64);
  EXPECT_EQ(e.comm.ep_all_to_alls, 2 * 58);
  EXPECT_DOUBLE_EQ(e.comm.link_bytes_per_s, 450e9);
  EXPECT_GT(e.comm.ep_seconds, 0);
  // 32 cards exceed one 8-card node: the EP group runs at the scale-out NIC (50 GB/s per direction).
  EXPECT_NEAR(e.comm.ep_layer_seconds, e.comm.ep_layer_send_bytes / 50e9, 1e-12);
}

}  // namespace
}  // namespace llmsa::perf
