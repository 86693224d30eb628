#pragma once
// Bitwise and ULP comparison of two runs' log-probs for the same tokens.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace llmsa::det {

// One compared position, kept when it is among the largest differences.
struct LogprobDifference {
  std::string prompt_id;
  std::int64_t sample = 0;     // 0-based index of the sample among this prompt's samples
  std::int64_t position = 0;   // 0-based token position
  std::int32_t token = 0;
  double a = 0, b = 0;
  double abs_diff = 0;
  std::uint64_t ulp = 0;       // in the report's ULP precision (NaN positions are never kept)
};

// ULP buckets: [0] equal values, [1] 1 ULP, [2] 2, [3] 3–4, [4] 5–8, ... [k] 2^(k−2)+1 .. 2^(k−1).
inline constexpr int kUlpBuckets = 66;
std::string ulp_bucket_label(int bucket);
int ulp_bucket(std::uint64_t ulp);

struct LogprobDiffSummary {
  std::int64_t compared = 0;        // positions compared (same token in both runs)
  std::int64_t bitwise_equal = 0;   // identical bit patterns
  std::int64_t signed_zero_only = 0;// differ only as −0 vs +0
  std::int64_t nan = 0;             // positions where either value is NaN (bits may still match)
  double max_abs_diff = 0;
  double mean_abs_diff = 0;         // over compared positions without NaN
  // "float32" when every compared value is exactly a float32 (so float32 ULPs are meaningful), else "float64".
  std::string ulp_precision = "float32";
  std::uint64_t max_ulp = 0;
  std::array<std::int64_t, kUlpBuckets> ulp_histogram{};
  std::vector<LogprobDifference> largest;   // by abs_diff, largest first; ties in input order
  // Per pair with any bit difference: the first such position. Key: position, value: pairs.
  std::map<std::int64_t, std::int64_t> first_bit_difference;
  std::int64_t pairs_bitwise_equal = 0;     // pairs whose compared log-probs are all bitwise equal
};

class LogprobDiffAccumulator {
 public:
  explicit LogprobDiffAccumulator(std::size_t keep_largest) : keep_(keep_largest) {}
  // Compares a[i] with b[i] for i < n (positions where both runs sampled the same token).
  void add_pair(const std::string& prompt_id, std::int64_t sample, const std::vector<std::int32_t>& tokens,
                const double* a, const double* b, std::size_t n);
  LogprobDiffSummary finish() const;

 private:
  struct Kept {
    LogprobDifference d;
    std::uint64_t ulp32 = 0, ulp64 = 0;
    std::int64_t order = 0;
  };
  std::size_t keep_;
  std::int64_t order_ = 0;
  LogprobDiffSummary s_;
  double sum_abs_ = 0;
  std::int64_t finite_pairs_ = 0;
  bool all_float32_ = true;
  std::array<std::int64_t, kUlpBuckets> hist32_{}, hist64_{};
  std::uint64_t max32_ = 0, max64_ = 0;
  std::vector<Kept> heap_;  // min-heap on (abs_diff, later first) of the largest differences
};

}  // namespace llmsa::det
