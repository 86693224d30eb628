// Contracts of `llmsa roofline`, `llmsa memory` and `llmsa serve` (methodology.md s11 settings).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace {

using llmsa::test::run_cli;

TEST(RooflineCli, Llama70bPrefillAndDecodeAsJson) {
  auto r = run_cli("roofline Llama-3.1-70B --device H100-SXM --efficiency 0.75 --methodology --prompt 2048 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  // s11: TTFT ~400 ms (compute-bound), TPOT ~42 ms on one H100.
  EXPECT_NEAR(j["prefill"]["ttft_seconds"].get<double>(), 0.401, 0.012);
  EXPECT_NEAR(j["decode"]["tpot_seconds"].get<double>(), 0.0418, 0.0006);
  bool compute_bound_proj = false;
  for (const auto& op : j["prefill"]["ops"])
    if (op["kind"] == "ffn") compute_bound_proj = op["bound"] == "compute";
  EXPECT_TRUE(compute_bound_proj);
  for (const auto& op : j["decode"]["ops"])
    if (op["kind"] == "ffn") {
      EXPECT_EQ(op["bound"], "memory");
    }
  EXPECT_NEAR(j["rates"]["ridge_flops_per_byte"].get<double>(), 295.3, 0.1);  // s8 table: H100 BF16 ridge 295
}

TEST(RooflineCli, TableAndSvgChart) {
  auto svg = std::filesystem::temp_directory_path() / ("llmsa_roofline_" + std::to_string(::getpid()) + ".svg");
  auto r = run_cli("roofline MiniMax-M3 --device H200 --tp 8 --ep 8 --context 128K --phase decode --svg '" + svg.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("TPOT ="), std::string::npos);
  EXPECT_NE(r.out.find("moe_experts"), std::string::npos);
  std::string text = llmsa::test::read_all(svg);
  std::filesystem::remove(svg);
  EXPECT_EQ(text.rfind("<svg", 0), 0u);
  EXPECT_NE(text.find("arithmetic intensity"), std::string::npos);
  EXPECT_NE(text.find("(log)"), std::string::npos);
}

TEST(RooflineCli, ImpossibleLayoutNamesTheConstraint) {
  auto r = run_cli("roofline Llama-3.1-70B --tp 3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tp (3) divides attention heads (64)"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  auto e = run_cli("roofline DeepSeek-V3 --tp 1 --dp 6 --ep 6");
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find("ep (6) divides the routed experts (256)"), std::string::npos) << e.err;
  auto f = run_cli("roofline Llama-3.1-70B --device A100 --act-dtype fp8");
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.err.find("fp8"), std::string::npos) << f.err;
}

TEST(MemoryCli, KvLimitedBatchOfTheLlamaCase) {
  // s11: TP 4 on H100, 1024 + 256 tokens, 0.96 utilisation: ~413 (exact with the real weights: 409).
  auto r = run_cli("memory Llama-3.1-70B --device H100-SXM --tp 4 --context 1280 --kv-utilization 0.96 --overhead-gib 0 "
                   "--activation-gib 0 --methodology --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["max_batch"]["per_replica"], 409);
  EXPECT_EQ(j["min_cards"]["for_weights"], 2);  // s11: 140 GB -> 2 x H100
}

TEST(MemoryCli, ModelThatDoesNotFitIsAnsweredWithTheConstraint) {
  auto r = run_cli("memory Llama-3.1-70B --device H100-SXM --tp 1 --context 4096");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("cannot serve"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("max batch:"), std::string::npos);
  EXPECT_NE(r.out.find("DOES NOT FIT"), std::string::npos);
}

TEST(ServeCli, CurveJsonAndHtmlChart) {
  auto html = std::filesystem::temp_directory_path() / ("llmsa_serve_" + std::to_string(::getpid()) + ".html");
  auto r = run_cli("serve Llama-3.1-70B --device H100-SXM --tp 4 --efficiency 0.75 --batches 1,16,64 --spec-draft 4 "
                   "--format json --html '" + html.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["curve"].size(), 3u);
  EXPECT_EQ(j["curve"][0]["batch"], 1);
  EXPECT_GT(j["curve"][0]["speculative_speedup"].get<double>(), 2.3);
  EXPECT_GT(j["kv_limited_batch"].get<int>(), 300);
  EXPECT_NEAR(j["pd_disaggregation"]["kv_bytes_per_request"].get<double>(), 2.0 * 80 * 8 * 128 * 1024 * 2, 1);
  std::string text = llmsa::test::read_all(html);
  std::filesystem::remove(html);
  EXPECT_EQ(text.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(text.find("<svg"), std::string::npos);
}

TEST(ServeCli, SearchFindsALayout) {
  auto r = run_cli("serve Llama-3.1-8B --device H100-SXM --search --cards 8 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["best"].is_null());
  EXPECT_EQ(j["best"]["layout"]["cards"], 8);
  EXPECT_GT(j["candidates"].size(), 1u);
  auto t = run_cli("serve Llama-3.1-8B --search --cards 8");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("tok/s"), std::string::npos);
}

TEST(InferenceCli, HelpShowsExamples) {
  for (const char* c : {"roofline", "memory", "serve"}) {
    auto r = run_cli(std::string(c) + " --help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find(std::string("llmsa ") + c), std::string::npos) << c;
  }
}

}  // namespace
