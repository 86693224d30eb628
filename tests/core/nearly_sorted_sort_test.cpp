// sort_nearly_sorted must give exactly std::sort's order (the reference here) on the shapes of
// input the Kineto reader and the analysis meet (sorted, a few late elements, two sorted runs) and on any other.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "core/nearly_sorted_sort.hpp"

namespace llmsa {
namespace {

struct Key {  // (value, index): a strict total order, as the reader's sort keys have
  std::int64_t value;
  std::uint32_t index;
  bool operator<(const Key& o) const { return value != o.value ? value < o.value : index < o.index; }
  bool operator==(const Key& o) const { return value == o.value && index == o.index; }
};

std::vector<Key> keyed(const std::vector<std::int64_t>& values) {
  std::vector<Key> v;
  for (std::uint32_t i = 0; i < values.size(); ++i) v.push_back({values[i], i});
  return v;
}

void expect_like_std_sort(const std::vector<std::int64_t>& values) {
  std::vector<Key> expected = keyed(values), got = keyed(values);
  std::sort(expected.begin(), expected.end());
  sort_nearly_sorted(got);
  EXPECT_EQ(got, expected);
}

TEST(NearlySorted, EqualsStdSortOnEveryShape) {
  std::mt19937_64 rng(7);
  for (std::size_t n : {0, 1, 2, 3, 10, 1000, 20000}) {
    std::vector<std::int64_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int64_t>(i * 10);
    expect_like_std_sort(v);  // sorted
    // A slice written after the ones it encloses, every 400 (ProfilerStep#N at the end of its step).
    std::vector<std::int64_t> late = v;
    for (std::size_t i = 399; i < n; i += 400) late[i] = late[i - 399] - 5;
    expect_like_std_sort(late);
    // Two sorted runs: all flow starts, then all flow ends.
    std::vector<std::int64_t> runs;
    for (std::size_t i = 0; i < n / 2; ++i) runs.push_back(static_cast<std::int64_t>(i));
    for (std::size_t i = 0; i < n - n / 2; ++i) runs.push_back(static_cast<std::int64_t>(i));
    expect_like_std_sort(runs);
    std::vector<std::int64_t> reversed(v.rbegin(), v.rend());
    expect_like_std_sort(reversed);
    std::vector<std::int64_t> random(n), few_values(n);
    for (std::size_t i = 0; i < n; ++i) {
      random[i] = static_cast<std::int64_t>(rng() % 1000000);
      few_values[i] = static_cast<std::int64_t>(rng() % 3);  // many ties, broken by the index
    }
    expect_like_std_sort(random);
    expect_like_std_sort(few_values);
    // One huge value first: everything after it falls below the running maximum.
    std::vector<std::int64_t> spike = v;
    if (n > 0) spike[0] = INT64_MAX;
    expect_like_std_sort(spike);
  }
}

}  // namespace
}  // namespace llmsa
