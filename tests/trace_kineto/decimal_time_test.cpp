// Exact µs -> ns conversion from the number text. Expected values are the decimal arithmetic
// of the inputs (µs × 1000, rounded half away from zero), worked by hand.
#include <gtest/gtest.h>

#include "trace/kineto/decimal_time.hpp"

namespace llmsa::trace::kineto {
namespace {

std::int64_t ns(std::string_view s) {
  std::int64_t v = 0;
  EXPECT_TRUE(parse_us_as_ns(s, v)) << s;
  return v;
}

TEST(DecimalTime, EpochMicrosecondsWithNanosecondsAreExact) {
  // 19 significant digits: a double would round these to a multiple of 256 ns.
  EXPECT_EQ(ns("1712195495520883.017"), 1712195495520883017);
  EXPECT_EQ(ns("1764246877073569.640"), 1764246877073569640);
  EXPECT_EQ(ns("1623142623460111"), 1623142623460111000);
  EXPECT_EQ(ns("1712195495520883.0"), 1712195495520883000);
  // The int64 ns limit, 2^63 - 1 = 9223372036854775807, written as 16 µs digits and 3 decimals.
  EXPECT_EQ(ns("9223372036854775.807"), INT64_MAX);
  EXPECT_EQ(ns("0009223372036854775.807"), INT64_MAX);  // leading zeros carry no significance
}

TEST(DecimalTime, FractionsRoundOnceToNearest) {
  EXPECT_EQ(ns("92.804"), 92804);
  EXPECT_EQ(ns("0.0005"), 1);     // 0.5 ns -> 1 (half away from zero)
  EXPECT_EQ(ns("0.0004999"), 0);  // 0.4999 ns -> 0
  EXPECT_EQ(ns("5.3000004"), 5300);
  EXPECT_EQ(ns("21.200001"), 21200);
  EXPECT_EQ(ns("-1.5"), -1500);
  EXPECT_EQ(ns("-0.0005"), -1);
  EXPECT_EQ(ns("0"), 0);
  EXPECT_EQ(ns("  7 "), 7000);
}

TEST(DecimalTime, Exponents) {
  EXPECT_EQ(ns("1e3"), 1000000);
  EXPECT_EQ(ns("1.5E-3"), 2);  // 1.5 ns
  EXPECT_EQ(ns("2.5e-4"), 0);  // 0.25 ns
  EXPECT_EQ(ns("1.712195495520883017e15"), 1712195495520883017);
}

TEST(DecimalTime, RejectsNonNumbersAndOverflow) {
  std::int64_t v = 0;
  EXPECT_FALSE(parse_us_as_ns("", v));
  EXPECT_FALSE(parse_us_as_ns("abc", v));
  EXPECT_FALSE(parse_us_as_ns("1.2.3", v));
  EXPECT_FALSE(parse_us_as_ns("1e", v));
  EXPECT_FALSE(parse_us_as_ns("99999999999999999999", v));  // 1e20 µs does not fit int64 ns
  EXPECT_FALSE(parse_us_as_ns("1e400", v));
  EXPECT_FALSE(parse_us_as_ns("9223372036854775.808", v));  // one ns past 2^63 - 1
  EXPECT_FALSE(parse_us_as_ns("9999999999999999.999", v));
  EXPECT_FALSE(parse_us_as_ns("nan", v));
}

TEST(DecimalTime, Int64) {
  std::int64_t v = 0;
  EXPECT_TRUE(parse_int64("9223372036854775807", v));
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_TRUE(parse_int64("-9223372036854775808", v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(parse_int64("9223372036854775808", v));
  EXPECT_FALSE(parse_int64("1.5", v));
  EXPECT_FALSE(parse_int64("0x0", v));
}

}  // namespace
}  // namespace llmsa::trace::kineto
