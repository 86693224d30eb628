// Exact decimal-µs parsing. Expected values are the decimal arithmetic of the input strings
// (1 µs = 1000 ns), rounded half away from zero at the nanosecond.
#include <gtest/gtest.h>

#include "trace/text_fields.hpp"

using namespace llmsa::trace;

TEST(TextFields, StartTimeWithNineteenDigitsIsExact) {
  // From Ascend-msinsight test/st/level2 rank 0 kernel_details.csv, row 1 (with its trailing TAB).
  auto ns = parse_us_to_ns("1764246877073569.640\t");
  ASSERT_TRUE(ns);
  EXPECT_EQ(*ns, 1764246877073569640LL);
  // A double cannot hold this: the nearest double is off by tens of ns.
  EXPECT_NE(static_cast<long long>(1764246877073569.640 * 1000.0), 1764246877073569640LL);
}

TEST(TextFields, RoundsOnceToNearestNanosecond) {
  EXPECT_EQ(*parse_us_to_ns("1.2344"), 1234);
  EXPECT_EQ(*parse_us_to_ns("1.2345"), 1235);
  EXPECT_EQ(*parse_us_to_ns("1.23449999"), 1234);  // rounding looks at one digit only after exact truncation
  EXPECT_EQ(*parse_us_to_ns("357.580000"), 357580);
  EXPECT_EQ(*parse_us_to_ns("0"), 0);
  EXPECT_EQ(*parse_us_to_ns(".5"), 500);
  EXPECT_EQ(*parse_us_to_ns("-2.5"), -2500);
  EXPECT_EQ(*parse_us_to_ns("1e3"), 1000000);
  EXPECT_EQ(*parse_ms_to_ns("79.08952"), 79089520);
}

TEST(TextFields, RejectsNonNumbersAndOverflow) {
  EXPECT_FALSE(parse_us_to_ns("N/A"));
  EXPECT_FALSE(parse_us_to_ns(""));
  EXPECT_FALSE(parse_us_to_ns("12a"));
  EXPECT_FALSE(parse_us_to_ns("1.2.3"));
  EXPECT_FALSE(parse_us_to_ns("99999999999999999999999"));
  EXPECT_FALSE(parse_us_to_ns("."));
}

TEST(TextFields, MissingIsNotZero) {
  EXPECT_TRUE(is_missing_field("N/A"));
  EXPECT_TRUE(is_missing_field(" \t"));
  EXPECT_FALSE(is_missing_field("0"));
  EXPECT_FALSE(is_missing_field("0.0"));
}

TEST(TextFields, FastDecimalMatchesFromChars) {
  for (const char* s : {"0.824", "151.425", "5295467", "-0.001", "0.0", "1234567890.123456", "1e-5", "3.14159265358979"}) {
    auto a = parse_decimal_fast(s);
    auto b = parse_double_field(s);
    ASSERT_TRUE(a && b) << s;
    EXPECT_EQ(*a, *b) << s;
  }
  EXPECT_FALSE(parse_decimal_fast("abc"));
  EXPECT_FALSE(parse_decimal_fast("1.2.3"));
}

TEST(TextFields, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain ascii text, long enough for the word loop"));
  EXPECT_TRUE(is_valid_utf8("Task Duration(\xCE\xBCs)"));
  EXPECT_FALSE(is_valid_utf8("bad \xFF byte"));
  EXPECT_FALSE(is_valid_utf8("truncated \xE4\xB8"));
  EXPECT_FALSE(is_valid_utf8("overlong \xC0\xAF"));
}
