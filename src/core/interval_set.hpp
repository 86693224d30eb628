#pragma once
// The one interval algebra of llmsa: sets of half-open [start, end) intervals over int64 ns.
//
// Every analysis and every compatibility preset (HTA, TraceLens, Ascend) builds its numbers from
// these operations, so that two definitions of "busy" or "exposed communication" differ only in
// which sets they combine, never in how overlap is computed (ARCHITECTURE.md, "Interval algebra").
//
// Invariants of an IntervalSet: intervals are sorted, non-empty (start < end), and separated by a
// gap of at least 1 ns. Touching intervals ([0,5) and [5,9)) are merged: there is no idle time
// between them, so they must not produce a zero-length "bubble". Empty or inverted input intervals
// (end <= start, e.g. the negative durations HTA's inward rounding creates) cover no time and are
// dropped. Lengths are computed without overflow even at the INT64 extremes; a total that does not
// fit in int64 saturates at INT64_MAX.
//
// Costs: building from unsorted intervals is O(n log n); building from intervals already sorted by
// start, and union / intersection / difference / gaps, are linear merges; point and range queries are
// O(log n).
#include <cstdint>
#include <span>
#include <vector>

namespace llmsa {

struct Interval {
  std::int64_t start = 0;
  std::int64_t end = 0;  // exclusive
  friend bool operator==(const Interval&, const Interval&) = default;
};

// end - start as a non-negative length, 0 for empty or inverted intervals, saturating at INT64_MAX
// (only [INT64_MIN, INT64_MAX) itself does not fit).
std::int64_t interval_length(Interval iv);

// a + b for non-negative lengths, saturating at INT64_MAX.
std::int64_t saturating_add_length(std::int64_t a, std::int64_t b);

class IntervalSet {
 public:
  IntervalSet() = default;

  // Any order, overlaps and duplicates allowed: sorts, drops empty intervals and merges.
  static IntervalSet from_unsorted(std::vector<Interval> intervals);
  // Same result as from_unsorted, in linear time, for input already sorted by start. Input that is
  // not sorted is detected and sorted instead (correctness never depends on the caller's promise).
  static IntervalSet from_sorted(std::span<const Interval> intervals);
  // Single interval (empty set when end <= start).
  static IntervalSet of(std::int64_t start, std::int64_t end);

  const std::vector<Interval>& intervals() const { return intervals_; }
  bool empty() const { return intervals_.empty(); }
  std::size_t size() const { return intervals_.size(); }

  // Sum of the lengths of the disjoint intervals (saturating).
  std::int64_t total_length() const;
  // [first start, last end); {0,0} when empty.
  Interval hull() const;
  bool contains(std::int64_t t) const;

  // The part of the set inside `window`.
  IntervalSet clipped(Interval window) const;
  // Length of the part inside `window`, without building it: O(log n + k).
  std::int64_t length_within(Interval window) const;
  // The parts of `window` not covered by the set (idle time / bubbles in that window).
  IntervalSet gaps_within(Interval window) const;
  // Gaps strictly between consecutive intervals (gaps_within(hull())).
  IntervalSet internal_gaps() const;

  friend bool operator==(const IntervalSet&, const IntervalSet&) = default;

 private:
  explicit IntervalSet(std::vector<Interval> normalized) : intervals_(std::move(normalized)) {}
  std::vector<Interval> intervals_;
};

IntervalSet set_union(const IntervalSet& a, const IntervalSet& b);
IntervalSet set_intersection(const IntervalSet& a, const IntervalSet& b);
IntervalSet set_difference(const IntervalSet& a, const IntervalSet& b);  // a minus b
// |a ∩ b| without materializing the intersection.
std::int64_t intersection_length(const IntervalSet& a, const IntervalSet& b);
// Union of many sets at once (k-way, O(N log N) over all intervals).
IntervalSet set_union_all(std::span<const IntervalSet> sets);

// Sweep-line labelling (HTA get_gpu_kernel_breakdown style): splits the union of up to 32 sets into
// maximal segments on which the same subset of sets is active. `mask` bit i is set when sets[i]
// covers the segment. Segments are sorted, non-empty, and adjacent segments differ in mask.
struct LabeledSegment {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::uint32_t mask = 0;
  friend bool operator==(const LabeledSegment&, const LabeledSegment&) = default;
};
std::vector<LabeledSegment> label_overlaps(std::span<const IntervalSet> sets);

// Total length per distinct mask of label_overlaps, as (mask, length) sorted by mask.
std::vector<std::pair<std::uint32_t, std::int64_t>> length_by_mask(std::span<const LabeledSegment> segments);

// Depth sweep over raw (unmerged) intervals: the maximum number simultaneously active, e.g. stream
// concurrency. Empty intervals are ignored. O(n log n).
std::int64_t max_concurrency(std::span<const Interval> intervals);

}  // namespace llmsa
