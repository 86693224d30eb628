// FLOPs: the methodology's worked numbers (reference §4.2, Appendix V.1) under its conventions,
// and the corrected values where §12 / Appendix V says the author's arithmetic is wrong.
#include <gtest/gtest.h>

#include "model/config_reader.hpp"
#include "model/cost_context.hpp"
#include "model/gdn.hpp"
#include "model/mamba2.hpp"
#include "model/vit.hpp"
#include "model_test_support.hpp"

namespace llmsa::model::test {
namespace {

constexpr std::int64_t kMillion = 1'000'000;  // Part 2 reads "1M" as 10^6 (F5)
constexpr std::int64_t kMebi = 1'048'576;     // Part 4 reads "1M" as 2^20 (F5)

TEST(MethodologyFlops, LinearProjectionRule) {
  // Reference §4.2: Q proj example 2 x 4096 x 6144 x 6144 = 309,237,645,312.
  ModelSpec s;
  s.hidden = 6144;
  const AnalysisOptions o;
  const Workload w = tokens(4096);
  const CostContext c(s, o, w);
  OpCost op;
  add_linear(op, c, 6144, 6144);
  EXPECT_EQ(op.prefill.flops, 309'237'645'312.0);
  EXPECT_EQ(op.decode.flops, 2.0 * 6144 * 6144);
}

TEST(MethodologyFlops, NemotronAttentionPrefill4096) {
  // Reference §4.2: Q = 549,755,813,888; K = V = 17,179,869,184; O = Q; QK causal (half square) =
  // 2 x 64 x 4096 x 2048 x 128 = 137,438,953,472, and AV the same.
  const ModelAnalysis a = analyze(load_model("Nemotron-3-Ultra"), tokens(4096), methodology_options());
  const std::int32_t attn = 8;  // the first attention block of the preset
  ASSERT_EQ(load_model("Nemotron-3-Ultra").layers[attn].mixer, MixerKind::kAttention);
  EXPECT_EQ(prefill_flops(a, OpKind::kAttentionProj, {OpScope::kLayer, attn}),
            2 * 549'755'813'888.0 + 2 * 17'179'869'184.0);
  EXPECT_EQ(prefill_flops(a, OpKind::kAttentionCore, {OpScope::kLayer, attn}), 2 * 137'438'953'472.0);
  // Counting exact causal pairs instead: 4096 x 4097 / 2 per head, QK and AV each.
  AnalysisOptions exact = methodology_options();
  exact.causal = CausalCounting::kExactPairs;
  const ModelAnalysis e = analyze(load_model("Nemotron-3-Ultra"), tokens(4096), exact);
  EXPECT_EQ(prefill_flops(e, OpKind::kAttentionCore, {OpScope::kLayer, attn}), 2 * 2.0 * 64 * 128 * (4096.0 * 4097 / 2));
  // Without the causal saving: 275 GFLOPs for QK alone.
  AnalysisOptions full = methodology_options();
  full.causal = CausalCounting::kFullSquare;
  const ModelAnalysis f = analyze(load_model("Nemotron-3-Ultra"), tokens(4096), full);
  EXPECT_EQ(prefill_flops(f, OpKind::kAttentionCore, {OpScope::kLayer, attn}), 2 * 274'877'906'944.0);
}

TEST(MethodologyFlops, NemotronAttentionDecodeAt1M) {
  // Reference §4.2 and V.1: decode at T = 10^6, layer = 33,044,824,064 exactly.
  const ModelAnalysis a = analyze(load_model("Nemotron-3-Ultra"), tokens(kMillion), methodology_options());
  EXPECT_EQ(layer_decode_flops(a, 8), 33'044'824'064.0);
  // 12 layers x QK ≈ 197 GFLOPs: 12 x 16,384,000,000.
  EXPECT_EQ(decode_flops(a, OpKind::kAttentionCore, {OpScope::kLayer}) / 2, 12 * 16'384'000'000.0);
}

TEST(MethodologyFlops, MsaDecodeLayerAt1M) {
  // Reference §4.2 / V.1: MSA decode layer at T = 10^6 = 1,312,882,688 exactly (index Q 6,291,456,
  // index K 1,572,864, index QK 1,024,000,000, main Q and O 100,663,296, K and V 6,291,456,
  // main QK and AV 33,554,432). The FFN is excluded.
  const ModelAnalysis a = analyze(load_model("MiniMax-M3"), tokens(kMillion), methodology_options());
  const Pick layer3{OpScope::kLayer, 3};
  const double attention = decode_flops(a, OpKind::kAttentionProj, layer3) + decode_flops(a, OpKind::kAttentionCore, layer3) +
                           decode_flops(a, OpKind::kIndexer, layer3);
  EXPECT_EQ(attention, 1'312'882'688.0);
  EXPECT_EQ(decode_flops(a, OpKind::kIndexer, layer3), 6'291'456.0 + 1'572'864.0 + 1'024'000'000.0);
  EXPECT_EQ(decode_flops(a, OpKind::kAttentionCore, layer3), 2 * 33'554'432.0);
}

TEST(MethodologyFlops, MiniMaxM3AttentionDecodeAt1M) {
  // Reference §4.2 says "3 full x 33.1G = 99.3G" for M3 at T = 10^6; Appendix V.3 A4: 33.1G is
  // Nemotron's d = 8192 layer. M3's full-attention layer is 32.98G (98.9G for 3). A4 then gives
  // "sum ≈ 173.6G" by adding the rounded 57 x 1.31 = 74.7G; with the exact MSA layer (1,312,882,688,
  // V.1) the sum is 3 x 32,981,909,504 + 57 x 1,312,882,688 = 173.78G.
  const ModelAnalysis a = analyze(load_model("MiniMax-M3"), tokens(1'000'000), methodology_options());
  auto attention = [&](std::int32_t l) {
    const Pick p{OpScope::kLayer, l};
    return decode_flops(a, OpKind::kAttentionProj, p) + decode_flops(a, OpKind::kAttentionCore, p) +
           decode_flops(a, OpKind::kIndexer, p);
  };
  EXPECT_NEAR(attention(0) / 1e9, 32.98, 0.005);
  double sum = 0;
  for (std::int32_t l = 0; l < 60; ++l) sum += attention(l);
  EXPECT_EQ(attention(0), 2 * (50'331'648.0 * 2 + 3'145'728.0 * 2) + 4.0 * 64 * 1e6 * 128);
  EXPECT_EQ(sum, 3 * 32'981'909'504.0 + 57 * 1'312'882'688.0);
}

TEST(MethodologyFlops, QkAvScalingTable) {
  // Reference §4.2, Part 2 §3.10.4 QK+AV table (per layer 4*H*T*D; MSA index 2*4*T*128, MSA main
  // 4*64*2048*128), decode at T. M3 rows: 3 full / 57 index / 57 main; Nemotron: 12 layers.
  struct Row {
    std::int64_t T;
    double full3, index57, main57, nemotron12;
  };
  for (const Row& r : {Row{4096, 0.40, 0.24, 3.82, 1.61}, Row{131072, 12.9, 7.65, 3.82, 51.5}}) {
    SCOPED_TRACE(r.T);
    const ModelAnalysis m3 = analyze(load_model("MiniMax-M3"), tokens(r.T), methodology_options());
    double full = 0, main = 0;
    for (std::int32_t l = 0; l < 60; ++l) (l < 3 ? full : main) += decode_flops(m3, OpKind::kAttentionCore, {OpScope::kLayer, l});
    const double index = decode_flops(m3, OpKind::kIndexer, {OpScope::kLayer}) - 57 * 2.0 * 6144 * (4 * 128 + 128);
    EXPECT_NEAR(full / 1e9, r.full3, 0.006 * r.full3 + 0.005);
    EXPECT_NEAR(index / 1e9, r.index57, 0.006 * r.index57 + 0.005);
    EXPECT_NEAR(main / 1e9, r.main57, 0.006 * r.main57);  // 57 x 67,108,864 = 3.825G, printed 3.82
    const ModelAnalysis nem = analyze(load_model("Nemotron-3-Ultra"), tokens(r.T), methodology_options());
    EXPECT_NEAR(decode_flops(nem, OpKind::kAttentionCore, {OpScope::kLayer}) / 1e9, r.nemotron12, 0.006 * r.nemotron12);
  }
}

TEST(MethodologyFlops, MiniMaxM3PrefillAt1M) {
  // Reference §4.2, T = 10^6, QK only: index QK 2 x 4 x (10^6)^2 / 2 x 128 = 5.12e14 per layer;
  // full QK 2 x 64 x (10^6)^2 / 2 x 128 = 8.19e15; main QK 2 x 64 x 10^6 x 2048 x 128 = 3.36e13.
  const ModelAnalysis a = analyze(load_model("MiniMax-M3"), tokens(kMillion), methodology_options());
  const double T = kMillion;
  const double index_proj = 2.0 * 6144 * (4 * 128 + 128) * T;  // index Q and K projections (§4.1)
  EXPECT_EQ(prefill_flops(a, OpKind::kIndexer, {OpScope::kLayer, 3}), index_proj + 5.12e14);
  EXPECT_EQ(prefill_flops(a, OpKind::kAttentionCore, {OpScope::kLayer, 0}), 2 * 8.192e15);
  EXPECT_EQ(prefill_flops(a, OpKind::kAttentionCore, {OpScope::kLayer, 3}), 2 * 2.0 * 64 * T * 2048 * 128);
  // Ratio full / (index + main) QK ≈ 15x.
  EXPECT_NEAR(8.192e15 / (5.12e14 + 2.0 * 64 * T * 2048 * 128), 15.0, 0.1);
}

TEST(MethodologyFlops, MiniMaxM3DecodeTotalAt2Pow20) {
  // Reference §4.2 Part 4 table at T = 2^20 and V.1: full 3 x 34,359,738,368; MSA 57 x
  // 1,140,850,688; linear Q/K/V/O 60 x 213,909,504; dense 3 x 452,984,832; MoE 57 x 567,803,904;
  // indexer projections 57 x 7,864,320: 215.114 GFLOPs. The author adds ~0.02G for embedding and
  // LM head; flag F10: the LM head is 2 x 6144 x 200,064 = 2.458 GFLOPs, so the total is 217.57G.
  const ModelAnalysis a = analyze(load_model("MiniMax-M3"), tokens(kMebi), methodology_options());
  const double body = 3 * 34'359'738'368.0 + 57 * 1'140'850'688.0 + 60 * 213'909'504.0 + 3 * 452'984'832.0 +
                      57 * 567'803'904.0 + 57 * 7'864'320.0;
  EXPECT_NEAR(body / 1e9, 215.114, 0.0005);  // V.1's sum of the exact components
  const double lm_head = 2.0 * 6144 * 200'064;
  EXPECT_EQ(decode_flops(a, OpKind::kLmHead, {OpScope::kModel}), lm_head);
  EXPECT_EQ(a.decode.flops, body + lm_head);
  EXPECT_NEAR(a.decode.flops / 1e9, 217.57, 0.01);
  // Per-layer attention speedup, exact 30.12x (V.1; the author's 30.2x from the rounded 34.4/1.14):
  // full QK+AV over MSA index QK + main QK+AV (1,140,850,688; the index projections are apart).
  const Pick l3{OpScope::kLayer, 3};
  const double msa = decode_flops(a, OpKind::kAttentionCore, l3) + decode_flops(a, OpKind::kIndexer, l3) - 7'864'320.0;
  EXPECT_EQ(msa, 1'140'850'688.0);
  EXPECT_NEAR(34'359'738'368.0 / msa, 30.12, 0.005);
}

TEST(MethodologyFlops, MlaDecodeLayerAt1M) {
  // Reference §4.2, K2.5 MLA decode at T = 10^6 (author's layout): kv_a 8,257,536; kv_b
  // 16,777,216; q_a 22,020,096; q_b 25,165,824; q_rope 58,720,256; O 117,440,512; QK (192-dim)
  // 24.576G; AV 16.384G; total about 41.2G.
  const ModelAnalysis a = analyze(load_model("Kimi-K2.5"), tokens(kMillion), methodology_options());
  const Pick l0{OpScope::kLayer, 0};
  EXPECT_EQ(decode_flops(a, OpKind::kAttentionProj, l0),
            8'257'536.0 + 16'777'216.0 + 22'020'096.0 + 25'165'824.0 + 58'720'256.0 + 117'440'512.0);
  EXPECT_EQ(decode_flops(a, OpKind::kAttentionCore, l0), 24'576'000'000.0 + 16'384'000'000.0);
  // Training splits QK (D_qk 192) from AV (D_v 128) for MLA (reference §4.3): QK is 24.6G of 41.0G.
  for (const auto& op : a.ops)
    if (op.kind == OpKind::kAttentionCore && op.index == 0) {
      EXPECT_DOUBLE_EQ(op.qk_fraction, 192.0 / 320.0);
    }
  // V.2 / F2: the author's linear decode FLOPs excluding W_o are 130.95M; the checkpoint's
  // layout (no W_q_rope, q_b emits the rope part) gives 84.8M.
  EXPECT_EQ(decode_flops(a, OpKind::kAttentionProj, l0) - 117'440'512.0, 130'940'928.0);
  AnalysisOptions real = methodology_options();
  real.mla_q_rope_from_hidden = false;
  const ModelAnalysis r = analyze(load_model("Kimi-K2.5"), tokens(kMillion), real);
  EXPECT_EQ(decode_flops(r, OpKind::kAttentionProj, l0) - 117'440'512.0, 84'803'584.0);
}

TEST(MethodologyFlops, Mamba2Layer) {
  // Reference §4.2 Mamba-2 (Nemotron) layer. Prefill T = 4096: in_proj 2 x 8192 x 35072 x 4096;
  // conv1d 2 x 18432 x 4 x 4096; SSD diagonal 8,589,934,592; off-diagonal 268,435,456; out_proj
  // 2 x 16384 x 8192 x 4096; layer about 3.46T. Decode: 574,619,648 + 147,456 + 4,194,304 + 65,536
  // + 268,435,456 = 847,462,400 (V.1: 847.4M/layer, 40.68G for 48 layers).
  const ModelSpec nem = load_model("Nemotron-3-Ultra");
  const auto scan = mamba2_scan_flops(nem.mamba2, 4096, false, true);
  EXPECT_EQ(scan.diagonal, 8'589'934'592.0);
  EXPECT_EQ(scan.off_diagonal, 268'435'456.0);
  const ModelAnalysis a = analyze(nem, tokens(4096), methodology_options());
  const double prefill = 2.0 * 8192 * 35072 * 4096 + 2.0 * 18432 * 4 * 4096 + 8'589'934'592.0 + 268'435'456.0 +
                         2.0 * 16384 * 8192 * 4096;
  EXPECT_EQ(layer_prefill_flops(a, 0), prefill);
  EXPECT_NEAR(prefill / 1e12, 3.46, 0.005);
  EXPECT_EQ(layer_decode_flops(a, 0), 847'462'400.0);
  EXPECT_NEAR(48 * layer_decode_flops(a, 0) / 1e9, 40.68, 0.005);
  // Counting the SSD matmuls instead (default): per token and head 2CN + 2CP + 4NP in prefill,
  // 5PN per decode token (Mamba-2 paper, SSD algorithm; our derivation, not the methodology's).
  const auto ssd = mamba2_scan_flops(nem.mamba2, 4096, false, false);
  EXPECT_EQ(ssd.diagonal + ssd.off_diagonal, 4096.0 * 256 * (2 * 128 * 128 + 2 * 128 * 64 + 4 * 128 * 64));
  const auto step = mamba2_scan_flops(nem.mamba2, 1, true, false);
  EXPECT_EQ(step.diagonal + step.off_diagonal, 5.0 * 256 * 64 * 128);
}

TEST(MethodologyFlops, SlidingWindowMiMo) {
  // Reference §4.2, SWA (MiMo-V2-Flash: H 64, W 131072, D 128). Prefill at T = W without causal
  // saving: 2 x 64 x 131072^2 x 128 ≈ 2.8e14 per term (QK, and AV the same). Flag F6: the
  // author's "full attention 8.4e14" follows from no formula; with causal counting the term is
  // 1.41e14. Decode at T > W: 2 x 64 x 131072 x 128 = 2,147,483,648 per term.
  const std::string cfg = R"({"model_type": "mistral", "hidden_size": 4096, "vocab_size": 1000,
      "num_hidden_layers": 1, "num_attention_heads": 64, "num_key_value_heads": 4, "head_dim": 128,
      "intermediate_size": 8, "sliding_window": 131072})";
  const ModelSpec s = read_model_config(cfg, "mimo.json", "mimo");
  ASSERT_EQ(s.layers[0].mixer, MixerKind::kSlidingAttention);
  AnalysisOptions full = methodology_options();
  full.causal = CausalCounting::kFullSquare;
  const double W = 131072;
  EXPECT_EQ(prefill_flops(analyze(s, tokens(131072), full), OpKind::kAttentionCore, {OpScope::kLayer, 0}),
            2 * 2.0 * 64 * W * W * 128);
  EXPECT_NEAR(2.0 * 64 * W * W * 128, 2.815e14, 0.001e14);
  AnalysisOptions exact = full;
  exact.causal = CausalCounting::kExactPairs;
  EXPECT_NEAR(prefill_flops(analyze(s, tokens(131072), exact), OpKind::kAttentionCore, {OpScope::kLayer, 0}) / 2,
              1.41e14, 0.01e14);
  EXPECT_EQ(decode_flops(analyze(s, tokens(1'000'000), full), OpKind::kAttentionCore, {OpScope::kLayer, 0}),
            2 * 2'147'483'648.0);
}

TEST(MethodologyFlops, GatedDeltaNet) {
  // Reference §4.2 (series numbers): H 64, D 128 -> 6 x 64 x 128^2 = 6,291,456 FLOPs/token/layer.
  GdnSpec g;
  g.num_key_heads = 64;
  g.key_head_dim = 128;
  g.num_value_heads = 64;
  g.value_head_dim = 128;
  EXPECT_EQ(gdn_recurrent_flops_per_token(g), 6'291'456.0);
  // Reference §4.1 (Qwen3.5 post): per-token projections in_proj_qkv 33.6M, z 16.8M, b and a 131K
  // each, conv 66K, out_proj 16.8M: about 67.5M.
  const ModelAnalysis a = analyze(load_model("Qwen3.5-35B-A3B"), tokens(1), methodology_options());
  const double proj = decode_flops(a, OpKind::kLinearAttnProj, {OpScope::kLayer, 0});
  EXPECT_EQ(proj, 2.0 * 2048 * 8192 + 2.0 * 2048 * 4096 + 2 * 2.0 * 2048 * 32 + 2.0 * 4 * 8192 + 2.0 * 4096 * 2048);
  EXPECT_NEAR(proj / 1e6, 67.5, 0.2);
}

TEST(MethodologyFlops, RoutersAndExperts) {
  // Reference §4.2: router Nemotron 2 x 8192 x 512 = 8,388,608; M3 2 x 6144 x 128 = 1,572,864.
  const ModelAnalysis nem = analyze(load_model("Nemotron-3-Ultra"), tokens(1), methodology_options());
  const ModelAnalysis m3 = analyze(load_model("MiniMax-M3"), tokens(1), methodology_options());
  EXPECT_EQ(decode_flops(nem, OpKind::kMoeRouter, {OpScope::kLayer, 1}), 8'388'608.0);
  EXPECT_EQ(decode_flops(m3, OpKind::kMoeRouter, {OpScope::kLayer, 3}), 1'572'864.0);
  // Appendix V.3 A1: the author's "expert 21M, 22 experts 462M" are parameter counts; by the
  // series' own ReLU² formula an expert is 2 x 2 x 2048 x 5120 = 41,943,040 FLOPs, 22 experts 922.7M.
  EXPECT_EQ(decode_flops(nem, OpKind::kMoeExperts, {OpScope::kLayer, 1}), 22 * 41'943'040.0);
}

TEST(MethodologyFlops, VisionEncoder) {
  // Reference §4.2, M3 ViT at T_img = 576: QKVO 7,549,747,200; QK = AV = 849,346,560; MLP
  // 15,099,494,400; layer about 24.35G; 32 layers about 779G.
  const ModelSpec m3 = load_model("MiniMax-M3");
  const auto f = vit_layer_flops(m3.vision, 576);
  EXPECT_EQ(f.qkvo, 7'549'747'200.0);
  EXPECT_EQ(f.qk, 849'346'560.0);
  EXPECT_EQ(f.av, 849'346'560.0);
  EXPECT_EQ(f.mlp, 15'099'494'400.0);
  EXPECT_NEAR(32 * f.total() / 1e9, 779, 0.5);
  // K2.5 ViT (576 tokens): the author's "6.1G + 11.4G = 17.5G/layer" are the QKVO projections
  // (8 x 1152^2 x 576 = 6.115G) and the MLP. By the series' own ViT formulas the QK and AV terms
  // (4 x 1152 x 576^2 = 1.53G together) are missing from that 17.5G (our recomputation).
  const auto k = vit_layer_flops(load_model("Kimi-K2.5").vision, 576);
  EXPECT_NEAR(k.qkvo / 1e9, 6.1, 0.05);
  EXPECT_NEAR((k.qk + k.av) / 1e9, 1.53, 0.005);
  EXPECT_NEAR(k.mlp / 1e9, 11.4, 0.05);
}

TEST(Flops, ChunkedPrefillEqualsTheRestOfAFullPrefill) {
  // A prefill of T after a cached prefix P scores exactly the pairs a full prefill of P + T scores
  // minus those of a prefill of P (exact causal counting): attention work is additive over chunks.
  const ModelSpec s = load_model("Llama-3.1-8B");
  const AnalysisOptions o;
  const double whole = prefill_flops(analyze(s, tokens(8192), o), OpKind::kAttentionCore, {OpScope::kLayer});
  const double first = prefill_flops(analyze(s, tokens(3000), o), OpKind::kAttentionCore, {OpScope::kLayer});
  const double rest = prefill_flops(analyze(s, tokens(5192, 3000), o), OpKind::kAttentionCore, {OpScope::kLayer});
  EXPECT_EQ(first + rest, whole);
}

TEST(Flops, BatchScalesLinearly) {
  const ModelSpec s = load_model("DeepSeek-V3");
  const ModelAnalysis one = analyze(s, tokens(2048, 0, 1));
  const ModelAnalysis eight = analyze(s, tokens(2048, 0, 8));
  EXPECT_DOUBLE_EQ(eight.prefill.flops, 8 * one.prefill.flops);
  EXPECT_DOUBLE_EQ(eight.decode.flops, 8 * one.decode.flops);
  EXPECT_DOUBLE_EQ(eight.kv.bytes_total, 8 * one.kv.bytes_total);
}

}  // namespace
}  // namespace llmsa::model::test
