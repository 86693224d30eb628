// Parameter counts: official totals (exact to the parameter) and the methodology's worked
// numbers (reference §3.1, recomputed exactly in Appendix V.1). Each expected value names its source.
#include <gtest/gtest.h>

#include "model/attention.hpp"
#include "model/gdn.hpp"
#include "model/mamba2.hpp"
#include "model/mla.hpp"
#include "model/moe.hpp"
#include "model/msa.hpp"
#include "model_test_support.hpp"
#include "model/vit.hpp"

namespace llmsa::model::test {
namespace {

TEST(OfficialParams, DeepSeekV3MainModelExact) {
  // DeepSeek-V3 main model (norms counted, MTP excluded): 671,026,419,200 — the target,
  // the sum of the published safetensors shapes without the MTP layer 61.
  const ModelAnalysis a = analyze(load_model("DeepSeek-V3"), tokens(1));
  EXPECT_EQ(a.params.total, 671'026'419'200);
  EXPECT_EQ(a.params.vision, 0);
  // DeepSeek-V3 technical report: "671B total parameters with 37B activated for each token".
  EXPECT_NEAR(static_cast<double>(a.params.active), 37e9, 0.6e9);
  // The MTP module is reported apart (technical report: 685B including the 14B MTP module, whose
  // embedding and head are shared with the main model).
  EXPECT_GT(a.params.mtp, 11'000'000'000);
  EXPECT_LT(a.params.mtp, 14'000'000'000);
}

TEST(OfficialParams, Llama31Exact) {
  // Hugging Face safetensors totals of meta-llama/Llama-3.1-8B and -70B.
  EXPECT_EQ(analyze(load_model("Llama-3.1-8B"), tokens(1)).params.total, 8'030'261'248);
  EXPECT_EQ(analyze(load_model("llama-3.1-70b"), tokens(1)).params.total, 70'553'706'496);
}

TEST(MethodologyParams, Embeddings) {
  // Reference §3.1: Nemotron 131072 x 8192 = 1,073,741,824; M3 200,064 x 6144 = 1,229,193,216.
  const auto o = methodology_options();
  EXPECT_EQ(params(analyze(load_model("Nemotron-3-Ultra"), tokens(1), o), OpKind::kEmbedding, {OpScope::kModel}),
            1'073'741'824);
  const ModelAnalysis m3 = analyze(load_model("MiniMax-M3"), tokens(1), o);
  EXPECT_EQ(params(m3, OpKind::kEmbedding, {OpScope::kModel}), 1'229'193'216);
  EXPECT_EQ(params(m3, OpKind::kLmHead, {OpScope::kModel}), 1'229'193'216);  // untied: in + out 2.458B
}

TEST(MethodologyParams, AttentionLayers) {
  // Reference §3.1, K2.5 layer-0 MHA: d 7168, 64 heads, D_qk 192, D_v 128:
  // Q 88,080,384; K 88.1M; V 58,720,256; O 58.7M; total about 293.6M.
  AttentionSpec mha{true, 64, 64, 192, 128, false, false, false, 0};
  const auto p = attention_proj_params(mha, 7168, false);
  EXPECT_EQ(p.q, 88'080'384);
  EXPECT_EQ(p.k, 88'080'384);
  EXPECT_EQ(p.v, 58'720'256);
  EXPECT_EQ(p.o, 58'720'256);
  EXPECT_EQ(p.total(), 293'601'280);
  // GQA 8:1 under the same convention: 165.15M (reference §3.1 and V.2/F1).
  mha.num_kv_heads = 8;
  EXPECT_EQ(attention_proj_params(mha, 7168, false).total(), 165'150'720);
  // GQA 16:1: the author prints 143.7M, which does not follow the table's own convention (flag F1);
  // the correct value is 155.98M.
  mha.num_kv_heads = 4;
  EXPECT_EQ(attention_proj_params(mha, 7168, false).total(), 155'975'680);

  // Nemotron GQA layer (d 8192, 64/2, 128): Q 67,108,864; K 2,097,152; about 138.4M.
  const auto nem = attention_proj_params(load_model("Nemotron-3-Ultra").attention, 8192, false);
  EXPECT_EQ(nem.q, 67'108'864);
  EXPECT_EQ(nem.k, 2'097'152);
  EXPECT_EQ(nem.total(), 138'412'032);
  // M3 GQA layer (d 6144, 64/4, 128): exact 106,954,752.
  const ModelSpec m3 = load_model("MiniMax-M3");
  EXPECT_EQ(attention_proj_params(m3.attention, m3.hidden, false).total(), 106'954'752);
  // M3 indexer: 3.93M per MSA layer (reference §3.1 table, exact 3,932,160 in V.1).
  EXPECT_EQ(msa_indexer_params(m3.msa, m3.hidden).total(), 3'932'160);
}

TEST(MethodologyParams, MlaBothLayouts) {
  const ModelSpec k25 = load_model("Kimi-K2.5");
  // Reference §3.1 / V.1, the author's layout: kv_a 4,128,768; kv_b 8,388,608; q_a 11,010,048;
  // q_b 12,582,912; q_rope 29,360,128; o 58,720,256; total 124,190,720.
  const auto author = mla_proj_params(k25.mla, k25.hidden, true);
  EXPECT_EQ(author.kv_a, 4'128'768);
  EXPECT_EQ(author.kv_b, 8'388'608);
  EXPECT_EQ(author.q_a, 11'010'048);
  EXPECT_EQ(author.q_b, 12'582'912);
  EXPECT_EQ(author.q_rope, 29'360'128);
  EXPECT_EQ(author.o, 58'720'256);
  EXPECT_EQ(author.total(), 124'190'720);
  // The checkpoint's layout (DeepSeek-style, flag F2): q_b 1536 x 64 x 192 = 18,874,368, no
  // q_rope; total 101,122,048.
  const auto real = mla_proj_params(k25.mla, k25.hidden, false);
  EXPECT_EQ(real.q_b, 18'874'368);
  EXPECT_EQ(real.q_rope, 0);
  EXPECT_EQ(real.total(), 101'122'048);
}

TEST(MethodologyParams, ExpertsRoutersAndLatentMoe) {
  const ModelSpec nem = load_model("Nemotron-3-Ultra");
  const ModelSpec m3 = load_model("MiniMax-M3");
  const ModelSpec k25 = load_model("Kimi-K2.5");
  const auto pn = moe_params(nem.moe, nem.hidden, false);
  const auto pm = moe_params(m3.moe, m3.hidden, false);
  // Reference §3.1: Nemotron shared expert ReLU² 2 x 8192 x 10240 = 167,772,160; router 4,194,304.
  EXPECT_EQ(pn.shared, 167'772'160);
  EXPECT_EQ(pn.router, 4'194'304);
  // Nemotron LatentMoE per layer: exact 10,942,939,136 (V.1); 48 layers 525.26B (the author
  // prints 525.4B from rounding, flag F3).
  EXPECT_EQ(pn.total(), 10'942'939'136);
  EXPECT_EQ(48 * pn.total(), 525'261'078'528);
  // K2.5 routed expert SwiGLU 3 x 7168 x 2048 = 44,040,192.
  EXPECT_EQ(moe_params(k25.moe, k25.hidden, false).expert, 44'040'192);
  // M3 router 6144 x 128 = 786,432; expert 3 x 6144 x 3072 = 56,623,104; x128 = 7,247,757,312.
  EXPECT_EQ(pm.router, 786'432);
  EXPECT_EQ(pm.expert, 56'623'104);
  EXPECT_EQ(pm.experts, 7'247'757'312);
  // With biases counted, M3's routing bias (use_routing_bias) adds its 128 scalars.
  EXPECT_EQ(moe_params(m3.moe, m3.hidden, true).router, 786'432 + 128);
}

TEST(MethodologyParams, Mamba2Layer) {
  // Reference §3.1, Nemotron Mamba-2 layer: in_proj 8192 x 35072 = 287,309,824; conv1d 92,160;
  // 3 x 256 scalars; out_proj 134,217,728; layer 421,620,480 (V.1); 48 layers about 20.24B.
  const ModelSpec nem = load_model("Nemotron-3-Ultra");
  const auto p = mamba2_params(nem.mamba2, nem.hidden);
  EXPECT_EQ(p.in_proj, 287'309'824);
  EXPECT_EQ(p.conv, 92'160);
  EXPECT_EQ(p.scalars, 768);
  EXPECT_EQ(p.out_proj, 134'217'728);
  EXPECT_EQ(p.total(), 421'620'480);
}

TEST(MethodologyParams, GatedDeltaNetLayer) {
  // Reference §4.1 (the author's Qwen3.5 post): Qwen3.5 GDN layer = 33,722,432 including a norm of
  // value_dim (4096) weights. The HF module's gated RMSNorm has one weight per value-head dim
  // (128), which this tool reports among the norms; without the norm the layer is
  // 33,722,432 - 4096 = 33,718,336.
  const ModelSpec q = load_model("Qwen3.5-35B-A3B");
  EXPECT_EQ(gdn_params(q.gdn, q.hidden).total(), 33'722'432 - 4096);
  const ModelAnalysis with_norms = analyze(q, tokens(1));
  // Layer 0 is GDN (full_attention_interval 4): its norm op holds 2 block norms + the 128 gated norm.
  std::int64_t norms = params(with_norms, OpKind::kNorm, {OpScope::kLayer, 0});
  EXPECT_EQ(norms, 2 * 2048 + 128);
}

TEST(MethodologyParams, VisionTowers) {
  // Reference §3.1: M3 ViT attention 6,553,600/layer, MLP 13,107,200/layer; projector stage 1
  // about 45.6M (1280 x 6144 + 6144^2), stage 2 about 188.7M ((4 x 6144) x 6144 + 6144^2).
  const ModelSpec m3 = load_model("MiniMax-M3");
  const auto l = vit_layer_params(m3.vision);
  EXPECT_EQ(l.attention, 6'553'600);
  EXPECT_EQ(l.mlp, 13'107'200);
  EXPECT_EQ(32 * l.total(), 629'145'600);  // "32 layers about 0.63B"
  EXPECT_EQ(vision_projector_params(m3.vision), 45'613'056 + 188'743'680);
  // K2.5 ViT: attention 5.31M, MLP 9.92M, 15.23M/layer, 27 layers about 0.41B.
  const ModelSpec k25 = load_model("Kimi-K2.5");
  const auto k = vit_layer_params(k25.vision);
  EXPECT_EQ(k.attention, 5'308'416);
  EXPECT_EQ(k.mlp, 9'916'416);
  EXPECT_EQ(27 * k.total(), 411'070'464);
}

TEST(MethodologyParams, MiniMaxM3Totals) {
  const ModelAnalysis a = analyze(load_model("MiniMax-M3"), tokens(1), methodology_options());
  // Appendix V.1 exact components: embed + head 2 x 1,229,193,216; attention 60 x 106,954,752;
  // indexer 57 x 3,932,160; dense 3 x 226,492,416; routed 57 x 128 x 56,623,104; shared
  // 57 x 56,623,104; routers 57 x 786,432 = 426.174B without vision.
  const std::int64_t text = 2 * 1'229'193'216LL + 60 * 106'954'752LL + 57 * 3'932'160LL + 3 * 226'492'416LL +
                            57 * 128 * 56'623'104LL + 57 * 56'623'104LL + 57 * 786'432LL;
  EXPECT_EQ(a.params.total - a.params.vision, text);
  // With the vision tower (the author lumps it as 0.88B): 427.05B +- 0.2 (V.1).
  EXPECT_NEAR(static_cast<double>(a.params.total), 427.05e9, 0.2e9);
  // Active per token: 25.9617B (V.1; the author's 26.0B).
  EXPECT_NEAR(static_cast<double>(a.params.active), 25.9617e9, 0.0005e9);
  // MTP: the author's unverified first-order guess is about 7.42B per module, 52B for 7.
  EXPECT_NEAR(static_cast<double>(a.params.mtp), 52e9, 0.6e9);
}

TEST(MethodologyParams, NemotronTotals) {
  const ModelAnalysis a = analyze(load_model("Nemotron-3-Ultra"), tokens(1), methodology_options());
  // Reference §3.1 table, exact (V.1): embedding + head, 48 Mamba-2, 12 attention, 48 LatentMoE.
  const std::int64_t main = 2 * 1'073'741'824LL + 48 * 421'620'480LL + 12 * 138'412'032LL + 48 * 10'942'939'136LL;
  EXPECT_EQ(a.params.total, main);
  // Active: exact 56.06B (V.1 / F3; the author's 56.1B, official 55B).
  EXPECT_NEAR(static_cast<double>(a.params.active), 56.06e9, 0.01e9);
}

}  // namespace
}  // namespace llmsa::model::test
