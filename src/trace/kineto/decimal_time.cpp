#include "trace/kineto/decimal_time.hpp"

#include <cstring>
#include <limits>

namespace llmsa::trace::kineto {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The value of the eight ASCII digits at p (little-endian host), or false when a byte is not a
// digit. SWAR: a byte is a digit when its high nibble is 3 and adding 6 does not carry past 9.
bool eight_digits(const char* p, std::uint64_t& value) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  if ((((w & 0xF0F0F0F0F0F0F0F0ull) | (((w + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4))) !=
      0x3333333333333333ull)
    return false;
  w -= 0x3030303030303030ull;
  w = (w * 10) + (w >> 8);  // pairs of digits
  w = (((w & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
       (((w >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
  value = w;
  return true;
}

}  // namespace

bool parse_int64(std::string_view text, std::int64_t& value) {
  // The reader passes tokens without surrounding space: trim only when there is some.
  if (!text.empty() && (is_space(text.front()) || is_space(text.back()))) text = trim(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 19) return false;
  std::uint64_t v = 0;
  for (char c : text) {
    if (!is_digit(c)) return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (v > kMax + (negative ? 1 : 0)) return false;
  value = negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
  return true;
}

// The common case in Kineto traces: unsigned, at most 3 decimals, no exponent, and at most 19
// digits in all, so that the value (µs × 1000) fits in a uint64 before the int64 range check.
// Epoch timestamps are 16 integer digits ("1712195495001200.640"). Exact by construction;
// anything else takes the general path.
bool parse_us_as_ns_fast(std::string_view text, std::int64_t& ns) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  std::uint64_t v = 0;
  // Epoch µs have 16 integer digits: eight at a time while a whole word of digits lies inside the
  // text (never a byte past it), then one at a time.
  std::uint64_t eight = 0;
  while (i + 8 <= n && i < 16 && eight_digits(text.data() + i, eight)) {
    v = v * 100000000u + eight;
    i += 8;
  }
  while (i < n && is_digit(text[i])) v = v * 10 + static_cast<std::uint64_t>(text[i++] - '0');
  if (i == 0 || i > 16) return false;
  int decimals = 0;
  if (i < n) {
    if (text[i] != '.') return false;
    ++i;
    while (i < n && is_digit(text[i]) && decimals < 3) {
      v = v * 10 + static_cast<std::uint64_t>(text[i++] - '0');
      ++decimals;
    }
    if (i != n || decimals == 0) return false;
  }
  for (; decimals < 3; ++decimals) v *= 10;
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
  ns = static_cast<std::int64_t>(v);
  return true;
}

bool parse_us_as_ns(std::string_view text, std::int64_t& ns) {
  // The reader passes number tokens without surrounding space: trim only when there is some.
  if (!text.empty() && (is_space(text.front()) || is_space(text.back()))) text = trim(text);
  if (parse_us_as_ns_fast(text, ns)) return true;
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  // Collect the significant digits and where the decimal point falls among them.
  // value = 0.d1 d2 d3 ... * 10^point (all in µs).
  char digits[40];
  int ndigits = 0;
  int point = 0;  // number of digits before the decimal point (after exponent adjustment)
  bool seen_dot = false;
  bool any_digit = false;
  bool overflowed_digits = false;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (is_digit(c)) {
      any_digit = true;
      if (ndigits == 0 && c == '0') {  // leading zeros carry no significance
        if (seen_dot) --point;
        continue;
      }
      if (ndigits < static_cast<int>(sizeof digits)) {
        digits[ndigits++] = c;
      } else if (c != '0') {
        overflowed_digits = true;  // beyond 40 significant digits: only matters for rounding ties
      }
      if (!seen_dot) ++point;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      break;
    }
  }
  if (!any_digit) return false;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return false;
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i >= text.size()) return false;
    int exp = 0;
    for (; i < text.size(); ++i) {
      if (!is_digit(text[i])) return false;
      if (exp < 100000) exp = exp * 10 + (text[i] - '0');
    }
    point += exp_negative ? -exp : exp;
  }
  if (ndigits == 0) {
    ns = 0;
    return true;
  }
  // Nanoseconds = value * 1000: the decimal point moves three places right.
  const int int_digits = point + 3;
  if (int_digits > 19) return false;
  std::uint64_t v = 0;
  for (int d = 0; d < int_digits; ++d) {
    const int digit = d < ndigits ? digits[d] - '0' : 0;
    v = v * 10 + static_cast<std::uint64_t>(digit);
  }
  // Round half away from zero on the first dropped digit.
  const int first_dropped = int_digits < 0 ? -1 : int_digits;
  if (first_dropped >= 0 && first_dropped < ndigits && digits[first_dropped] >= '5') ++v;
  (void)overflowed_digits;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (v > kMax) return false;
  ns = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
  return true;
}

}  // namespace llmsa::trace::kineto
