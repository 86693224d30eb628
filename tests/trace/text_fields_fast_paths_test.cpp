// The per-cell fast paths of the kernel_details reader: each must agree with the plain decimal value
// of the text (exact arithmetic on the digits as written), treat N/A and blanks as missing (never 0),
// and hand anything unusual (signs, exponents, spaces, very long digit strings) to the general parser.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <string>

#include "trace/text_fields.hpp"

using namespace llmsa::trace;

namespace {
// The value a parsed cell stands for, as the event store reads it back.
double value(const MetricCell& c) {
  MetricColumn col;
  col.push(c);
  return col.at(0);
}
}  // namespace

TEST(MetricCell, MissingIsNotZero) {
  MetricCell v{123, 0, MetricCell::kDecimal};
  for (const char* s : {"N/A", "", " ", "\t", "-", "NA", "n/a", "None"}) {
    EXPECT_EQ(parse_metric_cell(s, v), 0) << s;
  }
  EXPECT_EQ(v.mantissa, 123);  // a missing cell leaves the output untouched
}

TEST(MetricCell, PlainDecimalsAreKeptAsTheDecimalsWritten) {
  MetricCell v;
  ASSERT_EQ(parse_metric_cell("0.186", v), 1);
  EXPECT_EQ(v.state, MetricCell::kDecimal);
  EXPECT_EQ(v.mantissa, 186);
  EXPECT_EQ(v.digits, 3);
  EXPECT_EQ(value(v), 0.186);  // the double nearest to the text, as strtod gives
  ASSERT_EQ(parse_metric_cell("0", v), 1);
  EXPECT_EQ(value(v), 0.0);  // a measured zero is present
  ASSERT_EQ(parse_metric_cell("171.400", v), 1);
  EXPECT_EQ(v.mantissa, 171400);
  EXPECT_EQ(v.digits, 3);
  EXPECT_EQ(value(v), 171.4);
  ASSERT_EQ(parse_metric_cell("124416", v), 1);  // aic_total_cycles: an integer
  EXPECT_EQ(value(v), 124416.0);
  ASSERT_EQ(parse_metric_cell("-1.5", v), 1);  // a sign is part of the decimal
  EXPECT_EQ(v.mantissa, -15);
  EXPECT_EQ(value(v), -1.5);
  ASSERT_EQ(parse_metric_cell("123456789012345", v), 1);  // 15 digits: still a decimal
  EXPECT_EQ(v.state, MetricCell::kDecimal);
}

TEST(MetricCell, SignedZeroExponentsPaddingAndLongDigitsAreKeptAsDoubles) {
  MetricCell v;
  ASSERT_EQ(parse_metric_cell("-0.0", v), 1);  // -0: only a double keeps the sign
  EXPECT_EQ(v.state, MetricCell::kRaw);
  EXPECT_TRUE(std::signbit(value(v)));
  ASSERT_EQ(parse_metric_cell("1e-05", v), 1);  // exponent: general path
  EXPECT_EQ(v.state, MetricCell::kRaw);
  EXPECT_EQ(value(v), 1e-05);
  ASSERT_EQ(parse_metric_cell(" 42\t", v), 1);  // padding: general path trims
  EXPECT_EQ(value(v), 42.0);
  ASSERT_EQ(parse_metric_cell("12345678901234567890", v), 1);  // 20 digits: more than the fast path holds
  EXPECT_EQ(value(v), 12345678901234567890.0);
  ASSERT_EQ(parse_metric_cell("1.2345678901234567", v), 1);  // 17 significant digits
  EXPECT_EQ(value(v), 1.2345678901234567);
  for (const char* s : {"12a", "1.2.3", "0x10", "--1", "1,5"}) EXPECT_EQ(parse_metric_cell(s, v), -1) << s;
}

TEST(SmallInt, DigitsAndFallbacks) {
  EXPECT_EQ(parse_small_int("12"), 12);
  EXPECT_EQ(parse_small_int("000000000000000001"), 1);          // 18 digits: fast path
  EXPECT_EQ(parse_small_int("1234567890123456789"), 1234567890123456789LL);  // 19 digits: from_chars
  EXPECT_EQ(parse_small_int("-3"), -3);
  EXPECT_EQ(parse_small_int("+7"), 7);
  EXPECT_EQ(parse_small_int(" 5\t"), 5);
  EXPECT_FALSE(parse_small_int(""));
  EXPECT_FALSE(parse_small_int("N/A"));
  EXPECT_FALSE(parse_small_int("1x"));
  EXPECT_FALSE(parse_small_int("99999999999999999999"));  // beyond int64
}

TEST(MicrosecondsToNs, ExtraFractionDigitsRoundOnceOnTheFirstDroppedDigit) {
  // Wait Time(us) is printed with 6 decimals ("%.6f"): digits past the ns decide rounding only.
  EXPECT_EQ(*parse_us_to_ns("0.250000"), 250);
  EXPECT_EQ(*parse_us_to_ns("0.0004999"), 0);
  EXPECT_EQ(*parse_us_to_ns("0.0005"), 1);  // half: away from zero
  EXPECT_EQ(*parse_us_to_ns("1.2345\t"), 1235);
  EXPECT_EQ(*parse_us_to_ns("1.234999999999999999999"), 1235);
  EXPECT_EQ(*parse_us_to_ns("17647.5\t"), 17647500);
  EXPECT_EQ(*parse_us_to_ns("1764246877073569.640\t"), 1764246877073569640LL);  // 19 significant digits
  EXPECT_EQ(*parse_us_to_ns("9223372036854775.807"), INT64_MAX);
  EXPECT_FALSE(parse_us_to_ns("9223372036854775.808"));    // one ns past int64
  EXPECT_FALSE(parse_us_to_ns("9223372036854775.8075"));   // rounds past int64
  EXPECT_FALSE(parse_us_to_ns("1.23x"));
  EXPECT_FALSE(parse_us_to_ns("1.2345x"));
}

namespace {
std::optional<std::int64_t> us_padded(std::string_view s) {
  std::string buf(s);
  buf.append(kFieldPadding + 8, '7');  // digits after the field: a read past its end would show
  return parse_us_to_ns_padded(std::string_view(buf.data(), s.size()));
}
}  // namespace

TEST(MicrosecondsToNsPadded, AscendTimestampsAndRounding) {
  // Expected values: the decimal text shifted by three digits (µs -> ns), rounded half away from zero.
  EXPECT_EQ(*us_padded("1764246877074302.390\t"), 1764246877074302390LL);  // 19 significant digits
  EXPECT_EQ(*us_padded("36.184"), 36184);
  EXPECT_EQ(*us_padded("732.750000"), 732750);  // Wait Time's 6 decimals
  EXPECT_EQ(*us_padded("0.0005"), 1);
  EXPECT_EQ(*us_padded("0.0004999"), 0);
  EXPECT_EQ(*us_padded("12."), 12000);
  EXPECT_EQ(*us_padded("9223372036854775.807"), INT64_MAX);
  EXPECT_FALSE(us_padded("9223372036854775.808"));
  EXPECT_FALSE(us_padded("N/A"));
  EXPECT_FALSE(us_padded(""));
  EXPECT_FALSE(us_padded("1.2.3"));
  EXPECT_EQ(*us_padded("-1.5"), -1500);  // a sign: the general parser
}

namespace {
// Seeded xorshift64 text generator for the differential tests: mostly digit runs with dots (the
// shapes the fast paths take), else any mix of `alphabet` (the shapes they must hand back).
struct RandomNumericText {
  std::uint64_t x;
  std::uint64_t next() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  }
  // Up to max_len - 1 characters; in digit runs a '.' appears with probability 1/dot_every, never first
  // when leading_dot is false.
  std::string text(std::string_view alphabet, std::size_t max_len, unsigned dot_every, bool leading_dot) {
    std::string s;
    const std::size_t n = next() % max_len;
    const bool digits_only = next() % 3 != 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t r = next();
      const bool dot = (leading_dot || i > 0) && r % dot_every == 0;
      s += digits_only ? (dot ? '.' : static_cast<char>('0' + r % 10)) : alphabet[r % alphabet.size()];
    }
    return s;
  }
};
}  // namespace

TEST(MicrosecondsToNsPadded, AgreesWithTheScalarParserOnEveryShape) {
  RandomNumericText gen{0x9E3779B97F4A7C15ull};  // fixed seed
  for (int t = 0; t < 200000; ++t) {
    std::string s = gen.text("0123456789.-+ \teE", 34, 11, false);
    if (gen.next() % 4 == 0) s += gen.next() % 2 ? "\t" : " \r";
    ASSERT_EQ(parse_us_to_ns(s), us_padded(s)) << '"' << s << '"';
  }
}

namespace {
// A metric cell parsed with a digit-filled tail after the field, so a read past its end would show.
int cell_padded(std::string_view s, MetricCell& out) {
  std::string buf(s);
  buf.append(kFieldPadding + 8, '7');
  return parse_metric_cell_padded(std::string_view(buf.data(), s.size()), out);
}
}  // namespace

TEST(MetricCellPadded, AscendPmuShapesKeepTheDecimalsWritten) {
  // Expected cells: the digits as written (mantissa) and the count after the '.', from the text.
  MetricCell v;
  ASSERT_EQ(cell_padded("0.064", v), 1);  // aic_mac_ratio in the samples
  EXPECT_EQ(v.state, MetricCell::kDecimal);
  EXPECT_EQ(v.mantissa, 64);
  EXPECT_EQ(v.digits, 3);
  ASSERT_EQ(cell_padded("1453728", v), 1);  // aic_total_cycles
  EXPECT_EQ(v.mantissa, 1453728);
  EXPECT_EQ(v.digits, 0);
  ASSERT_EQ(cell_padded("1234567.87654321", v), 1);  // 16 bytes, 15 digits: the widest fast shape
  EXPECT_EQ(v.mantissa, 123456787654321);
  EXPECT_EQ(v.digits, 8);
  ASSERT_EQ(cell_padded("12345678.87654321", v), 1);  // 16 digits: more than a decimal cell holds
  EXPECT_EQ(v.state, MetricCell::kRaw);
  ASSERT_EQ(cell_padded("12.", v), 1);
  EXPECT_EQ(v.mantissa, 12);
  EXPECT_EQ(v.digits, 0);
  EXPECT_EQ(cell_padded("N/A", v), 0);
  EXPECT_EQ(cell_padded("", v), 0);
  EXPECT_EQ(cell_padded("1.2.3", v), -1);
  EXPECT_EQ(cell_padded("12a", v), -1);
}

TEST(MetricCellPadded, AgreesWithTheScalarParserOnEveryShape) {
  RandomNumericText gen{0xD1B54A32D192ED03ull};  // fixed seed
  for (int t = 0; t < 200000; ++t) {
    std::string s = gen.text("0123456789.-+ \teEN/A", 22, 9, true);
    if (gen.next() % 8 == 0) s = std::string(1, '-') + s;
    MetricCell a{-7, 9, MetricCell::kRaw}, b = a;
    const int ra = parse_metric_cell(s, a), rb = cell_padded(s, b);
    ASSERT_EQ(ra, rb) << '"' << s << '"';
    ASSERT_EQ(a.state, b.state) << '"' << s << '"';
    ASSERT_EQ(a.mantissa, b.mantissa) << '"' << s << '"';
    ASSERT_EQ(a.digits, b.digits) << '"' << s << '"';
  }
}
