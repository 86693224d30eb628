#include "analysis/nearly_sorted.hpp"

#include <algorithm>
#include <iterator>

namespace llmsa::analysis {

IntervalSet union_of_nearly_sorted(const std::vector<Interval>& intervals) {
  // One pass: a greedy run in start order, and the rest.
  std::vector<Interval> run, rest;
  run.reserve(intervals.size());
  for (const Interval& iv : intervals) {
    if (run.empty() || iv.start >= run.back().start) run.push_back(iv);
    else rest.push_back(iv);
  }
  if (rest.empty()) return IntervalSet::from_sorted(run);
  auto by_start = [](const Interval& a, const Interval& b) { return a.start < b.start; };
  std::sort(rest.begin(), rest.end(), by_start);
  std::vector<Interval> merged;
  merged.reserve(intervals.size());
  std::merge(run.begin(), run.end(), rest.begin(), rest.end(), std::back_inserter(merged), by_start);
  return IntervalSet::from_sorted(merged);
}

}  // namespace llmsa::analysis
