#include "core/interval_set.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace llmsa {

namespace {

constexpr std::int64_t kMaxLen = std::numeric_limits<std::int64_t>::max();

// Appends `iv` to a normalized vector, merging when it overlaps or touches the last interval.
// Precondition: iv.start >= out.back().start and iv is non-empty.
void append_merging(std::vector<Interval>& out, Interval iv) {
  if (!out.empty() && iv.start <= out.back().end) {
    if (iv.end > out.back().end) out.back().end = iv.end;
  } else {
    out.push_back(iv);
  }
}

bool sorted_by_start(std::span<const Interval> v) {
  return std::is_sorted(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
}

// Index of the first interval whose end is after t (the first one that can contain or follow t).
std::size_t first_ending_after(const std::vector<Interval>& v, std::int64_t t) {
  auto it = std::upper_bound(v.begin(), v.end(), t, [](std::int64_t x, const Interval& iv) { return x < iv.end; });
  return static_cast<std::size_t>(it - v.begin());
}

}  // namespace

std::int64_t interval_length(Interval iv) {
  if (iv.end <= iv.start) return 0;
  // Unsigned subtraction is exact for any start < end; only the full int64 range exceeds INT64_MAX.
  const std::uint64_t len = static_cast<std::uint64_t>(iv.end) - static_cast<std::uint64_t>(iv.start);
  return len > static_cast<std::uint64_t>(kMaxLen) ? kMaxLen : static_cast<std::int64_t>(len);
}

std::int64_t saturating_add_length(std::int64_t a, std::int64_t b) {
  return (a > kMaxLen - b) ? kMaxLen : a + b;
}

IntervalSet IntervalSet::from_unsorted(std::vector<Interval> intervals) {
  std::erase_if(intervals, [](const Interval& iv) { return iv.end <= iv.start; });
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start || (a.start == b.start && a.end < b.end); });
  std::vector<Interval> out;
  out.reserve(intervals.size());
  for (const Interval& iv : intervals) append_merging(out, iv);
  out.shrink_to_fit();
  return IntervalSet(std::move(out));
}

IntervalSet IntervalSet::from_sorted(std::span<const Interval> intervals) {
  if (!sorted_by_start(intervals)) return from_unsorted(std::vector<Interval>(intervals.begin(), intervals.end()));
  std::vector<Interval> out;
  out.reserve(intervals.size());
  for (const Interval& iv : intervals)
    if (iv.start < iv.end) append_merging(out, iv);
  out.shrink_to_fit();
  return IntervalSet(std::move(out));
}

IntervalSet IntervalSet::of(std::int64_t start, std::int64_t end) {
  if (end <= start) return IntervalSet();
  return IntervalSet(std::vector<Interval>{{start, end}});
}

std::int64_t IntervalSet::total_length() const {
  std::int64_t total = 0;
  for (const Interval& iv : intervals_) total = saturating_add_length(total, interval_length(iv));
  return total;
}

Interval IntervalSet::hull() const {
  if (intervals_.empty()) return {0, 0};
  return {intervals_.front().start, intervals_.back().end};
}

bool IntervalSet::contains(std::int64_t t) const {
  const std::size_t i = first_ending_after(intervals_, t);
  return i < intervals_.size() && intervals_[i].start <= t;
}

IntervalSet IntervalSet::clipped(Interval window) const {
  std::vector<Interval> out;
  if (window.end <= window.start) return IntervalSet();
  for (std::size_t i = first_ending_after(intervals_, window.start); i < intervals_.size(); ++i) {
    const Interval& iv = intervals_[i];
    if (iv.start >= window.end) break;
    out.push_back({std::max(iv.start, window.start), std::min(iv.end, window.end)});
  }
  return IntervalSet(std::move(out));
}

std::int64_t IntervalSet::length_within(Interval window) const {
  std::int64_t total = 0;
  if (window.end <= window.start) return 0;
  for (std::size_t i = first_ending_after(intervals_, window.start); i < intervals_.size(); ++i) {
    const Interval& iv = intervals_[i];
    if (iv.start >= window.end) break;
    total = saturating_add_length(total, interval_length({std::max(iv.start, window.start), std::min(iv.end, window.end)}));
  }
  return total;
}

IntervalSet IntervalSet::gaps_within(Interval window) const {
  std::vector<Interval> out;
  if (window.end <= window.start) return IntervalSet();
  std::int64_t cursor = window.start;
  for (std::size_t i = first_ending_after(intervals_, window.start); i < intervals_.size(); ++i) {
    const Interval& iv = intervals_[i];
    if (iv.start >= window.end) break;
    if (iv.start > cursor) out.push_back({cursor, iv.start});
    cursor = std::max(cursor, iv.end);
  }
  if (cursor < window.end) out.push_back({cursor, window.end});
  return IntervalSet(std::move(out));
}

IntervalSet IntervalSet::internal_gaps() const { return gaps_within(hull()); }

IntervalSet set_union(const IntervalSet& a, const IntervalSet& b) {
  const auto& x = a.intervals();
  const auto& y = b.intervals();
  std::vector<Interval> merged;
  merged.reserve(x.size() + y.size());
  std::merge(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(merged),
             [](const Interval& p, const Interval& q) { return p.start < q.start; });
  return IntervalSet::from_sorted(merged);
}

IntervalSet set_intersection(const IntervalSet& a, const IntervalSet& b) {
  const auto& x = a.intervals();
  const auto& y = b.intervals();
  std::vector<Interval> out;
  std::size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    const std::int64_t s = std::max(x[i].start, y[j].start);
    const std::int64_t e = std::min(x[i].end, y[j].end);
    if (s < e) out.push_back({s, e});
    if (x[i].end < y[j].end) ++i; else ++j;
  }
  // Pieces are disjoint and sorted; two pieces can touch only if they came from different inputs
  // whose boundaries meet, which normalized inputs exclude, but from_sorted keeps the invariant anyway.
  return IntervalSet::from_sorted(out);
}

std::int64_t intersection_length(const IntervalSet& a, const IntervalSet& b) {
  const auto& x = a.intervals();
  const auto& y = b.intervals();
  std::int64_t total = 0;
  std::size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    const std::int64_t s = std::max(x[i].start, y[j].start);
    const std::int64_t e = std::min(x[i].end, y[j].end);
    if (s < e) total = saturating_add_length(total, interval_length({s, e}));
    if (x[i].end < y[j].end) ++i; else ++j;
  }
  return total;
}

IntervalSet set_difference(const IntervalSet& a, const IntervalSet& b) {
  const auto& x = a.intervals();
  const auto& y = b.intervals();
  std::vector<Interval> out;
  std::size_t j = 0;
  for (const Interval& iv : x) {
    std::int64_t cursor = iv.start;
    while (j < y.size() && y[j].end <= cursor) ++j;
    std::size_t k = j;
    while (k < y.size() && y[k].start < iv.end) {
      if (y[k].start > cursor) out.push_back({cursor, y[k].start});
      cursor = std::max(cursor, y[k].end);
      if (cursor >= iv.end) break;
      ++k;
    }
    if (cursor < iv.end) out.push_back({cursor, iv.end});
  }
  return IntervalSet::from_sorted(out);
}

IntervalSet set_union_all(std::span<const IntervalSet> sets) {
  std::size_t n = 0;
  for (const auto& s : sets) n += s.size();
  std::vector<Interval> all;
  all.reserve(n);
  for (const auto& s : sets) all.insert(all.end(), s.intervals().begin(), s.intervals().end());
  return IntervalSet::from_unsorted(std::move(all));
}

std::vector<LabeledSegment> label_overlaps(std::span<const IntervalSet> sets) {
  if (sets.size() > 32) throw std::invalid_argument("label_overlaps: at most 32 sets");
  struct Boundary {
    std::int64_t t;
    std::uint32_t bit;
    bool opens;
  };
  // Each normalized set yields its boundaries already sorted; merging the runs is O(N log k).
  std::vector<Boundary> bounds;
  std::size_t total = 0;
  for (const auto& s : sets) total += 2 * s.size();
  bounds.reserve(total);
  const auto by_time = [](const Boundary& p, const Boundary& q) { return p.t < q.t; };
  std::vector<std::size_t> run_starts;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const std::uint32_t bit = 1u << i;
    run_starts.push_back(bounds.size());
    for (const Interval& iv : sets[i].intervals()) {
      bounds.push_back({iv.start, bit, true});
      bounds.push_back({iv.end, bit, false});
    }
  }
  run_starts.push_back(bounds.size());
  for (std::size_t width = 1; width + 1 < run_starts.size(); width *= 2) {
    for (std::size_t r = 0; r + width + 1 < run_starts.size(); r += 2 * width) {
      const std::size_t hi = std::min(r + 2 * width, run_starts.size() - 1);
      std::inplace_merge(bounds.begin() + static_cast<std::ptrdiff_t>(run_starts[r]),
                         bounds.begin() + static_cast<std::ptrdiff_t>(run_starts[r + width]),
                         bounds.begin() + static_cast<std::ptrdiff_t>(run_starts[hi]), by_time);
    }
  }
  std::vector<LabeledSegment> out;
  std::uint32_t mask = 0;
  std::size_t k = 0;
  while (k < bounds.size()) {
    const std::int64_t t = bounds[k].t;
    // Each set is normalized, so a bit opens and closes alternately; apply every boundary at t.
    for (; k < bounds.size() && bounds[k].t == t; ++k) {
      if (bounds[k].opens) mask |= bounds[k].bit; else mask &= ~bounds[k].bit;
    }
    if (k < bounds.size() && mask != 0) {
      const std::int64_t next = bounds[k].t;
      if (!out.empty() && out.back().end == t && out.back().mask == mask) out.back().end = next;
      else out.push_back({t, next, mask});
    }
  }
  return out;
}

std::vector<std::pair<std::uint32_t, std::int64_t>> length_by_mask(std::span<const LabeledSegment> segments) {
  std::vector<std::pair<std::uint32_t, std::int64_t>> out;
  for (const auto& s : segments) {
    const std::int64_t len = interval_length({s.start, s.end});
    auto it = std::lower_bound(out.begin(), out.end(), s.mask,
                               [](const std::pair<std::uint32_t, std::int64_t>& p, std::uint32_t m) { return p.first < m; });
    if (it != out.end() && it->first == s.mask) it->second = saturating_add_length(it->second, len);
    else out.insert(it, {s.mask, len});
  }
  return out;
}

std::int64_t max_concurrency(std::span<const Interval> intervals) {
  std::vector<std::pair<std::int64_t, int>> ev;
  ev.reserve(intervals.size() * 2);
  for (const Interval& iv : intervals) {
    if (iv.end <= iv.start) continue;
    ev.emplace_back(iv.start, +1);
    ev.emplace_back(iv.end, -1);
  }
  // Half-open: at equal times an end (-1) sorts before a start (+1), so touching intervals do not overlap.
  std::sort(ev.begin(), ev.end());
  std::int64_t depth = 0, best = 0;
  for (const auto& [t, d] : ev) {
    depth += d;
    best = std::max(best, depth);
  }
  return best;
}

}  // namespace llmsa
