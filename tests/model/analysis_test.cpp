// Invariants of the analysis that hold for every preset, and the allocation-light contract.
#include <gtest/gtest.h>

#include "model/config_reader.hpp"
#include "model/moe.hpp"
#include "model_test_support.hpp"

namespace llmsa::model::test {
namespace {

TEST(Analysis, InvariantsOnEveryPreset) {
  for (const auto& name : preset_names()) {
    SCOPED_TRACE(name);
    const ModelSpec s = load_model(name);
    const ModelAnalysis a = analyze(s, tokens(4096, 1024, 2));
    EXPECT_GT(a.params.active, 0);
    EXPECT_LE(a.params.active, a.params.total);
    EXPECT_GT(a.decode.flops, 0);
    EXPECT_GT(a.prefill.flops, a.decode.flops);
    EXPECT_EQ(a.layer_cache.size(), s.layers.size());
    // Every main layer has at least one op, and ops come in layer order.
    std::int32_t last = -1;
    for (const auto& op : a.ops)
      if (op.scope == OpScope::kLayer) {
        EXPECT_GE(op.index, last);
        last = op.index;
      }
    EXPECT_EQ(last + 1, s.num_layers());
    // Decode reads at least every active weight once (MoE: the experts touched).
    EXPECT_GT(a.decode.weight_bytes, 0.5 * 2.0 * static_cast<double>(a.params.active) - 1);
  }
}

TEST(Analysis, NormsAndBiasesAreOptional) {
  const ModelSpec s = load_model("DeepSeek-V3");
  AnalysisOptions none;
  none.count_norms = false;
  none.count_biases = false;
  const ModelAnalysis with = analyze(s, tokens(16));
  const ModelAnalysis without = analyze(s, tokens(16), none);
  // DeepSeek-V3 norms: 61 layers x (2 x 7168 + 1536 + 512) + final 7168; router biases 58 x 256.
  EXPECT_EQ(with.params.total - without.params.total, 61 * (2 * 7168 + 1536 + 512) + 7168 + 58 * 256);
}

TEST(Analysis, ExpertsTouched) {
  // One token touches exactly k experts; many tokens touch (almost) all.
  EXPECT_DOUBLE_EQ(expected_experts_touched(256, 8, 1), 8.0);
  EXPECT_NEAR(expected_experts_touched(256, 8, 100000), 256.0, 1e-9);
  EXPECT_EQ(expected_experts_touched(256, 8, 0), 0.0);
}

TEST(Analysis, ReusesBuffersAcrossCalls) {
  // The planner keeps one ModelAnalysis and calls analyze_into in a loop: no reallocation.
  const ModelSpec s = load_model("Nemotron-3-Ultra");
  ModelAnalysis a = analyze(s, tokens(1024));
  const OpCost* ops = a.ops.data();
  const LayerCache* caches = a.layer_cache.data();
  const std::size_t n = a.ops.size();
  for (std::int64_t seq = 1; seq < 200'000; seq *= 7) analyze_into(s, tokens(seq), AnalysisOptions{}, a);
  EXPECT_EQ(a.ops.data(), ops);
  EXPECT_EQ(a.layer_cache.data(), caches);
  EXPECT_EQ(a.ops.size(), n);
}

TEST(Analysis, DecodeContextIsPrefixPlusSeq) {
  const ModelSpec s = load_model("Llama-3.1-8B");
  const ModelAnalysis a = analyze(s, tokens(1000, 3000));
  // 32 layers x 32 heads x (128 + 128) x 2 FLOPs per key, 4000 keys.
  EXPECT_EQ(decode_flops(a, OpKind::kAttentionCore, {OpScope::kLayer}), 32.0 * 32 * 256 * 2 * 4000);
  EXPECT_EQ(a.kv.bytes_per_sequence, 131'072.0 * 4000);
}

}  // namespace
}  // namespace llmsa::model::test

namespace llmsa::model::test {
namespace {

TEST(Analysis, MsaCapsSelectedKeysAtShortContext) {
  // At a 1,000-token context a query cannot select 16 x 128 = 2,048 keys: the cap (default) uses
  // all 1,000, the methodology's uncapped reading keeps 2,048 (reference §4.1 "never applies min").
  const ModelSpec m3 = load_model("MiniMax-M3");
  const Pick l3{OpScope::kLayer, 3};
  const double per_key = 2.0 * 64 * (128 + 128);
  EXPECT_EQ(decode_flops(analyze(m3, tokens(1000)), OpKind::kAttentionCore, l3), per_key * 1000);
  AnalysisOptions uncapped;
  uncapped.msa_cap_selected_to_context = false;
  EXPECT_EQ(decode_flops(analyze(m3, tokens(1000), uncapped), OpKind::kAttentionCore, l3), per_key * 2048);
}

TEST(Analysis, ImagesAreEncodedInPrefillOnly) {
  const ModelSpec m3 = load_model("MiniMax-M3");
  Workload w = tokens(4096);
  const ModelAnalysis none = analyze(m3, w);
  w.images = 2;
  const ModelAnalysis two = analyze(m3, w);
  EXPECT_EQ(two.decode.flops, none.decode.flops);
  // 2 images x (32 ViT layers at 576 tokens + patch embedding + projector).
  const double vit = prefill_flops(two, OpKind::kVisionEncoder, {OpScope::kVision});
  EXPECT_GT(vit, 2 * 779e9);
  EXPECT_EQ(two.params.total, none.params.total);
  EXPECT_NEAR(two.prefill.flops - none.prefill.flops,
              vit + prefill_flops(two, OpKind::kVisionProjector, {OpScope::kVision}), 1.0);
}

TEST(Analysis, MtpIsReportedApart) {
  const ModelSpec ds = load_model("DeepSeek-V3");
  const ModelAnalysis a = analyze(ds, tokens(16));
  double mtp = 0;
  for (const auto& op : a.ops)
    if (op.scope == OpScope::kMtp) mtp += op.decode.flops;
  EXPECT_GT(mtp, 0);
  EXPECT_EQ(a.mtp_decode.flops, mtp);
  // The MTP module: eh_proj 2d x d, one MLA + MoE layer (norms included by default).
  const std::int64_t layer61_like = layer_params(a, 3);
  EXPECT_EQ(a.params.mtp, 2LL * 7168 * 7168 + layer61_like + 3 * 7168);
}

}  // namespace
}  // namespace llmsa::model::test
