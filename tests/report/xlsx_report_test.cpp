// report.xlsx opens in LibreOffice without repair (a headless conversion of every sheet succeeds), holds
// the expected values as numbers, caps the raw kernel index with a marker row, and is byte-identical
// for the same input.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "report/report_limitations.hpp"
#include "report/xlsx_report.hpp"
#include "report_test_support.hpp"

namespace llmsa::report {
namespace {

namespace fs = std::filesystem;

std::vector<std::vector<std::string>> sheet(const fs::path& dir, const std::string& stem, const std::string& name) {
  return test::parse_csv(test::read_all(dir / (stem + "-" + name + ".csv")));
}

TEST(XlsxReport, Level1ConvertsInLibreOfficeWithExpectedValues) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  auto a = test::analyse_sample(test::kLevel1);
  const fs::path dir = test::fresh_dir("xlsx_level1");
  write_report_xlsx(dir / "level1.xlsx", a->capture, a->analysis, a->classifier, a->evidence);
  write_report_xlsx(dir / "again.xlsx", a->capture, a->analysis, a->classifier, a->evidence);
  EXPECT_EQ(test::read_all(dir / "level1.xlsx"), test::read_all(dir / "again.xlsx")) << "not reproducible";
  // Capped copy: 100 rows then the marker; it also carries another output's limitation (as
  // write_all_reports passes trace.json's event budget cut), which the README sheet must list.
  // Its evidence sheet is capped at 3 rows, below level1's cited ids plus a few.
  const std::vector<Limitation> trace_cut = {{"file trace.json", "events left out", "kept 3 of 9 steps", {}}};
  write_report_xlsx(dir / "capped.xlsx", a->capture, a->analysis, a->classifier, a->evidence, {},
                    {.raw_rows = 100, .evidence_rows = 3}, trace_cut);

  if (!test::soffice_available()) GTEST_SKIP() << "soffice (LibreOffice) not installed: scripts/setup.sh installs it";
  ASSERT_TRUE(test::soffice_convert_sheets({dir / "level1.xlsx", dir / "capped.xlsx"}, dir))
      << test::read_all(dir / "soffice.log");
  for (const char* s : {"README", "case", "rank", "step", "step anatomy", "step categories", "layer", "block", "operator",
                        "HCCL op", "HCCL bandwidth", "NCCL collective", "bubble windows", "wait anchors", "AICPU",
                        "cross-rank alignment", "findings", "evidence index", "raw kernel index"})
    EXPECT_TRUE(fs::exists(dir / ("level1-" + std::string(s) + ".csv"))) << s;

  // rank sheet: level1 has ranks 0 and 1, each with 191 kernel_details.csv rows (SOURCES.md); rank 1
  // has no trace_view.json, so all its events are those rows.
  const auto rank = sheet(dir, "level1", "rank");
  ASSERT_EQ(rank.size(), 3u);
  const int events = test::column(rank, "events"), calls = test::column(rank, "operator calls");
  ASSERT_GE(events, 0);
  ASSERT_GE(calls, 0);
  EXPECT_EQ(rank[2][0], "1");
  EXPECT_EQ(rank[2][events], "191");
  // Rank 0 also has trace_view.json, whose 96 copy tasks kernel_details.csv lacks (Task Type SDMA 72,
  // PCIE_DMA_SQE 14, SDMA_SQE 10, counted in the raw file), so its operator calls are 191 + 96
  // (one rule for duplicate sources, analysis/device_tasks.hpp).
  EXPECT_EQ(rank[1][calls], "287");
  const int wall = test::column(rank, "wall (ms)");
  ASSERT_GE(wall, 0);
  EXPECT_GT(std::stod(rank[1][wall]), 0.0);  // a number, not text

  // raw kernel index: 191 kernel_details rows per rank plus rank 0's 96 trace_view copy tasks.
  const auto raw = sheet(dir, "level1", "raw kernel index");
  EXPECT_EQ(raw.size(), 1u + 382u + 96u);
  EXPECT_EQ(raw[0][test::column(raw, "source row")], "source row");
  const auto capped = sheet(dir, "capped", "raw kernel index");
  ASSERT_EQ(capped.size(), 1u + 100u + 1u);
  EXPECT_NE(capped.back()[0].find("cut at 100 rows: 378 more"), std::string::npos) << capped.back()[0];

  // README: the output limitation is listed, on the capped copy only.
  auto lists_cut = [](const std::vector<std::vector<std::string>>& rows) {
    for (const auto& row : rows)
      for (std::size_t i = 0; i + 1 < row.size(); ++i)
        if (row[i] == "limitation: file trace.json" && row[i + 1] == "events left out — kept 3 of 9 steps") return true;
    return false;
  };
  EXPECT_TRUE(lists_cut(sheet(dir, "capped", "README")));
  EXPECT_FALSE(lists_cut(sheet(dir, "level1", "README")));

  // HCCL op: level1 communication.json holds allReduce ops only (hcom_allReduce_* names).
  const auto hccl = sheet(dir, "level1", "HCCL op");
  ASSERT_GE(hccl.size(), 2u);
  EXPECT_EQ(hccl[1][test::column(hccl, "op kind")], "allreduce");
  // evidence index: level1's index is under kXlsxMaxEvidenceRows, so every id has its row and no marker;
  // every id a finding cites is on the sheet either way (the cap never drops a cited id).
  const auto ev = sheet(dir, "level1", "evidence index");
  const std::size_t ids = a->evidence.index.sorted_entries().size();
  ASSERT_LE(ids, kXlsxMaxEvidenceRows);
  EXPECT_EQ(ev.size(), 1u + ids);
  std::set<std::string> listed;
  for (const auto& row : ev)
    if (!row.empty()) listed.insert(row[0]);
  for (const auto& f : a->analysis.findings)
    for (const auto& id : f.evidence_ids) EXPECT_TRUE(listed.count(id)) << id;
  // Capped evidence sheet: exactly the ids a finding or a README limitation cites, then the first
  // uncited ids in id order while the 3 rows last, then a marker counting the rest (worked out here
  // from the index itself, not from the writer).
  {
    std::set<std::string> cited;
    for (const auto& f : a->analysis.findings) cited.insert(f.evidence_ids.begin(), f.evidence_ids.end());
    for (const Limitation& l : collect_limitations(a->capture, a->analysis, {}, trace_cut))
      cited.insert(l.evidence_ids.begin(), l.evidence_ids.end());
    std::set<std::string> want;
    std::size_t present = 0;
    for (const auto& e : a->evidence.index.sorted_entries()) present += cited.count(e.first);
    std::size_t room = present < 3 ? 3 - present : 0;
    for (const auto& e : a->evidence.index.sorted_entries())
      if (cited.count(e.first) || (room > 0 && room--)) want.insert(e.first);
    ASSERT_LT(want.size(), ids) << "level1 must have more evidence ids than the capped sheet lists";
    const auto capped_ev = sheet(dir, "capped", "evidence index");
    ASSERT_EQ(capped_ev.size(), 1u + want.size() + 1u);
    std::set<std::string> got;
    for (std::size_t i = 1; i + 1 < capped_ev.size(); ++i) got.insert(capped_ev[i][0]);
    EXPECT_EQ(got, want);
    EXPECT_NE(capped_ev.back()[0].find(std::to_string(ids - want.size()) + " more evidence ids are in evidence_index.csv"),
              std::string::npos)
        << capped_ev.back()[0];
  }
  // findings sheet: one row per finding.
  EXPECT_EQ(sheet(dir, "level1", "findings").size(), 1u + a->analysis.findings.size());
  fs::remove_all(dir);
}

TEST(XlsxReport, HostileNamesStayTextAndTheFileStillOpens) {
  const std::string xss = "<img src=x onerror=alert(1)>";
  auto a = test::analyse(test::capture_with_kernels({xss, "bad\xFF\xFE" "bytes", std::string(40000, 'k'), "=1+1"}));
  const fs::path dir = test::fresh_dir("xlsx_hostile");
  write_report_xlsx(dir / "hostile.xlsx", a->capture, a->analysis, a->classifier, a->evidence);
  if (!test::soffice_available()) GTEST_SKIP() << "soffice (LibreOffice) not installed: scripts/setup.sh installs it";
  ASSERT_TRUE(test::soffice_convert_sheets({dir / "hostile.xlsx"}, dir)) << test::read_all(dir / "soffice.log");
  const auto raw = sheet(dir, "hostile", "raw kernel index");
  ASSERT_EQ(raw.size(), 5u);
  const int name = test::column(raw, "name");
  EXPECT_EQ(raw[1][name], xss);
  EXPECT_EQ(raw[2][name], "bad\xEF\xBF\xBD\xEF\xBF\xBD" "bytes");
  EXPECT_EQ(raw[3][name].size(), 32767u);  // Excel's cell limit
  EXPECT_EQ(raw[4][name], "=1+1");         // a string cell, never a formula
  fs::remove_all(dir);
}

}  // namespace
}  // namespace llmsa::report
