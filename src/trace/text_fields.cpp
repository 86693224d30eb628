#include "trace/text_fields.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

namespace llmsa::trace {

namespace {

constexpr std::int64_t kMaxI64 = INT64_MAX;

// Exact decimal to integer nanoseconds for a value in a unit of 10^exp10 ns (µs: 3, ms: 6).
std::optional<std::int64_t> parse_decimal_scaled(std::string_view s, int exp10) {
  s = trim_field(s);
  if (s.empty()) return std::nullopt;
  bool neg = false;
  if (s.front() == '-' || s.front() == '+') {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  // Exponent notation (rare; some writers print 1e-05): go through double, it has few digits.
  if (s.find_first_of("eE") != std::string_view::npos) {
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    double scale = exp10 == 3 ? 1e3 : exp10 == 6 ? 1e6 : 1.0;
    auto r = double_to_ns(v, scale);
    if (!r) return std::nullopt;
    return neg ? -*r : *r;
  }
  std::size_t i = 0;
  unsigned __int128 acc = 0;
  std::size_t int_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    acc = acc * 10 + static_cast<unsigned>(s[i] - '0');
    if (acc > (static_cast<unsigned __int128>(1) << 100)) return std::nullopt;
    ++i;
    ++int_digits;
  }
  std::size_t frac_digits = 0;
  int round_digit = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      int d = s[i] - '0';
      if (static_cast<int>(frac_digits) < exp10) {
        acc = acc * 10 + static_cast<unsigned>(d);
      } else if (static_cast<int>(frac_digits) == exp10) {
        round_digit = d;
      }
      ++frac_digits;
      ++i;
    }
  }
  if (i != s.size() || (int_digits == 0 && frac_digits == 0)) return std::nullopt;
  for (int k = static_cast<int>(frac_digits); k < exp10; ++k) acc *= 10;
  if (round_digit >= 5) acc += 1;
  if (acc > static_cast<unsigned __int128>(kMaxI64)) return std::nullopt;
  auto v = static_cast<std::int64_t>(acc);
  return neg ? -v : v;
}

}  // namespace

std::optional<std::int64_t> parse_us_to_ns(std::string_view s) {
  // Fast path for the common shape "1736408883704643.212<TAB>": up to 18 digits after scaling fit
  // in uint64 without overflow checks. Everything else goes through the general exact parser.
  const char* p = s.data();
  const char* e = p + s.size();
  while (e > p && (e[-1] == '\t' || e[-1] == ' ' || e[-1] == '\r')) --e;
  if (p < e && static_cast<unsigned>(*p - '0') < 10) {
    std::uint64_t m = 0;
    const char* ds = p;
    while (p < e && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
    std::size_t digits = static_cast<std::size_t>(p - ds), frac = 0;
    bool round_up = false;
    if (p < e && *p == '.') {
      ++p;
      while (p < e && frac < 3 && static_cast<unsigned>(*p - '0') < 10) {
        m = m * 10 + static_cast<unsigned>(*p++ - '0');
        ++frac;
      }
      // Digits past the nanosecond: the first one decides the rounding (as in parse_decimal_scaled:
      // exact truncation, then half away from zero on that one digit), the rest only have to be digits.
      if (frac == 3 && p < e && static_cast<unsigned>(*p - '0') < 10) {
        round_up = *p >= '5';
        while (p < e && static_cast<unsigned>(*p - '0') < 10) ++p;
      }
    }
    // <= 16 integer digits + 3 fraction digits < 10^19 < 2^64 (+1 for rounding still < 2^64); then it
    // must also fit int64. "." alone or "1." with no digits at all are left to the general parser.
    if (p == e && digits <= 16 && digits + frac > 0) {
      for (; frac < 3; ++frac) m *= 10;
      m += round_up;
      if (m <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(m);
    }
  }
  return parse_decimal_scaled(s, 3);
}
std::optional<std::int64_t> parse_ms_to_ns(std::string_view s) { return parse_decimal_scaled(s, 6); }

std::optional<double> parse_double_field(std::string_view s) {
  s = trim_field(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> parse_int_field(std::string_view s) {
  s = trim_field(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::int64_t> double_to_ns(double v, double ns_per_unit) {
  if (!std::isfinite(v)) return std::nullopt;
  double ns = std::round(v * ns_per_unit);
  if (ns >= 9.2e18 || ns <= -9.2e18) return std::nullopt;
  return static_cast<std::int64_t>(ns);
}

std::optional<std::int64_t> double_us_to_ns(double v) {
  if (!std::isfinite(v) || v >= 9.2e15 || v <= -9.2e15) return std::nullopt;
  double ip = std::trunc(v);
  double frac = v - ip;  // exact: same binade
  return static_cast<std::int64_t>(ip) * 1000 + static_cast<std::int64_t>(std::llround(frac * 1000.0));
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    if (end - p <= n) return false;
    for (int k = 1; k <= n; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += n + 1;
  }
  return true;
}

}  // namespace llmsa::trace

