#pragma once
// Exact conversion of Chrome-trace microsecond numbers ("1712195495520883.017", "92.804", "5e2")
// to integer nanoseconds. Epoch timestamps in µs with three decimals need 19 significant digits,
// more than a double holds, so the number is read from its decimal text and rounded once.
#include <cstdint>
#include <string_view>

namespace llmsa::trace::kineto {

// Parses `text` (a JSON number, optionally surrounded by whitespace) as microseconds and stores
// round-half-away-from-zero(text * 1000) in `ns`. Returns false for text that is not a number or
// whose value does not fit in int64 nanoseconds.
bool parse_us_as_ns(std::string_view text, std::int64_t& ns);

// Parses a JSON integer (optionally signed, surrounded by whitespace). False if not an integer
// or out of int64 range.
bool parse_int64(std::string_view text, std::int64_t& value);

}  // namespace llmsa::trace::kineto
