// The compact PMU column: every value read back equals the decimal the file wrote (the double that
// strtod/from_chars gives for the text), "not measured" stays absent, and the packing holds across
// block widths, raw-double fallbacks, out-of-order writes and joins of split reads.
#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "support/samples.hpp"
#include "trace/ascend/column_aliases.hpp"
#include "trace/ascend/kernel_details_reader.hpp"
#include "trace/csv_tokenizer.hpp"
#include "trace/metric_column.hpp"
#include "trace/text_fields.hpp"

using namespace llmsa::trace;

namespace {

// The exact bits of a double (compared as integers: -0.0 and NaN payloads count).
std::uint64_t bits_of(double v) { return std::bit_cast<std::uint64_t>(v); }

// The value of a numeric text as the C++ library reads it (the reference for "what the text said").
double text_value(std::string_view s) {
  s = trim_field(s);
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  EXPECT_EQ(r.ptr, s.data() + s.size()) << s;
  return v;
}

// Reads a real kernel_details.csv and checks every PMU cell of every row against its own text.
void check_sample_round_trip(const std::string& rel) {
  LLMSA_REQUIRE_SAMPLE(rel);
  RankEvents ev;
  FileReadReport rep;
  ascend::read_kernel_details(llmsa::test::sample_path(rel), ev, rep);
  std::ifstream f(llmsa::test::sample_path(rel), std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  CsvTokenizer tok(text);
  CsvRecord rec;
  ASSERT_EQ(tok.next(rec), CsvStatus::kRecord);
  const std::vector<std::string> header = ascend::canonical_header(rec.fields);
  std::vector<std::vector<std::string>> rows;  // every data row's fields, by 0-based row
  while (tok.next(rec) == CsvStatus::kRecord) rows.emplace_back(rec.fields.begin(), rec.fields.end());
  ASSERT_EQ(ev.size() + rep.rejected, rows.size());
  std::vector<std::pair<std::size_t, const MetricColumn*>> cols;  // CSV column -> store column
  for (const auto& m : ev.metrics)
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == ev.strings.view(m.name)) cols.emplace_back(c, &m);
  ASSERT_FALSE(cols.empty()) << rel;
  std::size_t checked = 0;
  for (std::size_t e = 0; e < ev.size(); ++e) {
    const std::size_t row = ev.source_row[e];  // provenance: which text row this event is
    ASSERT_LT(row, rows.size());
    for (const auto& [c, m] : cols) {
      const std::string_view cell = rows[row][c];
      if (is_missing_field(cell)) {
        EXPECT_FALSE(m->has(e)) << rel << " row " << row << " " << header[c];
        continue;
      }
      ASSERT_TRUE(m->has(e)) << rel << " row " << row << " " << header[c];
      EXPECT_EQ(bits_of(m->at(e)), bits_of(text_value(cell)))
          << rel << " row " << row << " " << header[c] << ": text " << cell << ", read back " << m->at(e);
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace

TEST(MetricColumnSamples, Level2LlmCaptureEveryPmuCellReadsBackAsWritten) {
  // 2,463 rows x 25 PMU columns of a late-2025 Megatron capture (values such as 0.052, 1877.188,
  // 124333600 and 0.000 in one column).
  check_sample_round_trip(
      "Ascend-msinsight/test/st/level2/rank_0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv");
}

TEST(MetricColumnSamples, Level1AndOlderCapturesReadBackAsWritten) {
  check_sample_round_trip(
      "Ascend-msinsight/test/data/pytorch/text/level1/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv");
  check_sample_round_trip(
      "Ascend-msinsight/test/data/pytorch/text/level1/rank1_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv");
  check_sample_round_trip(
      "Ascend-msinsight/server/src/test/test_data/test_rank_0/ASCEND_PROFILER_OUTPUT/kernel_details.csv");
}

TEST(MetricColumn, ValuesOfEveryWidthAndAbsentCellsReadBackExactly) {
  // 300 events (4 full blocks and a tail): ratios (10 bits), times (20+ bits), a constant block,
  // a block that needs raw doubles, and absent cells that must never read as present.
  MetricColumn col;
  std::vector<double> expect;
  std::vector<bool> has;
  for (int i = 0; i < 300; ++i) {
    if (i % 7 == 3) {
      col.push_absent();
      expect.push_back(0);
      has.push_back(false);
    } else if (i < 64) {
      col.push_decimal(i * 13 % 1000, 3);  // 0.xyz
      expect.push_back(static_cast<double>(i * 13 % 1000) / 1000.0);
      has.push_back(true);
    } else if (i < 128) {
      col.push_decimal(std::int64_t{1877188} + i * 100003, 3);
      expect.push_back(static_cast<double>(std::int64_t{1877188} + i * 100003) / 1000.0);
      has.push_back(true);
    } else if (i < 192) {
      col.push_decimal(5, 1);  // 0.5 in every cell: zero bits per cell
      expect.push_back(0.5);
      has.push_back(true);
    } else if (i < 256) {
      const double v = i == 200 ? 1e-300 : i * 0.1;  // one value with no short decimal form
      col.push_value(v);
      expect.push_back(v);
      has.push_back(true);
    } else {
      col.push_decimal(-(i * 7), 2);  // negative values in the tail
      expect.push_back(static_cast<double>(-(i * 7)) / 100.0);
      has.push_back(true);
    }
  }
  ASSERT_EQ(col.size(), 300u);
  for (std::size_t i = 0; i < 300; ++i) {
    ASSERT_EQ(col.has(i), has[i]) << i;
    EXPECT_EQ(bits_of(col.at(i)), bits_of(has[i] ? expect[i] : 0.0)) << i;
  }
}

TEST(MetricColumn, MixedFractionDigitsInOneBlockKeepEachValue) {
  // The profiler prints 0.0, 0.01, 0.052 and 1877.188 in the same column (real sample, level2).
  MetricColumn col;
  const std::pair<std::int64_t, unsigned> cells[] = {{0, 1}, {1, 2}, {52, 3}, {1877188, 3}, {996, 3}, {0, 0}};
  for (int k = 0; k < 64; ++k) col.push_decimal(cells[k % 6].first, cells[k % 6].second);
  for (int k = 0; k < 64; ++k)
    EXPECT_EQ(col.at(static_cast<std::size_t>(k)),
              static_cast<double>(cells[k % 6].first) / std::pow(10.0, cells[k % 6].second));
}

TEST(MetricColumn, OutOfOrderWritesThenCompactKeepValues) {
  // The profiler DB reader creates a column, appends absent cells with every event, then sets
  // values by task id in any order.
  MetricColumn col;
  col.push_absent(200);
  for (std::size_t i = 199; i < 200; i -= 3) col.set(i, static_cast<double>(i) * 0.125);
  col.compact();
  for (std::size_t i = 0; i < 200; ++i) {
    const bool set = (199 - i) % 3 == 0;
    ASSERT_EQ(col.has(i), set) << i;
    if (set) {
      EXPECT_EQ(col.at(i), static_cast<double>(i) * 0.125) << i;
    }
  }
  EXPECT_EQ(col.count(), 67u);
}

TEST(MetricColumn, AppendJoinsPartsAtAnyLength) {
  // A split read joins parts whose lengths are not multiples of the block size.
  MetricColumn whole, a, b;
  for (int i = 0; i < 150; ++i) {
    auto push = [&](MetricColumn& c) {
      if (i % 5 == 0) {
        c.push_absent();
      } else {
        c.push_decimal(i * 31, static_cast<unsigned>(i % 4));
      }
    };
    push(whole);
    push(i < 77 ? a : b);
  }
  a.append(b);
  EXPECT_TRUE(a == whole);
  for (std::size_t i = 0; i < 150; ++i) EXPECT_EQ(bits_of(a.at(i)), bits_of(whole.at(i)));
}

TEST(MetricColumn, ShortDecimalOfFindsTheShortestExactForm) {
  std::int64_t m = 0;
  unsigned d = 0;
  ASSERT_TRUE(short_decimal_of(0.052, m, d));
  EXPECT_EQ(m, 52);
  EXPECT_EQ(d, 3u);
  ASSERT_TRUE(short_decimal_of(124333600.0, m, d));
  EXPECT_EQ(m, 124333600);
  EXPECT_EQ(d, 0u);
  EXPECT_FALSE(short_decimal_of(0.1 + 0.2, m, d));  // 0.30000000000000004: 17 digits
  EXPECT_FALSE(short_decimal_of(std::nan(""), m, d));
  EXPECT_FALSE(short_decimal_of(-0.0, m, d));
}

TEST(MetricColumn, DuplicateMetricHeaderKeepsColumnsAsLongAsTheStore) {
  // Found by fuzz_ascend_csv: a header naming "Mix Block Dim" twice made that column twice as long
  // as the store. The first column is stored, the second is reported as not stored.
  const std::string csv = "Name,Start Time(us),Duration(us),Mix Block Dim,Mix Block Dim\nk1,1.000,2.000,3,4\n";
  auto in = InputBuffer::from_memory(csv, "mem/dup.csv");
  RankEvents ev;
  FileReadReport rep;
  ascend::read_kernel_details(in, ev, rep);
  ASSERT_EQ(ev.size(), 1u);
  ASSERT_EQ(ev.metrics.size(), 1u);
  EXPECT_EQ(ev.metrics[0].size(), 1u);
  EXPECT_EQ(ev.metrics[0].at(0), 3.0);
}
