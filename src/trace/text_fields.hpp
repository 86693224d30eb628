#pragma once
// Field-level parsing shared by the readers: trimming, the "N/A means missing" rule, and exact
// decimal-microsecond to integer-nanosecond conversion.
//
// Why exact: Ascend start times such as 1764246877073569.640 (µs since the epoch) have 19
// significant digits; a double holds ~16, so parsing through double moves events by up to
// ~0.25 µs and breaks ordering of back-to-back tasks. We parse integer and fraction digits
// separately and round to the nearest nanosecond exactly once.
#include <cstdint>
#include <optional>
#include <string_view>

namespace llmsa::trace {

// Strips spaces, tabs, CR and LF at both ends (Ascend appends a TAB to timestamps).
std::string_view trim_field(std::string_view s);

// Empty, "N/A", "NA", "None" or "-" after trimming: the value was not measured. Never zero.
bool is_missing_field(std::string_view s);

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
// Fast path for plain decimals ([-]digits[.digits], <= 19 significant digits): exact mantissa
// divided by an exact power of ten, so correctly rounded; falls back to from_chars otherwise.
std::optional<double> parse_decimal_fast(std::string_view s);
}  // namespace llmsa::trace
