#pragma once
// A hand-written RFC 4180 tokenizer over an in-memory buffer. It exists because profiler CSVs reach
// gigabytes and a general-purpose CSV library (or pandas) is 50x too slow: unquoted fields are
// views into the buffer (no copy); only quoted fields are unescaped, into a per-record scratch area.
// Handles a UTF-8 BOM, CRLF, doubled quotes ("""32,3""" -> "32,3") and newlines inside quotes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::trace {

// Bytes readable from the start of every field of a record whose `padded` is set.
inline constexpr std::size_t kCsvFieldPadding = 32;

struct CsvRecord {
  std::vector<std::string_view> fields;  // valid until the next call to next()
  std::uint64_t line = 0;                // 1-based line where the record starts
  std::uint64_t offset = 0;              // byte offset of the record in the buffer
  std::string_view raw;                  // the record's bytes, without the line end
  // False when every byte of the record is ASCII (then it is valid UTF-8 without a check). True
  // may also mean a non-ASCII byte shortly before or after the record: callers then validate `raw`.
  bool maybe_non_ascii = true;
  // True when at least kCsvFieldPadding bytes can be read from the first byte of every field (in the
  // buffer, or in the tokenizer's scratch for unescaped fields): whole-vector parsers may then load
  // past a field's end. False for a record that ends within kCsvFieldPadding bytes of the buffer end.
  bool padded = false;
};

enum class CsvStatus { kRecord, kEnd, kUnterminatedQuote };

class CsvTokenizer {
 public:
  explicit CsvTokenizer(std::string_view data);
  // Tokenizes only [begin, end) of `data`: `begin` must be the start of a record (0 or just after an
  // unquoted LF) and `end` the end of one (or data.size()). Lets two threads split one big file.
  // Lines are counted from `first_line` at `begin`.
  CsvTokenizer(std::string_view data, std::size_t begin, std::size_t end, std::uint64_t first_line);
  // Reads the next record. Blank lines are skipped. kUnterminatedQuote: a quote opened at
  // rec.line/rec.offset never closes; the rest of the buffer is that one broken record.
  CsvStatus next(CsvRecord& rec);
  std::size_t position() const { return pos_; }
  std::uint64_t line() const { return line_; }  // line of the byte at position()
  bool had_bom() const { return bom_; }

 private:
  // The structural bytes of one 64-byte block, as bit masks (bit i = byte base_ + i).
  void load_block(std::size_t base, bool inside_quote);

  std::string_view d_;
  std::size_t end_ = 0;       // tokenizing stops here
  std::size_t pos_ = 0;       // start of the next record
  std::uint64_t line_ = 1;
  bool bom_ = false;
  std::string scratch_;
  std::vector<std::uint32_t> quoted_;  // indices of the current record's fields that hold a quote
  // Current block: [base_, base_ + 64). Bits below the cursor are cleared from sep_.
  std::size_t base_ = 0;
  bool loaded_ = false;
  std::uint64_t sep_ = 0;     // commas and LFs outside quotes
  std::uint64_t quote_ = 0;   // every '"'
  std::uint64_t qrem_ = 0;    // the quotes after the last separator walked
  std::uint64_t nl_in_ = 0;   // LFs inside quotes (they add lines, not records)
  std::uint64_t high_ = 0;    // bytes >= 0x80 (0 when the block has none)
  bool carry_ = false;        // the block ends inside quotes
};

// Maps canonical column names to their index in a header record; -1 when absent.
int find_column(const std::vector<std::string>& header, std::string_view canonical);

}  // namespace llmsa::trace
