// CLI contract of `llmsa profile`: JSON with the preset key per rank, -o writes analysis.json,
// bad --compat and empty inputs fail with the documented exit codes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"
#include "support/samples.hpp"
#include "tiny_trace.hpp"

namespace llmsa::test {
namespace {

TEST(ProfileCli, TraceLensJsonAndOutputFolder) {
  const auto path = write_tiny_kineto_trace();
  const auto dir = std::filesystem::temp_directory_path() / ("llmsa_profile_out_" + std::to_string(::getpid()));
  const CliResult r =
      run_cli("profile " + path.string() + " --compat tracelens --format json -o " + dir.string());
  std::filesystem::remove(path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["compat"], "tracelens");
  ASSERT_EQ(j["ranks"].size(), 1u);
  EXPECT_TRUE(j["ranks"][0].contains("tracelens"));
  EXPECT_FALSE(j["ranks"][0].contains("hta"));
  const auto written = nlohmann::json::parse(read_all(dir / "analysis.json"));
  EXPECT_EQ(written, j);
  std::filesystem::remove_all(dir);
}

TEST(ProfileCli, TableIsDefault) {
  const auto path = write_tiny_kineto_trace();
  const CliResult r = run_cli("profile " + path.string() + " --compat hta");
  std::filesystem::remove(path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("hta  kernel_time"), std::string::npos) << r.out;
}

TEST(ProfileCli, UnknownCompatIsRejected) {
  const CliResult r = run_cli("profile /nonexistent --compat nsys");
  EXPECT_NE(r.exit_code, 0);
}

TEST(ProfileCli, NothingUsableExits2) {
  const CliResult r = run_cli("profile /nonexistent_llmsa_path");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace llmsa::test
