// report.md: every section is there, every evidence id it shows resolves, names stay text, structure
// is rendered when present and its absence stated otherwise, and the same input gives the same bytes.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "analysis/key_findings.hpp"
#include "report/markdown_report.hpp"
#include "report_test_support.hpp"

namespace llmsa::report {
namespace {

std::set<std::string> ids_in(const std::string& text) {
  std::set<std::string> ids;
  const std::regex re("ev-[0-9a-f]{16}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    ids.insert(it->str());
  return ids;
}

TEST(MarkdownReport, Level1HasEverySectionAndResolvableEvidence) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  auto a = test::analyse_sample(test::kLevel1);
  const std::string md = render_report_md(a->capture, a->analysis, a->evidence);
  for (const char* h : {"## 1. Executive summary", "### The three things that matter most", "## 2. Capture and segmentation",
                        "## 3. Step timeline and anatomy", "## 4. Where time goes", "## 5. Pipeline coverage and bound families",
                        "## 6. Layer and block view", "## 7. Operators", "By average total cost", "## 8. Communication",
                        "## 9. Cross-rank", "## 10. Findings inventory", "## 11. Evidence chain", "## 12. Limitations"})
    EXPECT_NE(md.find(h), std::string::npos) << h;
  const auto ids = ids_in(md);
  ASSERT_GT(ids.size(), 10u);
  for (const auto& id : ids) EXPECT_NE(a->evidence.index.find(id), nullptr) << id;
  // Rank 1 of level1 has only kernel_details.csv as an event source: 191 rows (SOURCES.md), all of
  // them device operator calls. The rank table shows steps, events and operator calls in that order.
  EXPECT_NE(md.find("| 1 | profiler_info | step_id | 1 | 191 | 191 |"), std::string::npos);
  // The executive summary lists the analysis' key findings (analysis/key_findings.hpp) in their order,
  // each with the reason for its place.
  ASSERT_FALSE(a->analysis.findings.empty());
  const auto key = analysis::key_findings(a->analysis);
  ASSERT_FALSE(key.empty());
  ASSERT_EQ(key[0].kind, analysis::KeyItemKind::kFinding);
  const std::size_t top = md.find("### The three things that matter most"), next = md.find("## 2. Capture");
  ASSERT_LT(top, next);
  const std::string summary = md.substr(top, next - top);
  EXPECT_NE(summary.find("1. **"), std::string::npos);
  EXPECT_LT(summary.find("1. **"), summary.find(key[0].finding_id));
  EXPECT_NE(summary.find("*Why here: "), std::string::npos);
  // This CNN training capture has no attention: each step is one matmul-anchored layer starting at
  // the first matmul (ascend-profiling.md A.7 and part G, which reports it as the reference's
  // "step"), and backward kernels such as aclnnNLLLossBackward make it a training step.
  EXPECT_NE(md.find("### Rank 1 step 50 — 1 layers, type training"), std::string::npos);
  EXPECT_EQ(md, render_report_md(a->capture, a->analysis, a->evidence));
}

TEST(MarkdownReport, KernelNamesAreTextNotMarkup) {
  auto a = test::analyse(test::capture_with_kernels({"<img src=x onerror=alert(1)>", "a|b"}));
  const std::string md = render_report_md(a->capture, a->analysis, a->evidence);
  EXPECT_EQ(md.find("<img"), std::string::npos);
  EXPECT_NE(md.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(md.find("a\\|b"), std::string::npos);
}

TEST(MarkdownReport, RendersLayersAndBubblesWhenPresent) {
  // Structure as the step-structure analysis would fill it; the renderer must show it with evidence.
  auto a = test::analyse(test::capture_with_kernels({"FlashAttentionScore", "MatMulV2", "FlashAttentionScore", "MatMulV2"}));
  ASSERT_FALSE(a->analysis.ranks[0].steps.empty());
  auto& step = a->analysis.ranks[0].steps[0];
  step.layers.clear();  // replace what the analysis found with a hand-made structure
  step.bubbles.clear();
  step.step_type = "decode";
  step.step_type_reason = "one main layer";
  analysis::LayerSpan l;
  l.index = 0;
  l.anchor_kind = "attention";
  l.first_event = 0;
  l.last_event = 1;
  l.start_ns = 1'000'000;
  l.end_ns = 1'025'000;
  l.busy_ns = 20'000;
  l.event_count = 2;
  l.blocks.push_back({"attention", "gqa_or_mha", 0, 0, 1'000'000, 1'010'000, 10'000, 1});
  step.layers.push_back(l);
  step.bubbles.push_back({1'010'000, 1'015'000, 0, 1, "main", true, "launch gap", "", "", -1, -1});
  a->evidence = build_report_evidence(a->capture, a->analysis);
  const std::string md = render_report_md(a->capture, a->analysis, a->evidence);
  EXPECT_NE(md.find("### Rank 3 step all — 1 layers, type decode — one main layer"), std::string::npos);
  EXPECT_NE(md.find("attention (gqa_or_mha) 0.010 ms"), std::string::npos);
  EXPECT_NE(md.find("### Longest bubble windows (1 in total)"), std::string::npos);
  EXPECT_NE(md.find("launch gap"), std::string::npos);
  EXPECT_EQ(md.find("Not available: no step of any rank has a layer segmentation"), std::string::npos);
  // The layer's and the bubble's evidence ids (rows 0 and 1 of the kernel file) resolve.
  ASSERT_EQ(a->evidence.layers[0][0][0].size(), 1u);
  const auto* ref = a->evidence.index.find(a->evidence.layers[0][0][0][0]);
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(ref->rows.first, 0);
  EXPECT_EQ(ref->rows.last, 1);
  EXPECT_NE(md.find(a->evidence.bubbles[0][0][0][0]), std::string::npos);
}

TEST(MarkdownReport, LimitationsNameRejectedRowsAndUnreadFiles) {
  // Cast is no layer anchor (A.7: attention > MoE > matmul > block head), so no layer is found.
  trace::Capture c = test::capture_with_kernels({"Cast"});
  c.ranks[0].events.type[0] = c.ranks[0].events.strings.intern("Cast");
  trace::FileReadReport& f = c.ranks[0].files[0];
  f.rows_read = 5;
  f.reject({3, 5, -1, "Duration(us) is not a number"});
  f.reject({4, 6, -1, "Duration(us) is not a number"});
  trace::FileReadReport broken;
  broken.path = "/data/rank3/communication.json";
  broken.format = "ascend.communication.json";
  broken.rank = 3;
  broken.error = "/data/rank3/communication.json: byte 17: expected ','";
  c.ranks[0].files.push_back(broken);
  c.ranks[0].notes.push_back("no trace_view.json: host lanes are unavailable");
  auto a = test::analyse(std::move(c));
  const std::string md = render_report_md(a->capture, a->analysis, a->evidence, {"/nowhere: does not exist"});
  const std::string lim = md.substr(md.find("## 12. Limitations"));
  EXPECT_NE(lim.find("2 of 5 rows rejected | Duration(us) is not a number (first at line 5)"), std::string::npos);
  EXPECT_NE(lim.find("byte 17: expected ','"), std::string::npos);
  EXPECT_NE(lim.find("no trace_view.json: host lanes are unavailable"), std::string::npos);
  EXPECT_NE(lim.find("/nowhere: does not exist"), std::string::npos);
  EXPECT_NE(lim.find("layer and block view"), std::string::npos);
}

}  // namespace
}  // namespace llmsa::report
