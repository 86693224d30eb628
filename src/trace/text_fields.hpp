#pragma once
// Field-level parsing shared by the readers: trimming, the "N/A means missing" rule, and exact
// decimal-microsecond to integer-nanosecond conversion.
//
// Why exact: Ascend start times such as 1764246877073569.640 (µs since the epoch) have 19
// significant digits; a double holds ~16, so parsing through double moves events by up to
// ~0.25 µs and breaks ordering of back-to-back tasks. We parse integer and fraction digits
// separately and round to the nearest nanosecond exactly once.
#include <emmintrin.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "trace/metric_column.hpp"

namespace llmsa::trace {

// Strips spaces, tabs, CR and LF at both ends (Ascend appends a TAB to timestamps). Inline: it runs
// on several fields of every row.
inline std::string_view trim_field(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

// Empty, "N/A", "NA", "None" or "-" after trimming: the value was not measured. Never zero.
inline bool is_missing_field(std::string_view s) {
  s = trim_field(s);
  return s.empty() || s == "N/A" || s == "NA" || s == "n/a" || s == "None" || s == "-";
}

// Decimal µs (optionally signed, optional fraction of any length, optional exponent) to ns,
// rounded half away from zero once. nullopt when not a number or outside int64 ns.
std::optional<std::int64_t> parse_us_to_ns(std::string_view s);

// Same for values in ms (communication.json) and in ns (already integral).
std::optional<std::int64_t> parse_ms_to_ns(std::string_view s);

std::optional<double> parse_double_field(std::string_view s);
std::optional<std::int64_t> parse_int_field(std::string_view s);

// µs held in a double (JSON numbers such as 1695054582608213.0) to ns without the rounding error of
// v * 1000 above 2^53: integer and fractional parts are scaled separately.
std::optional<std::int64_t> double_us_to_ns(double v);

// Converts a finite double in the given unit to ns, nullopt when not finite or out of range.
std::optional<std::int64_t> double_to_ns(double v, double ns_per_unit);

// True when `s` is well-formed UTF-8. ASCII-only input is checked 8 bytes at a time.
bool is_valid_utf8(std::string_view s);

}  // namespace llmsa::trace

namespace llmsa::trace {
// Fast path for plain decimals ([-]digits[.digits], <= 15 significant digits): exact mantissa
// divided by an exact power of ten, so correctly rounded; falls back to from_chars otherwise.
// Inline: it runs for every PMU cell (25 per kernel_details row).
inline std::optional<double> parse_decimal_fast(std::string_view s) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char* p = s.data();
  const char* e = p + s.size();
  while (p < e && (*p == ' ' || *p == '\t')) ++p;
  while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) --e;
  if (p == e) return std::nullopt;
  const char* b = p;
  const bool neg = *p == '-';
  p += neg;
  std::uint64_t m = 0;
  const char* ds = p;
  while (p < e && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
  std::size_t digits = static_cast<std::size_t>(p - ds), frac = 0;
  if (p < e && *p == '.') {
    const char* fs = ++p;
    while (p < e && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
    frac = static_cast<std::size_t>(p - fs);
  }
  // Exact mantissa (<= 15 digits < 2^53) over an exact power of ten: one correctly rounded division.
  // Anything else (exponents, long mantissas, junk) takes the general path.
  if (p != e || digits + frac == 0 || digits + frac > 15)
    return parse_double_field(std::string_view(b, static_cast<std::size_t>(e - b)));
  const double v = static_cast<double>(m) / kPow10[frac];
  return neg ? -v : v;
}

// One PMU cell: 1 with the value in `out`, 0 when not measured (N/A, blank, "-"), -1 when not a
// number. The common shape ([-]digits with an optional fraction, <= 15 digits) becomes the exact
// decimal it is written as (mantissa and fraction digits), without trimming; anything else (padding,
// exponents, longer digit strings) goes through parse_decimal_fast and is kept as that double.
inline int parse_metric_cell(std::string_view f, MetricCell& out) {
  const char* p = f.data();
  const char* e = p + f.size();
  const bool neg = p != e && *p == '-';
  p += neg;
  if (p != e && static_cast<unsigned>(*p - '0') < 10) {
    std::uint64_t m = 0;
    const char* s = p;
    while (p < e && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
    std::size_t digits = static_cast<std::size_t>(p - s), frac = 0;
    if (p < e && *p == '.') {
      const char* fs = ++p;
      while (p < e && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
      frac = static_cast<std::size_t>(p - fs);
    }
    // -0 keeps its sign only as a double: it takes the general path.
    if (p == e && digits + frac <= 15 && !(neg && m == 0)) {
      const auto sm = static_cast<std::int64_t>(m);  // < 10^15
      out = MetricCell{neg ? -sm : sm, static_cast<std::uint8_t>(frac), MetricCell::kDecimal};
      return 1;
    }
  }
  if ((f.size() == 3 && f[0] == 'N' && f[1] == '/' && f[2] == 'A') || is_missing_field(f)) return 0;
  const auto v = parse_decimal_fast(f);
  if (!v) return -1;
  std::int64_t bits;
  std::memcpy(&bits, &*v, sizeof bits);
  out = MetricCell{bits, 0, MetricCell::kRaw};
  return 1;
}

// A small integer field (Step Id, Stream ID, Device_id): plain digits take a direct path, anything
// else (sign, spaces, overflow) goes through parse_int_field.
inline std::optional<std::int64_t> parse_small_int(std::string_view f) {
  if (!f.empty() && f.size() <= 18) {
    std::int64_t v = 0;
    std::size_t i = 0;
    for (; i < f.size() && static_cast<unsigned>(f[i] - '0') < 10; ++i) v = v * 10 + (f[i] - '0');
    if (i == f.size()) return v;
  }
  return parse_int_field(f);
}
}  // namespace llmsa::trace

namespace llmsa::trace {
// Eight ASCII digits at p (p[0] most significant) with only the first k (1..8) kept, as a number:
// the bytes after the k digits are shifted out and zeros shifted in as leading digits. Three
// multiply-shift steps combine digit pairs, then pairs of pairs, then the two halves (SWAR).
inline std::uint64_t swar_digits_word(std::uint64_t x, unsigned k) {
  x = (x - 0x3030303030303030ull) << (8 * (8 - k));
  x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFull;
  x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFull;
  return (x * 10000 + (x >> 32)) & 0xFFFFFFFFull;
}
inline std::uint64_t swar_digits(const char* p, unsigned k) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return swar_digits_word(x, k);
}

// Fields with this many readable bytes from their first byte may use the *_padded parsers, which
// load whole 16-byte blocks instead of testing each byte.
inline constexpr std::size_t kFieldPadding = 32;
}  // namespace llmsa::trace

namespace llmsa::trace {
// parse_us_to_ns for a field with at least kFieldPadding readable bytes after its start (inside
// a mapped file, not at its end). The usual shape (digits, an optional fraction, trailing blanks;
// at most 16 integer digits and 31 bytes) is checked with two 16-byte compares and converted with
// SWAR digit blocks; anything else goes to parse_us_to_ns. Same results as parse_us_to_ns.
inline std::optional<std::int64_t> parse_us_to_ns_padded(std::string_view s) {
  const char* p = s.data();
  std::size_t n = s.size();
  while (n > 0 && (p[n - 1] == '\t' || p[n - 1] == ' ' || p[n - 1] == '\r')) --n;
  if (n - 1 < 31) {  // 1..31 bytes
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9), dotc = _mm_set1_epi8('.');
    const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    const __m128i t0 = _mm_sub_epi8(v0, zero), t1 = _mm_sub_epi8(v1, zero);
    const auto len = static_cast<std::uint32_t>((std::uint64_t{1} << n) - 1);
    const std::uint32_t dig =
        (static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t0, nine), t0))) |
         static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t1, nine), t1))) << 16) & len;
    const std::uint32_t dot = (static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v0, dotc))) |
                               static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v1, dotc))) << 16) & len;
    if ((dig | dot) == len && (dot & (dot - 1)) == 0 && (dig & 1u)) {
      const unsigned k = dot ? static_cast<unsigned>(__builtin_ctz(dot)) : static_cast<unsigned>(n);  // integer digits
      if (k <= 16) {
        std::uint64_t m = k <= 8 ? swar_digits(p, k) : swar_digits(p, k - 8) * 100000000ull + swar_digits(p + k - 8, 8);
        const unsigned frac = dot ? static_cast<unsigned>(n) - k - 1 : 0u;
        static constexpr std::uint64_t kScale[] = {1000, 100, 10, 1};
        const unsigned used = frac < 3 ? frac : 3u;
        m = m * 1000 + (used ? swar_digits(p + k + 1, used) * kScale[used] : 0);
        // The first digit past the nanosecond decides the rounding (half away from zero).
        if (frac > 3) m += p[k + 4] >= '5';
        if (m <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(m);
      }
    }
  }
  return parse_us_to_ns(s);
}
}  // namespace llmsa::trace

namespace llmsa::trace {
// parse_metric_cell for a field with at least kFieldPadding readable bytes after its start. The
// usual PMU shapes ("0.123", "33.651", "1453728": 1..16 bytes, digits with at most one '.', the
// first byte a digit, at most 8 digits on each side) are recognised with one 16-byte compare and
// converted with SWAR digit blocks; anything else (sign, blanks, N/A, longer digit strings) goes to
// parse_metric_cell. Same cells as parse_metric_cell.
inline int parse_metric_cell_padded(std::string_view f, MetricCell& out) {
  const std::size_t n = f.size();
  if (n - 1 < 16) {  // 1..16 bytes
    const char* p = f.data();
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i t = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    const auto len = static_cast<std::uint32_t>((1u << n) - 1);
    const auto dig =
        static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(9)), t))) & len;
    const std::uint32_t dot = len & ~dig;  // the bytes that are not digits: accepted when one '.'
    const unsigned k = dot ? static_cast<unsigned>(__builtin_ctz(dot)) : static_cast<unsigned>(n);  // integer digits
    const unsigned frac = dot ? static_cast<unsigned>(n) - k - 1 : 0u;
    if ((dig & 1u) && (dot & (dot - 1)) == 0 && (!dot || p[k] == '.') && k <= 8 && frac <= 8) {
      static constexpr std::int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
      std::uint64_t m;
      if (k + frac <= 8) {
        // At most 8 digits: the bytes before the '.' and the bytes after it (loaded one byte later)
        // merged into one word of digits, converted once.
        std::uint64_t x0, x1;
        std::memcpy(&x0, p, 8);
        std::memcpy(&x1, p + 1, 8);
        const std::uint64_t low = k >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * k)) - 1;
        m = swar_digits_word((x0 & low) | (x1 & ~low), k + frac);
      } else {
        m = swar_digits(p, k);
        if (frac) m = m * static_cast<std::uint64_t>(kPow10[frac]) + swar_digits(p + k + 1, frac);
      }
      out = MetricCell{static_cast<std::int64_t>(m), static_cast<std::uint8_t>(frac), MetricCell::kDecimal};
      return 1;
    }
  }
  return parse_metric_cell(f, out);
}
}  // namespace llmsa::trace
