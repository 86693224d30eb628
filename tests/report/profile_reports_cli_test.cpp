// `llmsa profile -o DIR` end to end: every Ascend and Kineto sample of ../shared/samples gets every
// report file, the workbooks convert in LibreOffice, trace.json parses with its overlay tracks; an
// output folder is never mixed with old files; no profile / no usable row fail clearly; a partly
// usable profile still gets its report, with the failure in its limitations.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <filesystem>
#include <fstream>

#include "report_test_support.hpp"
#include "trace/discovery.hpp"

namespace llmsa {
namespace {

namespace fs = std::filesystem;

// Every Ascend capture listed in SOURCES.md (roots as a user would pass them).
std::vector<std::string> ascend_inputs() {
  return {
      "Ascend-msinsight/test/data/pytorch/text/level0",
      "Ascend-msinsight/test/data/pytorch/text/level1",
      "Ascend-msinsight/test/st/level2",
      "Ascend-msinsight/test/data/pytorch/db/level0",
      "Ascend-msinsight/test/data/pytorch/db/level1",
      "Ascend-msinsight/test/data/pytorch/db/level2",
      "Ascend-msinsight/server/src/test/test_data",
      "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/timeline_advice/trace_view.json",
      "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/advisor_backend/compute_advice/kernel_details.csv",
      "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/compute_advice/data/kernel_details.csv",
      "Ascend-mstt/profiler/msprof_analyze/test/resource/advisor/cluster_analysis_output",
  };
}

// Every file under the Kineto-producing projects' folders that discovery recognises as a Kineto trace.
std::vector<std::string> kineto_inputs() {
  std::vector<std::string> kineto;
  for (const char* dir : {"HolisticTraceAnalysis", "TraceLens", "kineto"}) {
    const fs::path root = test::sample_path(dir);
    if (!fs::exists(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file() && trace::classify_file(e.path()) == "kineto.json")
        kineto.push_back(fs::relative(e.path(), test::samples_dir()).string());
  }
  std::sort(kineto.begin(), kineto.end());
  return kineto;
}

const char* const kReportFiles[] = {"analysis.json", "findings.json", "evidence_index.csv", "raw_kernel_index.csv", "raw_kernel_sources.csv",
                                    "report.md", "report.xlsx", "trace.json"};

void every_input_gets_every_report(const std::vector<std::string>& inputs, const std::string& name) {
  const fs::path root = test::fresh_dir(name);
  std::vector<fs::path> workbooks;
  simdjson::dom::parser parser;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    SCOPED_TRACE(inputs[i]);
    const fs::path out = root / std::to_string(i);
    const auto r = test::run_cli("profile '" + test::sample_path(inputs[i]).string() + "' -o '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* f : kReportFiles) EXPECT_TRUE(fs::exists(out / f)) << f;
    // trace.json parses; every rank process carries the overlay tracks.
    simdjson::dom::element doc;
    ASSERT_EQ(parser.load((out / "trace.json").string()).get(doc), simdjson::SUCCESS);
    std::int64_t processes = 0, steps_tracks = 0, findings_tracks = 0, original = 0;
    for (simdjson::dom::element e : doc["traceEvents"].get_array()) {
      std::string_view ph, name;
      if (e["ph"].get(ph) || ph != "M" || e["name"].get(name)) {
        std::string_view cat;
        if (ph == "X" && !e["cat"].get(cat) && cat.rfind("llmsa.", 0) != 0) ++original;
        continue;
      }
      std::string_view label;
      if (e["args"]["name"].get(label)) continue;
      processes += name == "process_name";
      steps_tracks += name == "thread_name" && label == "llmsa · steps";
      findings_tracks += name == "thread_name" && label == "llmsa · findings";
    }
    EXPECT_EQ(steps_tracks, processes);
    EXPECT_EQ(findings_tracks, processes);
    std::int64_t declared = -1;
    ASSERT_EQ(doc["otherData"]["original_events"].get(declared), simdjson::SUCCESS);
    EXPECT_EQ(declared, original);
    // The workbook, renamed so one LibreOffice run converts them all.
    workbooks.push_back(root / ("wb" + std::to_string(i) + ".xlsx"));
    fs::copy_file(out / "report.xlsx", workbooks.back());
    fs::remove_all(out);
  }
  if (!test::soffice_available()) GTEST_SKIP() << "soffice (LibreOffice) not installed: scripts/setup.sh installs it";
  ASSERT_TRUE(test::soffice_convert_sheets(workbooks, root)) << test::read_all(root / "soffice.log");
  for (std::size_t i = 0; i < workbooks.size(); ++i) {
    SCOPED_TRACE(inputs[i]);
    const std::string stem = "wb" + std::to_string(i);
    const auto readme = test::parse_csv(test::read_all(root / (stem + "-README.csv")));
    ASSERT_FALSE(readme.empty());
    EXPECT_EQ(readme[0][0], "topic");
    EXPECT_TRUE(fs::exists(root / (stem + "-raw kernel index.csv")));
    EXPECT_TRUE(fs::exists(root / (stem + "-findings.csv")));
  }
  fs::remove_all(root);
}

TEST(ProfileReportsCli, EveryAscendSampleGetsEveryReport) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  every_input_gets_every_report(ascend_inputs(), "cli_ascend");
}

TEST(ProfileReportsCli, EveryKinetoSampleGetsEveryReport) {
  LLMSA_REQUIRE_SAMPLE("HolisticTraceAnalysis");
  const auto inputs = kineto_inputs();
  ASSERT_GT(inputs.size(), 40u);  // the Kineto traces of HTA, TraceLens and tb_plugin (SOURCES.md)
  every_input_gets_every_report(inputs, "cli_kineto");
}

TEST(ProfileReportsCli, NonEmptyOutputFolderNeedsForceAndKeepsOtherFiles) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  const fs::path out = test::fresh_dir("cli_force");
  std::ofstream(out / "notes.txt") << "mine";
  std::ofstream(out / "report.md") << "stale report from an older run";
  std::ofstream(out / "trace.json") << "stale";
  const std::string cmd = "profile '" + test::sample_path(test::kLevel1).string() + "' -o '" + out.string() + "'";
  auto r = test::run_cli(cmd);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not empty"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_all(out / "report.md"), "stale report from an older run");  // untouched when refused
  r = test::run_cli(cmd + " --force");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_all(out / "notes.txt"), "mine");  // not llmsa's: kept
  EXPECT_EQ(test::read_all(out / "report.md").rfind("# llmsa profile report", 0), 0u);
  EXPECT_NE(test::read_all(out / "trace.json"), "stale");
  // A file path given as -o is refused too.
  r = test::run_cli("profile '" + test::sample_path(test::kLevel1).string() + "' -o '" + (out / "notes.txt").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a folder"), std::string::npos) << r.err;
  fs::remove_all(out);
}

TEST(ProfileReportsCli, NoProfileOrNoUsableRowFailsWithAClearMessage) {
  const fs::path empty = test::fresh_dir("cli_empty");
  auto r = test::run_cli("profile '" + empty.string() + "' -o '" + (empty / "out").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no profiler output found"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(empty / "out" / "report.md"));

  const fs::path bad = test::fresh_dir("cli_unusable");
  fs::create_directories(bad / "rank0_ascend_pt" / "ASCEND_PROFILER_OUTPUT");
  std::ofstream(bad / "rank0_ascend_pt" / "ASCEND_PROFILER_OUTPUT" / "kernel_details.csv") << "foo,bar\n1,2\n";
  r = test::run_cli("profile '" + bad.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("none has a usable row"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kernel_details.csv"), std::string::npos) << r.err;
  fs::remove_all(empty);
  fs::remove_all(bad);
}

TEST(ProfileReportsCli, PartlyUsableProfileGetsItsReportWithLimitations) {
  const std::string rank1 = "Ascend-msinsight/test/data/pytorch/text/level1/rank1_ascend_pt/ASCEND_PROFILER_OUTPUT";
  LLMSA_REQUIRE_SAMPLE(rank1);
  // A copy of rank 1 (outside the repository) whose communication.json is cut short.
  const fs::path root = test::fresh_dir("cli_partial");
  const fs::path dir = root / "rank1_ascend_pt" / "ASCEND_PROFILER_OUTPUT";
  fs::create_directories(dir);
  fs::copy_file(test::sample_path(rank1 + "/kernel_details.csv"), dir / "kernel_details.csv");
  std::ofstream(dir / "communication.json") << "{\"step50\": {\"collective\": {";
  const auto r = test::run_cli("profile '" + root.string() + "' -o '" + (root / "out").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string md = test::read_all(root / "out" / "report.md");
  const std::string lim = md.substr(md.find("## 12. Limitations"));
  EXPECT_NE(lim.find("communication.json"), std::string::npos) << lim;
  EXPECT_NE(lim.find("not (fully) read"), std::string::npos) << lim;
  // The kernels were still analysed: 191 rows (SOURCES.md).
  EXPECT_NE(md.find("| 191 | 191 |"), std::string::npos);
  fs::remove_all(root);
}

}  // namespace
}  // namespace llmsa

namespace llmsa::report {
namespace {

namespace fs = std::filesystem;

// --trace-events N keeps trace.json to N original events and report.md says what was left out;
// 'all' writes every one; a count that is not positive is refused before anything is read.
TEST(ProfileReportsCli, TraceEventsOptionCutsTheTraceAndSaysSo) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  const fs::path out = test::fresh_dir("cli_trace_events");
  const std::string sample = test::sample_path(test::kLevel1).string();
  auto r = test::run_cli("profile '" + sample + "' -o '" + (out / "cut").string() + "' --trace-events 100");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json cut = nlohmann::json::parse(test::read_all(out / "cut" / "trace.json"));
  ASSERT_TRUE(cut["otherData"].contains("trace_cut"));
  EXPECT_LE(cut["otherData"]["original_events"].get<std::int64_t>(), 100);
  EXPECT_EQ(cut["otherData"]["trace_cut"]["kept_events"], cut["otherData"]["original_events"]);
  EXPECT_NE(test::read_all(out / "cut" / "report.md").find("--trace-events all"), std::string::npos);

  r = test::run_cli("profile '" + sample + "' -o '" + (out / "all").string() + "' --trace-events all");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json all = nlohmann::json::parse(test::read_all(out / "all" / "trace.json"));
  EXPECT_FALSE(all["otherData"].contains("trace_cut"));
  // Level1: rank 1 alone has 191 kernel_details.csv rows (SOURCES.md), so 100 events is a cut.
  EXPECT_GT(all["otherData"]["original_events"].get<std::int64_t>(), 191);
  EXPECT_EQ(test::read_all(out / "all" / "report.md").find("--trace-events all"), std::string::npos);

  r = test::run_cli("profile '" + sample + "' -o '" + (out / "zero").string() + "' --trace-events 0");
  EXPECT_EQ(r.exit_code, 2);  // bad input
  EXPECT_FALSE(fs::exists(out / "zero" / "trace.json"));
  fs::remove_all(out);
}

}  // namespace
}  // namespace llmsa::report
