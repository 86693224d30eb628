// CLI contract of `llmsa model`: JSON keys and types, table and CSV, and exit code 2 on bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "support/run_cli.hpp"

namespace llmsa::test {
namespace {

TEST(ModelCli, JsonContract) {
  const CliResult r = run_cli("model DeepSeek-V3 --seq 4096 --batch 2 --per-layer --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j["params"]["total"].is_number_integer());
  EXPECT_EQ(j["params"]["total"].get<std::int64_t>(), 671'026'419'200);  // the official main-model count
  EXPECT_TRUE(j["params"]["active"].is_number());
  EXPECT_TRUE(j["kv_cache"]["bytes_per_token"].is_number());
  // MLA: 61 layers x (512 + 64) x 2 B per token.
  EXPECT_EQ(j["kv_cache"]["bytes_per_token"].get<double>(), 61.0 * 576 * 2);
  EXPECT_TRUE(j["kv_cache"]["state_bytes_per_sequence"].is_number());
  EXPECT_TRUE(j["flops"]["prefill"]["total"].is_number());
  EXPECT_TRUE(j["flops"]["decode"]["total"].is_number());
  ASSERT_TRUE(j["layers"].is_array());
  EXPECT_EQ(j["layers"].size(), 61u);
  EXPECT_EQ(j["layers"][3]["ffn"], "moe");
  EXPECT_FALSE(j["layers"][3]["ops"].empty());
  EXPECT_EQ(j["conventions"]["causal"], "exact");
  EXPECT_EQ(j["workload"]["batch"], 2);
}

TEST(ModelCli, TableAndCsv) {
  const CliResult t = run_cli("model DeepSeek-V3 --per-layer");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("671026419200"), std::string::npos);
  EXPECT_NE(t.out.find("conventions  causal=exact"), std::string::npos);
  EXPECT_NE(t.out.find("3-60"), std::string::npos);  // 58 identical MoE layers grouped
  const CliResult c = run_cli("model Llama-3.1-8B --format csv --phase decode");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(c.out.rfind("# Llama-3.1-8B", 0), 0u);
  EXPECT_NE(c.out.find("scope,index,kind,variant,params_total,params_active,decode_flops"), std::string::npos);
  EXPECT_EQ(c.out.find("prefill_flops"), std::string::npos);
}

TEST(ModelCli, TokenSuffixes) {
  const CliResult bin = run_cli("model Llama-3.1-8B --seq 1M --format json");
  const CliResult dec = run_cli("model Llama-3.1-8B --seq 1M --million decimal --format json");
  ASSERT_EQ(bin.exit_code, 0) << bin.err;
  ASSERT_EQ(dec.exit_code, 0) << dec.err;
  EXPECT_EQ(nlohmann::json::parse(bin.out)["workload"]["seq"], 1'048'576);
  EXPECT_EQ(nlohmann::json::parse(dec.out)["workload"]["seq"], 1'000'000);
}

TEST(ModelCli, MethodologyFlagReproducesPart4Decode) {
  // Reference §4.2 / F10: M3 decode at T = 2^20 under the methodology's conventions is 215.114G (V.1)
  // plus the 2.458G LM head the author left out.
  const CliResult r = run_cli("model MiniMax-M3 --seq 1M --methodology --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["flops"]["decode"]["total"].get<double>(), 215.114e9 + 2.0 * 6144 * 200'064, 0.0005e9);
  EXPECT_EQ(j["conventions"]["count_norms"], false);
}

TEST(ModelCli, BadInputExitsTwoNamingFileAndField) {
  const auto dir = std::filesystem::temp_directory_path() / ("llmsa_model_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto cfg = dir / "config.json";
  std::ofstream(cfg) << R"({"model_type": "llama", "hidden_size": 512, "vocab_size": 1000,
      "num_hidden_layers": 2, "num_attention_heads": 8, "num_key_value_heads": 3, "intermediate_size": 64})";
  const CliResult r = run_cli("model '" + cfg.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(cfg.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("num_key_value_heads"), std::string::npos) << r.err;

  std::ofstream(cfg) << R"({"model_type": "llama", "hidden_size": 0})";
  const CliResult z = run_cli("model '" + dir.string() + "'");
  EXPECT_EQ(z.exit_code, 2);
  EXPECT_NE(z.err.find("hidden_size"), std::string::npos) << z.err;
  std::filesystem::remove_all(dir);

  EXPECT_EQ(run_cli("model No-Such-Preset").exit_code, 2);
  EXPECT_EQ(run_cli("model Llama-3.1-8B --seq 12x").exit_code, 2);
  EXPECT_EQ(run_cli("model Llama-3.1-8B --kv-dtype fp7").exit_code, 2);
  EXPECT_EQ(run_cli("model Llama-3.1-8B --phase train").exit_code, 2);
}

TEST(ModelCli, HelpShowsAnExample) {
  const CliResult r = run_cli("model --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("llmsa model DeepSeek-V3 --per-layer"), std::string::npos);
}

}  // namespace
}  // namespace llmsa::test
