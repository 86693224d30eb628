#pragma once
// Text helpers shared by the human-facing renderers (report.md, report.xlsx, trace.json): unit
// conversion at the edge (the library keeps int64 ns), fixed-precision number text, Markdown-safe table
// cells and evidence-id lists. Formatting only: no metric is computed here (ARCHITECTURE.md).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::report {

inline double ns_to_ms(std::int64_t ns) { return static_cast<double>(ns) / 1e6; }
inline double ns_to_us(std::int64_t ns) { return static_cast<double>(ns) / 1e3; }

// "12.345" (3 decimals); "-" for a value that is not finite.
std::string fixed3(double v);
// "42.0%" of a share in [0, 1]; "-" for a value that is not finite.
std::string percent(double share);
// share = part / whole, 0 when whole is 0 (display only).
double share_of(std::int64_t part, std::int64_t whole);

// Exact decimal microseconds of an int64 ns value, no float rounding: 1234567 -> "1234.567".
std::string exact_us(std::int64_t ns);
// The same digits written at `p`, which has room for kExactUsMaxChars; returns the end. The one
// formatter behind exact_us, append_exact_us and TextAppender::put_exact_us (per-event hot loops).
inline constexpr std::size_t kExactUsMaxChars = 25;  // '-', 16 integer digits of INT64_MIN / 1000, '.', 3
inline char* write_exact_us(char* p, std::int64_t ns) {
  std::uint64_t mag = static_cast<std::uint64_t>(ns);
  if (ns < 0) {
    *p++ = '-';
    mag = 0ull - mag;
  }
  p = std::to_chars(p, p + 20, mag / 1000).ptr;
  const auto frac = static_cast<unsigned>(mag % 1000);
  p[0] = '.';
  p[1] = static_cast<char>('0' + frac / 100);
  p[2] = static_cast<char>('0' + frac / 10 % 10);
  p[3] = static_cast<char>('0' + frac % 10);
  return p + 4;
}
// The same, appended to `out` without a temporary (hot loops of the streaming writers).
void append_exact_us(std::string& out, std::int64_t ns);
// Decimal integer appended to `out`.
void append_int(std::string& out, std::int64_t v);

// A Markdown table cell: '|' escaped, newlines and tabs turned into spaces, '<' '>' '&' as entities so
// a kernel named "<img src=x onerror=...>" stays text in any Markdown viewer, and backticks escaped.
std::string md_cell(std::string_view s);
// md_cell of a long name (C++ kernel signatures run to thousands of characters), cut to `max`
// characters with "…" appended; report.xlsx keeps the full name.
std::string md_name(std::string_view s, std::size_t max = 90);
// Inline code span for identifiers (evidence ids, finding ids): `ev-...`.
std::string md_code(std::string_view s);
// "`ev-a`, `ev-b` (+3 more)" with at most `max` ids shown; "none" when empty.
std::string md_ids(std::span<const std::string> ids, std::size_t max = 4);

// Valid UTF-8 copy of `s`: every invalid byte becomes U+FFFD, so writers that require UTF-8 (XLSX XML,
// JSON) never fail on a trace name with stray bytes.
std::string valid_utf8(std::string_view s);

// Last path component of a '/' or '\\' separated path.
std::string_view base_name(std::string_view path);

}  // namespace llmsa::report
