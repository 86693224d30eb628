// Distinct completions per prompt. The fixture reproduces S1's measurement as quoted in
// ../shared/reference/determinism-mc2-rl.md §1.5/§4.1: 1000 completions, 80 unique, the commonest 78
// times, identical for the first 102 tokens, then 992 "Queens, New York" vs 8 "New York City".
#include <gtest/gtest.h>

#include "det/completion_stats.hpp"

namespace llmsa::det {
namespace {

TEST(DetCompletionStats, ThinkingMachinesFeynmanShape) {
  constexpr std::int32_t kQueens = 7001, kNewYork = 7002;
  std::vector<std::int32_t> prefix(102);
  for (std::size_t i = 0; i < prefix.size(); ++i) prefix[i] = static_cast<std::int32_t>(100 + i);
  CompletionStats stats;
  auto add = [&](std::int32_t at_divergence, std::int32_t variant, int copies) {
    auto seq = prefix;
    seq.push_back(at_divergence);
    seq.push_back(variant);  // a later token makes each group a distinct completion
    for (int c = 0; c < copies; ++c) stats.add("feynman", seq);
  };
  // 992 "Queens" samples in 72 distinct completions: one of 78, 62 of 13, 9 of 12 (78 + 806 + 108 = 992).
  int variant = 0;
  add(kQueens, variant++, 78);
  for (int i = 0; i < 62; ++i) add(kQueens, variant++, 13);
  for (int i = 0; i < 9; ++i) add(kQueens, variant++, 12);
  // 8 "New York City" samples, all distinct.
  for (int i = 0; i < 8; ++i) add(kNewYork, variant++, 1);

  const auto summary = stats.summarize();
  ASSERT_EQ(summary.size(), 1u);
  const auto& p = summary[0];
  EXPECT_EQ(p.samples, 1000);
  EXPECT_EQ(p.distinct, 80);
  EXPECT_EQ(p.mode_count, 78);
  EXPECT_EQ(p.common_prefix, 102u);  // 0-based index 102 = the 103rd token
  ASSERT_EQ(p.split.size(), 2u);
  EXPECT_EQ(p.split[0].token, kQueens);
  EXPECT_EQ(p.split[0].count, 992);
  EXPECT_EQ(p.split[1].token, kNewYork);
  EXPECT_EQ(p.split[1].count, 8);
}

TEST(DetCompletionStats, DeterministicPromptHasOneCompletion) {
  // Reference §4.1: identical inputs -> 1 unique completion.
  CompletionStats stats;
  for (int i = 0; i < 50; ++i) stats.add("p", {1, 2, 3});
  const auto s = stats.summarize();
  EXPECT_EQ(s[0].distinct, 1);
  EXPECT_EQ(s[0].mode_count, 50);
  EXPECT_EQ(s[0].common_prefix, 3u);
  EXPECT_TRUE(s[0].split.empty());
}

TEST(DetCompletionStats, ShorterCompletionEndsAtTheDivergence) {
  CompletionStats stats;
  stats.add("p", {1, 2, 3});
  stats.add("p", {1, 2});
  stats.add("p", {1, 2});
  const auto s = stats.summarize();
  EXPECT_EQ(s[0].common_prefix, 2u);
  ASSERT_EQ(s[0].split.size(), 2u);
  EXPECT_EQ(s[0].split[0].token, 3);  // tokens first, the "ended" entry last
  EXPECT_EQ(s[0].split[0].count, 1);
  EXPECT_FALSE(s[0].split[1].token.has_value());
  EXPECT_EQ(s[0].split[1].count, 2);
}

TEST(DetCompletionStats, PromptsSortNumericallyThenByName) {
  CompletionStats stats;
  for (const char* id : {"b", "10", "2", "a"}) stats.add(id, {1});
  const auto s = stats.summarize();
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].prompt_id, "2");
  EXPECT_EQ(s[1].prompt_id, "10");
  EXPECT_EQ(s[2].prompt_id, "a");
  EXPECT_EQ(s[3].prompt_id, "b");
}

}  // namespace
}  // namespace llmsa::det
