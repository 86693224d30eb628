// KV cache and recurrent state: the methodology's worked numbers (reference §5, Appendix V.1),
// with the corrections of flags F8, F9 and F11.
#include <gtest/gtest.h>

#include "model/attention.hpp"
#include "model/mamba2.hpp"
#include "model_test_support.hpp"

namespace llmsa::model::test {
namespace {

constexpr double kMebi = 1'048'576;  // Parts 3/4 read "1M" as 2^20

TEST(MethodologyKv, NemotronAttentionLayers) {
  // Reference §5: 12 layers x 2 x 2 x 128 x 2^20 x 2 = 12,884,901,888 B = 12.0 GiB. Mamba and MoE
  // blocks add no KV.
  const ModelAnalysis a = analyze(load_model("Nemotron-3-Ultra"), tokens(1));
  EXPECT_EQ(a.kv.bytes_per_token * kMebi, 12'884'901'888.0);
}

TEST(MethodologyKv, NemotronMambaStateIncludesHeadDim) {
  // Flag F8 (confirmed in V.2): the author's 256 x 128 x 4 B = 128 KiB per layer omits the head dim.
  // Mamba-2 caches ssm_state [heads, head_dim, d_state] = 256 x 64 x 128 x 4 B = 8 MiB per layer,
  // 0.375 GiB for 48 layers, plus the conv state conv_dim x (kernel - 1) (18432 x 3 x 2 B here).
  const ModelSpec nem = load_model("Nemotron-3-Ultra");
  const ModelAnalysis a = analyze(nem, tokens(1));
  const double ssm = 48.0 * 256 * 64 * 128 * 4;
  EXPECT_EQ(ssm, 0.375 * 1024 * 1024 * 1024);
  EXPECT_EQ(a.kv.state_bytes_per_sequence, ssm + 48.0 * 18432 * 3 * 2);
  // The HF Mamba2 cache keeps all `kernel` columns.
  AnalysisOptions o;
  o.conv_state_kernel_minus_one = false;
  EXPECT_EQ(mamba2_layer_cache(nem.mamba2, o).state_bytes, 256.0 * 64 * 128 * 4 + 18432.0 * 4 * 2);
}

TEST(MethodologyKv, MiniMaxM3MainAndIndex) {
  // Reference §5 / V.1: main 60 x 2 x 4 x 128 x 2^20 x 2 = 128,849,018,880 B (120.0 GiB); index K
  // 57 x 1 x 128 x 2^20 x 2 = 15,300,820,992 B (14.25 GiB). Flag F11: Part 3 §5.3 and Part 4 §6.4
  // print 15,300,329,472, a typo. Total 134.25 GiB per sample.
  const ModelAnalysis a = analyze(load_model("MiniMax-M3"), tokens(1));
  EXPECT_EQ(a.kv.bytes_per_token * kMebi, 128'849'018'880.0 + 15'300'820'992.0);
  EXPECT_EQ(a.kv.bytes_per_token * kMebi / (1 << 30), 134.25);
}

TEST(MethodologyKv, KimiMlaAndItsMhaAlternative) {
  // Reference §5: K2.5 MLA 61 x 576 x 262,144 x 2 = 18,421,383,168 B (17.2 GiB).
  const ModelAnalysis a = analyze(load_model("Kimi-K2.5"), tokens(262'144));
  EXPECT_EQ(a.kv.bytes_per_sequence, 18'421'383'168.0);
  // Without MLA (64 heads, K 192 + V 128): 61 x 64 x 320 x 262,144 x 2 = 654,982,512,640 B. Flag
  // F11: the author prints 654,977,269,760 (off by 5,242,880; the 610 GiB is right).
  const AttentionSpec mha{true, 64, 64, 192, 128, false, false, false, 0};
  EXPECT_EQ(61.0 * attention_layer_cache(mha, AnalysisOptions{}, 0).kv_bytes_per_token * 262'144, 654'982'512'640.0);
  // MLA compression: 20,480 / 576 = 35.56x (V.1).
  EXPECT_NEAR(static_cast<double>(attention_kv_elems_per_token(mha)) / 576, 35.56, 0.005);
}

TEST(MethodologyKv, FullMhaSixtyLayersAt1M) {
  // Flag F9: the author's 1,758 GiB (1,886,621,245,440 B) is wrong; 60 layers x 2 x 64 x 128 x 2^20
  // x 2 = 2,061,584,302,080 B = 1,920 GiB (480 GiB at 256K, not 440).
  const AttentionSpec mha{true, 64, 64, 128, 128, false, false, false, 0};
  const double per_token = 60 * attention_layer_cache(mha, AnalysisOptions{}, 0).kv_bytes_per_token;
  EXPECT_EQ(per_token * kMebi, 2'061'584'302'080.0);
  EXPECT_EQ(per_token * kMebi / (1 << 30), 1920.0);
  EXPECT_EQ(per_token * 262'144 / (1 << 30), 480.0);
}

TEST(MethodologyKv, Qwen35GatedDeltaNetState) {
  // Reference §5 (Qwen3.5 post): state 32 x 128 x 128 x 4 B = 2.10 MB per layer, 30 layers 62.9 MB
  // (FP32); conv state 30 x 8192 x 3 x 2 B ≈ 1.4 MB; KV of the 10 full layers at 262,144 tokens
  // (2 KV heads, D 256, BF16) = 5.37 GB.
  const ModelAnalysis a = analyze(load_model("Qwen3.5-35B-A3B"), tokens(262'144));
  EXPECT_EQ(a.kv.state_bytes_per_sequence, 30.0 * 32 * 128 * 128 * 4 + 30.0 * 8192 * 3 * 2);
  EXPECT_NEAR(30.0 * 32 * 128 * 128 * 4 / 1e6, 62.9, 0.05);
  EXPECT_EQ(a.kv.bytes_per_token * 262'144, 5'368'709'120.0);
  // The series' generic GDN state in BF16: 64 x 128^2 x 2 B ≈ 2.1 MB per layer.
  EXPECT_EQ(64.0 * 128 * 128 * 2, 2'097'152.0);
}

TEST(KvCache, SlidingWindowCapIsAConvention) {
  // Flag F7: Part 3 keeps all T tokens for SWA layers, Part 4 prunes to the window.
  const std::string cfg = R"({"model_type": "mistral", "hidden_size": 4096, "vocab_size": 32000,
      "num_hidden_layers": 2, "num_attention_heads": 32, "num_key_value_heads": 8,
      "intermediate_size": 14336, "sliding_window": 4096})";
  const ModelSpec s = read_model_config(cfg, "mistral.json", "mistral");
  const double per_token = 2 * 2.0 * 8 * 128 * 2;  // 2 layers x K,V x 8 heads x 128 x bf16
  EXPECT_EQ(analyze(s, tokens(32768)).kv.bytes_per_sequence, per_token * 32768);
  AnalysisOptions capped;
  capped.swa_kv_cap_to_window = true;
  const ModelAnalysis a = analyze(s, tokens(32768), capped);
  EXPECT_EQ(a.kv.bytes_per_sequence, per_token * 4096);
  EXPECT_EQ(a.kv.window_capped_bytes_per_token, per_token);
  EXPECT_EQ(a.kv.bytes_per_token, 0.0);
}

TEST(KvCache, DtypeOption) {
  AnalysisOptions fp8;
  fp8.kv_dtype = DType::kFp8;
  const ModelSpec s = load_model("Llama-3.1-8B");
  EXPECT_EQ(analyze(s, tokens(1), fp8).kv.bytes_per_token * 2, analyze(s, tokens(1)).kv.bytes_per_token);
  // Llama-3.1-8B in BF16: 32 layers x 2 x 8 x 128 x 2 B = 128 KiB per token.
  EXPECT_EQ(analyze(s, tokens(1)).kv.bytes_per_token, 131'072.0);
}

}  // namespace
}  // namespace llmsa::model::test
