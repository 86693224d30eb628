// CLI contract of `llmsa det`: JSON output, exit code 2 with a line number on malformed input, and the
// metric definitions in --help.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "det/synthetic_runs.hpp"
#include "support/run_cli.hpp"

namespace llmsa::det {
namespace {

namespace fs = std::filesystem;
using llmsa::test::run_cli;

TEST(DetCli, CompareJsonReportsInjectedPositions) {
  auto base = fs::temp_directory_path() / ("llmsa_det_cli_" + std::to_string(::getpid()));
  const std::string a = base.string() + "_a.jsonl", b = base.string() + "_b.jsonl";
  SyntheticRunsSpec spec;
  spec.prompts = 3;
  spec.samples_per_prompt = 2;
  spec.length = 20;
  spec.logprob_shift = std::log(2.0);
  spec.divergences = {{0, 1, 7}, {2, 0, 11}};
  write_synthetic_runs(spec, a, b);
  const auto r = run_cli("det compare '" + a + "' '" + b + "' --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["pairs"], 6);
  EXPECT_EQ(j["divergence_positions"], nlohmann::json::parse(R"([{"position":7,"pairs":1},{"position":11,"pairs":1}])"));
  // Reference §4.1: k3 at r = ln 2 is 0.306853; chi2_token = 3; kl = −ln 2.
  EXPECT_NEAR(j["mismatch"]["k3_kl"].get<double>(), 0.306853, 1e-6);
  EXPECT_NEAR(j["mismatch"]["chi2_token"].get<double>(), 3.0, 1e-12);
  EXPECT_NEAR(j["mismatch"]["kl"].get<double>(), -std::log(2.0), 1e-12);
  EXPECT_EQ(j["mismatch"]["tokens"], 4 * 20 + 7 + 11);

  const auto table = run_cli("det compare '" + a + "' '" + b + "'");
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("first divergence position"), std::string::npos);
  fs::remove(a);
  fs::remove(b);
}

TEST(DetCli, MalformedLineExitsTwoWithItsLine) {
  auto p = fs::temp_directory_path() / ("llmsa_det_cli_bad_" + std::to_string(::getpid()) + ".jsonl");
  std::ofstream(p) << "{\"prompt_id\": 1, \"tokens\": [1], \"logprobs\": [-1]}\n"
                      "{\"prompt_id\": 1, \"tokens\": [1], \"logprobs\": [-1]\n";
  const auto r = run_cli("det compare '" + p.string() + "' '" + p.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(p.filename().string() + ":line 2"), std::string::npos) << r.err;
  fs::remove(p);
}

TEST(DetCli, HelpDefinesEveryMetric) {
  const auto r = run_cli("det compare --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* term : {"k3_kl", "exp(r) - r - 1", "chi2_seq", "log_ppl_diff", "ESS", "truncated", "masked",
                           "geometric", "seq_mean_k", "Example"}) {
    EXPECT_NE(r.out.find(term), std::string::npos) << term;
  }
}

TEST(DetCli, KernelsJson) {
  const auto r = run_cli("det kernels --max-batch 8 --repeats 0 --threads 2 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["kernels"].size(), 3u);
  for (const auto& k : j["kernels"]) {
    EXPECT_TRUE(k["invariant_always_identical"].get<bool>()) << k["kernel"];
    EXPECT_TRUE(k["variant_ever_differs"].get<bool>()) << k["kernel"];
  }
}

}  // namespace
}  // namespace llmsa::det
