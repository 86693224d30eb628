// The block (64-byte bit mask) tokenizer against a plain byte-at-a-time RFC 4180 state machine,
// written here independently from the rules in csv_tokenizer.hpp: on random bytes drawn from the
// structural alphabet (comma, quote, LF, CR, non-ASCII) both must give the same records, fields,
// lines, offsets and statuses. Records longer than one block and quotes spanning blocks are the
// cases a bit-mask tokenizer gets wrong, so lengths go well past 64 bytes.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "trace/csv_tokenizer.hpp"

using namespace llmsa::trace;

namespace {

struct RefRecord {
  CsvStatus status;
  std::vector<std::string> fields;
  std::uint64_t line = 0, offset = 0;
  std::string raw;
};

// Byte-at-a-time reference: blank lines (LF or CRLF) skipped between records, a record ends at an LF
// outside quotes, a trailing CR is dropped, quoted fields are unescaped ("" inside quotes -> ").
std::vector<RefRecord> reference(const std::string& d, std::size_t pos, std::size_t end, std::uint64_t line) {
  std::vector<RefRecord> out;
  if (pos == 0 && d.size() >= 3 && d.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  for (;;) {
    while (pos < end && (d[pos] == '\n' || (d[pos] == '\r' && pos + 1 < end && d[pos + 1] == '\n'))) {
      pos += d[pos] == '\n' ? 1 : 2;
      ++line;
    }
    if (pos >= end) return out;
    RefRecord r;
    r.line = line;
    r.offset = pos;
    bool inq = false;
    std::size_t i = pos, nl = 0;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t fs = pos;
    for (; i < end; ++i) {
      const char c = d[i];
      if (c == '"') inq = !inq;
      else if (c == '\n' && inq) ++nl;
      else if (c == ',' && !inq) { spans.push_back({fs, i}); fs = i + 1; }
      else if (c == '\n') break;
    }
    if (i >= end && inq) {
      r.status = CsvStatus::kUnterminatedQuote;
      r.raw = d.substr(pos, end - pos);
      out.push_back(r);
      return out;
    }
    std::size_t rec_end = i;
    if (rec_end > pos && d[rec_end - 1] == '\r') --rec_end;
    spans.push_back({fs, std::max(fs, rec_end)});
    for (auto [b, e] : spans) {
      std::string f;
      bool q = false;
      for (std::size_t k = b; k < e; ++k) {
        if (d[k] == '"') {
          if (q && k + 1 < e && d[k + 1] == '"') { f += '"'; ++k; }
          else q = !q;
        } else {
          f += d[k];
        }
      }
      r.fields.push_back(f);
    }
    r.status = CsvStatus::kRecord;
    r.raw = d.substr(pos, rec_end - pos);
    out.push_back(r);
    line += 1 + nl;
    pos = i < end ? i + 1 : end;
  }
}

void expect_same(const std::string& d, std::size_t begin, std::size_t end, std::uint64_t line) {
  const auto want = reference(d, begin, end, line);
  CsvTokenizer t(d, begin, end, line);
  CsvRecord r;
  for (std::size_t k = 0; k < want.size(); ++k) {
    const CsvStatus st = t.next(r);
    ASSERT_EQ(st, want[k].status) << "record " << k << " of " << testing::PrintToString(d);
    EXPECT_EQ(r.line, want[k].line);
    EXPECT_EQ(r.offset, want[k].offset);
    EXPECT_EQ(std::string(r.raw), want[k].raw);
    if (r.raw.find_first_of("\x80\xC3") != std::string_view::npos) {
      EXPECT_TRUE(r.maybe_non_ascii);
    }
    if (st != CsvStatus::kRecord) break;
    ASSERT_EQ(r.fields.size(), want[k].fields.size()) << testing::PrintToString(d);
    for (std::size_t f = 0; f < r.fields.size(); ++f) EXPECT_EQ(std::string(r.fields[f]), want[k].fields[f]);
  }
  EXPECT_EQ(t.next(r), CsvStatus::kEnd);
}

}  // namespace

TEST(CsvTokenizerDifferential, RandomStructuralBytesMatchByteAtATimeReference) {
  std::mt19937_64 rng(20261125);
  const char alphabet[] = {',', '"', '\n', '\r', 'a', 'b', '7', '.', '\xC3', '\t'};
  for (int iter = 0; iter < 4000; ++iter) {
    const std::size_t len = rng() % 400;
    std::string s;
    for (std::size_t i = 0; i < len; ++i) s += alphabet[rng() % sizeof alphabet];
    if (iter % 5 == 0) s = "\xEF\xBB\xBF" + s;
    expect_same(s, 0, s.size(), 1);
    if (HasFailure()) return;
  }
}

TEST(CsvTokenizerDifferential, WideRowsWithQuotedShapesAcrossBlocks) {
  // Rows shaped like kernel_details: 40+ fields, doubled-quote shapes, quoted TAB timestamps, and a
  // quoted field with an LF inside, so quotes and records straddle 64-byte block edges.
  std::mt19937_64 rng(7);
  std::string s = "h1,h2,h3\n";
  for (int r = 0; r < 300; ++r) {
    for (int f = 0; f < 45; ++f) {
      const auto k = rng() % 6;
      if (k == 0) s += "\"\"\"4096,1,1024;1024\"\"\"";
      else if (k == 1) s += "\"1764246877073569.640\t\"";
      else if (k == 2) s += "N/A";
      else if (k == 3 && r % 17 == 0) s += "\"two\nlines\"";
      else s += std::to_string(rng() % 100000);
      s += f == 44 ? (r % 3 == 0 ? "\r\n" : "\n") : ",";
    }
  }
  expect_same(s, 0, s.size(), 1);
}

TEST(CsvTokenizerDifferential, ByteRangesSplitAtRecordStartsGiveTheWholeFile) {
  // Two halves tokenized separately (what a two-thread reader does) give exactly the records of the
  // whole: the split point is the start of a record, the second half counts lines from there.
  std::string s = "a,b\n1,\"x\ny\"\n\n2,\"\"\"3,4\"\"\"\r\n3,z\n4,w";
  const std::size_t split = s.find("2,");
  std::uint64_t line_at_split = 1;
  for (std::size_t i = 0; i < split; ++i) line_at_split += s[i] == '\n';
  expect_same(s, 0, split, 1);
  expect_same(s, split, s.size(), line_at_split);
  CsvTokenizer second(s, split, s.size(), line_at_split);
  CsvRecord r;
  ASSERT_EQ(second.next(r), CsvStatus::kRecord);
  EXPECT_EQ(r.line, 5u);  // "2,..." is on line 5: lines 2-3 hold one quoted LF, line 4 is blank
  EXPECT_EQ(r.fields[1], "\"3,4\"");
}

TEST(CsvTokenizerDifferential, QuotedFieldsAtEveryOffsetAroundBlockEdges) {
  // A doubled-quote shape, a quoted comma and a quoted LF slid across the 64- and 128-byte block
  // edges one byte at a time, with LF and CRLF row ends: the bit-mask walk carries "inside quotes"
  // and "this field has a quote" from one block to the next at every position.
  const std::vector<std::string> quoted{"\"\"\"4096,1\"\"\"", "\"a,b\"", "\"x\ny\"", "\"\"", "ab\"c,d\"e"};
  for (const auto& q : quoted)
    for (std::size_t pad = 0; pad < 140; ++pad)
      for (const char* eol : {"\n", "\r\n"}) {
        std::string s = "h1,h2,h3" + std::string(eol);
        s += std::string(pad, 'p') + "," + q + ",z" + eol + "1," + q + "," + q + eol;
        expect_same(s, 0, s.size(), 1);
        if (HasFailure()) return;
      }
}

TEST(CsvTokenizerDifferential, LongFieldsNoFinalNewlineAndCrlf) {
  // Fields longer than one and two blocks (quoted ones holding commas, quotes and LFs), a file whose
  // last record has no line end (with and without a quoted last field) and CRLF files.
  std::string long_plain(200, 'k');
  std::string long_quoted = "\"" + std::string(70, 'q') + ",\"\"" + std::string(70, 'r') + "\n" + std::string(10, 's') + "\"";
  for (const char* eol : {"\n", "\r\n"}) {
    std::string s = std::string("a,b,c") + eol + long_plain + "," + long_quoted + ",x" + eol + long_quoted + "," +
                    long_plain + "," + long_plain;
    expect_same(s, 0, s.size(), 1);
    expect_same(s + "\"" + std::string(90, 'u') + "\"", 0, s.size() + 92, 1);  // quoted last field, no EOL
    expect_same(s + eol, 0, s.size() + std::strlen(eol), 1);
  }
}

TEST(CsvTokenizerDifferential, PaddedRecordsHaveRoomAfterEveryField) {
  // `padded` promises kCsvFieldPadding readable bytes from each field's start: true for records far
  // from the end of the buffer (fields in the buffer then end well before it), false for the last
  // records, whose fields may end closer to the buffer end than that.
  std::string s = "a,b,c\n";
  for (int r = 0; r < 40; ++r) s += std::to_string(r) + ",\"\"\"" + std::to_string(r * 7) + ",1\"\"\",0.5\n";
  CsvTokenizer t(s);
  CsvRecord rec;
  const char* end = s.data() + s.size();
  bool saw_padded = false, saw_unpadded = false;
  while (t.next(rec) == CsvStatus::kRecord) {
    const char* rec_end = rec.raw.data() + rec.raw.size();
    EXPECT_EQ(rec.padded, rec_end + kCsvFieldPadding <= end);
    saw_padded = saw_padded || rec.padded;
    saw_unpadded = saw_unpadded || !rec.padded;
    if (!rec.padded) continue;
    for (std::string_view f : rec.fields) {
      const bool in_buffer = f.data() >= s.data() && f.data() <= end;
      if (in_buffer) {
        EXPECT_LE(f.data() + kCsvFieldPadding, end);
      }
    }
  }
  EXPECT_TRUE(saw_padded);
  EXPECT_TRUE(saw_unpadded);
}
