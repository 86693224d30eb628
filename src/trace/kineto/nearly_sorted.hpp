#pragma once
// Sorting for sequences that are already almost in order, as a Kineto file's slices (by start,
// per lane) and flow records (by key, i.e. by correlation id) are: a few records written late,
// such as a ProfilerStep slice written after the ops inside it, or two runs (all flow starts, then
// all flow ends). The elements that fall below the running maximum are set aside, sorted (the same
// way, at most twice, then by std::sort) and merged back: linear time plus the sort of what was set
// aside, where std::sort costs n log n comparisons even on sorted input.
// The result is std::sort's: elements must have a strict total order (no two equal), which the
// callers' keys have (they end in a unique index).
#include <algorithm>
#include <cstddef>
#include <vector>

namespace llmsa::trace::kineto {

template <class T>
void sort_nearly_sorted(std::vector<T>& v, int depth = 0) {
  if (std::is_sorted(v.begin(), v.end())) return;
  if (depth >= 2) {
    std::sort(v.begin(), v.end());
    return;
  }
  std::vector<T> rest;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (kept == 0 || !(v[i] < v[kept - 1])) v[kept++] = v[i];
    else rest.push_back(v[i]);
  }
  sort_nearly_sorted(rest, depth + 1);
  // Merge from the back into v itself: the write position never passes an unread kept element.
  std::size_t i = kept, j = rest.size(), w = v.size();
  while (j > 0) {
    if (i > 0 && rest[j - 1] < v[i - 1]) v[--w] = v[--i];
    else v[--w] = rest[--j];
  }
}

}  // namespace llmsa::trace::kineto
