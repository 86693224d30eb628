// Write options of the rank writer: captures without ProfilerStep ranges (vllm-ascend's default,
// ascend-profiling.md C.1) and kernel_details rows out of time order (C.2 quirk), with the tag row
// map still pointing at the right rows.
#include <gtest/gtest.h>

#include "synth_test_support.hpp"

namespace llmsa::synth {
namespace {

namespace fs = std::filesystem;

TEST(SynthRankOptions, WithoutProfilerStepsTheStepsComeFromStepId) {
  const auto root = test::fresh_dir("nosteps");
  RankWriteOptions o;
  o.profiler_steps = false;
  for (const auto& r : build_demo_ranks()) write_ascend_rank(root, r, o);
  const auto ingested = trace::ingest({root});
  const auto classifier = analysis::KernelClassifier::builtin();
  analysis::ProfileOptions po;
  po.classifier = &classifier;
  const auto a = analysis::analyze_capture(ingested.capture, po);
  ASSERT_EQ(a.ranks.size(), 4u);
  for (const auto& r : a.ranks) {
    EXPECT_EQ(r.step_source, "step_id");
    EXPECT_EQ(r.steps.size(), 7u);
  }
  fs::remove_all(root);
}

TEST(SynthRankOptions, UnsortedRowsKeepTheTagRowMapExact) {
  const auto root = test::fresh_dir("unsorted");
  RankWriteOptions o;
  o.unsorted_every = 7;
  const auto ranks = build_demo_ranks();
  const auto files = write_ascend_rank(root, ranks[1], o);
  const auto ingested = trace::ingest({root});
  ASSERT_EQ(ingested.capture.ranks.size(), 1u);
  const auto& ev = ingested.capture.ranks[0].events;
  std::size_t checked = 0;
  for (const WrittenFile& f : files) {
    for (const auto& [tag, rows] : f.rows_by_tag) {
      for (std::uint64_t row : rows) {
        // The event read from that file's row is a task with that tag: its name is the injected one.
        for (std::size_t i = 0; i < ev.size(); ++i) {
          if (ev.source_row[i] != row || !test::same_file(ev.sources[ev.source[i]].path, f.path)) continue;
          const std::string_view name = ev.strings.view(ev.name[i]);
          if (tag == "aicpu_exposed") {
            EXPECT_TRUE(name == kDemoAicpuOp || name == "Node@launch") << f.path << " row " << row << " " << name;
          } else if (tag == "host_bubble") {
            EXPECT_TRUE(name == kDemoBubbleKernel || name == "Node@launch" ||
                        name.find("apply_penalties") != std::string_view::npos)
                << f.path << " row " << row << " " << name;
          }
          ++checked;
        }
      }
    }
  }
  // Rank 1: kernel_details 7 AICPU + 6 delayed rows; trace_view the same tasks' device slices and
  // launches (26) plus the 6 Python slices that delay the launches.
  EXPECT_EQ(checked, 13u + 26u + 6u);
  fs::remove_all(root);
}

}  // namespace
}  // namespace llmsa::synth
