// Block-at-a-time decoding of a MetricColumn, for passes that walk events in order (operator
// summary, pipeline totals): one block lookup, one base read and a running bit cursor per 64
// events, where at(i) repeats all three for every cell. Kept apart from the encoder so that the
// two evolve separately; the value of a cell follows MetricColumn::at exactly.
#include <algorithm>
#include <cstring>

#include "trace/metric_column.hpp"

namespace llmsa::trace {

namespace {

constexpr double kDecodePow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

double decode_bits_to_double(std::uint64_t b) {
  double v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

// The same value at(i) gives for one parsed cell (see value_of in metric_column.cpp).
double decode_cell_value(const MetricCell& c) {
  switch (c.state) {
    case MetricCell::kDecimal: return static_cast<double>(c.mantissa) / kDecodePow10[c.digits];
    case MetricCell::kRaw: return decode_bits_to_double(static_cast<std::uint64_t>(c.mantissa));
    case MetricCell::kAbsent: break;
  }
  return 0.0;
}

}  // namespace

std::uint64_t MetricColumn::decode_block(std::size_t b, double* out) const {
  const std::size_t first = b << 6;
  const std::size_t n = std::min<std::size_t>(64, size() - first);
  const std::uint64_t present = present_.word(b);
  if (is_plain_) {
    for (std::size_t j = 0; j < n; ++j) out[j] = (present >> j) & 1u ? plain_[first + j] : 0.0;
    return present;
  }
  if (b >= blocks_.size()) {  // the unencoded tail
    for (std::size_t j = 0; j < n; ++j) out[j] = (present >> j) & 1u ? decode_cell_value(tail_[j]) : 0.0;
    return present;
  }
  const Block& h = blocks_[b];
  if (present == 0) {
    std::fill(out, out + n, 0.0);
    return present;
  }
  const std::uint64_t* w = h.bits == 0 ? nullptr : block_words(h);
  const unsigned bits = h.bits;
  const std::uint64_t mask = bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  // Cell j sits at bit j * bits of the block's words (the same layout extract() reads).
  auto raw_at = [&](std::size_t j) -> std::uint64_t {
    if (bits == 0) return 0;
    const std::size_t pos = j * bits;
    const std::size_t k = pos >> 6;
    const unsigned off = static_cast<unsigned>(pos & 63);
    std::uint64_t v = w[k] >> off;
    if (off + bits > 64) v |= w[k + 1] << (64 - off);
    return v & mask;
  };
  if (h.digits == kRawDigits) {
    for (std::size_t j = 0; j < n; ++j) out[j] = (present >> j) & 1u ? decode_bits_to_double(raw_at(j)) : 0.0;
    return present;
  }
  const std::uint32_t bw = h.word - 1;  // the base word, just before the packed cells
  const std::int64_t base =
      h.has_base ? static_cast<std::int64_t>(chunks_[bw >> kChunkShift][bw & (kChunkWords - 1)]) : 0;
  const double scale = kDecodePow10[h.digits];
  for (std::size_t j = 0; j < n; ++j)
    out[j] = (present >> j) & 1u ? static_cast<double>(base + static_cast<std::int64_t>(raw_at(j))) / scale : 0.0;
  return present;
}

}  // namespace llmsa::trace
