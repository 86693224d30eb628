#pragma once
// Training–inference mismatch metrics, defined as verl defines them (verl/trainer/ppo/
// rollout_corr_helper.py: compute_offpolicy_metrics, compute_is_metrics, compute_rollout_rejection_mask;
// reference §1.3). μ is the rollout (sampling) engine, π the trainer, and for each token
// r = log π − log μ. "Mean over tokens" is over every compared token of every sequence; "mean over
// sequences" is over sequences with at least one compared token. clamp(x) = min(max(x, −20), 20)
// (verl's SAFETY_BOUND), applied before exp where verl applies it.
// Every definition is repeated in words in docs/det.md and `llmsa det compare --help`.
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace llmsa::det {

inline constexpr double kSafetyBound = 20.0;

struct MismatchThresholds {
  // Importance-weight bounds: TIS truncates weights above `is_upper`; IcePop/MIS/Geo-RS mask weights
  // outside [is_lower, is_upper]. verl's default is upper 2.0, lower 1/upper.
  double is_upper = 2.0;
  double is_lower = 0.5;
  // Rejection-sampling bounds (verl rollout_rs_threshold): k1 options keep ln(rs_k1_lower) ≤ k1 ≤
  // ln(rs_k1_upper); k2 and k3 options keep the statistic ≤ rs_kl_upper.
  double rs_k1_lower = 0.5;
  double rs_k1_upper = 2.0;
  double rs_kl_upper = 0.01;
};

// One of verl's rejection-sampling statistics (token_k1 ... seq_max_k3) and how much it would reject.
struct RejectionStat {
  std::string name;           // verl's option name, e.g. "token_k3", "seq_mean_k1"
  double mean = 0;            // token options: mean over tokens; sequence options: mean over sequences
  double max = 0, min = 0;    // over tokens or sequences
  double fraction_high = 0;   // fraction of tokens (token_*) or sequences (seq_*) above the upper bound
  double fraction_low = 0;    // k1 only: below the lower bound
};

// Weights at one aggregation level and what truncation (TIS) and masking would do to them.
struct WeightLevel {
  double mean = 0;            // mean of the truncated weights min(w, upper), over tokens (sequence weights broadcast)
  double max = 0, min = 0;    // see docs: token = of truncated weights; sequence/geometric = exp of the extreme log-ratio
  double std = 0;             // √(mean(w̃²) − mean(w̃)²) over tokens, w̃ = min(w, upper); 0 with one token
  double ess = 0;             // 1 / mean((w̃ / (mean w̃ + 1e-8))²) over tokens (verl eff_sample_size)
  double fraction_high = 0;   // truncated by TIS: weight > upper (tokens for token level, sequences otherwise)
  double fraction_low = 0;    // weight < lower
  double fraction_masked = 0; // masked by IcePop / MIS / Geo-RS: weight outside [lower, upper] (= high + low)
};

struct MismatchMetrics {
  std::int64_t tokens = 0;     // compared tokens
  std::int64_t sequences = 0;  // sequences with at least one compared token
  double kl_k1 = 0;            // verl "kl": mean over tokens of (log μ − log π) = mean(−r)
  double kl_k2 = 0;            // mean over tokens of ½·clamp(r)²
  double kl_k3 = 0;            // verl "k3_kl": mean over tokens of (e^r − r − 1)
  double training_ppl = 0, training_log_ppl = 0;
  double rollout_ppl = 0, rollout_log_ppl = 0;
  double log_ppl_diff = 0, log_ppl_abs_diff = 0, log_ppl_diff_max = 0, log_ppl_diff_min = 0;
  double ppl_ratio = 0;
  double chi2_token = 0;       // mean over tokens of e^(2·clamp(r)), minus 1
  double chi2_seq = 0;         // mean over sequences of e^(2·clamp(Σr)), minus 1
  double optimal_truncation = 0;  // C* = √(2(1 + chi2_seq)) (reference §1.4)
  WeightLevel token, sequence, geometric;
  std::vector<RejectionStat> rejection;
};

// Accumulates sequence by sequence, so that runs of any length stream through in O(1) memory.
class MismatchAccumulator {
 public:
  explicit MismatchAccumulator(MismatchThresholds thresholds = {});
  // One sequence: rollout (μ) and training (π) log-probs of the same tokens. Empty spans are ignored.
  void add_sequence(std::span<const double> rollout_logprobs, std::span<const double> training_logprobs);
  MismatchMetrics finish() const;
  const MismatchThresholds& thresholds() const { return t_; }

 private:
  struct Extremes {
    double max = -std::numeric_limits<double>::infinity();
    double min = std::numeric_limits<double>::infinity();
    void add(double x) {
      if (x > max) max = x;
      if (x < min) min = x;
    }
  };
  struct Rejection {
    double sum = 0;
    Extremes ext;
    std::int64_t high = 0, low = 0;
  };
  struct Level {
    double sum_w = 0, sum_w2 = 0;   // truncated weights, token-weighted
    Extremes ext;                   // token: truncated weights; others: log-ratios
    std::int64_t high = 0, low = 0;
  };

  MismatchThresholds t_;
  std::int64_t tokens_ = 0, sequences_ = 0;
  double sum_k1_ = 0, sum_k2_ = 0, sum_k3_ = 0, sum_chi2_token_ = 0;
  double sum_train_ppl_ = 0, sum_train_log_ppl_ = 0, sum_roll_ppl_ = 0, sum_roll_log_ppl_ = 0;
  double sum_diff_ = 0, sum_abs_diff_ = 0, sum_ppl_ratio_ = 0, sum_chi2_seq_ = 0;
  Extremes diff_;
  Level token_, sequence_, geometric_;
  // token_k1, token_k2, token_k3, seq_sum_k1..k3, seq_mean_k1..k3, seq_max_k2, seq_max_k3
  Rejection rejection_[11];
};

// The kl estimators of one log-ratio r = log π − log μ, as verl writes them (k1 = −r, k2 = r²/2,
// k3 = e^r − 1 − r).
double k1_of(double log_ratio);
double k2_of(double log_ratio);
double k3_of(double log_ratio);

// Parses a verl threshold: "2.0" (upper; lower = 1/upper) or "0.5_2.0" (lower_upper). Throws bad input
// naming `option` when it is not two positive numbers with lower ≤ upper.
void parse_ratio_bounds(const std::string& text, const std::string& option, double& lower, double& upper);

}  // namespace llmsa::det
