// SGLang's chunked-prefill example (reference §1.2 and §4.2, S3): two 6,000-token sequences, chunk budget
// 8,192, split_kv_size 2,048. Units are 2048 + 2048 + 1904 per sequence; the aligned chunker puts a1..a3
// (6000) and b1 (2048) in chunk 1 (8048 <= 8192) and defers b2; the best-effort chunker cuts b2 after
// 144 tokens.
#include <gtest/gtest.h>

#include "det/prefill_chunks.hpp"
#include "det/split_plan.hpp"

namespace llmsa::det {
namespace {

TEST(DetPrefill, UnitsOfA6000TokenSequence) {
  EXPECT_EQ(fixed_size_split(6000, 2048), (std::vector<std::size_t>{2048, 2048, 1904}));
}

TEST(DetPrefill, AlignedChunkerDefersB2) {
  const auto chunks = plan_prefill_aligned({6000, 6000}, 8192, 2048);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0], (PrefillChunk{{0, 0, 6000}, {1, 0, 2048}}));
  EXPECT_EQ(chunks[1], (PrefillChunk{{1, 2048, 3952}}));
}

TEST(DetPrefill, BestEffortChunkerCutsB2At144Tokens) {
  const auto chunks = plan_prefill_best_effort({6000, 6000}, 8192);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0], (PrefillChunk{{0, 0, 6000}, {1, 0, 2192}}));
  EXPECT_EQ(chunks[0][1].length - 2048, 144u);  // 144 tokens into unit b2
  EXPECT_EQ(chunks[1], (PrefillChunk{{1, 2192, 3808}}));
}

TEST(DetPrefill, AlignedCutsDoNotDependOnNeighbours) {
  // b's cut points are multiples of 2048 whatever precedes it; best-effort's move with a's length.
  for (std::size_t a_len : {100u, 3000u, 6000u, 7000u}) {
    for (const auto& chunk : plan_prefill_aligned({a_len, 6000}, 8192, 2048)) {
      for (const auto& piece : chunk) {
        if (piece.sequence == 1) {
          EXPECT_EQ(piece.begin % 2048, 0u) << a_len;
        }
      }
    }
  }
  const auto moved = plan_prefill_best_effort({7000, 6000}, 8192);
  EXPECT_EQ(moved[1][0].begin % 2048, 1192u);  // b cut after 8192 − 7000 = 1192 tokens
}

}  // namespace
}  // namespace llmsa::det
