// ReportEvidence lists the longest bubble windows of each rank one by one and no more: a capture with
// a bubble between most kernels must not get an evidence entry and a workbook row per bubble.
#include <gtest/gtest.h>

#include "report/markdown_report.hpp"
#include "report/report_evidence.hpp"
#include "report_test_support.hpp"

namespace llmsa::report {
namespace {

// kReportTopBubbles + 10 kernels with a hand-made bubble after each but the last (kReportTopBubbles + 9
// bubbles): bubble i lasts 1000 + i ns, except bubbles 0..10, which all last as long as bubble 10. The
// expected listing follows from that construction: the kReportTopBubbles - 2 bubbles 11.. are longer
// than any other, and the two slots left go to the earliest two of the eleven tied ones, bubbles 0 and 1.
TEST(ReportEvidence, ListsTheLongestBubblesOfARankInTimeOrder) {
  const std::size_t n = kReportTopBubbles + 10;
  std::vector<std::string> names(n, "MatMulV2");
  auto a = test::analyse(test::capture_with_kernels(names));
  ASSERT_EQ(a->analysis.ranks.size(), 1u);
  ASSERT_FALSE(a->analysis.ranks[0].steps.empty());
  auto& step = a->analysis.ranks[0].steps[0];
  step.bubbles.clear();
  for (std::uint32_t i = 0; i + 1 < n; ++i) {
    const std::int64_t start = 1'010'000 + static_cast<std::int64_t>(i) * 15'000;
    const std::int64_t len = 1000 + std::max<std::int64_t>(i, 10);
    step.bubbles.push_back({start, start + len, i, i + 1, "main", false, "", "", "", -1, -1});
  }
  a->evidence = build_report_evidence(a->capture, a->analysis);
  const ReportEvidence& ev = a->evidence;
  ASSERT_EQ(ev.listed_bubbles.size(), 1u);
  EXPECT_EQ(ev.bubble_count[0], n - 1);
  const auto& listed = ev.listed_bubbles[0];
  ASSERT_EQ(listed.size(), kReportTopBubbles);
  EXPECT_EQ(listed[0].bubble, 0u);
  EXPECT_EQ(listed[1].bubble, 1u);
  EXPECT_EQ(listed[2].bubble, 11u);
  EXPECT_EQ(listed.back().bubble, n - 2);
  for (std::size_t k = 1; k < listed.size(); ++k) EXPECT_LT(listed[k - 1].bubble, listed[k].bubble);
  // Listed bubbles have the rows around them as evidence; the others have none.
  const auto& ids = ev.bubbles[0][0];
  ASSERT_EQ(ids.size(), n - 1);
  for (std::uint32_t i = 2; i <= 10; ++i) EXPECT_TRUE(ids[i].empty()) << i;
  ASSERT_EQ(ids[11].size(), 1u);
  const evidence::EvidenceRef* ref = ev.index.find(ids[11][0]);
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(ref->kind, evidence::EvidenceKind::kBubbleWindow);
  EXPECT_EQ(ref->rows.first, 11);
  EXPECT_EQ(ref->rows.last, 12);
  // report.md counts every bubble, not only the listed ones.
  const std::string md = render_report_md(a->capture, a->analysis, ev);
  EXPECT_NE(md.find("### Longest bubble windows (" + std::to_string(n - 1) + " in total)"), std::string::npos);
}

// kReportListedLayers + 5 hand-made layers in one step: the first kReportListedLayers get the rows that
// open and close them as evidence, the last five none (they stay in analysis.json only).
TEST(ReportEvidence, ListsTheFirstLayersOfARank) {
  auto a = test::analyse(test::capture_with_kernels({"MatMulV2", "MatMulV2"}));
  auto& step = a->analysis.ranks[0].steps[0];
  step.layers.clear();
  for (std::size_t i = 0; i < kReportListedLayers + 5; ++i) {
    analysis::LayerSpan l;
    l.index = static_cast<int>(i);
    l.anchor_kind = "matmul";
    l.first_event = 0;
    l.last_event = 1;
    step.layers.push_back(l);
  }
  a->evidence = build_report_evidence(a->capture, a->analysis);
  const auto& ids = a->evidence.layers[0][0];
  ASSERT_EQ(ids.size(), kReportListedLayers + 5);
  EXPECT_EQ(ids[0].size(), 1u);
  EXPECT_EQ(ids[kReportListedLayers - 1].size(), 1u);
  for (std::size_t i = kReportListedLayers; i < ids.size(); ++i) EXPECT_TRUE(ids[i].empty()) << i;
}

}  // namespace
}  // namespace llmsa::report
