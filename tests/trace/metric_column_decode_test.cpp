// MetricColumn::decode_block (the sequential decoder the analysis passes use) against at(i) and
// has(i) on every cell: of every PMU column of the real kernel_details.csv samples, and of
// synthetic columns covering each storage form (packed decimals, zero-bit blocks, raw doubles, the
// unencoded tail, a column that set() made plain). The expected values are at()'s, which
// metric_column_test checks against the raw text; here the two decoders must agree bit for bit.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstring>

#include "trace/ascend/kernel_details_reader.hpp"
#include "trace/metric_column.hpp"
#include "trace_test_support.hpp"

using namespace llmsa::trace;
using llmsa::test::sample_path;

namespace {

// The exact bits of a double (compared as integers: -0.0 and NaN payloads count).
std::uint64_t bits_of(double v) { return std::bit_cast<std::uint64_t>(v); }

// Number of cells where decode_block and at()/has() disagree (0 expected).
std::size_t mismatches(const MetricColumn& col) {
  std::size_t bad = 0;
  std::array<double, 64> buf{};
  for (std::size_t b = 0; b * 64 < col.size(); ++b) {
    const std::uint64_t present = col.decode_block(b, buf.data());
    const std::size_t n = std::min<std::size_t>(64, col.size() - b * 64);
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t i = b * 64 + j;
      bad += (((present >> j) & 1u) != 0) != col.has(i);
      bad += bits_of(buf[j]) != bits_of(col.at(i));
    }
    bad += n < 64 && (present >> n) != 0;  // no presence bits past the column's end
  }
  return bad;
}

}  // namespace

TEST(MetricColumnDecode, EveryPmuCellOfTheSamplesEqualsAt) {
  const char* rels[] = {
      "Ascend-msinsight/test/st/level2/rank_0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv",
      "Ascend-msinsight/test/data/pytorch/text/level1/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv",
      "Ascend-msinsight/test/data/pytorch/text/level0/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv",
      "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/compute_advice/data/kernel_details.csv",
  };
  std::size_t cells = 0;
  for (const char* rel : rels) {
    LLMSA_REQUIRE_SAMPLE(rel);
    RankEvents ev;
    FileReadReport rep;
    ascend::read_kernel_details(sample_path(rel), ev, rep);
    for (const auto& col : ev.metrics) {
      EXPECT_EQ(mismatches(col), 0u) << rel << " column " << ev.strings.view(col.name);
      cells += col.size();
    }
  }
  EXPECT_GT(cells, 0u);  // the samples do carry PMU columns (level2: aic_mac_ratio and the rest)
}

TEST(MetricColumnDecode, EveryStorageFormEqualsAt) {
  MetricColumn col;
  for (std::int64_t i = 0; i < 64 * 5 + 17; ++i) {
    const std::int64_t block = i / 64;
    if (i % 7 == 3) col.push_absent();
    else if (block == 0) col.push_decimal(i * 13 % 1000, 3);                  // packed, 10 bits
    else if (block == 1) col.push_decimal(5, 1);                              // zero bits per cell
    else if (block == 2) col.push_value(1.0 / static_cast<double>(i + 3));    // raw doubles
    else if (block == 3) col.push_decimal(std::int64_t{124333600} + i, 0);    // a large base
    else col.push_decimal(-(i * 7), 2);                                       // negatives, the tail
  }
  EXPECT_EQ(mismatches(col), 0u);
  MetricColumn all_absent;
  all_absent.push_absent(130);
  EXPECT_EQ(mismatches(all_absent), 0u);
  col.set(5, 2.25);  // an encoded event: the column becomes plain
  EXPECT_EQ(mismatches(col), 0u);
  std::array<double, 64> buf{};
  col.decode_block(0, buf.data());
  EXPECT_EQ(buf[5], 2.25);  // the value set() wrote
  EXPECT_EQ(buf[3], 0.0);   // an absent cell decodes as 0, as at() gives
}
