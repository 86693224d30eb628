// Batch-invariant vs batch-variant reference kernels (reference §1.2, §4.2): invariant policies keep
// row 0 bitwise identical at every batch size; variant ones do not; neither depends on thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "det/kernel_demo.hpp"
#include "det/reference_kernels.hpp"

namespace llmsa::det {
namespace {

bool same_bits(const std::vector<float>& x, const std::vector<float>& y) {
  return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
}

TEST(DetKernels, DemoInvariantStaysIdenticalVariantDoesNot) {
  KernelDemoOptions o;
  o.max_batch = 16;
  o.shape = KernelShape{16, 2};
  o.timing_repeats = 0;
  const auto demos = run_kernel_demo(o);
  ASSERT_EQ(demos.size(), 3u);
  for (const auto& d : demos) {
    EXPECT_TRUE(d.invariant_always_identical) << d.name;
    EXPECT_TRUE(d.variant_ever_differs) << d.name;
    ASSERT_EQ(d.batches.size(), 16u);
    EXPECT_TRUE(d.batches[0].variant_identical) << d.name;  // batch 1 against itself
  }
}

TEST(DetKernels, BatchInvariantOpsMatmulTest) {
  // batch_invariant_ops' test (reference §1.2, §4.2): a = linspace(-100, 100, M·K), b = linspace(-100,
  // 100, K·N) reshaped (N, K) and transposed; mm(a[:1], b) must equal mm(a, b)[:1] bitwise.
  const std::size_t K = 128, N = 128;
  const auto lin_b = linspace(-100.0f, 100.0f, K * N);
  std::vector<float> b(K * N);
  for (std::size_t n = 0; n < N; ++n) {
    for (std::size_t k = 0; k < K; ++k) b[k * N + n] = lin_b[n * K + k];
  }
  for (std::size_t M : {1u, 2u, 3u, 7u, 32u, 64u, 2048u}) {
    const auto a = linspace(-100.0f, 100.0f, M * K);
    MatmulProblem full{M, N, K, 4, 16}, first{1, N, K, 4, 16};
    auto c_full = matmul_fixed_tiles(full, a, b, KernelShape{16, 2});
    const auto c_first = matmul_fixed_tiles(first, a, b, KernelShape{16, 1});
    c_full.resize(N);
    EXPECT_TRUE(same_bits(c_full, c_first)) << "M=" << M;
  }
}

TEST(DetKernels, SplitKChangesRowZeroButRepeatsRunToRun) {
  // Reference §4.2 prototype: K = 4096 with different split-K counts changes row 0; two runs at the
  // same M stay bitwise equal.
  const std::size_t K = 4096, N = 64, M = 32;
  const auto a = linspace(-100.0f, 100.0f, M * K);
  const auto b = linspace(-100.0f, 100.0f, K * N);
  MatmulProblem one{1, N, K, 4, 16}, many{M, N, K, 4, 16};
  EXPECT_EQ(matmul_split_k(one, 16), 4u);   // 4 tiles for 16 cores
  EXPECT_EQ(matmul_split_k(many, 16), 1u);  // 32 tiles fill 16 cores
  auto c1 = matmul_split_k_variant(one, a, b, KernelShape{16, 1});
  auto cm = matmul_split_k_variant(many, a, b, KernelShape{16, 3});
  cm.resize(N);
  EXPECT_FALSE(same_bits(c1, cm));
  auto cm_again = matmul_split_k_variant(many, a, b, KernelShape{16, 1});
  cm_again.resize(N);
  EXPECT_TRUE(same_bits(cm, cm_again));
}

TEST(DetKernels, ThreadCountNeverChangesResults) {
  const std::size_t rows = 3, hidden = 4096;
  const auto x = uniform_values(rows * hidden, 11), w = uniform_values(hidden, 12);
  for (bool variant : {false, true}) {
    auto run = [&](std::size_t threads) {
      KernelShape s{16, threads};
      return variant ? rmsnorm_split_row_variant(rows, hidden, x, w, s) : rmsnorm_row_per_worker(rows, hidden, x, w, s);
    };
    EXPECT_TRUE(same_bits(run(1), run(4)));
  }
  DecodeProblem p;
  p.kv_len = {1000, 300, 77};
  std::size_t total = 1377;
  const auto q = uniform_values(3 * p.head_dim, 1), k = uniform_values(total * p.head_dim, 2),
             v = uniform_values(total * p.head_dim, 3);
  EXPECT_TRUE(same_bits(attention_fixed_size(p, q, k, v, KernelShape{16, 1}),
                        attention_fixed_size(p, q, k, v, KernelShape{16, 5})));
  EXPECT_TRUE(same_bits(attention_fixed_count_variant(p, q, k, v, KernelShape{16, 1}),
                        attention_fixed_count_variant(p, q, k, v, KernelShape{16, 5})));
}

TEST(DetKernels, AttentionMatchesDirectSoftmax) {
  // Both policies compute softmax(q·Kᵀ/√d)·V; check against a plain double-precision evaluation.
  DecodeProblem p;
  p.kv_len = {1000};
  p.head_dim = 16;
  const auto q = uniform_values(16, 7), k = uniform_values(1000 * 16, 8), v = uniform_values(1000 * 16, 9);
  std::vector<double> s(1000);
  double mx = -1e300;
  for (std::size_t j = 0; j < 1000; ++j) {
    double d = 0;
    for (std::size_t c = 0; c < 16; ++c) d += static_cast<double>(q[c]) * k[j * 16 + c];
    s[j] = d / 4.0;
    mx = std::max(mx, s[j]);
  }
  double sum = 0;
  std::vector<double> out(16, 0.0);
  for (std::size_t j = 0; j < 1000; ++j) {
    const double e = std::exp(s[j] - mx);
    sum += e;
    for (std::size_t c = 0; c < 16; ++c) out[c] += e * v[j * 16 + c];
  }
  const auto fixed = attention_fixed_size(p, q, k, v, KernelShape{16, 1});
  const auto counted = attention_fixed_count_variant(p, q, k, v, KernelShape{16, 1});
  for (std::size_t c = 0; c < 16; ++c) {
    EXPECT_NEAR(fixed[c], out[c] / sum, 1e-5);
    EXPECT_NEAR(counted[c], out[c] / sum, 1e-5);
  }
}

TEST(DetKernels, RmsNormSplitsFollowTheBatch) {
  EXPECT_EQ(rmsnorm_row_splits(1, 8192, 16), 16u);
  EXPECT_EQ(rmsnorm_row_splits(4, 8192, 16), 4u);
  EXPECT_EQ(rmsnorm_row_splits(16, 8192, 16), 1u);
  EXPECT_EQ(rmsnorm_row_splits(1, 128, 16), 2u);  // never below 64 elements per split
}

}  // namespace
}  // namespace llmsa::det
