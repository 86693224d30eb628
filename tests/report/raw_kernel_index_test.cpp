// raw_kernel_index.csv names each row's file by a source id that raw_kernel_sources.csv lists once:
// every id resolves, the per-source row counts add up to the index, paths are relative to the profile
// root like evidence_index.csv's, and a known raw row is found through the table.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "evidence/profile_root.hpp"
#include "report/raw_kernel_index.hpp"
#include "report_test_support.hpp"

namespace llmsa::report {
namespace {

namespace fs = std::filesystem;

TEST(RawKernelIndex, SourceIdsResolveInTheSourcesTable) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  auto a = test::analyse_sample(test::kLevel1);
  const fs::path dir = test::fresh_dir("raw_kernel_index_sources");
  const auto files = write_raw_kernel_index_csv(dir / "raw_kernel_index.csv", a->capture, a->classifier,
                                                capture_source_paths(a->capture, a->analysis.evidence));
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1], dir / kRawKernelSourcesFile);
  const auto index = test::parse_csv(test::read_all(dir / "raw_kernel_index.csv"));
  const auto sources = test::parse_csv(test::read_all(dir / kRawKernelSourcesFile));
  fs::remove_all(dir);

  const int id_col = test::column(index, "source_id"), row_col = test::column(index, "source_row"),
            name_col = test::column(index, "name"), dur_col = test::column(index, "duration_us"),
            rank_col = test::column(index, "rank_id");
  ASSERT_GE(id_col, 0);
  ASSERT_EQ(test::column(index, "source_path"), -1);  // no longer repeated per row
  const int s_id = test::column(sources, "source_id"), s_rank = test::column(sources, "rank_id"),
            s_path = test::column(sources, "source_path"), s_rows = test::column(sources, "rows");
  ASSERT_GE(s_rows, 0);
  std::map<std::string, std::vector<std::string>> by_id;
  for (std::size_t i = 1; i < sources.size(); ++i) by_id[sources[i][s_id]] = sources[i];
  std::map<std::string, std::int64_t> counted;
  bool conv2d1 = false;
  for (std::size_t i = 1; i < index.size(); ++i) {
    const auto& row = index[i];
    ASSERT_TRUE(by_id.count(row[id_col])) << row[id_col];
    const auto& src = by_id[row[id_col]];
    EXPECT_EQ(src[s_rank], row[rank_col]);
    ++counted[row[id_col]];
    // Row 2 of rank 0's kernel_details.csv is Conv2D1, Duration 313.886 us (raw file).
    if (row[rank_col] == "0" && row[row_col] == "2" && src[s_path].ends_with("rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv")) {
      EXPECT_EQ(row[name_col], "Conv2D1");
      EXPECT_EQ(row[dur_col], "313.886");
      conv2d1 = true;
    }
  }
  EXPECT_TRUE(conv2d1);
  for (const auto& [id, src] : by_id) {
    EXPECT_EQ(std::to_string(counted[id]), src[s_rows]) << id;
    // Relative to the profile root, as evidence_index.csv writes paths (never absolute).
    EXPECT_FALSE(src[s_path].starts_with("/")) << src[s_path];
  }
  // Level1 rank 1: kernel_details.csv only, 191 rows (SOURCES.md).
  std::int64_t rank1 = 0;
  for (const auto& [id, src] : by_id)
    if (src[s_rank] == "1") rank1 += counted[id];
  EXPECT_EQ(rank1, 191);
}

// The writer reads the analysis' classification (ProfileAnalysis::event_classes) instead of classifying
// every event again: the rows must be those of classifying them here, role column included, and the
// role column must not be constant (level1 has convolutions, vector ops and communication).
TEST(RawKernelIndex, AnalysisClassesGiveTheRowsOfClassifyingAgain) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  auto a = test::analyse_sample(test::kLevel1);
  ASSERT_EQ(a->analysis.event_classes.size(), a->capture.ranks.size());
  const std::string kept = render_raw_kernel_index_csv(a->capture, a->classifier, a->analysis.event_classes);
  EXPECT_EQ(kept, render_raw_kernel_index_csv(a->capture, a->classifier));
  const auto rows = test::parse_csv(kept);
  const int role = test::column(rows, "role");
  ASSERT_GE(role, 0);
  std::set<std::string> roles;
  for (std::size_t i = 1; i < rows.size(); ++i) roles.insert(rows[i][role]);
  EXPECT_GT(roles.size(), 2u);
}

}  // namespace
}  // namespace llmsa::report
