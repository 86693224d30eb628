#include "trace/metric_column.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "trace/metric_cell_value.hpp"

namespace llmsa::trace {

namespace {

using metric_detail::bits_to_double;
using metric_detail::extract;
using metric_detail::kPow10;
using metric_detail::value_of;

constexpr std::int64_t kIPow10[] = {1,
                                    10,
                                    100,
                                    1000,
                                    10000,
                                    100000,
                                    1000000,
                                    10000000,
                                    100000000,
                                    1000000000,
                                    10000000000,
                                    100000000000,
                                    1000000000000,
                                    10000000000000,
                                    100000000000000,
                                    1000000000000000};
constexpr std::int64_t kMaxExact = std::int64_t{1} << 53;  // mantissas up to here are exact doubles

std::int64_t double_to_bits(double v) {
  std::int64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

}  // namespace

bool short_decimal_of(double v, std::int64_t& mantissa, unsigned& digits) {
  if (!std::isfinite(v) || (v == 0 && std::signbit(v))) return false;  // -0.0 keeps its sign as a raw double
  char buf[64];
  // Shortest round-trip text in fixed notation; reading it back gives v exactly.
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (r.ec != std::errc()) return false;
  const char* p = buf;
  const bool neg = *p == '-';
  p += neg;
  std::int64_t m = 0;
  unsigned sig = 0, frac = 0;
  bool in_frac = false;
  for (; p < r.ptr; ++p) {
    if (*p == '.') {
      in_frac = true;
      continue;
    }
    if (m != 0 || *p != '0') ++sig;  // leading zeros are not significant
    if (sig > 15) return false;
    m = m * 10 + (*p - '0');
    frac += in_frac;
  }
  if (frac > 15) return false;
  mantissa = neg ? -m : m;
  digits = frac;
  return true;
}

double MetricColumn::at(std::size_t i) const {
  if (!present_[i]) return 0.0;
  if (is_plain_) return plain_[i];
  return value_of(cell(i));
}

MetricCell MetricColumn::cell(std::size_t i) const {
  const std::size_t b = i >> 6;
  if (b >= blocks_.size()) return tail_[i & 63];
  const Block& h = blocks_[b];
  if (!present_[i]) return MetricCell{};
  const std::uint64_t raw = h.bits == 0 ? 0 : extract(block_words(h), h.bits, i & 63);  // no words when 0 bits
  if (h.digits == kRawDigits) return MetricCell{static_cast<std::int64_t>(raw), 0, MetricCell::kRaw};
  const std::uint32_t bw = h.word - 1;  // the base word (h.word may be the first of the next chunk when 0 bits)
  const std::int64_t base =
      h.has_base ? static_cast<std::int64_t>(chunks_[bw >> kChunkShift][bw & (kChunkWords - 1)]) : 0;
  return MetricCell{base + static_cast<std::int64_t>(raw), h.digits, MetricCell::kDecimal};
}

void MetricColumn::push_value(double v) {
  push(MetricCell{double_to_bits(v), 0, MetricCell::kRaw});
}

void MetricColumn::push(const MetricCell& c) {
  const bool has = c.state != MetricCell::kAbsent;
  if (is_plain_) {
    plain_.push_back(has ? value_of(c) : 0.0);
    present_.push_back(has);
    return;
  }
  const std::size_t j = size() & 63;
  tail_[j] = c;
  present_.push_back(has);
  if (j == 63) encode(tail_.data());
}

void MetricColumn::push_block(const MetricCell* cells, unsigned n) {
  if (n == 64 && !is_plain_ && (size() & 63) == 0) {
    std::uint64_t bits = 0;
    for (unsigned j = 0; j < 64; ++j) bits |= std::uint64_t{cells[j].state != MetricCell::kAbsent} << j;
    present_.append_bits(bits, 64);
    encode(cells);
    return;
  }
  for (unsigned j = 0; j < n; ++j) push(cells[j]);
}

void MetricColumn::push_stage(const MetricStage& s, unsigned n) {
  if (n == 64 && !is_plain_ && (size() & 63) == 0 && s.raw == 0 && s.uniform_digits() && encode_uniform(s)) {
    present_.append_bits(s.present, 64);
    return;
  }
  std::array<MetricCell, 64> cells;
  for (unsigned j = 0; j < n; ++j) cells[j] = s.cell(j);
  push_block(cells.data(), n);
}

void MetricColumn::push_absent(std::size_t n) {
  for (; n > 0 && (size() & 63) != 0; --n) push_absent();
  if (!is_plain_)
    for (; n >= 64; n -= 64) {  // a whole absent block: a header and no words
      present_.append_bits(0, 64);
      blocks_.push_back(Block{next_word_, 0, 0, 0, 0});
    }
  for (; n > 0; --n) push_absent();
}

void MetricColumn::append(const MetricColumn& o) {
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (!o.has(i)) push_absent();
    else if (o.is_plain_) push_value(o.plain_[i]);
    else push(o.cell(i));
  }
}

namespace {

constexpr unsigned width_of(std::uint64_t r) { return r == 0 ? 0u : static_cast<unsigned>(64 - __builtin_clzll(r)); }

// The largest |mantissa| that can be scaled by 10^k and stay within 2^53 (no division per cell).
constexpr std::array<std::int64_t, 16> kScaleLimit = [] {
  std::array<std::int64_t, 16> a{};
  for (int k = 0; k < 16; ++k) a[static_cast<std::size_t>(k)] = kMaxExact / kIPow10[k];
  return a;
}();

// Decimal cells (absent ones skipped) at the block's largest number of fraction digits: the values
// to pack (minus `base`) into v, and the bits per cell. A base is kept only when it saves more than
// the word it costs (values far from zero, or negative ones); a ratio column from 0.05 to 0.9 packs
// as well from zero. False when a cell is raw or a rescaled mantissa would pass 2^53.
bool pack_decimals(const MetricCell* cells, std::uint64_t* v, unsigned& bits, unsigned& digits, std::int64_t& base) {
  unsigned d = 0;
  unsigned raw = 0;
  for (unsigned j = 0; j < 64; ++j) {
    raw |= cells[j].state == MetricCell::kRaw;
    const unsigned dg = cells[j].state == MetricCell::kDecimal ? cells[j].digits : 0u;
    d = dg > d ? dg : d;
  }
  if (raw) return false;
  std::int64_t lo = INT64_MAX, hi = INT64_MIN;
  std::int64_t m[64];
  for (unsigned j = 0; j < 64; ++j) {
    if (cells[j].state != MetricCell::kDecimal) continue;
    const unsigned k = d - cells[j].digits;
    const std::int64_t x = cells[j].mantissa;
    if (x > kScaleLimit[k] || x < -kScaleLimit[k]) return false;
    m[j] = x * kIPow10[k];
    lo = m[j] < lo ? m[j] : lo;
    hi = m[j] > hi ? m[j] : hi;
  }
  if (lo > hi) lo = hi = 0;  // no value in the block
  base = lo;
  const auto range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (lo > 0 && width_of(static_cast<std::uint64_t>(hi)) <= width_of(range) + 1) base = 0;
  bits = width_of(static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(base));
  digits = d;
  for (unsigned j = 0; j < 64; ++j)
    v[j] = cells[j].state == MetricCell::kDecimal ? static_cast<std::uint64_t>(m[j]) - static_cast<std::uint64_t>(base)
                                                  : 0;
  return true;
}

}  // namespace

// Packs 64 cells: decimals at the block's largest number of fraction digits, less a base, in as
// many bits as the largest needs; raw doubles when a value is no short decimal (a double from a
// database is turned into its shortest decimal first) or a rescaled mantissa would pass 2^53.
void MetricColumn::encode(const MetricCell* cells) {
  std::array<std::uint64_t, 64> v{};
  Block h;
  std::int64_t base = 0;
  unsigned bits = 0, digits = 0;
  bool packed = pack_decimals(cells, v.data(), bits, digits, base);
  if (!packed) {
    // Raw cells that are short decimals after all (set(), push_value()) become decimals.
    std::array<MetricCell, 64> c;
    bool raw = false;
    for (unsigned j = 0; j < 64; ++j) {
      c[j] = cells[j];
      if (c[j].state != MetricCell::kRaw) continue;
      std::int64_t m = 0;
      unsigned dg = 0;
      if (short_decimal_of(bits_to_double(c[j].mantissa), m, dg)) c[j] = MetricCell{m, static_cast<std::uint8_t>(dg), MetricCell::kDecimal};
      else raw = true;
    }
    v.fill(0);
    packed = !raw && pack_decimals(c.data(), v.data(), bits, digits, base);
  }
  if (packed) {
    h.bits = static_cast<std::uint8_t>(bits);
    h.digits = static_cast<std::uint8_t>(digits);
  } else {
    base = 0;
    h.digits = kRawDigits;
    h.bits = 64;
    for (unsigned j = 0; j < 64; ++j)
      v[j] = cells[j].state != MetricCell::kAbsent ? static_cast<std::uint64_t>(double_to_bits(value_of(cells[j]))) : 0;
  }
  store_block(v.data(), h.bits, h.digits, base);
}

// The packing of pack_decimals (same base, bits and words) for a block whose decimals share one
// number of fraction digits: no rescaling, and absent cells masked instead of branched on.
bool MetricColumn::encode_uniform(const MetricStage& s) {
  std::int64_t lo = INT64_MAX, hi = INT64_MIN;
  if (s.present == ~std::uint64_t{0}) {
    for (unsigned j = 0; j < 64; ++j) {
      const std::int64_t x = s.mantissa[j];
      lo = x < lo ? x : lo;
      hi = x > hi ? x : hi;
    }
  } else {
    for (std::uint64_t p = s.present; p; p &= p - 1) {
      const std::int64_t x = s.mantissa[__builtin_ctzll(p)];
      lo = x < lo ? x : lo;
      hi = x > hi ? x : hi;
    }
  }
  if (lo > hi) lo = hi = 0;  // no value in the block
  if (hi > kMaxExact || lo < -kMaxExact) return false;
  std::int64_t base = lo;
  const auto range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (lo > 0 && width_of(static_cast<std::uint64_t>(hi)) <= width_of(range) + 1) base = 0;
  const unsigned bits = width_of(static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(base));
  std::uint64_t* w = begin_block(bits, s.max_digits(), base);
  if (bits == 0) return true;
  // 64 cells of `bits` (< 64) fill exactly `bits` words: each word is written once, from a register.
  const auto ub = static_cast<std::uint64_t>(base);
  std::uint64_t acc = 0;
  unsigned fill = 0;
  for (unsigned j = 0; j < 64; ++j) {
    const std::uint64_t keep = std::uint64_t{0} - ((s.present >> j) & 1u);  // all ones when present
    const std::uint64_t v = (static_cast<std::uint64_t>(s.mantissa[j]) - ub) & keep;
    acc |= v << fill;
    fill += bits;
    if (fill >= 64) {
      *w++ = acc;
      fill -= 64;
      acc = fill ? v >> (bits - fill) : 0;
    }
  }
  return true;
}

void MetricColumn::store_block(const std::uint64_t* v, unsigned bits, unsigned digits, std::int64_t base) {
  std::uint64_t* w = begin_block(bits, digits, base);
  for (unsigned j = 0; j < 64 && bits > 0; ++j) {
    const std::size_t pos = std::size_t{j} * bits;
    const std::size_t k = pos >> 6;
    const unsigned off = static_cast<unsigned>(pos & 63);
    w[k] |= v[j] << off;
    if (off + bits > 64) w[k + 1] |= v[j] >> (64 - off);
  }
}

std::uint64_t* MetricColumn::begin_block(unsigned bits, unsigned digits, std::int64_t base) {
  Block h;
  h.bits = static_cast<std::uint8_t>(bits);
  h.digits = static_cast<std::uint8_t>(digits);
  // A block's words (its base, if any, then as many as its bits per cell) lie in one chunk.
  h.has_base = base != 0;
  const unsigned nwords = h.bits + h.has_base;
  if (nwords > 0 && (next_word_ & (kChunkWords - 1)) + nwords > kChunkWords)
    next_word_ = (next_word_ | (kChunkWords - 1)) + 1;
  h.word = next_word_ + h.has_base;
  blocks_.push_back(h);
  if (nwords == 0) return nullptr;
  const std::uint32_t chunk = next_word_ >> kChunkShift;
  while (chunks_.size() <= chunk) chunks_.push_back(std::make_unique<std::uint64_t[]>(kChunkWords));  // zeroed
  std::uint64_t* w = chunks_[chunk].get() + (next_word_ & (kChunkWords - 1));
  if (h.has_base) *w++ = static_cast<std::uint64_t>(base);
  next_word_ += nwords;
  return w;
}

void MetricColumn::to_plain() {
  std::vector<double> p(size());
  for (std::size_t i = 0; i < size(); ++i) p[i] = at(i);
  plain_ = std::move(p);
  is_plain_ = true;
  blocks_ = std::vector<Block>();
  chunks_.clear();
  chunks_.shrink_to_fit();
  next_word_ = 0;
}

void MetricColumn::set(std::size_t i, double v) {
  if (!is_plain_ && (i >> 6) >= blocks_.size()) {
    tail_[i & 63] = MetricCell{double_to_bits(v), 0, MetricCell::kRaw};
  } else {
    if (!is_plain_) to_plain();
    plain_[i] = v;
  }
  present_.set(i);
}

void MetricColumn::compact() {
  if (!is_plain_) return;
  MetricColumn packed;
  packed.name = name;
  packed.present_.reserve(size());
  for (std::size_t i = 0; i < size(); ++i) {
    if (present_[i]) packed.push_value(plain_[i]);
    else packed.push_absent();
  }
  *this = std::move(packed);
}

void MetricColumn::reserve(std::size_t n) {
  present_.reserve(n);
  blocks_.reserve(n / 64 + 1);
  if (is_plain_) plain_.reserve(n);
}

std::size_t MetricColumn::memory_bytes() const {
  return present_.memory_bytes() + blocks_.capacity() * sizeof(Block) + chunks_.size() * kChunkWords * 8 +
         chunks_.capacity() * sizeof(chunks_[0]) + plain_.capacity() * sizeof(double);
}

bool MetricColumn::operator==(const MetricColumn& o) const {
  if (size() != o.size() || !(present_ == o.present_)) return false;
  for (std::size_t i = 0; i < size(); ++i)
    if (has(i) && double_to_bits(at(i)) != double_to_bits(o.at(i))) return false;
  return true;
}

}  // namespace llmsa::trace
