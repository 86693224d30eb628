// verl's mismatch metrics. Expected values come from the reference's oracles
// (../shared/reference/determinism-mc2-rl.md §4.1, §1.4) or are computed below, by hand, from the
// definitions in verl's rollout_corr_helper.py (reference §1.3) — never from the library.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "det/mismatch_metrics.hpp"

namespace llmsa::det {
namespace {

const double kLn2 = std::log(2.0);

// One sequence of T tokens with log π − log μ = r at every token (μ = -1 everywhere).
MismatchMetrics constant_ratio(double r, std::size_t tokens, std::size_t sequences = 1) {
  MismatchAccumulator acc;
  std::vector<double> mu(tokens, -1.0), pi(tokens, -1.0 + r);
  for (std::size_t s = 0; s < sequences; ++s) acc.add_sequence(mu, pi);
  return acc.finish();
}

TEST(DetMismatch, K3OfLn2) {
  // Reference §4.1: k3 at r = ln 2 is 2 − ln 2 − 1 = 0.306853.
  EXPECT_NEAR(k3_of(kLn2), 0.306853, 1e-6);
  EXPECT_NEAR(k1_of(kLn2), -0.693147, 1e-6);
  EXPECT_NEAR(k2_of(kLn2), 0.5 * kLn2 * kLn2, 1e-15);
}

TEST(DetMismatch, IdenticalRunsAreZero) {
  // Reference §4.1: identical inputs -> kl = k3 = chi2 = 0.
  MismatchAccumulator acc;
  acc.add_sequence(std::vector<double>{-0.1, -2.5, -7.0}, std::vector<double>{-0.1, -2.5, -7.0});
  const auto m = acc.finish();
  EXPECT_EQ(m.kl_k1, 0.0);
  EXPECT_EQ(m.kl_k3, 0.0);
  EXPECT_EQ(m.chi2_token, 0.0);
  EXPECT_EQ(m.chi2_seq, 0.0);
  EXPECT_EQ(m.token.fraction_masked, 0.0);
  EXPECT_NEAR(m.optimal_truncation, std::sqrt(2.0), 1e-12);  // C* at chi2 = 0 is 1.41421
}

TEST(DetMismatch, ConstantLn2Ratio) {
  // Reference §4.1: constant r = ln 2 on T tokens: k3 = 0.306853, chi2_token = 3, chi2_seq = 4^T − 1,
  // kl = −ln 2.
  const std::size_t T = 5;
  const auto m = constant_ratio(std::log(2.0), T);
  // The log-ratio is computed as (−1 + ln 2) − (−1), which is ln 2 to within one rounding.
  EXPECT_NEAR(m.kl_k3, 0.306853, 1e-6);
  EXPECT_NEAR(m.kl_k3, 1.0 - kLn2, 1e-12);
  EXPECT_NEAR(m.chi2_token, 3.0, 1e-12);
  EXPECT_NEAR(m.chi2_seq, std::pow(4.0, T) - 1.0, 1e-9);
  EXPECT_NEAR(m.kl_k1, -kLn2, 1e-12);
  EXPECT_EQ(m.tokens, 5);
  EXPECT_EQ(m.sequences, 1);
}

TEST(DetMismatch, Chi2SeqClampsLogSumAt20) {
  // Reference §4.1: once T·ln 2 > 20 the log-sum is clamped: chi2_seq = exp(40) − 1.
  const auto m = constant_ratio(kLn2, 40);
  EXPECT_NEAR(m.chi2_seq / (std::exp(40.0) - 1.0), 1.0, 1e-12);
}

TEST(DetMismatch, Ln3WeightIsTruncatedTo2) {
  // Reference §4.1: r = ln 3 gives weight 3, truncated to 2.0 by the default threshold.
  const auto m = constant_ratio(std::log(3.0), 4);
  EXPECT_NEAR(m.token.mean, 2.0, 1e-15);
  EXPECT_NEAR(m.token.max, 2.0, 1e-15);
  EXPECT_EQ(m.token.fraction_high, 1.0);
  EXPECT_EQ(m.token.fraction_masked, 1.0);
  EXPECT_EQ(m.sequence.fraction_high, 1.0);
  EXPECT_EQ(m.geometric.fraction_high, 1.0);
}

TEST(DetMismatch, GeometricRatioIsLengthFree) {
  // Reference §1.4: per-token ratio 1.1 gives ρ = 1.1^10 = 2.5937 at T = 10 but ρ^{1/T} = 1.1 at any T.
  for (std::size_t T : {10u, 37u}) {
    const auto m = constant_ratio(std::log(1.1), T);
    EXPECT_NEAR(m.geometric.max, 1.1, 1e-12);
    EXPECT_NEAR(m.geometric.min, 1.1, 1e-12);
    if (T == 10) {
      EXPECT_NEAR(m.sequence.max, 2.5937, 1e-4);
    }
  }
}

TEST(DetMismatch, SequenceChi2CompoundsOverTokens) {
  // Reference §1.4: E[ρ²] = 1 + χ²; per-token 1 + χ² = 1.01 over 200 tokens -> 1.01^200 = 7.316,
  // 1.05 -> 17,292.58. A token ratio of √1.01 has ρ_t² = 1.01.
  auto seq = [](double per_token_square) { return constant_ratio(0.5 * std::log(per_token_square), 200); };
  EXPECT_NEAR(seq(1.01).chi2_seq + 1.0, 7.316, 0.001);
  EXPECT_NEAR(seq(1.05).chi2_seq + 1.0, 17292.58, 0.01);
}

TEST(DetMismatch, OptimalTruncationAtChi2One) {
  // Reference §1.4: C* = √(2(1 + χ²)); χ² = 1 -> 2.0. One token with e^{2r} = 2 gives chi2_seq = 1.
  const auto m = constant_ratio(0.5 * kLn2, 1);
  EXPECT_NEAR(m.chi2_seq, 1.0, 1e-12);
  EXPECT_NEAR(m.optimal_truncation, 2.0, 1e-12);
}

TEST(DetMismatch, HandComputedTwoSequences) {
  // Sequence 1: μ = [-1, -2], π = [-1.5, -1]   -> r = [-0.5, 1.0]
  // Sequence 2: μ = [-3],     π = [-3 + 1.25]  -> r = [1.25]
  MismatchAccumulator acc;
  acc.add_sequence(std::vector<double>{-1.0, -2.0}, std::vector<double>{-1.5, -1.0});
  acc.add_sequence(std::vector<double>{-3.0}, std::vector<double>{-1.75});
  const auto m = acc.finish();
  const double r1 = -0.5, r2 = 1.0, r3 = 1.25;  // all exact in binary

  EXPECT_EQ(m.tokens, 3);
  EXPECT_EQ(m.sequences, 2);
  // kl = mean over tokens of (log μ − log π) = −mean r
  EXPECT_NEAR(m.kl_k1, -(r1 + r2 + r3) / 3, 1e-15);
  EXPECT_NEAR(m.kl_k2, (r1 * r1 + r2 * r2 + r3 * r3) / 2 / 3, 1e-15);
  EXPECT_NEAR(m.kl_k3, ((std::exp(r1) - r1 - 1) + (std::exp(r2) - r2 - 1) + (std::exp(r3) - r3 - 1)) / 3, 1e-15);
  // Perplexities: per-sequence token means, then mean over the 2 sequences.
  const double mean_pi1 = (-1.5 - 1.0) / 2, mean_pi2 = -1.75, mean_mu1 = (-1.0 - 2.0) / 2, mean_mu2 = -3.0;
  EXPECT_NEAR(m.training_ppl, (std::exp(-mean_pi1) + std::exp(-mean_pi2)) / 2, 1e-12);
  EXPECT_NEAR(m.training_log_ppl, (-mean_pi1 - mean_pi2) / 2, 1e-15);
  EXPECT_NEAR(m.rollout_ppl, (std::exp(-mean_mu1) + std::exp(-mean_mu2)) / 2, 1e-12);
  EXPECT_NEAR(m.rollout_log_ppl, (-mean_mu1 - mean_mu2) / 2, 1e-15);
  const double d1 = mean_mu1 - mean_pi1, d2 = mean_mu2 - mean_pi2;  // -0.25, -1.25
  EXPECT_NEAR(m.log_ppl_diff, (d1 + d2) / 2, 1e-15);
  EXPECT_NEAR(m.log_ppl_abs_diff, (std::abs(d1) + std::abs(d2)) / 2, 1e-15);
  EXPECT_EQ(m.log_ppl_diff_max, -0.25);
  EXPECT_EQ(m.log_ppl_diff_min, -1.25);
  EXPECT_NEAR(m.ppl_ratio, (std::exp(d1) + std::exp(d2)) / 2, 1e-15);
  EXPECT_NEAR(m.chi2_token, (std::exp(2 * r1) + std::exp(2 * r2) + std::exp(2 * r3)) / 3 - 1, 1e-12);
  const double s1 = r1 + r2, s2 = r3;  // 0.5, 1.25
  EXPECT_NEAR(m.chi2_seq, (std::exp(2 * s1) + std::exp(2 * s2)) / 2 - 1, 1e-12);

  // Token IS weights, bounds [0.5, 2]: w = [e^-0.5 = 0.6065, e^1 = 2.718 -> 2, e^1.25 = 3.49 -> 2].
  const double wt[3] = {std::exp(r1), 2.0, 2.0};
  const double mean_w = (wt[0] + wt[1] + wt[2]) / 3;
  const double mean_w2 = (wt[0] * wt[0] + wt[1] * wt[1] + wt[2] * wt[2]) / 3;
  EXPECT_NEAR(m.token.mean, mean_w, 1e-15);
  EXPECT_NEAR(m.token.std, std::sqrt(mean_w2 - mean_w * mean_w), 1e-12);
  EXPECT_NEAR(m.token.ess, 1.0 / (mean_w2 / ((mean_w + 1e-8) * (mean_w + 1e-8))), 1e-12);
  EXPECT_EQ(m.token.max, 2.0);
  EXPECT_NEAR(m.token.min, std::exp(-0.5), 1e-15);
  EXPECT_NEAR(m.token.fraction_high, 2.0 / 3, 1e-15);  // e^1 and e^1.25 exceed 2
  EXPECT_EQ(m.token.fraction_low, 0.0);                // e^-0.5 = 0.61 is not below 0.5

  // Sequence weights: e^0.5 = 1.6487 (2 tokens), e^1.25 = 3.49 -> 2 (1 token), broadcast to tokens.
  const double sw1 = std::exp(0.5), sw2 = 2.0;
  const double seq_mean = (2 * sw1 + sw2) / 3;
  EXPECT_NEAR(m.sequence.mean, seq_mean, 1e-15);
  EXPECT_NEAR(m.sequence.max, std::exp(1.25), 1e-12);
  EXPECT_NEAR(m.sequence.min, std::exp(0.5), 1e-12);
  EXPECT_EQ(m.sequence.fraction_high, 0.5);  // one of two sequences above 2
  EXPECT_NEAR(m.sequence.ess, 1.0 / (((2 * sw1 * sw1 + sw2 * sw2) / 3) / ((seq_mean + 1e-8) * (seq_mean + 1e-8))), 1e-12);

  // Geometric: e^{mean r} = e^0.25 and e^1.25 -> fraction above 2 is 1/2.
  EXPECT_NEAR(m.geometric.max, std::exp(1.25), 1e-12);
  EXPECT_NEAR(m.geometric.min, std::exp(0.25), 1e-12);
  EXPECT_EQ(m.geometric.fraction_high, 0.5);
  EXPECT_NEAR(m.geometric.mean, (2 * std::exp(0.25) + 2.0) / 3, 1e-15);

  // Rejection: token_k1 = −r = [0.5, −1, −1.25]; bounds ln 0.5 = −0.693, ln 2 = 0.693:
  // two tokens below (−1, −1.25), none above.
  const auto& token_k1 = m.rejection[0];
  EXPECT_EQ(token_k1.name, "token_k1");
  EXPECT_NEAR(token_k1.fraction_low, 2.0 / 3, 1e-15);
  EXPECT_EQ(token_k1.fraction_high, 0.0);
  // token_k3 = e^r − 1 − r, all three above 0.01.
  EXPECT_EQ(m.rejection[2].name, "token_k3");
  EXPECT_EQ(m.rejection[2].fraction_high, 1.0);
  // seq_mean_k1 = −mean r = [−0.25, −1.25]: one sequence below ln 0.5 (the Geo-RS lower cut).
  EXPECT_EQ(m.rejection[6].name, "seq_mean_k1");
  EXPECT_NEAR(m.rejection[6].mean, (-0.25 - 1.25) / 2, 1e-15);
  EXPECT_EQ(m.rejection[6].fraction_low, 0.5);
  // seq_max_k2 = max r²/2 = [0.5, 0.78125]
  EXPECT_EQ(m.rejection[9].name, "seq_max_k2");
  EXPECT_EQ(m.rejection[9].max, 0.78125);
  EXPECT_EQ(m.rejection[9].min, 0.5);
}

TEST(DetMismatch, RatioBoundsParse) {
  double lo = 0, hi = 0;
  parse_ratio_bounds("2.0", "--is-threshold", lo, hi);
  EXPECT_EQ(hi, 2.0);
  EXPECT_EQ(lo, 0.5);
  parse_ratio_bounds("0.8_1.25", "--is-threshold", lo, hi);
  EXPECT_EQ(lo, 0.8);
  EXPECT_EQ(hi, 1.25);
  EXPECT_ANY_THROW(parse_ratio_bounds("2_1", "--is-threshold", lo, hi));
  EXPECT_ANY_THROW(parse_ratio_bounds("-1", "--is-threshold", lo, hi));
  EXPECT_ANY_THROW(parse_ratio_bounds("abc", "--is-threshold", lo, hi));
}

}  // namespace
}  // namespace llmsa::det
