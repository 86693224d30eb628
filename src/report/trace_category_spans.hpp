#pragma once
// The spans of trace.json's category tracks ("llmsa · category · <op role>"): one role's device events
// merged into as few slices as the picture allows. Overlapping and touching events become one span,
// and so do events separated by a gap shorter than kCategoryGapToleranceNs: at a step's zoom (tens of
// ms across the screen, tens of µs per pixel) such a gap cannot be seen, and the analysis never
// reports one (its shortest bubble is 30 µs, data/thresholds.json bubble_min_us), while back-to-back
// kernels of one role would otherwise cost one slice each. Every span starts at an event's start and
// ends at an event's end; the time a span covers beyond its events is gaps each under the tolerance.
#include <cstdint>
#include <vector>

#include "core/interval_set.hpp"

namespace llmsa::report {

inline constexpr std::int64_t kCategoryGapToleranceNs = 1000;

// `events`: any order; empty intervals (zero-length events) are dropped, as a slice of no length
// shows nothing. Returns the spans sorted by start, disjoint, separated by gaps >= `tolerance_ns`.
std::vector<Interval> merge_category_spans(std::vector<Interval> events,
                                           std::int64_t tolerance_ns = kCategoryGapToleranceNs);

}  // namespace llmsa::report
