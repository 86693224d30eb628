// CLI contract of llmsa train / plan / rl-memory: help with an example, JSON output, impossible
// layouts naming their constraint (exit 2), searches that find nothing saying what bound them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace {

using llmsa::test::run_cli;

TEST(TrainCli, HelpShowsExamples) {
  for (const char* cmd : {"train", "plan", "rl-memory"}) {
    auto r = run_cli(std::string(cmd) + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("llmsa " + std::string(cmd)), std::string::npos) << cmd;
    EXPECT_NE(r.out.find("--format"), std::string::npos) << cmd;
  }
}

// methodology.md s10: the M3 example through the CLI gives ~2.94 s and an 18% compute share.
TEST(TrainCli, M3MethodologyJson) {
  auto r = run_cli("train MiniMax-M3 --conventions methodology --methodology-figures --tp 4 --pp 4 --ep 8 --dp 4 --vpp 2 "
                   "--zero 2 --micro-batch 2 --global-batch 32 --recompute full --compute-ms 132 --useful-ms 99 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["step"]["step_s"].get<double>(), 2.94, 0.01);
  EXPECT_NEAR(j["step"]["compute_share"].get<double>(), 0.18, 0.005);
  EXPECT_EQ(j["layout"]["cards"].get<int>(), 512);
  EXPECT_TRUE(j["memory"]["fits"].get<bool>());
  EXPECT_EQ(j["communication"].size(), 4u);  // TP, EP, PP, DP
}

TEST(TrainCli, ImpossibleLayoutNamesConstraint) {
  auto r = run_cli("train Llama-3.1-70B --tp 3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tp 3 must divide the 64 attention heads"), std::string::npos) << r.err;
  r = run_cli("train Llama-3.1-70B --ep 2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("dense model"), std::string::npos) << r.err;
  r = run_cli("train Llama-3.1-70B --recompute sometimes");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(TrainCli, LayoutThatDoesNotFitSaysSo) {
  auto r = run_cli("train Llama-3.1-70B --device H100");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("DOES NOT FIT"), std::string::npos);
  EXPECT_NE(r.out.find("optimizer"), std::string::npos);
}

TEST(PlanCli, Dense70BOn32H100IsExplained) {
  auto r = run_cli("plan Llama-3.1-70B --device H100 --cards 32 --global-batch 64");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("why the runners-up lose"), std::string::npos);
  EXPECT_NE(r.out.find("why #1"), std::string::npos);
  r = run_cli("plan Llama-3.1-70B --device H100 --cards 32 --global-batch 64 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_GE(j["best"].size(), 2u);
  EXPECT_TRUE(j["best"][1].contains("why_slower"));
  EXPECT_GE(j["explanation"].size(), 3u);
}

TEST(PlanCli, NoFeasibleLayoutSaysWhichLimit) {
  auto r = run_cli("plan Llama-3.1-70B --device H100 --cards 2 --global-batch 2 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["feasible"].get<int>(), 0);
  EXPECT_NE(j["bound"].get<std::string>().find("memory"), std::string::npos);
}

// determinism-mc2-rl.md s3.5: Qwen 32B single-stage 192.3 GB vs multi-stage 131.8 GB.
TEST(RlMemoryCli, RfcTimeline) {
  auto r = run_cli("rl-memory --device H200 --base-gb 5.8 --rollout-weights-gb 30.8 --gathered-gb 61.5 --kv-gb 94.2 "
                   "--residual-gb 1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["single_stage_sync_peak_bytes"].get<double>() / 1e9, 192.3, 1e-6);
  EXPECT_NEAR(j["peak_bytes"].get<double>() / 1e9, 131.8, 1e-6);
  EXPECT_EQ(j["peak_stage"].get<std::string>(), "resume KV cache");
  r = run_cli("rl-memory --strategy sometimes");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
