#pragma once
// Unions of what comes nearly in start order: device events of a rank are read in row
// order, which is time order except for a few rows of other streams (a generated 256 MB capture has
// about 2% of rows out of order). A full sort (IntervalSet::from_sorted sorts everything as soon as
// one row is out of order) pays n log n for those few; these take a greedy in-order run in one
// pass, sort only the rest, and merge the two (core/nearly_sorted_sort.hpp sorts the same way).
#include <vector>

#include "core/interval_set.hpp"
#include "core/nearly_sorted_sort.hpp"  // sort_nearly_sorted, used with the unions below

namespace llmsa::analysis {

// The union of `intervals`: the same set as IntervalSet::from_unsorted (a union does not depend on
// input order).
IntervalSet union_of_nearly_sorted(const std::vector<Interval>& intervals);

}  // namespace llmsa::analysis
