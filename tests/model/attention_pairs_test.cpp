// Causal pair counting under each convention, from first principles: query i of a prefill sees
// keys 1..i (s(s+1)/2 in all); a window W caps each query at W keys.
#include <gtest/gtest.h>

#include "model/attention_pairs.hpp"

namespace llmsa::model {
namespace {

TEST(AttendedPairs, PlainPrefill) {
  EXPECT_EQ(attended_pairs(0, 4, 0, CausalCounting::kExactPairs), 10.0);  // 1 + 2 + 3 + 4
  EXPECT_EQ(attended_pairs(0, 4, 0, CausalCounting::kHalfSquare), 8.0);
  EXPECT_EQ(attended_pairs(0, 4, 0, CausalCounting::kFullSquare), 16.0);
}

TEST(AttendedPairs, ChunkAfterPrefix) {
  // Queries 4..6 after 3 cached tokens see 4 + 5 + 6 keys.
  EXPECT_EQ(attended_pairs(3, 3, 0, CausalCounting::kExactPairs), 15.0);
  EXPECT_EQ(attended_pairs(3, 3, 0, CausalCounting::kHalfSquare), 3.0 * 3 + 4.5);
  EXPECT_EQ(attended_pairs(3, 3, 0, CausalCounting::kFullSquare), 18.0);
}

TEST(AttendedPairs, Window) {
  // W = 3 over 5 queries: 1 + 2 + 3 + 3 + 3.
  EXPECT_EQ(attended_pairs(0, 5, 3, CausalCounting::kExactPairs), 12.0);
  EXPECT_EQ(attended_pairs(0, 5, 3, CausalCounting::kFullSquare), 15.0);
  EXPECT_EQ(attended_pairs(0, 5, 3, CausalCounting::kHalfSquare), 12.5);
  // Prefix beyond the window: every query sees W.
  EXPECT_EQ(attended_pairs(10, 4, 3, CausalCounting::kExactPairs), 12.0);
  // A window wider than the context changes nothing.
  EXPECT_EQ(attended_pairs(0, 4, 100, CausalCounting::kExactPairs), 10.0);
  EXPECT_EQ(attended_pairs(0, 0, 3, CausalCounting::kExactPairs), 0.0);
}

TEST(DecodeKeys, Window) {
  EXPECT_EQ(decode_keys(1000, 0), 1000);
  EXPECT_EQ(decode_keys(1000, 128), 128);
  EXPECT_EQ(decode_keys(100, 128), 100);
}

}  // namespace
}  // namespace llmsa::model
