// `llmsa profile -o DIR` writes every output of the analysis, and every finding's evidence id
// resolves in evidence_index.csv (the chain of ARCHITECTURE.md, end to end through the CLI).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "support/run_cli.hpp"
#include "support/samples.hpp"

namespace llmsa {
namespace {

namespace fs = std::filesystem;

TEST(ProfileOutputs, WritesEveryFileAndEvidenceIdsResolve) {
  const std::string root = "Ascend-msinsight/test/data/pytorch/text/level1";
  LLMSA_REQUIRE_SAMPLE(root);
  const fs::path dir = fs::temp_directory_path() / ("llmsa_profile_out_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto r = test::run_cli("profile '" + test::sample_path(root).string() + "' --device 910B2 -o '" + dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"analysis.json", "findings.json", "evidence_index.csv", "raw_kernel_index.csv"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;

  // The evidence index lists one id per line in its first column.
  std::set<std::string> ids;
  std::istringstream csv(test::read_all(dir / "evidence_index.csv"));
  std::string line;
  while (std::getline(csv, line))
    if (line.rfind("ev-", 0) == 0) ids.insert(line.substr(0, line.find(',')));
  ASSERT_FALSE(ids.empty());

  auto findings = nlohmann::json::parse(test::read_all(dir / "findings.json"));
  ASSERT_FALSE(findings["findings"].empty());
  for (const auto& f : findings["findings"]) {
    ASSERT_TRUE(!f["evidence_ids"].empty() || !f["limitation"].get<std::string>().empty()) << f.dump();
    for (const auto& id : f["evidence_ids"]) EXPECT_TRUE(ids.count(id.get<std::string>())) << id;
  }
  // The level1 capture has two ranks (rank0_ascend_pt, rank1_ascend_pt).
  auto analysis = nlohmann::json::parse(test::read_all(dir / "analysis.json"));
  EXPECT_EQ(analysis["ranks"].size(), 2u);
  EXPECT_EQ(analysis["findings"].size(), findings["findings"].size());
  // Top-level slow-rank verdict with the method used. With two ranks Dixon's Q test needs at least
  // three values, so no rank can be voted slow here (msprof-analyze slow_rank, reference part D).
  ASSERT_TRUE(analysis.contains("slow_ranks"));
  EXPECT_TRUE(analysis["slow_ranks"]["ranks"].empty());
  EXPECT_FALSE(analysis["slow_ranks"]["vote"]["method"].get<std::string>().empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace llmsa
