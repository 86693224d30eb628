// Block-at-a-time decoding of a MetricColumn, for passes that walk events in order (operator
// summary, pipeline totals): one block lookup, one base read and a running bit cursor per 64
// events, where at(i) repeats all three for every cell. Kept apart from the encoder so that the
// two evolve separately; the value of a cell follows MetricColumn::at exactly.
#include <algorithm>
#include <cstring>

#include "trace/metric_cell_value.hpp"
#include "trace/metric_column.hpp"

namespace llmsa::trace {

using metric_detail::bits_to_double;
using metric_detail::extract;
using metric_detail::kPow10;
using metric_detail::value_of;

std::uint64_t MetricColumn::decode_block(std::size_t b, double* out) const {
  const std::size_t first = b << 6;
  const std::size_t n = std::min<std::size_t>(64, size() - first);
  const std::uint64_t present = present_.word(b);
  if (is_plain_) {
    for (std::size_t j = 0; j < n; ++j) out[j] = (present >> j) & 1u ? plain_[first + j] : 0.0;
    return present;
  }
  if (b >= blocks_.size()) {  // the unencoded tail
    for (std::size_t j = 0; j < n; ++j) out[j] = (present >> j) & 1u ? value_of(tail_[j]) : 0.0;
    return present;
  }
  const Block& h = blocks_[b];
  if (present == 0) {
    std::fill(out, out + n, 0.0);
    return present;
  }
  const std::uint64_t* w = h.bits == 0 ? nullptr : block_words(h);
  const unsigned bits = h.bits;
  if (h.digits == kRawDigits) {
    for (std::size_t j = 0; j < n; ++j)
      out[j] = (present >> j) & 1u ? bits_to_double(static_cast<std::int64_t>(extract(w, bits, j))) : 0.0;
    return present;
  }
  const std::uint32_t bw = h.word - 1;  // the base word, just before the packed cells
  const std::int64_t base =
      h.has_base ? static_cast<std::int64_t>(chunks_[bw >> kChunkShift][bw & (kChunkWords - 1)]) : 0;
  const double scale = kPow10[h.digits];
  for (std::size_t j = 0; j < n; ++j)
    out[j] = (present >> j) & 1u
                 ? static_cast<double>(base + static_cast<std::int64_t>(extract(w, bits, j))) / scale
                 : 0.0;
  return present;
}

}  // namespace llmsa::trace
