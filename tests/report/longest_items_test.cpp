// LongestItems keeps the k longest items offered, the earlier among equal lengths, in offer order.
// Expected selections follow from the hand-made lengths in each test.
#include <gtest/gtest.h>

#include "report/longest_items.hpp"

namespace llmsa::report {
namespace {

TEST(LongestItems, KeepsTheLongestInOfferOrderTiesToTheEarlier) {
  // Lengths by item: 0:5 1:9 2:5 3:1 4:9 5:7. The three longest are 1 (9), 4 (9) and 5 (7).
  LongestItems<int> l(3);
  const std::int64_t len[] = {5, 9, 5, 1, 9, 7};
  for (int i = 0; i < 6; ++i) l.offer(len[i], i);
  EXPECT_EQ(l.take(), (std::vector<int>{1, 4, 5}));
  // Four slots: 0 and 2 tie at 5 for the last one; the earlier (0) is kept.
  LongestItems<int> m(4);
  for (int i = 0; i < 6; ++i) m.offer(len[i], i);
  EXPECT_EQ(m.take(), (std::vector<int>{0, 1, 4, 5}));
}

TEST(LongestItems, FewerItemsThanSlotsKeepsAllAndZeroSlotsKeepsNone) {
  LongestItems<int> l(10);
  for (int i = 0; i < 4; ++i) l.offer(4 - i, i);
  EXPECT_EQ(l.take(), (std::vector<int>{0, 1, 2, 3}));
  LongestItems<int> none(0);
  none.offer(1, 0);
  EXPECT_TRUE(none.take().empty());
}

TEST(LongestItems, AllEqualLengthsKeepTheFirstOffered) {
  LongestItems<int> l(3);
  for (int i = 0; i < 100; ++i) l.offer(42, i);
  EXPECT_EQ(l.take(), (std::vector<int>{0, 1, 2}));
}

}  // namespace
}  // namespace llmsa::report
