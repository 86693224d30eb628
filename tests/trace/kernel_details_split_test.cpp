// A kernel_details.csv read by several threads (the file cut into byte ranges at record boundaries)
// must give exactly what one thread gives: the same events in the same order, the same string ids,
// the same metric values and presence, and the same row accounting (rows, rejections with their
// rows, lines and byte offsets). The input mixes what breaks naive splitting: quoted fields holding
// LFs and commas (the split search must not cut inside them), rejected rows in every part, CRLF
// line ends, N/A cells and blank lines.
#include <gtest/gtest.h>

#include <string>

#include "trace/ascend/kernel_details_reader.hpp"
#include "trace/input_buffer.hpp"

using namespace llmsa::trace;

namespace {

// Columns and quirks from reference ascend-profiling.md C.2 (TAB after start times, doubled-quote
// shapes, N/A PMU cells).
std::string make_file(int rows) {
  std::string s =
      "Step Id,Device_id,Stream ID,Name,Type,Accelerator Core,Start Time(us),Duration(us),Wait Time(us),"
      "Input Shapes,aic_mac_ratio,aiv_vec_ratio\n";
  long long t = 1764246877073569;
  for (int r = 0; r < rows; ++r) {
    const std::string ts = std::to_string(t + r * 7) + "." + std::to_string(100 + r % 900) + "\t";
    std::string name = "MatMulV3_" + std::to_string(r % 37);
    if (r % 11 == 0) name = "\"multi\nline, name " + std::to_string(r % 5) + "\"";  // LF and comma inside quotes
    std::string row = std::to_string(1 + r / 500) + ",0," + std::to_string(2 + r % 3) + "," + name + ",MatMulV3," +
                      (r % 23 == 0 ? "COMMUNICATION" : "AI_CORE") + "," + (r % 7 == 0 ? "\"" + ts + "\"" : ts) +
                      "," + std::to_string(10 + r % 50) + "." + std::to_string(r % 1000) + ",0.25,\"\"\"4096," +
                      std::to_string(r % 9) + "\"\"\"," + (r % 5 == 0 ? "N/A" : "0." + std::to_string(r % 97)) +
                      "," + std::to_string(r % 13) + ".5";
    if (r % 97 == 13) row = "1,0,2,bad_time,MatMulV3,AI_CORE,17x,1,0,\"\"\"1\"\"\",0.1,0.2";  // rejected
    if (r % 131 == 7) row = "1,0,2,truncated";                                                // rejected
    s += row + (r % 3 == 0 ? "\r\n" : "\n");
    if (r % 400 == 5) s += "\n";  // blank line
  }
  return s;
}

struct Read {
  RankEvents ev;
  FileReadReport rep;
};

void read(const std::string& s, unsigned threads, Read& out) {
  auto in = InputBuffer::from_memory(s, "mem/kernel_details.csv");
  ascend::read_kernel_details(in, out.ev, out.rep, {threads, 0});
}

void expect_identical(const Read& a, const Read& b) {
  ASSERT_EQ(a.ev.size(), b.ev.size());
  EXPECT_EQ(a.ev.start_ns, b.ev.start_ns);
  EXPECT_EQ(a.ev.dur_ns, b.ev.dur_ns);
  EXPECT_EQ(a.ev.wait_ns, b.ev.wait_ns);
  EXPECT_EQ(a.ev.stream, b.ev.stream);
  EXPECT_EQ(a.ev.step, b.ev.step);
  EXPECT_EQ(a.ev.kind, b.ev.kind);
  EXPECT_EQ(a.ev.name, b.ev.name);  // ids, not only texts: the pools must be built in the same order
  EXPECT_EQ(a.ev.type, b.ev.type);
  EXPECT_EQ(a.ev.core, b.ev.core);
  EXPECT_EQ(a.ev.input_shapes, b.ev.input_shapes);
  EXPECT_EQ(a.ev.source_row, b.ev.source_row);
  ASSERT_EQ(a.ev.strings.size(), b.ev.strings.size());
  for (llmsa::StringId i = 0; i < a.ev.strings.size(); ++i) EXPECT_EQ(a.ev.strings.view(i), b.ev.strings.view(i));
  ASSERT_EQ(a.ev.metrics.size(), b.ev.metrics.size());
  for (std::size_t m = 0; m < a.ev.metrics.size(); ++m) {
    ASSERT_EQ(a.ev.metrics[m].size(), b.ev.size());
    for (std::size_t i = 0; i < b.ev.size(); ++i) {
      ASSERT_EQ(a.ev.metrics[m].has(i), b.ev.metrics[m].has(i));
      ASSERT_EQ(a.ev.metrics[m].at(i), b.ev.metrics[m].at(i));
    }
    EXPECT_TRUE(a.ev.metrics[m] == b.ev.metrics[m]);
  }
  EXPECT_EQ(a.rep.rows_read, b.rep.rows_read);
  EXPECT_EQ(a.rep.events, b.rep.events);
  EXPECT_EQ(a.rep.rejected, b.rep.rejected);
  EXPECT_EQ(a.rep.rejected_by_reason, b.rep.rejected_by_reason);
  ASSERT_EQ(a.rep.rejected_examples.size(), b.rep.rejected_examples.size());
  for (std::size_t i = 0; i < a.rep.rejected_examples.size(); ++i) {
    EXPECT_EQ(a.rep.rejected_examples[i].row, b.rep.rejected_examples[i].row);
    EXPECT_EQ(a.rep.rejected_examples[i].line, b.rep.rejected_examples[i].line);
    EXPECT_EQ(a.rep.rejected_examples[i].byte_offset, b.rep.rejected_examples[i].byte_offset);
    EXPECT_EQ(a.rep.rejected_examples[i].reason, b.rep.rejected_examples[i].reason);
  }
  EXPECT_EQ(a.rep.notes, b.rep.notes);
}

}  // namespace

TEST(KernelDetailsSplit, AnyThreadCountGivesTheOneThreadResult) {
  const std::string s = make_file(3000);
  Read one;
  read(s, 1, one);
  // The file's own accounting: 3000 data rows; rejected rows are those the generator broke on purpose.
  int bad = 0;
  for (int r = 0; r < 3000; ++r) bad += (r % 97 == 13) || (r % 131 == 7);
  EXPECT_EQ(one.rep.rows_read, 3000u);
  EXPECT_EQ(one.rep.rejected, static_cast<std::uint64_t>(bad));
  EXPECT_EQ(one.rep.events, static_cast<std::uint64_t>(3000 - bad));
  for (unsigned threads : {2u, 3u, 4u, 7u, 16u}) {
    SCOPED_TRACE(threads);
    Read many;
    read(s, threads, many);
    expect_identical(one, many);
  }
}

TEST(KernelDetailsSplit, QuoteOpenToTheEndLeavesOnePart) {
  // An unclosed quote early on makes the rest of the file one broken record: there is no LF outside
  // quotes after it to split at, and the split read must report exactly that one record too.
  std::string s = make_file(200);
  s.insert(s.find("\n", s.size() / 4) + 1, "1,0,2,\"never closed,MatMulV3\n");
  Read one, two;
  read(s, 1, one);
  read(s, 2, two);
  expect_identical(one, two);
  EXPECT_EQ(one.rep.rejected_by_reason["unterminated quoted field (rest of file)"], 1u);
}

TEST(KernelDetailsSplit, MoreThan65536DistinctNamesWidenTheIdsAndKeepEveryName) {
  // Collective names carry per-call ids (hcom_allReduce__<n>_...): one distinct string per row. Past
  // 65,536 strings the 2-byte id columns widen; every row must still read back its own name, in a
  // one-thread read and when a later part's ids are remapped into the first part's pool.
  const int rows = 70000;
  std::string s = "Name,Start Time(us),Duration(us),Input Shapes\n";
  for (int r = 0; r < rows; ++r)
    s += "hcom_allReduce__" + std::to_string(r) + "_1," + std::to_string(1764246877073569LL + r) + ".5,1.0,\"\"\"" +
         std::to_string(r % 4) + "\"\"\"\n";
  Read one, three;
  read(s, 1, one);
  read(s, 3, three);
  ASSERT_EQ(one.ev.size(), static_cast<std::size_t>(rows));
  EXPECT_EQ(one.ev.name.bytes_per_value(), 4u);
  // The four shapes are interned in the first rows: their ids stay small and their column narrow.
  EXPECT_EQ(one.ev.input_shapes.bytes_per_value(), 2u);
  const RankEvents& ev = one.ev;
  for (int r : {0, 1, 65534, 65535, 65536, rows - 1}) {
    EXPECT_EQ(ev.strings.view(ev.name[static_cast<std::size_t>(r)]), "hcom_allReduce__" + std::to_string(r) + "_1");
    EXPECT_EQ(ev.strings.view(ev.input_shapes[static_cast<std::size_t>(r)]), std::to_string(r % 4));
  }
  expect_identical(one, three);
}
