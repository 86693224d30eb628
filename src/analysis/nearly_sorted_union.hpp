#pragma once
// The union of intervals that come nearly in start order: device events of a rank are read in row
// order, which is time order except for a few rows of other streams (a generated 256 MB capture has
// about 2% of rows out of order). IntervalSet::from_sorted sorts the whole input as soon as one row
// is out of order; this sorts only the rows that are, and merges them into the in-order run.
// The result is the same set as IntervalSet::from_unsorted (a union does not depend on input order).
#include <vector>

#include "core/interval_set.hpp"

namespace llmsa::analysis {

IntervalSet union_of_nearly_sorted(const std::vector<Interval>& intervals);

}  // namespace llmsa::analysis
