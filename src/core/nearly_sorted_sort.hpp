#pragma once
// Sorting for sequences that are already almost in order: a rank's device rows (time order except a
// few rows of other streams), a Kineto file's slices per lane (a ProfilerStep slice written after the
// ops inside it) and its flow records (two runs: all flow starts, then all flow ends). std::sort
// pays n log n comparisons even on sorted input; this keeps the elements that do not fall below the
// running maximum in place, sets the rest aside, sorts those the same way (at most twice, then by
// std::sort) and merges them back: linear time plus the sort of what was set aside.
// `less` must be a strict total order (no two elements equivalent); the result is then the one
// std::sort gives.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <vector>

namespace llmsa {

template <typename T, typename Less = std::less<>>
void sort_nearly_sorted(std::vector<T>& v, Less less = Less{}, int depth = 0) {
  if (std::is_sorted(v.begin(), v.end(), less)) return;
  if (depth >= 2) {
    std::sort(v.begin(), v.end(), less);
    return;
  }
  std::vector<T> rest;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (kept == 0 || !less(v[i], v[kept - 1])) v[kept++] = v[i];
    else rest.push_back(v[i]);
  }
  sort_nearly_sorted(rest, less, depth + 1);
  // Merge from the back into v itself: the write position never passes an unread kept element.
  std::size_t i = kept, j = rest.size(), w = v.size();
  while (j > 0) {
    if (i > 0 && less(rest[j - 1], v[i - 1])) v[--w] = v[--i];
    else v[--w] = rest[--j];
  }
}

}  // namespace llmsa
