#pragma once
// An optional numeric column (PMU counters such as aic_mac_ratio), with a presence mask so that
// "not measured" is never confused with zero, stored losslessly in a fraction of a float's space.
//
// Why: a kernel_details.csv row has ~27 PMU cells and they were most of the event store (a float
// and a presence bit each, ~111 bytes per row). The profiler prints them as short decimals
// ("0.052", "1877.188", "124333600"), so each cell is kept as the decimal it was: an integer
// mantissa M and a count of fraction digits d, value = M / 10^d. Per block of 64 events, all
// mantissas are scaled to the block's largest d and stored as (M - min) in the fewest bits that
// hold the block's range: a ratio column with three digits takes 10 bits per cell, a column that is
// zero for a whole block (aic_* on vector kernels) takes none.
//
// Lossless: at(i) returns double(M) / 10^d, the correctly rounded double of the decimal text,
// which is exactly what parsing the text as a double gives. A value that is no short decimal
// (more than 15 significant digits, exponent notation, a double from a database that has no
// short decimal form) makes its block store raw doubles (64 bits per cell).
//
// A column is appended to in event order (push_*). set(i, v) for an event already encoded (the
// profiler DB reader fills PMU values by task id, out of order) turns the column into a plain
// vector of doubles; compact() packs it again.
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/string_pool.hpp"
#include "trace/presence_bits.hpp"

namespace llmsa::trace {

// One parsed cell: absent, a decimal M / 10^digits (|M| < 2^53, digits <= 15), or a raw double.
struct MetricCell {
  enum State : std::uint8_t { kAbsent = 0, kDecimal = 1, kRaw = 2 };
  std::int64_t mantissa = 0;  // kRaw: the double's bits
  std::uint8_t digits = 0;
  State state = kAbsent;
};

// 64 cells of one column as a reader stages them (struct of arrays, so a cell is two stores and two
// bits), with the set of fraction-digit counts seen: a block whose decimals all have the same number
// of fraction digits (a column printed with one format) is packed in one pass, without the
// rescaling and per-cell state checks of MetricColumn::push_block.
struct MetricStage {
  std::int64_t mantissa[64];  // a decimal's mantissa, a raw cell's double bits, 0 when absent
  std::uint8_t digits[64];    // a decimal's fraction digits
  std::uint64_t present = 0;  // bit j: cell j holds a value
  std::uint64_t raw = 0;      // bit j: cell j is a raw double
  std::uint32_t digit_set = 0;  // bit d: some decimal cell has d fraction digits (d <= 15)

  void clear() {
    present = raw = 0;
    digit_set = 0;
  }
  // One format in the block (or no decimal at all).
  bool uniform_digits() const { return (digit_set & (digit_set - 1)) == 0; }
  unsigned max_digits() const { return digit_set ? 31u - static_cast<unsigned>(__builtin_clz(digit_set)) : 0u; }
  // Cell j must be absent (never written, or dropped) when a decimal is put there.
  void put_decimal(unsigned j, std::int64_t m, unsigned d) {
    mantissa[j] = m;
    digits[j] = static_cast<std::uint8_t>(d);
    present |= std::uint64_t{1} << j;
    digit_set |= std::uint32_t{1} << d;
  }
  // Also undoes a put of cell j (a reader that rejects a row after staging some of its cells).
  void put_absent(unsigned j) {
    mantissa[j] = 0;
    digits[j] = 0;
    present &= ~(std::uint64_t{1} << j);
    raw &= ~(std::uint64_t{1} << j);
  }
  void put(unsigned j, const MetricCell& c) {
    if (c.state == MetricCell::kDecimal) return put_decimal(j, c.mantissa, c.digits);
    put_absent(j);
    if (c.state == MetricCell::kRaw) {
      mantissa[j] = c.mantissa;
      present |= std::uint64_t{1} << j;
      raw |= std::uint64_t{1} << j;
    }
  }
  MetricCell cell(unsigned j) const {
    if (!((present >> j) & 1u)) return MetricCell{};
    if ((raw >> j) & 1u) return MetricCell{mantissa[j], 0, MetricCell::kRaw};
    return MetricCell{mantissa[j], digits[j], MetricCell::kDecimal};
  }
};

class MetricColumn {
 public:
  StringId name = kEmptyString;

  std::size_t size() const { return present_.size(); }
  bool has(std::size_t i) const { return present_[i]; }
  // The value of event i; 0 when !has(i).
  double at(std::size_t i) const;
  std::size_t count() const { return present_.count(); }  // events with a value
  // Sequential decode (metric_column_decode.cpp): the values of events [64 b, 64 b + n) into out[0, n),
  // n = min(64, size() - 64 b), each exactly at(64 b + j); returns the presence bits of the block
  // (bit j: has(64 b + j)). Decodes a packed block once instead of re-locating it at every at().
  std::uint64_t decode_block(std::size_t b, double* out) const;

  void push_absent() { push(MetricCell{}); }
  void push_value(double v);
  void push_decimal(std::int64_t mantissa, unsigned digits) {
    push(MetricCell{mantissa, static_cast<std::uint8_t>(digits), MetricCell::kDecimal});
  }
  void push(const MetricCell& c);
  // Appends n <= 64 cells (bit j of `present` says whether cells[j] holds a value). When the
  // column's length is a multiple of 64 and n == 64 the block is encoded straight from `cells`.
  void push_block(const MetricCell* cells, unsigned n);
  // Appends the first n <= 64 cells of a stage; the same column as pushing each cell().
  void push_stage(const MetricStage& s, unsigned n);
  // Appends n absent cells.
  void push_absent(std::size_t n);
  // Appends every cell of `o`, each exactly as it was pushed (a split read joins its parts).
  void append(const MetricColumn& o);
  void set(std::size_t i, double v);
  // Packs a column that set() made plain again (values become decimals where they are short ones).
  void compact();

  void reserve(std::size_t n);
  std::size_t memory_bytes() const;
  // Same length, same presence, same value wherever present.
  bool operator==(const MetricColumn& o) const;

 private:
  static constexpr std::uint8_t kRawDigits = 255;
  // 8 bytes per 64 events: the block's smallest scaled mantissa (its base), when not 0, is the
  // word just before its packed cells.
  struct Block {
    std::uint32_t word = 0;   // first word of the packed cells (global index over chunks_)
    std::uint8_t bits = 0;    // bits per cell (0: every present cell equals the base)
    std::uint8_t digits = 0;  // fraction digits of every cell, or kRawDigits
    std::uint8_t has_base = 0;
    std::uint8_t unused = 0;
  };
  MetricCell cell(std::size_t i) const;
  const std::uint64_t* block_words(const Block& b) const {
    return chunks_[b.word >> kChunkShift].get() + (b.word & (kChunkWords - 1));
  }
  void to_plain();  // the cell as stored (decimal cells at the block's scale)
  void encode_tail();
  void encode(const MetricCell* cells);  // one full block of 64 cells
  // A full block of decimals with one number of fraction digits; false (nothing done) when a
  // mantissa is past 2^53, which the general encode() stores as raw doubles.
  bool encode_uniform(const MetricStage& s);
  // Appends one packed block: its 64 values v (bits wide each), fraction digits and base.
  void store_block(const std::uint64_t* v, unsigned bits, unsigned digits, std::int64_t base);
  // Appends a block's header and its base word; returns where its `bits` zeroed words go (null if none).
  std::uint64_t* begin_block(unsigned bits, unsigned digits, std::int64_t base);

  PresenceBits present_;
  std::vector<Block> blocks_;
  // Packed cells in chunks of kChunkWords words, so that growing never copies (or transiently
  // doubles) what is already packed; a block never straddles two chunks.
  static constexpr std::uint32_t kChunkShift = 12, kChunkWords = 1u << kChunkShift;
  std::vector<std::unique_ptr<std::uint64_t[]>> chunks_;
  std::uint32_t next_word_ = 0;  // global index of the next free word
  std::array<MetricCell, 64> tail_{};  // cells after the last full block (size() % 64 of them)
  std::vector<double> plain_;          // used instead of blocks_ after set() hit an encoded event
  bool is_plain_ = false;
};

// The shortest decimal that reads back as v, when it has at most 15 significant digits and no
// exponent: value = mantissa / 10^digits. False otherwise (then v is stored as a raw double).
bool short_decimal_of(double v, std::int64_t& mantissa, unsigned& digits);

}  // namespace llmsa::trace
