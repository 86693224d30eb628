// Floating-point order sensitivity and KV split plans: the numbers are from
// ../shared/reference/determinism-mc2-rl.md §4.2 (verified there in C++ and CPython 3.11) and §1.2 (S1).
#include <gtest/gtest.h>

#include <cmath>

#include "det/kernel_demo.hpp"
#include "det/order_sensitivity.hpp"
#include "det/split_plan.hpp"

namespace llmsa::det {
namespace {

TEST(DetOrderSensitivity, ReferenceSetGives275DoublesAnd137Floats) {
  // Reference §4.2: {±1e-10, ±1e-5, ±1e-2, ±1} over all 8! = 40,320 orders, summed left to right.
  const auto r = sum_over_all_orders(reference_order_example());
  EXPECT_EQ(r.orders, 40320u);
  EXPECT_EQ(r.distinct_double, 275u);
  EXPECT_EQ(r.distinct_float, 137u);
  // "range ±2.22e-16" (reference §4.2).
  EXPECT_NEAR(r.max_double, 2.22e-16, 0.01e-16);
  EXPECT_NEAR(r.min_double, -2.22e-16, 0.01e-16);
}

TEST(DetOrderSensitivity, TwoValuesHaveOneResult) {
  // Addition is commutative: two operands admit no association choice (why TP2 is deterministic, §1.1).
  const auto r = sum_over_all_orders({1e20, 0.1});
  EXPECT_EQ(r.orders, 2u);
  EXPECT_EQ(r.distinct_double, 1u);
}

TEST(DetOrderSensitivity, ThreeValuesReproduceTheBlogExample) {
  // S1: (0.1 + 1e20) - 1e20 = 0 but 0.1 + (1e20 - 1e20) = 0.1, so the set {0.1, 1e20, -1e20} sums to
  // two different doubles depending on order.
  const auto r = sum_over_all_orders({0.1, 1e20, -1e20});
  EXPECT_EQ(r.distinct_double, 2u);
  EXPECT_EQ(r.min_double, 0.0);
  EXPECT_EQ(r.max_double, 0.1);
}

TEST(DetSplitPlan, FixedSizeOf256Over1000) {
  // Reference §1.2 (S1): KV length 1000 with fixed split size 256 -> 256+256+256+232.
  EXPECT_EQ(fixed_size_split(1000, 256), (std::vector<std::size_t>{256, 256, 256, 232}));
}

TEST(DetSplitPlan, FixedCountOf4Over1000) {
  // Reference §1.2/§4.2: fixed count 4 -> 4 x 250.
  EXPECT_EQ(fixed_count_split(1000, 4), (std::vector<std::size_t>{250, 250, 250, 250}));
}

TEST(DetSplitPlan, EdgeCases) {
  EXPECT_TRUE(fixed_size_split(0, 256).empty());
  EXPECT_EQ(fixed_size_split(256, 256), (std::vector<std::size_t>{256}));
  EXPECT_EQ(fixed_count_split(10, 4), (std::vector<std::size_t>{3, 3, 2, 2}));
  EXPECT_EQ(fixed_count_split(2, 4), (std::vector<std::size_t>{1, 1}));
}

TEST(DetSlowdown, ThinkingMachinesAndSglangNumbers) {
  // Reference §1.5: vLLM default 26 s vs deterministic with improved attention 42 s -> 61.5%;
  // unoptimized 55 s -> 2.115x.
  EXPECT_NEAR(slowdown_percent(26, 42), 61.5, 0.05);
  EXPECT_NEAR(slowdown_percent(26, 55) / 100 + 1, 2.115, 0.0005);
  // S3 end-to-end latencies (FlashInfer, FA3; normal -> deterministic): mean slowdown 34.35%.
  const double pairs[6][2] = {{30.85, 43.99}, {332.32, 485.16}, {1623.87, 2020.13},
                              {34.70, 44.14}, {379.85, 494.56}, {1438.41, 1952.92}};
  double sum = 0;
  for (const auto& p : pairs) sum += slowdown_percent(p[0], p[1]);
  EXPECT_NEAR(sum / 6, 34.35, 0.01);
  EXPECT_NEAR(slowdown_percent(30.85, 43.99), 42.6, 0.05);
  // Triton: 36.91/400.59/1586.05 -> 57.25/579.43/2296.60, mean 48.18% (reference §1.5, derived).
  const double triton = slowdown_percent(36.91, 57.25) + slowdown_percent(400.59, 579.43) +
                        slowdown_percent(1586.05, 2296.60);
  EXPECT_NEAR(triton / 3, 48.18, 0.01);
  // CUDA graph throughput speedups (tok/s): FI 441.73 -> 1245.51 is 2.82x, FA3 2.79x, Triton 2.93x.
  EXPECT_NEAR(1 + slowdown_percent(441.73, 1245.51) / 100, 2.82, 0.005);
  EXPECT_NEAR(1 + slowdown_percent(447.64, 1247.64) / 100, 2.79, 0.005);
  EXPECT_NEAR(1 + slowdown_percent(419.64, 1228.36) / 100, 2.93, 0.005);
  // vLLM PR #28161: 15,713.46 -> 15,617.86 tok/s is -0.61%.
  EXPECT_NEAR(slowdown_percent(15713.46, 15617.86), -0.61, 0.005);
}

}  // namespace
}  // namespace llmsa::det
