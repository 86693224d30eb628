// union_of_nearly_sorted (analysis/nearly_sorted.hpp) is the union of its intervals whatever
// their order: the expected sets below are worked out by hand from the listed intervals.
#include "analysis/nearly_sorted.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace llmsa;
using namespace llmsa::analysis;

namespace {

using V = std::vector<Interval>;

TEST(NearlySortedUnion, HandWorkedSets) {
  EXPECT_TRUE(union_of_nearly_sorted({}).empty());
  // In order, touching and overlapping: [0,10) [10,15) merge; [12,14) inside; [20,30) apart.
  EXPECT_EQ(union_of_nearly_sorted(V{{0, 10}, {10, 15}, {12, 14}, {20, 30}}).intervals(), (V{{0, 15}, {20, 30}}));
  // One row of another stream out of order ([2,4) after [5,8)), and an empty and a negative interval.
  EXPECT_EQ(union_of_nearly_sorted(V{{0, 1}, {5, 8}, {2, 4}, {9, 9}, {7, 12}, {11, 3}}).intervals(),
            (V{{0, 1}, {2, 4}, {5, 12}}));
  // An early row with a late start sends every later row to the sorted remainder.
  EXPECT_EQ(union_of_nearly_sorted(V{{100, 110}, {0, 5}, {3, 8}, {50, 60}}).intervals(),
            (V{{0, 8}, {50, 60}, {100, 110}}));
}

TEST(NearlySortedUnion, SameSetAsFromUnsortedForAnyOrder) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 50; ++round) {
    V v;
    std::int64_t t = 0;
    for (int i = 0; i < 500; ++i) {
      t += static_cast<std::int64_t>(rng() % 20);
      v.push_back({t, t + static_cast<std::int64_t>(rng() % 30) - 2});
    }
    // Displace a growing share of rows: from nearly sorted to fully shuffled.
    const int moves = round * 10;
    for (int m = 0; m < moves; ++m) std::swap(v[rng() % v.size()], v[rng() % v.size()]);
    EXPECT_EQ(union_of_nearly_sorted(v), IntervalSet::from_unsorted(v)) << "round " << round;
  }
}

TEST(NearlySorted, SortGivesTheFullSortsOrder) {
  std::mt19937_64 rng(11);
  // By (start, index), as structure_events orders events: a strict total order.
  using Row = std::pair<std::int64_t, std::uint32_t>;
  std::vector<Row> hand{{5, 0}, {7, 1}, {3, 2}, {7, 3}, {9, 4}, {1, 5}};
  sort_nearly_sorted(hand, std::less<Row>());
  EXPECT_EQ(hand, (std::vector<Row>{{1, 5}, {3, 2}, {5, 0}, {7, 1}, {7, 3}, {9, 4}}));
  for (int round = 0; round < 30; ++round) {
    std::vector<Row> v;
    for (std::uint32_t i = 0; i < 400; ++i) v.emplace_back(static_cast<std::int64_t>(i / 3), i);
    for (int m = 0; m < round * 8; ++m) std::swap(v[rng() % v.size()], v[rng() % v.size()]);
    std::vector<Row> want = v;
    std::sort(want.begin(), want.end());
    sort_nearly_sorted(v, std::less<Row>());
    EXPECT_EQ(v, want) << "round " << round;
  }
}

}  // namespace
