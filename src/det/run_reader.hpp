#pragma once
// Streams a JSONL file of generations one record at a time, so that inputs far larger than memory can
// be compared. One line holds one sample: {"prompt_id": ..., "tokens": [...], "logprobs": [...]}; any
// other field is ignored, blank lines are skipped. Logprobs may instead come from a raw little-endian
// float32 file holding every record's values back to back, in file order.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "det/generation_record.hpp"

namespace llmsa::det {

// Parses one JSONL line into `out` (prompt_id, tokens and, unless `logprobs_required` is false and the
// field is absent, logprobs). Throws llmsa::Error (kBadInput) naming `file`, `line` and the field.
// The line needs no padding: it is copied into `scratch`, which is reused between calls.
void parse_generation_line(std::string_view text, const std::string& file, std::int64_t line,
                           bool logprobs_required, std::string& scratch, GenerationRecord& out);

struct RunReaderCounts {
  std::int64_t lines = 0;        // physical lines read
  std::int64_t blank_lines = 0;  // skipped because empty or only whitespace
  std::int64_t records = 0;      // records returned
  std::int64_t bytes = 0;        // bytes of JSONL consumed
};

class RunReader {
 public:
  // `raw_logprobs_path` empty: logprobs come from each line. Otherwise from that float32 file, and a
  // "logprobs" field in the lines is ignored.
  explicit RunReader(std::string path, std::string raw_logprobs_path = {});
  ~RunReader();
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;

  // Reads the next record; false at the end of the file. At the end, checks that a raw logprob file
  // holds no values beyond the last record.
  bool next(GenerationRecord& out);

  const RunReaderCounts& counts() const { return counts_; }
  const std::string& path() const { return path_; }

 private:
  bool next_line(std::string_view& line);
  void read_raw_logprobs(GenerationRecord& out);

  std::string path_;
  std::string raw_path_;
  std::FILE* file_ = nullptr;
  std::FILE* raw_ = nullptr;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  std::string scratch_;
  std::vector<float> raw_scratch_;
  std::int64_t raw_values_read_ = 0;
  RunReaderCounts counts_;
};

}  // namespace llmsa::det
