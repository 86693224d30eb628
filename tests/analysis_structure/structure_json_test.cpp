// The structure fields in analysis.json (report/analysis_json): keys, and the 200-largest-bubbles cap.
#include <gtest/gtest.h>

#include "analysis/profile_analysis.hpp"
#include "report/analysis_json.hpp"
#include "synthetic_capture.hpp"

using namespace llmsa;
using test::SyntheticRank;

TEST(StructureJson, StepsCarryStructureAndTheLargestBubbles) {
  // 251 kernels of 10 µs; kernel k starts after a gap of 100 + k µs (k = 1..250): 250 bubbles >= 30 µs,
  // all distinct, the largest 200 being those of k = 51..250.
  trace::Capture c;
  SyntheticRank r(c, 0);
  const auto src = r.file("kernel_details.csv", "ascend.kernel_details.csv");
  double t = 0;
  for (int k = 0; k <= 250; ++k) {
    t += k == 0 ? 0 : 100 + k;
    r.kernel(src, "MatMulV2", "MatMulV2", "AI_CORE", t, 10);
    t += 10;
  }
  const auto doc = report::analysis_json(analysis::analyze_capture(c));
  const auto& step = doc["ranks"][0]["steps"][0];
  EXPECT_EQ(step["step_type"], "unknown");
  EXPECT_FALSE(step["step_type_reason"].get<std::string>().empty());
  EXPECT_EQ(step["bubble_window_count"], 250);
  EXPECT_EQ(step["host_bound_bubble_count"], 0);
  const auto& bubbles = step["bubbles"];
  ASSERT_EQ(bubbles.size(), 200u);
  EXPECT_EQ(bubbles[0]["duration_ns"], SyntheticRank::us(151));  // k = 51, the first listed in time order
  EXPECT_EQ(bubbles[199]["duration_ns"], SyntheticRank::us(350));
  EXPECT_EQ(bubbles[0]["after_row"], 51);
  EXPECT_EQ(bubbles[0]["before_row"], 50);
  EXPECT_EQ(bubbles[0]["after_name"], "MatMulV2");
  for (std::size_t i = 1; i < bubbles.size(); ++i)
    EXPECT_LT(bubbles[i - 1]["start_ns"].get<std::int64_t>(), bubbles[i]["start_ns"].get<std::int64_t>());
  // One matmul-anchored layer (no norm between the matmuls) holding every kernel, one companion block.
  // Layers and blocks are columnar (analysis_json.hpp): row i is element i of each array.
  ASSERT_EQ(step["layers"]["count"], 1);
  EXPECT_EQ(step["layers"]["anchor_kind"][0], "matmul");
  EXPECT_EQ(step["layers"]["event_count"][0], 251);
  EXPECT_EQ(step["layers"]["block_count"][0], 1);
  ASSERT_EQ(step["blocks"]["count"], 1);
  EXPECT_EQ(step["blocks"]["kind"][0], "companion");
  EXPECT_EQ(step["blocks"]["layer"][0], 0);
}
