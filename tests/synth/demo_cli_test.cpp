// CLI contract of `llmsa demo`.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"
#include "synth_test_support.hpp"

namespace llmsa::synth {
namespace {

namespace fs = std::filesystem;
using llmsa::test::read_all;
using llmsa::test::run_cli;

TEST(DemoCli, HelpShowsAnExample) {
  const auto r = run_cli("demo --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Example"), std::string::npos);
  EXPECT_NE(r.out.find("llmsa demo -o"), std::string::npos);
}

TEST(DemoCli, WritesCaptureAndReportsAndRefusesToMixWithOldFiles) {
  const auto dir = test::fresh_dir("cli");
  const auto out = dir / "demo";
  const auto r = run_cli("demo -o '" + out.string() + "' --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // stderr is not a terminal here: no progress bar
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.at("injected").size(), 3u);
  EXPECT_EQ(doc.at("injected")[0].at("kind"), "slow_rank");
  for (const auto& f : doc.at("reports")) EXPECT_TRUE(fs::exists(f.get<std::string>())) << f;
  EXPECT_TRUE(fs::exists(out / "findings.json"));
  int rank_folders = 0;
  for (const auto& e : fs::directory_iterator(out / "capture")) rank_folders += e.is_directory();
  EXPECT_EQ(rank_folders, 4);
  bool slow_rank = false;
  for (const auto& f : doc.at("findings")) slow_rank |= f.at("type") == "slow_rank_confirmed";
  EXPECT_TRUE(slow_rank);

  const auto again = run_cli("demo -o '" + out.string() + "'");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
  // --force replaces the previous demo (capture and reports) and keeps a file that is not llmsa's.
  std::ofstream(out / "notes.txt") << "mine";
  const auto forced = run_cli("demo --force -o '" + out.string() + "'");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(fs::exists(out / "notes.txt"));
  EXPECT_TRUE(fs::exists(out / "report.html"));
  fs::remove_all(dir);
}

// Evidence ids hash the source paths, so both runs write to the same relative folder, each from
// its own working directory: every report must then be byte-identical.
TEST(DemoCli, TwoRunsWriteTheSameReports) {
  const auto dir = test::fresh_dir("cli_det");
  const auto a = dir / "a", b = dir / "b";
  for (const auto& cwd : {a, b}) {
    fs::create_directories(cwd);
    const std::string cmd = "cd '" + cwd.string() + "' && '" + LLMSA_BINARY + "' demo -o out >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  int compared = 0;
  for (const auto& e : fs::recursive_directory_iterator(a / "out")) {
    if (!e.is_regular_file()) continue;
    const auto rel = fs::relative(e.path(), a);
    if (rel.filename() == "analysis.json") {
      // analysis.json states the absolute profile root once (evidence/profile_root.hpp); the rest,
      // evidence paths and ids included, must not depend on where the capture lies.
      auto ja = nlohmann::json::parse(read_all(e.path())), jb = nlohmann::json::parse(read_all(b / rel));
      EXPECT_NE(ja["profile_root"], jb["profile_root"]);
      ja.erase("profile_root");
      jb.erase("profile_root");
      EXPECT_TRUE(ja == jb) << rel;
    } else {
      EXPECT_TRUE(read_all(e.path()) == read_all(b / rel)) << rel;
    }
    ++compared;
  }
  EXPECT_GE(compared, 4 * 9 + 4);  // the capture and at least analysis, findings and both CSVs
  fs::remove_all(dir);
}

}  // namespace
}  // namespace llmsa::synth
