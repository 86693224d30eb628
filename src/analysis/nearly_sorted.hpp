#pragma once
// Sorting and unions of what comes nearly in start order: device events of a rank are read in row
// order, which is time order except for a few rows of other streams (a generated 256 MB capture has
// about 2% of rows out of order). A full sort (IntervalSet::from_sorted sorts everything as soon as
// one row is out of order) pays n log n for those few; these take a greedy in-order run in one
// pass, sort only the rest, and merge the two.
#include <algorithm>
#include <iterator>
#include <vector>

#include "core/interval_set.hpp"

namespace llmsa::analysis {

// The union of `intervals`: the same set as IntervalSet::from_unsorted (a union does not depend on
// input order).
IntervalSet union_of_nearly_sorted(const std::vector<Interval>& intervals);

// Sorts `v` by `less`, which must be a strict total order (no two elements equivalent): the result is
// then the one std::sort gives.
template <typename T, typename Less>
void sort_nearly_sorted(std::vector<T>& v, Less less) {
  if (std::is_sorted(v.begin(), v.end(), less)) return;
  std::vector<T> run, rest;
  run.reserve(v.size());
  for (const T& x : v) {
    if (run.empty() || !less(x, run.back())) run.push_back(x);
    else rest.push_back(x);
  }
  std::sort(rest.begin(), rest.end(), less);
  v.clear();
  std::merge(run.begin(), run.end(), rest.begin(), rest.end(), std::back_inserter(v), less);
}

}  // namespace llmsa::analysis
