// ULP distance and bitwise equality follow IEEE-754 binary32/binary64 layouts (no external oracle needed:
// the expected values are adjacent representable numbers by construction).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "det/float_bits.hpp"
#include "det/logprob_diff.hpp"

namespace llmsa::det {
namespace {

TEST(DetFloatBits, AdjacentValuesAreOneUlpApart) {
  EXPECT_EQ(ulp_distance(1.0, std::nextafter(1.0, 2.0)), 1u);
  EXPECT_EQ(ulp_distance(1.0f, std::nextafter(1.0f, 2.0f)), 1u);
  EXPECT_EQ(ulp_distance(-1.0, std::nextafter(std::nextafter(-1.0, 0.0), 0.0)), 2u);
  // 1.0f and 1.0f + 2^-23 * 5
  EXPECT_EQ(ulp_distance(1.0f, 1.0f + 5.0f * std::numeric_limits<float>::epsilon()), 5u);
}

TEST(DetFloatBits, SignedZerosAreZeroUlpsButDifferentBits) {
  EXPECT_EQ(ulp_distance(-0.0, 0.0), 0u);
  EXPECT_NE(bits_of(-0.0), bits_of(0.0));
}

TEST(DetFloatBits, DistanceCrossesZero) {
  const double tiny = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(ulp_distance(-tiny, tiny), 2u);
}

TEST(DetFloatBits, NanHasNoDistance) {
  EXPECT_FALSE(ulp_distance(std::nan(""), 1.0).has_value());
}

TEST(DetFloatBits, Float32Exactness) {
  EXPECT_TRUE(is_float32_exact(-0.6931471824645996));  // (double)(float)ln 2
  EXPECT_FALSE(is_float32_exact(-0.6931471805599453));  // ln 2 in double
}

TEST(DetUlpBuckets, PowersOfTwo) {
  EXPECT_EQ(ulp_bucket(0), 0);
  EXPECT_EQ(ulp_bucket(1), 1);
  EXPECT_EQ(ulp_bucket(2), 2);
  EXPECT_EQ(ulp_bucket(3), 3);
  EXPECT_EQ(ulp_bucket(4), 3);
  EXPECT_EQ(ulp_bucket(5), 4);
  EXPECT_EQ(ulp_bucket(8), 4);
  EXPECT_EQ(ulp_bucket(9), 5);
  EXPECT_EQ(ulp_bucket_label(3), "3-4");
  EXPECT_EQ(ulp_bucket_label(4), "5-8");
}

}  // namespace
}  // namespace llmsa::det
