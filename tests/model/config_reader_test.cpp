// Config reading: layouts chosen from the fields, nested configs, presets, and errors that name
// the file and the field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "model/config_reader.hpp"

namespace llmsa::model {
namespace {

// A small Llama-style config; `extra` is spliced into the object.
std::string llama(const std::string& extra = "") {
  return R"({"model_type": "llama", "hidden_size": 512, "vocab_size": 1000, "num_hidden_layers": 4,
             "num_attention_heads": 8, "num_key_value_heads": 2, "intermediate_size": 1024)" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

// Runs `fn`, expecting a bad-input error whose location names `file` and `field`.
template <typename Fn>
Error expect_bad_input(Fn fn, const std::string& file, const std::string& field) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput) << e.what();
    EXPECT_EQ(e.where().file, file) << e.what();
    EXPECT_EQ(e.where().field, field) << e.what();
    EXPECT_EQ(e.exit_code(), 2);
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorKind::kInternal, {}, "none");
}

TEST(ConfigReader, LlamaDefaults) {
  const ModelSpec s = read_model_config(llama(R"("some_unknown_field": [1, {"x": 2}])"), "c.json", "tiny");
  EXPECT_EQ(s.num_layers(), 4);
  EXPECT_EQ(s.attention.qk_head_dim, 64);  // hidden / heads when head_dim is absent
  EXPECT_EQ(s.layers[0].mixer, MixerKind::kAttention);
  EXPECT_EQ(s.layers[0].ffn, FfnKind::kDense);
  EXPECT_EQ(s.dense_ffn.activation, Activation::kSwiGlu);
  EXPECT_FALSE(s.moe.present);
}

TEST(ConfigReader, LayerLayouts) {
  const ModelSpec ds = load_model("deepseek-v3");  // case-insensitive preset
  EXPECT_EQ(ds.layers[2].ffn, FfnKind::kDense);   // first_k_dense_replace 3
  EXPECT_EQ(ds.layers[3].ffn, FfnKind::kMoe);
  EXPECT_EQ(ds.mtp.num_modules, 1);
  const ModelSpec q = load_model("QWEN3.5-35B-A3B");
  EXPECT_EQ(q.layers[2].mixer, MixerKind::kGatedDeltaNet);
  EXPECT_EQ(q.layers[3].mixer, MixerKind::kAttention);  // full_attention_interval 4
  EXPECT_TRUE(q.attention.gated_output);
  EXPECT_TRUE(q.moe.shared_gate);
  const ModelSpec m3 = load_model("MiniMax-M3");
  EXPECT_EQ(m3.layers[2].mixer, MixerKind::kAttention);  // sparse_disable_index_value 0
  EXPECT_EQ(m3.layers[3].mixer, MixerKind::kMsa);
  EXPECT_EQ(m3.layers[2].ffn, FfnKind::kDense);  // moe_layer_freq 0
  EXPECT_EQ(m3.dense_ffn.intermediate, 12288);
  EXPECT_EQ(m3.moe.expert_intermediate, 3072);
  EXPECT_TRUE(m3.vision.present);
  const ModelSpec nem = load_model("Nemotron-3-Ultra");
  int mamba = 0, attn = 0, moe = 0;
  for (const auto& l : nem.layers) {
    mamba += l.mixer == MixerKind::kMamba2;
    attn += l.mixer == MixerKind::kAttention;
    moe += l.ffn == FfnKind::kMoe;
  }
  EXPECT_EQ(mamba, 48);
  EXPECT_EQ(attn, 12);
  EXPECT_EQ(moe, 48);
  EXPECT_EQ(nem.moe.activation, Activation::kRelu2);
  EXPECT_EQ(nem.moe.latent_size, 2048);
}

TEST(ConfigReader, QwenMoeSparseStepAndMlpOnlyLayers) {
  const ModelSpec s = read_model_config(
      R"({"model_type": "qwen3_moe", "hidden_size": 256, "vocab_size": 100, "num_hidden_layers": 6,
          "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64, "intermediate_size": 512,
          "moe_intermediate_size": 128, "num_experts": 8, "num_experts_per_tok": 2,
          "decoder_sparse_step": 2, "mlp_only_layers": [3]})",
      "q.json", "q");
  // MoE iff (i + 1) % step == 0 and i not in mlp_only_layers: layers 1 and 5.
  std::string kinds;
  for (const auto& l : s.layers) kinds += l.ffn == FfnKind::kMoe ? 'E' : 'd';
  EXPECT_EQ(kinds, "dEdddE");
}

TEST(ConfigReader, LayerTypesWithSlidingWindow) {
  const ModelSpec s = read_model_config(
      llama(R"("sliding_window": 128, "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention"])"),
      "g.json", "g");
  EXPECT_EQ(s.layers[0].mixer, MixerKind::kSlidingAttention);
  EXPECT_EQ(s.layers[1].mixer, MixerKind::kAttention);
}

TEST(ConfigReader, Errors) {
  expect_bad_input([] { read_model_config(R"({"model_type": "llama"})", "a.json", "a"); }, "a.json", "hidden_size");
  // llama() lists num_attention_heads first; a later duplicate key would be ambiguous, so build it anew.
  auto typed = expect_bad_input(
      [] {
        read_model_config(R"({"model_type": "llama", "hidden_size": 512, "vocab_size": 1000, "num_hidden_layers": 4,
                              "num_attention_heads": "8", "intermediate_size": 4})",
                          "b.json", "b");
      },
      "b.json", "num_attention_heads");
  EXPECT_NE(std::string(typed.what()).find("expected an integer, found string \"8\""), std::string::npos);
  expect_bad_input(
      [] {
        read_model_config(R"({"model_type": "llama", "hidden_size": 512, "vocab_size": 1000, "num_hidden_layers": 0,
                              "num_attention_heads": 8, "intermediate_size": 4})",
                          "c.json", "c");
      },
      "c.json", "num_hidden_layers");
  auto heads = expect_bad_input([] { read_model_config(llama(R"("num_key_value_heads": 3)"), "d.json", "d"); }, "d.json",
                                "num_key_value_heads");
  EXPECT_NE(std::string(heads.what()).find("inconsistent heads"), std::string::npos);
  expect_bad_input([] { read_model_config(llama(R"("head_dim": -64)"), "e.json", "e"); }, "e.json", "head_dim");
  auto unknown = expect_bad_input([] { read_model_config(R"({"model_type": "rwkv7", "hidden_size": 8})", "f.json", "f"); },
                                  "f.json", "model_type");
  EXPECT_NE(std::string(unknown.what()).find("unknown architecture \"rwkv7\""), std::string::npos);
  EXPECT_NE(std::string(unknown.what()).find("deepseek_v3"), std::string::npos);
  expect_bad_input([] { read_model_config(llama(R"("layer_types": ["full_attention"])"), "g.json", "g"); }, "g.json",
                   "layer_types");
  expect_bad_input([] { read_model_config(llama(R"("num_experts": 4, "num_experts_per_tok": 5)"), "h.json", "h"); },
                   "h.json", "num_experts_per_tok");
  // A nested text_config names the nested path.
  expect_bad_input(
      [] {
        read_model_config(R"({"model_type": "x", "text_config": {"model_type": "llama", "hidden_size": 64,
                              "vocab_size": 10, "num_hidden_layers": 1, "num_attention_heads": 4,
                              "num_key_value_heads": 3, "intermediate_size": 8}})",
                          "i.json", "i");
      },
      "i.json", "text_config.num_key_value_heads");
  // Not JSON: the byte offset is given.
  try {
    read_model_config("{\"model_type\": ", "j.json", "j");
    ADD_FAILURE();
  } catch (const Error& err) {
    EXPECT_EQ(err.where().file, "j.json");
    EXPECT_GE(err.where().byte_offset, 0);
  }
  expect_bad_input([] { read_model_config("[1, 2]", "k.json", "k"); }, "k.json", "");
}

TEST(ConfigReader, FolderAndFile) {
  const auto dir = std::filesystem::temp_directory_path() / ("llmsa_model_cfg_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "tiny-model");
  std::ofstream(dir / "tiny-model" / "config.json") << llama();
  EXPECT_EQ(load_model((dir / "tiny-model").string()).name, "tiny-model");
  EXPECT_EQ(load_model((dir / "tiny-model" / "config.json").string()).num_layers(), 4);
  expect_bad_input([&] { load_model(dir.string()); }, dir.string(), "");
  std::filesystem::remove_all(dir);
  expect_bad_input([] { load_model("No-Such-Model"); }, "No-Such-Model", "");
}

TEST(ConfigReader, PresetsAllLoadAndCiteSources) {
  const auto names = preset_names();
  EXPECT_EQ(names.size(), 7u);
  for (const auto& n : names) {
    SCOPED_TRACE(n);
    EXPECT_NO_THROW(load_model(n));
    const auto text = embedded_file("models/" + n + ".json");
    ASSERT_TRUE(text.has_value());
    EXPECT_NE(text->find("\"_source\""), std::string_view::npos);
  }
}

}  // namespace
}  // namespace llmsa::model
