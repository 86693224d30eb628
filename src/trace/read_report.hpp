#pragma once
// The account of one input file: every row or record read is either kept as an event (or as a
// row of an auxiliary table) or rejected with a reason. Nothing is dropped silently.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace llmsa::trace {

struct RejectedRow {
  std::uint64_t row = 0;          // 0-based data row or record index
  std::int64_t line = -1;         // 1-based line in the file, -1 when not line-oriented
  std::int64_t byte_offset = -1;  // byte offset in the (decompressed) file, -1 when unknown
  std::string reason;
};

struct FileReadReport {
  std::string path;
  std::string format;  // e.g. "ascend.kernel_details.csv", "kineto.json", "ascend.db"
  int rank = -1;
  std::uint64_t rows_read = 0;  // data rows / records seen (headers and metadata records excluded)
  std::uint64_t events = 0;     // rows kept as events or auxiliary-table rows
  std::uint64_t rejected = 0;
  std::map<std::string, std::uint64_t> rejected_by_reason;  // sorted for deterministic output
  std::vector<RejectedRow> rejected_examples;               // the first few, with location
  std::vector<std::string> notes;  // what missing optional files/columns mean for the analyses
  // Set when the file as a whole could not be read (empty, not the format, syntax error); the
  // message names the file and the line or byte offset. Rows read before the fault stay counted.
  std::string error;
  bool read = true;  // false for files discovered but not read (e.g. no reader connected yet)

  static constexpr std::size_t kMaxExamples = 20;

  void reject(const RejectedRow& r) {
    ++rejected;
    ++rejected_by_reason[r.reason];
    if (rejected_examples.size() < kMaxExamples) rejected_examples.push_back(r);
  }
};

}  // namespace llmsa::trace
