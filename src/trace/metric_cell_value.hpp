#pragma once
// How a stored metric cell turns back into its double, shared by random access (MetricColumn::at,
// metric_column.cpp) and block decoding (metric_column_decode.cpp) so both give the same bits.
#include <cstdint>
#include <cstring>

#include "trace/metric_column.hpp"

namespace llmsa::trace::metric_detail {

inline constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

inline double bits_to_double(std::int64_t b) {
  double v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

// The value a cell stands for: a decimal is divided once by an exact power of ten (|M| <= 2^53,
// so both operands are exact and the quotient is correctly rounded).
inline double value_of(const MetricCell& c) {
  switch (c.state) {
    case MetricCell::kDecimal: return static_cast<double>(c.mantissa) / kPow10[c.digits];
    case MetricCell::kRaw: return bits_to_double(c.mantissa);
    case MetricCell::kAbsent: break;
  }
  return 0.0;
}

// Cell j of a packed block: `bits` wide, at bit j * bits of the block's words.
inline std::uint64_t extract(const std::uint64_t* w, unsigned bits, std::size_t j) {
  if (bits == 0) return 0;
  const std::size_t pos = j * bits;
  const std::size_t k = pos >> 6;
  const unsigned off = static_cast<unsigned>(pos & 63);
  std::uint64_t v = w[k] >> off;
  if (off + bits > 64) v |= w[k + 1] << (64 - off);
  return bits < 64 ? v & ((std::uint64_t{1} << bits) - 1) : v;
}

}  // namespace llmsa::trace::metric_detail
