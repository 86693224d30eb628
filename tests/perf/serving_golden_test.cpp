// Serving formulas against methodology.md s11 (Part 7) worked values, with the exact recomputations
// of Appendix V.1; where the author's rounding differs, the exact value is asserted and the author's
// named in a comment.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "perf/serving_formulas.hpp"

namespace llmsa::perf {
namespace {

// Llama-70B: L 80, H_kv 8, D 128.
constexpr std::int64_t kL = 80, kKv = 8, kD = 128;

TEST(ServingGolden, Tp4EndToEnd) {
  // s11: TP 4, S 1024, N_out 256. Prefill = (2*70e9*1024 + 4*1024^2*64*128*80) / (4*742e12) = 49.23 ms;
  // decode 35 GB / 3.35 TB/s = 10.448 ms; end to end 2.713 s, 94.3 tok/s (V.1). The author's 2.70 s / 95 tok/s
  // come from the rounded 49 ms and 10.4 ms.
  double prefill = (2 * 70e9 * 1024 + 4.0 * 1024 * 1024 * 64 * 128 * 80) / (4 * 742e12);
  double decode = 35e9 / 3.35e12;
  EXPECT_NEAR(prefill * 1e3, 49.23, 0.01);
  EXPECT_NEAR(decode * 1e3, 10.448, 0.001);
  double e2e = end_to_end_seconds(prefill, decode, 256);
  EXPECT_NEAR(e2e, 2.713, 0.001);
  EXPECT_NEAR(256 / e2e, 94.3, 0.05);
  EXPECT_NEAR(end_to_end_seconds(0.049, 0.0104, 256), 2.701, 0.0005);  // the author's rounded inputs
}

TEST(ServingGolden, KvLimitedBatchIs411NotThe413OfTheText) {
  // s11: per request 2*80*8*128*1280*2 = 419,430,400 B; / 0.96 = 436.9 MB; 180 GB free.
  double raw = gqa_kv_bytes(kL, kKv, kD, 1024 + 256, 2);
  EXPECT_DOUBLE_EQ(raw, 419'430'400);
  double per_request = paged_kv_bytes(raw, 0.96);
  EXPECT_NEAR(per_request / 1e6, 436.9, 0.05);
  // V.1: 180e9 / 436.9e6 = 411.99 -> 411 requests fit. The text's ~413 needs the divisor rounded to 0.436 GB;
  // issue 6 quotes "about 413", which is within 0.5% of the exact value.
  std::int64_t b = max_batch_kv_limited(4 * 80e9 - 140e9, per_request);
  EXPECT_EQ(b, 411);
  EXPECT_NEAR(static_cast<double>(b), 413, 413 * 0.005);
  // 910C TP 4 (Part 7 uses 64 GB per card, F24): 4*64 - 140 = 116 GB -> 265 (author 266 with 0.436).
  EXPECT_EQ(max_batch_kv_limited(4 * 64e9 - 140e9, per_request), 265);
  // FP8 variant A: 10 GB free -> 22 (author 23; V.1 exact 22.9).
  EXPECT_EQ(max_batch_kv_limited(10e9, per_request), 22);
  // Max concurrency = min(B_SLA ~100, B_KV 411).
  EXPECT_EQ(max_concurrency(100, b), 100);
}

TEST(ServingGolden, DecodeAtBatchIsFlatUntilTheCrossover) {
  // s12 F22 / V.2: max(2N/BW, 2NB/742e12) stays at 41.8 ms up to B = 221.5 on one H100.
  EXPECT_NEAR(decode_step_seconds(140e9, 0, 140e9, 64, 742e12, 3.35e12) * 1e3, 41.79, 0.01);
  EXPECT_NEAR(decode_compute_crossover_batch(140e9, 140e9, 742e12, 3.35e12), 221.5, 0.05);
  EXPECT_GT(decode_step_seconds(140e9, 0, 140e9, 300, 742e12, 3.35e12), 140e9 / 3.35e12);
  // FP8 weights on one H100: 70 GB / 3.35 TB/s = 20.9 ms (s11 FP8 variant A).
  EXPECT_NEAR(decode_step_seconds(70e9, 0, 140e9, 1, 742e12 * 2, 3.35e12) * 1e3, 20.9, 0.05);
  // Continuous batching throughput B / TPOT: B = 1 at 42 ms is 24 tok/s (s11 table).
  EXPECT_NEAR(batch_tokens_per_second(1, 0.042), 23.8, 0.05);
}

TEST(ServingGolden, SlaLimitedBatchFromTheAuthorsTable) {
  // s11 SLA table (TP 4, author's heuristic values, F22): TPOT 10.4 / 11.5 / 12 / 28 / 52 ms at B 1 / 4 / 16 / 64 / 128.
  std::vector<BatchTpot> t = {{1, 0.0104}, {4, 0.0115}, {16, 0.012}, {64, 0.028}, {128, 0.052}};
  // The largest tabulated batch under 50 ms is 64; the author's "~100" is a judgement between 64 and 128.
  EXPECT_EQ(max_batch_under_tpot(t, 0.050), 64);
  EXPECT_EQ(max_batch_under_tpot(t, 0.005), 0);
}

TEST(ServingGolden, PdDisaggregationKvTransfer) {
  // s11: S = 32,768 -> 2*80*8*128*32768*2 = 10.74 GB -> 215 ms at 50 GB/s (V.1: 10.737 GB, 214.7 ms).
  double kv = gqa_kv_bytes(kL, kKv, kD, 32768, 2);
  EXPECT_NEAR(kv / 1e9, 10.737, 0.001);
  EXPECT_NEAR(kv_transfer_seconds(kv, 50e9) * 1e3, 214.7, 0.05);
  EXPECT_THROW(kv_transfer_seconds(kv, 0), Error);
}

TEST(ServingGolden, SpeculativeDecodingSpeedup) {
  // s11: a 0.8, g 4, c 0.1 -> 0.67 / 0.28 = 2.4x (V.1: 2.401).
  EXPECT_NEAR(speculative_speedup(0.8, 4, 0.1), 2.401, 0.0005);
  EXPECT_NEAR(speculative_expected_tokens(0.8, 4), 3.3616, 1e-4);
  // Limits: perfect acceptance gives g + 1 tokens per step; zero draft length gives no speedup.
  EXPECT_DOUBLE_EQ(speculative_speedup(1.0, 4, 0), 5.0);
  EXPECT_DOUBLE_EQ(speculative_speedup(0.8, 0, 0.1), 1.0);
  EXPECT_THROW(speculative_speedup(1.2, 4, 0.1), Error);
  EXPECT_THROW(speculative_speedup(0.8, -1, 0.1), Error);
}

TEST(ServingGolden, PagedAttentionBlocks) {
  // s11: block 16 wastes "~8 tokens" per sequence, block 32 "~16": (block - 1) / 2 for uniform lengths.
  EXPECT_DOUBLE_EQ(mean_wasted_slots_per_sequence(16), 7.5);
  EXPECT_DOUBLE_EQ(mean_wasted_slots_per_sequence(32), 15.5);
  EXPECT_DOUBLE_EQ(paged_block_utilization(1280, 16), 1.0);
  EXPECT_DOUBLE_EQ(paged_block_utilization(1281, 16), 1281.0 / 1296.0);
  EXPECT_THROW(paged_block_utilization(10, 0), Error);
  EXPECT_THROW(paged_kv_bytes(1, 0), Error);
}

TEST(ServingGolden, Goodput) {
  // Goodput = requests meeting the SLA per second (s11: TTFT < 200 ms, TPOT < 50 ms).
  std::vector<RequestTiming> r = {{0.049, 0.0104}, {0.150, 0.028}, {0.300, 0.010}, {0.100, 0.052}};
  EXPECT_DOUBLE_EQ(goodput_requests_per_second(r, 2.0, SlaTargets{}), 1.0);
  EXPECT_THROW(goodput_requests_per_second(r, 0, SlaTargets{}), Error);
}

}  // namespace
}  // namespace llmsa::perf
