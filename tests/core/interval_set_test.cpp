// Interval algebra. Expected values are worked out by hand from the definitions in
// core/interval_set.hpp (half-open [start, end), touching intervals merge, empty intervals vanish).
#include "core/interval_set.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <random>

namespace llmsa {
namespace {

using V = std::vector<Interval>;
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

TEST(IntervalSet, BuildMergesOverlapsTouchingAndDuplicates) {
  auto s = IntervalSet::from_unsorted(V{{20, 30}, {0, 5}, {5, 9}, {3, 4}, {25, 40}, {20, 30}, {50, 51}});
  EXPECT_EQ(s.intervals(), (V{{0, 9}, {20, 40}, {50, 51}}));
  EXPECT_EQ(s.total_length(), 9 + 20 + 1);
  EXPECT_EQ(s.hull(), (Interval{0, 51}));
}

TEST(IntervalSet, EmptyAndInvertedIntervalsCoverNothing) {
  // HTA's inward rounding can produce negative durations (trace-analyzers.md 5.1): they must vanish.
  auto s = IntervalSet::from_unsorted(V{{5, 5}, {9, 3}, {0, 0}});
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.total_length(), 0);
  EXPECT_EQ(s.hull(), (Interval{0, 0}));
  EXPECT_TRUE(IntervalSet::from_unsorted({}).empty());
  EXPECT_TRUE(IntervalSet::of(7, 7).empty());
  // A zero-length interval inside a gap does not bridge it.
  auto t = IntervalSet::from_unsorted(V{{0, 2}, {3, 3}, {4, 6}});
  EXPECT_EQ(t.intervals(), (V{{0, 2}, {4, 6}}));
}

TEST(IntervalSet, FromSortedEqualsFromUnsortedAndToleratesUnsortedInput) {
  V sorted{{0, 3}, {1, 2}, {3, 5}, {8, 9}};
  EXPECT_EQ(IntervalSet::from_sorted(sorted), IntervalSet::from_unsorted(sorted));
  V unsorted{{8, 9}, {0, 3}, {3, 5}};
  EXPECT_EQ(IntervalSet::from_sorted(unsorted).intervals(), (V{{0, 5}, {8, 9}}));
}

TEST(IntervalSet, ContainsIsHalfOpen) {
  auto s = IntervalSet::from_unsorted(V{{10, 20}, {30, 40}});
  EXPECT_FALSE(s.contains(9));
  EXPECT_TRUE(s.contains(10));
  EXPECT_TRUE(s.contains(19));
  EXPECT_FALSE(s.contains(20));
  EXPECT_FALSE(s.contains(25));
  EXPECT_TRUE(s.contains(30));
  EXPECT_FALSE(s.contains(40));
  EXPECT_FALSE(IntervalSet().contains(0));
}

TEST(IntervalSet, UnionIntersectionDifference) {
  auto a = IntervalSet::from_unsorted(V{{0, 10}, {20, 30}, {40, 50}});
  auto b = IntervalSet::from_unsorted(V{{5, 25}, {30, 35}, {45, 46}, {60, 70}});
  EXPECT_EQ(set_union(a, b).intervals(), (V{{0, 35}, {40, 50}, {60, 70}}));
  EXPECT_EQ(set_intersection(a, b).intervals(), (V{{5, 10}, {20, 25}, {45, 46}}));
  EXPECT_EQ(intersection_length(a, b), 5 + 5 + 1);
  EXPECT_EQ(set_difference(a, b).intervals(), (V{{0, 5}, {25, 30}, {40, 45}, {46, 50}}));
  EXPECT_EQ(set_difference(b, a).intervals(), (V{{10, 20}, {30, 35}, {60, 70}}));
  // Touching sets: intersection is empty, union is one interval.
  auto c = IntervalSet::of(0, 5), d = IntervalSet::of(5, 9);
  EXPECT_TRUE(set_intersection(c, d).empty());
  EXPECT_EQ(intersection_length(c, d), 0);
  EXPECT_EQ(set_union(c, d).intervals(), (V{{0, 9}}));
  EXPECT_EQ(set_difference(c, d), c);
}

TEST(IntervalSet, OperationsWithEmptySets) {
  IntervalSet e;
  auto a = IntervalSet::of(1, 4);
  EXPECT_EQ(set_union(a, e), a);
  EXPECT_EQ(set_union(e, a), a);
  EXPECT_TRUE(set_intersection(a, e).empty());
  EXPECT_EQ(set_difference(a, e), a);
  EXPECT_TRUE(set_difference(e, a).empty());
  EXPECT_TRUE(set_difference(a, a).empty());
  EXPECT_EQ(a.gaps_within({0, 0}), IntervalSet());
  EXPECT_EQ(e.gaps_within({0, 10}).intervals(), (V{{0, 10}}));
}

TEST(IntervalSet, DifferenceWhereOneSubtrahendSpansSeveralMinuendIntervals) {
  auto a = IntervalSet::from_unsorted(V{{0, 2}, {4, 6}, {8, 10}});
  auto b = IntervalSet::of(1, 9);
  EXPECT_EQ(set_difference(a, b).intervals(), (V{{0, 1}, {9, 10}}));
}

TEST(IntervalSet, ClipGapsAndLengthWithinWindow) {
  auto s = IntervalSet::from_unsorted(V{{10, 20}, {30, 40}, {50, 60}});
  EXPECT_EQ(s.clipped({15, 55}).intervals(), (V{{15, 20}, {30, 40}, {50, 55}}));
  EXPECT_EQ(s.length_within({15, 55}), 5 + 10 + 5);
  EXPECT_EQ(s.length_within({20, 30}), 0);
  EXPECT_EQ(s.gaps_within({0, 70}).intervals(), (V{{0, 10}, {20, 30}, {40, 50}, {60, 70}}));
  EXPECT_EQ(s.gaps_within({15, 35}).intervals(), (V{{20, 30}}));
  EXPECT_EQ(s.internal_gaps().intervals(), (V{{20, 30}, {40, 50}}));
  EXPECT_TRUE(s.clipped({40, 50}).empty());
  EXPECT_TRUE(s.clipped({60, 10}).empty());  // inverted window
}

TEST(IntervalSet, Int64ExtremesDoNotOverflow) {
  auto whole = IntervalSet::of(kMin, kMax);
  EXPECT_EQ(whole.total_length(), kMax);  // 2^64 - 1 does not fit: saturates
  EXPECT_EQ(interval_length({kMin, 0}), kMax);  // 2^63 saturates to 2^63 - 1
  EXPECT_EQ(interval_length({kMin, -1}), kMax);  // exactly 2^63 - 1
  EXPECT_EQ(interval_length({-1, kMax}), kMax);  // 2^63 saturates
  EXPECT_EQ(interval_length({0, kMax}), kMax);
  auto two = IntervalSet::from_unsorted(V{{kMin, kMin + 10}, {kMax - 10, kMax}});
  EXPECT_EQ(two.total_length(), 20);
  EXPECT_EQ(two.internal_gaps().intervals(), (V{{kMin + 10, kMax - 10}}));
  EXPECT_EQ(two.internal_gaps().total_length(), kMax);  // 2^64 - 21 saturates
  EXPECT_EQ(set_difference(whole, two).intervals(), (V{{kMin + 10, kMax - 10}}));
  EXPECT_EQ(intersection_length(whole, two), 20);
  EXPECT_TRUE(whole.contains(kMin));
  EXPECT_FALSE(whole.contains(kMax));
  EXPECT_EQ(saturating_add_length(kMax, 1), kMax);
}

TEST(IntervalSet, LabelOverlapsLikeHtaKernelBreakdown) {
  // comp = [0,10) [20,30); comm = [5,25); mem = [28,40)
  std::vector<IntervalSet> sets{IntervalSet::from_unsorted(V{{0, 10}, {20, 30}}), IntervalSet::of(5, 25),
                                IntervalSet::of(28, 40)};
  auto segs = label_overlaps(sets);
  std::vector<LabeledSegment> want{{0, 5, 1}, {5, 10, 3}, {10, 20, 2}, {20, 25, 3},
                                   {25, 28, 1}, {28, 30, 5}, {30, 40, 4}};
  EXPECT_EQ(segs, want);
  auto by_mask = length_by_mask(segs);
  std::vector<std::pair<std::uint32_t, std::int64_t>> want_mask{{1, 8}, {2, 10}, {3, 10}, {4, 10}, {5, 2}};
  EXPECT_EQ(by_mask, want_mask);
  // Segments partition the union exactly.
  std::int64_t sum = 0;
  for (auto& s : segs) sum += s.end - s.start;
  EXPECT_EQ(sum, set_union_all(sets).total_length());
}

TEST(IntervalSet, LabelOverlapsRandomizedAgainstMembership) {
  std::mt19937_64 rng(777);
  std::uniform_int_distribution<int> pos(0, 150), len(-2, 25), count(0, 9), nsets(1, 6);
  for (int round = 0; round < 200; ++round) {
    std::vector<IntervalSet> sets;
    const int k = nsets(rng);
    for (int s = 0; s < k; ++s) {
      V v;
      for (int c = count(rng); c > 0; --c) {
        const int st = pos(rng);
        v.push_back({st, st + len(rng)});
      }
      sets.push_back(IntervalSet::from_unsorted(v));
    }
    const auto segs = label_overlaps(sets);
    for (std::size_t j = 1; j < segs.size(); ++j) {
      ASSERT_LE(segs[j - 1].end, segs[j].start);
      if (segs[j - 1].end == segs[j].start) {
        EXPECT_NE(segs[j - 1].mask, segs[j].mask);
      }
    }
    for (std::int64_t t = -1; t < 180; ++t) {
      std::uint32_t want = 0;
      for (std::size_t s = 0; s < sets.size(); ++s)
        if (sets[s].contains(t)) want |= 1u << s;
      std::uint32_t got = 0;
      for (const auto& seg : segs)
        if (seg.start <= t && t < seg.end) got = seg.mask;
      EXPECT_EQ(got, want) << "t=" << t << " round " << round;
    }
  }
}

TEST(IntervalSet, LabelOverlapsRefusesMoreThan32Sets) {
  std::vector<IntervalSet> sets(33, IntervalSet::of(0, 1));
  EXPECT_THROW(label_overlaps(sets), std::invalid_argument);
  EXPECT_TRUE(label_overlaps({}).empty());
}

TEST(IntervalSet, MaxConcurrencyIsHalfOpen) {
  EXPECT_EQ(max_concurrency(V{{0, 5}, {5, 10}}), 1);
  EXPECT_EQ(max_concurrency(V{{0, 5}, {4, 10}, {3, 6}}), 3);
  EXPECT_EQ(max_concurrency(V{{3, 3}, {5, 1}}), 0);
  EXPECT_EQ(max_concurrency(V{}), 0);
}

// Cross-check every operation against a brute-force per-nanosecond model on random small sets.
TEST(IntervalSet, RandomizedAgainstBitmapModel) {
  std::mt19937_64 rng(12345);
  constexpr int kSpan = 200;
  auto random_intervals = [&](int n) {
    V v;
    std::uniform_int_distribution<int> pos(0, kSpan - 1), len(-3, 20);
    for (int i = 0; i < n; ++i) {
      const int s = pos(rng);
      v.push_back({s, std::min(kSpan, s + len(rng))});
    }
    return v;
  };
  auto bitmap = [](const V& v) {
    std::vector<bool> b(kSpan, false);
    for (auto& iv : v)
      for (auto t = iv.start; t < iv.end; ++t) b[static_cast<std::size_t>(t)] = true;
    return b;
  };
  auto to_bitmap = [&](const IntervalSet& s) { return bitmap(s.intervals()); };
  auto normalized = [](const IntervalSet& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.intervals()[i].start >= s.intervals()[i].end) return false;
      if (i > 0 && s.intervals()[i - 1].end >= s.intervals()[i].start) return false;
    }
    return true;
  };
  for (int round = 0; round < 300; ++round) {
    V va = random_intervals(round % 12), vb = random_intervals((round * 7) % 12);
    auto a = IntervalSet::from_unsorted(va), b = IntervalSet::from_unsorted(vb);
    auto ba = bitmap(va), bb = bitmap(vb);
    std::vector<bool> u(kSpan), in(kSpan), d(kSpan), g(kSpan);
    std::int64_t na = 0, ni = 0;
    Interval w{37, 151};
    std::int64_t nw = 0;
    for (int t = 0; t < kSpan; ++t) {
      auto i = static_cast<std::size_t>(t);
      u[i] = ba[i] || bb[i];
      in[i] = ba[i] && bb[i];
      d[i] = ba[i] && !bb[i];
      g[i] = !ba[i] && t >= w.start && t < w.end;
      na += ba[i];
      ni += in[i];
      nw += ba[i] && t >= w.start && t < w.end;
    }
    ASSERT_TRUE(normalized(a));
    EXPECT_EQ(to_bitmap(a), ba);
    EXPECT_EQ(a.total_length(), na);
    auto su = set_union(a, b), si = set_intersection(a, b), sd = set_difference(a, b), sg = a.gaps_within(w);
    ASSERT_TRUE(normalized(su) && normalized(si) && normalized(sd) && normalized(sg));
    EXPECT_EQ(to_bitmap(su), u);
    EXPECT_EQ(to_bitmap(si), in);
    EXPECT_EQ(to_bitmap(sd), d);
    EXPECT_EQ(to_bitmap(sg), g);
    EXPECT_EQ(intersection_length(a, b), ni);
    EXPECT_EQ(a.length_within(w), nw);
    EXPECT_EQ(a.clipped(w).total_length(), nw);
    for (int t = 0; t < kSpan; ++t) EXPECT_EQ(a.contains(t), ba[static_cast<std::size_t>(t)]);
  }
}

}  // namespace
}  // namespace llmsa
