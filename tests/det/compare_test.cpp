// `compare_runs` on generated runs with divergences injected at known positions. Expected positions are
// the injected ones; expected metrics follow from verl's definitions (reference §1.3) applied by hand to
// the constant log-ratio the generator adds (r = ln 2, oracle values from reference §4.1).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "det/compare.hpp"
#include "det/synthetic_runs.hpp"

namespace llmsa::det {
namespace {

namespace fs = std::filesystem;

struct TempRuns {
  fs::path a, b;
  TempRuns(const std::string& tag) {
    auto base = fs::temp_directory_path() / ("llmsa_det_cmp_" + std::to_string(::getpid()) + "_" + tag);
    a = base.string() + "_a.jsonl";
    b = base.string() + "_b.jsonl";
  }
  ~TempRuns() {
    fs::remove(a);
    fs::remove(b);
  }
};

SyntheticRunsSpec injected_spec(double shift) {
  SyntheticRunsSpec spec;
  spec.prompts = 4;
  spec.samples_per_prompt = 2;
  spec.length = 32;
  spec.logprob_shift = shift;
  spec.divergences = {{1, 0, 5}, {3, 1, 17}, {2, 1, 0}};
  return spec;
}

TEST(DetCompare, ReportsInjectedDivergences) {
  TempRuns files("inj");
  ASSERT_EQ(write_synthetic_runs(injected_spec(std::log(2.0)), files.a, files.b), 8u);
  const auto r = compare_runs({files.a.string(), {}}, {files.b.string(), {}}, CompareOptions{});

  EXPECT_EQ(r.pairs, 8);
  EXPECT_EQ(r.pairs_identical_tokens, 5);
  EXPECT_EQ(r.pairs_diverged, 3);
  EXPECT_EQ(r.divergence_positions, (std::map<std::int64_t, std::int64_t>{{0, 1}, {5, 1}, {17, 1}}));
  ASSERT_EQ(r.first_divergences.size(), 3u);
  // Input order is sample-major: (p1, sample 0) comes before (p2, 1) and (p3, 1).
  EXPECT_EQ(r.first_divergences[0].prompt_id, "p1");
  EXPECT_EQ(r.first_divergences[0].sample, 0);
  EXPECT_EQ(r.first_divergences[0].position, 5);
  EXPECT_NE(r.first_divergences[0].token_a, r.first_divergences[0].token_b);
  EXPECT_EQ(r.first_divergences[1].prompt_id, "p2");
  EXPECT_EQ(r.first_divergences[1].position, 0);
  EXPECT_EQ(r.first_divergences[2].prompt_id, "p3");
  EXPECT_EQ(r.first_divergences[2].position, 17);

  // Completions: run A is deterministic (1 per prompt); in run B prompts 1..3 have 2.
  for (const auto& p : r.a.prompts) EXPECT_EQ(p.distinct, 1) << p.prompt_id;
  ASSERT_EQ(r.b.prompts.size(), 4u);
  EXPECT_EQ(r.b.prompts[0].distinct, 1);
  EXPECT_EQ(r.b.prompts[1].distinct, 2);
  EXPECT_EQ(r.b.prompts[1].common_prefix, 5u);
  EXPECT_EQ(r.b.prompts[2].common_prefix, 0u);
  EXPECT_EQ(r.b.prompts[3].common_prefix, 17u);

  // Log-probs are compared on shared prefixes only: 5 full pairs of 32 + 5 + 17 + 0.
  EXPECT_EQ(r.logprobs.compared, 5 * 32 + 5 + 17);
  EXPECT_EQ(r.logprobs.bitwise_equal, 0);
  EXPECT_EQ(r.logprobs.ulp_precision, "float64");  // a + ln 2 is not a float32
  EXPECT_NEAR(r.logprobs.max_abs_diff, std::log(2.0), 1e-12);
  // The pair that diverges at token 0 has nothing to compare, so it counts as bitwise equal.
  EXPECT_EQ(r.logprobs.pairs_bitwise_equal, 1);
  EXPECT_EQ(r.logprobs.first_bit_difference, (std::map<std::int64_t, std::int64_t>{{0, 7}}));

  // Mismatch with r = ln 2 at every compared token (A rollout, B trainer):
  const auto& m = r.mismatch;
  EXPECT_EQ(m.tokens, 182);
  EXPECT_EQ(m.sequences, 7);
  EXPECT_NEAR(m.kl_k1, -std::log(2.0), 1e-12);
  EXPECT_NEAR(m.kl_k3, 0.306853, 1e-6);
  EXPECT_NEAR(m.chi2_token, 3.0, 1e-12);
  // Sequence lengths 32 (x5), 5, 17: e^{2·min(n ln 2, 20)} = e^40 (32 ln 2 > 20), 4^5, 4^17.
  const double expected_chi2_seq = (5 * std::exp(40.0) + std::pow(4.0, 5) + std::pow(4.0, 17)) / 7 - 1;
  EXPECT_NEAR(m.chi2_seq / expected_chi2_seq, 1.0, 1e-9);
  // Every sequence weight 2^n exceeds the default bound 2 except... none: n >= 5, so all 7 truncated.
  EXPECT_EQ(m.sequence.fraction_high, 1.0);
}

TEST(DetCompare, TrainerSideFlipsTheSign) {
  TempRuns files("flip");
  write_synthetic_runs(injected_spec(std::log(2.0)), files.a, files.b);
  CompareOptions o;
  o.trainer_is_a = true;  // now r = −ln 2
  const auto r = compare_runs({files.a.string(), {}}, {files.b.string(), {}}, o);
  EXPECT_NEAR(r.mismatch.kl_k1, std::log(2.0), 1e-12);
  EXPECT_NEAR(r.mismatch.kl_k3, 0.5 - 1 + std::log(2.0), 1e-12);  // e^{-ln2} + ln2 − 1
  EXPECT_NEAR(r.mismatch.chi2_token, 0.25 - 1, 1e-12);
}

TEST(DetCompare, IdenticalRunsAreBitwiseEqual) {
  // Reference §4.1: identical inputs -> kl = k3 = chi2 = 0, all bitwise equal, 1 unique completion.
  TempRuns files("same");
  SyntheticRunsSpec spec;
  write_synthetic_runs(spec, files.a, files.b);
  const auto r = compare_runs({files.a.string(), {}}, {files.b.string(), {}}, CompareOptions{});
  EXPECT_EQ(r.pairs_diverged, 0);
  EXPECT_EQ(r.logprobs.compared, 8 * 32);
  EXPECT_EQ(r.logprobs.bitwise_equal, 8 * 32);
  EXPECT_EQ(r.logprobs.ulp_histogram[0], 8 * 32);
  EXPECT_EQ(r.logprobs.ulp_precision, "float32");
  EXPECT_TRUE(r.logprobs.largest.empty());
  EXPECT_EQ(r.mismatch.kl_k1, 0.0);
  EXPECT_EQ(r.mismatch.kl_k3, 0.0);
  EXPECT_EQ(r.mismatch.chi2_token, 0.0);
  for (const auto& p : r.b.prompts) EXPECT_EQ(p.distinct, 1);
}

TEST(DetCompare, OutOfOrderRunsPairTheSame) {
  TempRuns files("order");
  write_synthetic_runs(injected_spec(std::log(2.0)), files.a, files.b);
  // Reverse run B's lines: pairing is by (prompt, sample index), and each prompt's samples keep order
  // only if reversed per prompt too — so reverse whole prompts' blocks but keep sample order inside.
  std::ifstream in(files.b);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  in.close();
  // Lines are sample-major (4 prompts × 2 samples): emit prompt 3, 2, 1, 0 with samples 0 then 1.
  std::ofstream out(files.b, std::ios::trunc);
  for (int p = 3; p >= 0; --p) {
    for (int s = 0; s < 2; ++s) out << lines[s * 4 + p] << "\n";
  }
  out << "{\"prompt_id\": \"extra\", \"tokens\": [1], \"logprobs\": [-1]}\n";
  out.close();
  const auto r = compare_runs({files.a.string(), {}}, {files.b.string(), {}}, CompareOptions{});
  EXPECT_EQ(r.pairs, 8);
  EXPECT_EQ(r.divergence_positions, (std::map<std::int64_t, std::int64_t>{{0, 1}, {5, 1}, {17, 1}}));
  EXPECT_EQ(r.mismatch.tokens, 182);
  EXPECT_EQ(r.b.unpaired, 1);
  EXPECT_EQ(r.a.unpaired, 0);
}

TEST(DetCompare, UlpAndSignedZeroDifferences) {
  TempRuns files("ulp");
  // -0.25f moved one float32 step towards zero is -0.2499999850988388.
  std::ofstream(files.a) << "{\"prompt_id\": \"x\", \"tokens\": [1, 2, 3], \"logprobs\": [-0.5, -0.25, -1.0]}\n"
                            "{\"prompt_id\": \"y\", \"tokens\": [4], \"logprobs\": [0.0]}\n";
  std::ofstream(files.b) << "{\"prompt_id\": \"x\", \"tokens\": [1, 2, 3], \"logprobs\": [-0.5, -0.2499999850988388, -1.0]}\n"
                            "{\"prompt_id\": \"y\", \"tokens\": [4], \"logprobs\": [-0.0]}\n";
  const auto r = compare_runs({files.a.string(), {}}, {files.b.string(), {}}, CompareOptions{});
  EXPECT_EQ(r.logprobs.compared, 4);
  EXPECT_EQ(r.logprobs.bitwise_equal, 2);
  EXPECT_EQ(r.logprobs.signed_zero_only, 1);
  EXPECT_EQ(r.logprobs.ulp_precision, "float32");
  EXPECT_EQ(r.logprobs.ulp_histogram[0], 3);  // two equal values and the signed zeros
  EXPECT_EQ(r.logprobs.ulp_histogram[1], 1);
  EXPECT_EQ(r.logprobs.max_ulp, 1u);
  ASSERT_EQ(r.logprobs.largest.size(), 2u);
  EXPECT_EQ(r.logprobs.largest[0].prompt_id, "x");
  EXPECT_EQ(r.logprobs.largest[0].position, 1);
  EXPECT_EQ(r.logprobs.largest[0].token, 2);
  EXPECT_EQ(r.logprobs.largest[0].ulp, 1u);
  EXPECT_NEAR(r.logprobs.largest[0].abs_diff, 1.0 / (1 << 26), 1e-20);  // one float32 ULP below 0.25: 2^-26
  EXPECT_EQ(r.logprobs.first_bit_difference, (std::map<std::int64_t, std::int64_t>{{0, 1}, {1, 1}}));
}

}  // namespace
}  // namespace llmsa::det
