// Contract of `llmsa hw`: table and JSON output, and bad input answered with exit code 2.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace {

TEST(HwCli, ListsDevicesAsJson) {
  auto r = llmsa::test::run_cli("hw list --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_GE(j["devices"].size(), 13u);
}

TEST(HwCli, ShowsOneDeviceWithSourcesAndBothLinkDirections) {
  auto r = llmsa::test::run_cli("hw show H100 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["name"], "H100-SXM");
  EXPECT_DOUBLE_EQ(j["dense_peak"]["bf16"]["value"].get<double>(), 989.4e12);  // NVIDIA H100 datasheet / 2
  EXPECT_DOUBLE_EQ(j["scale_up"]["per_direction_bytes_per_s"].get<double>(), 450e9);
  EXPECT_DOUBLE_EQ(j["scale_up"]["bidirectional_bytes_per_s"].get<double>(), 900e9);
  EXPECT_FALSE(j["memory"]["bandwidth"]["source"].get<std::string>().empty());
  auto t = llmsa::test::run_cli("hw show 910C");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("Cube"), std::string::npos);
}

TEST(HwCli, UnknownDeviceAndBadFileExitTwo) {
  auto r = llmsa::test::run_cli("hw show NoSuchGpu");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("known:"), std::string::npos) << r.err;
  auto path = std::filesystem::temp_directory_path() / "llmsa_hw_bad.json";
  std::ofstream(path) << R"({"schema": "llmsa.hardware/1", "devices": [{"name": "X"}]})";
  auto b = llmsa::test::run_cli("hw list --file '" + path.string() + "'");
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("llmsa_hw_bad.json"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("$.devices[0].vendor"), std::string::npos) << b.err;
  std::filesystem::remove(path);
}

}  // namespace
