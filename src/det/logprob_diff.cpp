#include "det/logprob_diff.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "det/float_bits.hpp"

namespace llmsa::det {

int ulp_bucket(std::uint64_t ulp) {
  if (ulp <= 2) return static_cast<int>(ulp);
  // 3–4 → 3, 5–8 → 4, ...: 2 + ceil(log2(ulp)) − 1
  return 1 + static_cast<int>(std::bit_width(ulp - 1));
}

std::string ulp_bucket_label(int bucket) {
  if (bucket <= 2) return std::to_string(bucket);
  const std::uint64_t hi = std::uint64_t{1} << (bucket - 1);
  const std::uint64_t lo = (hi >> 1) + 1;
  return std::to_string(lo) + "-" + std::to_string(hi);
}

namespace {

// True when `x` should rank above `y`: larger difference, or equal difference but seen earlier.
bool ranks_above(double dx, std::int64_t ox, double dy, std::int64_t oy) {
  return dx != dy ? dx > dy : ox < oy;
}

}  // namespace

void LogprobDiffAccumulator::add_pair(const std::string& prompt_id, std::int64_t sample,
                                      const std::vector<std::int32_t>& tokens, const double* a,
                                      const double* b, std::size_t n) {
  bool pair_equal = true;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = a[i], y = b[i];
    ++s_.compared;
    const bool equal_bits = bits_of(x) == bits_of(y);
    const bool has_nan = std::isnan(x) || std::isnan(y);
    if (equal_bits) ++s_.bitwise_equal;
    if (has_nan) ++s_.nan;
    if (!equal_bits && x == 0.0 && y == 0.0) ++s_.signed_zero_only;
    if (!equal_bits && pair_equal) {
      pair_equal = false;
      ++s_.first_bit_difference[static_cast<std::int64_t>(i)];
    }
    if (!is_float32_exact(x) || !is_float32_exact(y)) all_float32_ = false;
    if (has_nan) continue;
    const double d = std::abs(x - y);
    sum_abs_ += d;
    ++finite_pairs_;
    s_.max_abs_diff = std::max(s_.max_abs_diff, d);
    const std::uint64_t u64 = *ulp_distance(x, y);
    // Out-of-range doubles saturate to ±inf in float32; their float32 distance is then only indicative.
    const std::uint64_t u32 = *ulp_distance(static_cast<float>(x), static_cast<float>(y));
    ++hist64_[ulp_bucket(u64)];
    ++hist32_[ulp_bucket(u32)];
    max64_ = std::max(max64_, u64);
    max32_ = std::max(max32_, u32);
    if (keep_ == 0 || equal_bits) continue;
    const std::int64_t order = order_++;
    if (heap_.size() == keep_ && !ranks_above(d, order, heap_.front().d.abs_diff, heap_.front().order)) continue;
    Kept k;
    k.d = LogprobDifference{prompt_id, sample, static_cast<std::int64_t>(i), tokens[i], x, y, d, 0};
    k.ulp32 = u32;
    k.ulp64 = u64;
    k.order = order;
    // Heap top = the entry that ranks lowest.
    auto lower_first = [](const Kept& p, const Kept& q) {
      return ranks_above(p.d.abs_diff, p.order, q.d.abs_diff, q.order);
    };
    if (heap_.size() == keep_) {
      std::pop_heap(heap_.begin(), heap_.end(), lower_first);
      heap_.pop_back();
    }
    heap_.push_back(std::move(k));
    std::push_heap(heap_.begin(), heap_.end(), lower_first);
  }
  if (pair_equal) ++s_.pairs_bitwise_equal;
}

LogprobDiffSummary LogprobDiffAccumulator::finish() const {
  LogprobDiffSummary s = s_;
  s.mean_abs_diff = finite_pairs_ ? sum_abs_ / static_cast<double>(finite_pairs_) : 0.0;
  s.ulp_precision = all_float32_ ? "float32" : "float64";
  s.ulp_histogram = all_float32_ ? hist32_ : hist64_;
  s.max_ulp = all_float32_ ? max32_ : max64_;
  std::vector<Kept> kept = heap_;
  std::sort(kept.begin(), kept.end(), [](const Kept& p, const Kept& q) {
    return ranks_above(p.d.abs_diff, p.order, q.d.abs_diff, q.order);
  });
  for (auto& k : kept) {
    k.d.ulp = all_float32_ ? k.ulp32 : k.ulp64;
    s.largest.push_back(k.d);
  }
  return s;
}

}  // namespace llmsa::det
