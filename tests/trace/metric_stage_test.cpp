// MetricColumn::push_stage (the kernel_details reader's block path: cells staged as mantissa and
// digit arrays, one-format blocks packed in one pass) against pushing the same cells one at a time
// through MetricColumn::push, the general path: both columns must hold the same presence and the
// same value bits at every event, and one-format blocks must be packed into the same words (same
// memory). The expected column is built by the general path, which metric_column_test.cpp checks
// against the decimal text.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <random>
#include <vector>

#include "trace/metric_column.hpp"

using namespace llmsa::trace;

namespace {

// The exact bits of a double (compared as integers: -0.0 and NaN payloads count).
std::int64_t bits_of(double v) { return std::bit_cast<std::int64_t>(v); }

// A random cell in one of the shapes PMU columns hold. `digits_mode`: a fixed count of fraction
// digits (one format), or -1 for a mix. Mantissas reach 16 digits, so rescaling a
// mixed block can pass 2^53 (then the block is stored as raw doubles).
MetricCell random_cell(std::mt19937_64& rng, int digits_mode, int absent_per_16) {
  if (static_cast<int>(rng() % 16) < absent_per_16) return MetricCell{};
  if (rng() % 500 == 0) {  // a raw double (no short decimal form)
    const double v = 1.0 / 3.0 + static_cast<double>(rng() % 1000);
    return MetricCell{bits_of(v), 0, MetricCell::kRaw};
  }
  const unsigned d = digits_mode >= 0 ? static_cast<unsigned>(digits_mode) : static_cast<unsigned>(rng() % 7);
  std::int64_t m;
  switch (rng() % 5) {
    case 0: m = 0; break;
    case 1: m = static_cast<std::int64_t>(rng() % 1000); break;         // a ratio 0.000..0.999
    case 2: m = static_cast<std::int64_t>(rng() % 100000000); break;    // cycles
    case 3: m = -static_cast<std::int64_t>(rng() % 5000); break;        // negative values
    default: m = static_cast<std::int64_t>(rng() % 9000000000000000ull);  // up to 16 digits, < 2^53
  }
  return MetricCell{m, static_cast<std::uint8_t>(d), MetricCell::kDecimal};
}

void expect_same_columns(const MetricColumn& want, const MetricColumn& got) {
  ASSERT_EQ(want.size(), got.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(want.has(i), got.has(i)) << i;
    ASSERT_EQ(bits_of(want.at(i)), bits_of(got.at(i))) << i;
  }
  EXPECT_TRUE(want == got);
}

}  // namespace

TEST(MetricStage, BlocksMatchCellByCellPushes) {
  std::mt19937_64 rng(20261125);
  for (int round = 0; round < 300; ++round) {
    const int digits_mode = round % 3 == 0 ? -1 : static_cast<int>(rng() % 9);
    const int absent_per_16 = static_cast<int>(rng() % 17);  // 0: dense .. 16: all absent
    const bool big = round % 5 == 0;
    MetricColumn want, got;
    MetricStage stage;
    // Blocks of 64, plus a short last block (the reader flushes what it has at the end).
    const unsigned blocks = 1 + static_cast<unsigned>(rng() % 4);
    const unsigned tail = static_cast<unsigned>(rng() % 64);
    for (unsigned b = 0; b <= blocks; ++b) {
      const unsigned n = b < blocks ? 64 : tail;
      stage.clear();
      for (unsigned j = 0; j < n; ++j) {
        MetricCell c = random_cell(rng, digits_mode, absent_per_16);
        if (!big && c.state == MetricCell::kDecimal) c.mantissa %= 100000000;
        want.push(c);
        stage.put(j, c);
      }
      got.push_stage(stage, n);
    }
    expect_same_columns(want, got);
    if (digits_mode >= 0 && !big) {
      EXPECT_EQ(want.memory_bytes(), got.memory_bytes()) << round;
    }
    if (HasFailure()) return;
  }
}

TEST(MetricStage, ARejectedRowsCellsAreUndoneBeforeTheSlotIsReused) {
  // The reader stages a row's cells column by column and, when a later cell of the row is bad,
  // drops the cells it already staged (put_absent) and reuses the slot for the next row.
  MetricColumn want, got;
  MetricStage stage;
  for (unsigned j = 0; j < 64; ++j) {
    stage.put(j, MetricCell{bits_of(0.1), 0, MetricCell::kRaw});  // the rejected row's cell
    stage.put_absent(j);
    if (j % 3 == 0) {
      want.push_absent();
      stage.put_absent(j);
    } else {
      want.push_decimal(j * 7, 3);
      stage.put_decimal(j, j * 7, 3);
    }
  }
  got.push_stage(stage, 64);
  expect_same_columns(want, got);
  EXPECT_EQ(want.memory_bytes(), got.memory_bytes());
}

TEST(MetricStage, UnalignedColumnTakesTheGeneralPath) {
  // A column that already has 10 cells (e.g. from another file of the rank) gets a staged block
  // of 64: the block straddles two of the column's blocks and must still land cell by cell.
  MetricColumn want, got;
  for (int i = 0; i < 10; ++i) {
    want.push_decimal(i, 1);
    got.push_decimal(i, 1);
  }
  MetricStage stage;
  for (unsigned j = 0; j < 64; ++j) {
    want.push_decimal(1000 + j, 2);
    stage.put_decimal(j, 1000 + j, 2);
  }
  got.push_stage(stage, 64);
  expect_same_columns(want, got);
}
