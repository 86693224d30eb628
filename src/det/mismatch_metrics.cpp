#include "det/mismatch_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/error.hpp"

namespace llmsa::det {

namespace {

double clamp_log(double x) { return std::clamp(x, -kSafetyBound, kSafetyBound); }

enum RejectionIndex {
  kTokenK1, kTokenK2, kTokenK3,
  kSeqSumK1, kSeqSumK2, kSeqSumK3,
  kSeqMeanK1, kSeqMeanK2, kSeqMeanK3,
  kSeqMaxK2, kSeqMaxK3,
};
constexpr const char* kRejectionNames[11] = {
    "token_k1",    "token_k2",    "token_k3",    "seq_sum_k1", "seq_sum_k2", "seq_sum_k3",
    "seq_mean_k1", "seq_mean_k2", "seq_mean_k3", "seq_max_k2", "seq_max_k3"};

}  // namespace

double k1_of(double log_ratio) { return -log_ratio; }
double k2_of(double log_ratio) { return 0.5 * log_ratio * log_ratio; }
double k3_of(double log_ratio) { return std::exp(log_ratio) - 1.0 - log_ratio; }

MismatchAccumulator::MismatchAccumulator(MismatchThresholds thresholds) : t_(thresholds) {}

void MismatchAccumulator::add_sequence(std::span<const double> rollout, std::span<const double> training) {
  const std::size_t n = std::min(rollout.size(), training.size());
  if (n == 0) return;
  const double log_upper = std::log(t_.is_upper), log_lower = std::log(t_.is_lower);
  const double k1_upper = std::log(t_.rs_k1_upper), k1_lower = std::log(t_.rs_k1_lower);

  double sum_r = 0, sum_pi = 0, sum_mu = 0;
  double seq_k[3] = {0, 0, 0};
  double seq_max_k2 = -std::numeric_limits<double>::infinity(), seq_max_k3 = seq_max_k2;
  for (std::size_t i = 0; i < n; ++i) {
    const double mu = rollout[i], pi = training[i];
    const double r = pi - mu, rc = clamp_log(r);
    sum_r += r;
    sum_pi += pi;
    sum_mu += mu;
    sum_k1_ += -r;
    sum_k2_ += k2_of(rc);
    sum_k3_ += k3_of(r);  // verl's k3_kl does not clamp
    sum_chi2_token_ += std::exp(2.0 * rc);

    const double w = std::exp(rc), wt = std::min(w, t_.is_upper);
    token_.sum_w += wt;
    token_.sum_w2 += wt * wt;
    token_.ext.add(wt);
    if (w > t_.is_upper) ++token_.high;
    if (w < t_.is_lower) ++token_.low;

    // Rejection statistics use the clamped ratio, as verl's compute_rollout_rejection_mask does.
    const double k[3] = {k1_of(rc), k2_of(rc), k3_of(rc)};
    for (int j = 0; j < 3; ++j) {
      Rejection& tok = rejection_[kTokenK1 + j];
      tok.sum += k[j];
      tok.ext.add(k[j]);
      seq_k[j] += k[j];
    }
    if (k[0] > k1_upper) ++rejection_[kTokenK1].high;
    if (k[0] < k1_lower) ++rejection_[kTokenK1].low;
    if (k[1] > t_.rs_kl_upper) ++rejection_[kTokenK2].high;
    if (k[2] > t_.rs_kl_upper) ++rejection_[kTokenK3].high;
    seq_max_k2 = std::max(seq_max_k2, k[1]);
    seq_max_k3 = std::max(seq_max_k3, k[2]);
  }
  const double dn = static_cast<double>(n);
  tokens_ += static_cast<std::int64_t>(n);
  ++sequences_;

  const double mean_pi = sum_pi / dn, mean_mu = sum_mu / dn;
  sum_train_ppl_ += std::exp(-mean_pi);
  sum_train_log_ppl_ += -mean_pi;
  sum_roll_ppl_ += std::exp(-mean_mu);
  sum_roll_log_ppl_ += -mean_mu;
  const double diff = mean_mu - mean_pi;
  sum_diff_ += diff;
  sum_abs_diff_ += std::abs(diff);
  diff_.add(diff);
  sum_ppl_ratio_ += std::exp(diff);
  sum_chi2_seq_ += std::exp(2.0 * clamp_log(sum_r));

  auto add_level = [&](Level& level, double log_weight) {
    const double w = std::exp(clamp_log(log_weight)), wt = std::min(w, t_.is_upper);
    level.sum_w += dn * wt;  // the sequence's weight is broadcast to each of its tokens
    level.sum_w2 += dn * wt * wt;
    level.ext.add(log_weight);
    if (log_weight > log_upper) ++level.high;
    if (log_weight < log_lower) ++level.low;
  };
  add_level(sequence_, sum_r);
  add_level(geometric_, sum_r / dn);

  for (int j = 0; j < 3; ++j) {
    const double per_seq[2] = {seq_k[j], seq_k[j] / dn};
    for (int a = 0; a < 2; ++a) {
      Rejection& s = rejection_[(a == 0 ? kSeqSumK1 : kSeqMeanK1) + j];
      s.sum += per_seq[a];
      s.ext.add(per_seq[a]);
      if (j == 0) {
        if (per_seq[a] > k1_upper) ++s.high;
        if (per_seq[a] < k1_lower) ++s.low;
      } else if (per_seq[a] > t_.rs_kl_upper) {
        ++s.high;
      }
    }
  }
  const double maxes[2] = {seq_max_k2, seq_max_k3};
  for (int j = 0; j < 2; ++j) {
    Rejection& s = rejection_[kSeqMaxK2 + j];
    s.sum += maxes[j];
    s.ext.add(maxes[j]);
    if (maxes[j] > t_.rs_kl_upper) ++s.high;
  }
}

MismatchMetrics MismatchAccumulator::finish() const {
  MismatchMetrics m;
  m.tokens = tokens_;
  m.sequences = sequences_;
  if (tokens_ == 0) return m;
  const double nt = static_cast<double>(tokens_), ns = static_cast<double>(sequences_);
  m.kl_k1 = sum_k1_ / nt;
  m.kl_k2 = sum_k2_ / nt;
  m.kl_k3 = sum_k3_ / nt;
  m.chi2_token = sum_chi2_token_ / nt - 1.0;
  m.training_ppl = sum_train_ppl_ / ns;
  m.training_log_ppl = sum_train_log_ppl_ / ns;
  m.rollout_ppl = sum_roll_ppl_ / ns;
  m.rollout_log_ppl = sum_roll_log_ppl_ / ns;
  m.log_ppl_diff = sum_diff_ / ns;
  m.log_ppl_abs_diff = sum_abs_diff_ / ns;
  m.log_ppl_diff_max = diff_.max;
  m.log_ppl_diff_min = diff_.min;
  m.ppl_ratio = sum_ppl_ratio_ / ns;
  m.chi2_seq = sum_chi2_seq_ / ns - 1.0;
  m.optimal_truncation = std::sqrt(2.0 * (1.0 + m.chi2_seq));

  auto fill = [&](const Level& level, WeightLevel& out, bool per_sequence) {
    out.mean = level.sum_w / nt;
    const double mean_w2 = level.sum_w2 / nt;
    out.std = tokens_ > 1 ? std::sqrt(std::max(0.0, mean_w2 - out.mean * out.mean)) : 0.0;
    const double mean_for_ess = out.mean + 1e-8;  // verl's guard against division by zero
    out.ess = 1.0 / (mean_w2 / (mean_for_ess * mean_for_ess));
    const double denom = per_sequence ? ns : nt;
    out.fraction_high = static_cast<double>(level.high) / denom;
    out.fraction_low = static_cast<double>(level.low) / denom;
    out.fraction_masked = static_cast<double>(level.high + level.low) / denom;
    if (per_sequence) {
      out.max = std::exp(std::min(level.ext.max, kSafetyBound));
      out.min = std::exp(level.ext.min);
    } else {
      out.max = level.ext.max;
      out.min = level.ext.min;
    }
  };
  fill(token_, m.token, false);
  fill(sequence_, m.sequence, true);
  fill(geometric_, m.geometric, true);

  for (int i = 0; i < 11; ++i) {
    const Rejection& r = rejection_[i];
    const bool token_level = i <= kTokenK3;
    const double denom = token_level ? nt : ns;
    m.rejection.push_back(RejectionStat{kRejectionNames[i], r.sum / denom, r.ext.max, r.ext.min,
                                        static_cast<double>(r.high) / denom,
                                        static_cast<double>(r.low) / denom});
  }
  return m;
}

void parse_ratio_bounds(const std::string& text, const std::string& option, double& lower, double& upper) {
  auto number = [&](const std::string& s) {
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v <= 0) {
      throw_bad_input(SourceLocation{"", -1, -1, option}, "'" + text + "' is not a positive number or lower_upper pair");
    }
    return v;
  };
  auto sep = text.find('_');
  if (sep == std::string::npos) {
    upper = number(text);
    lower = 1.0 / upper;
  } else {
    lower = number(text.substr(0, sep));
    upper = number(text.substr(sep + 1));
  }
  if (lower > upper) throw_bad_input(SourceLocation{"", -1, -1, option}, "lower bound exceeds upper bound in '" + text + "'");
}

}  // namespace llmsa::det
