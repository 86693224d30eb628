// Contract of `llmsa moe-comm`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace {

const char* k4051 = "moe-comm --soc A3 --tokens 64 --hidden 2048 --top-k 10 --experts 512 --ep 4 --max-bs 64";

TEST(MoeCommCli, Issue4051AsJson) {
  auto r = llmsa::test::run_cli(std::string(k4051) + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["mc2_window"]["needed_mb"], 294);  // determinism-mc2-rl.md s2.3 / vllm-ascend #4051
  EXPECT_EQ(j["mc2_window"]["fits"], false);
  EXPECT_EQ(j["selected"]["method"], "MC2");
  EXPECT_EQ(j["volumes_per_rank_per_layer"].size(), 3u);
}

TEST(MoeCommCli, TimesAtADeviceLink) {
  auto r = llmsa::test::run_cli(std::string(k4051) + " --device 910C --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["link"]["per_direction_bytes_per_s"].get<double>(), 392e9);
  EXPECT_GT(j["selected_volume"]["seconds"].get<double>(), 0);
}

TEST(MoeCommCli, ImpossibleSettingIsAnsweredWithTheConstraint) {
  auto r = llmsa::test::run_cli("moe-comm --soc A3 --tokens 64 --hidden 2048 --top-k 10 --experts 512 --ep 3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("experts % ep == 0"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(MoeCommCli, ComparesRuleVersions) {
  // A2, EP 16, 512 experts (32 per rank): September 2025 takes MC2, current needs <= 24 experts per rank
  // (determinism-mc2-rl.md s2.5).
  auto r = llmsa::test::run_cli(
      "moe-comm --soc A2 --rules all --tokens 100 --hidden 4096 --top-k 8 --experts 512 --ep 16 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["versions"].size(), 2u);
  EXPECT_EQ(j["versions"][0]["engine"]["rules_version"], "2025-09");
  EXPECT_EQ(j["versions"][0]["selected"]["method"], "MC2");
  EXPECT_EQ(j["versions"][1]["selected"]["method"], "ALLGATHER");
}

TEST(MoeCommCli, HelpShowsAnExample) {
  auto r = llmsa::test::run_cli("moe-comm --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("#4051"), std::string::npos);
}

}  // namespace
