#pragma once
// A buffered JSON text writer for outputs too large to build as a DOM (trace.json of 8 ranks x 1M
// events): the caller writes structure, this class escapes strings and formats numbers, and flushes
// to the file in 1 MiB chunks. Strings are escaped per RFC 8259 ('"', '\\', control characters as
// \u00XX) and any byte sequence that is not valid UTF-8 becomes U+FFFD, so the output always parses.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace llmsa::report {

// Appends `s` to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view s);
// The same without the quotes (for strings assembled from several pieces).
void append_json_string_body(std::string& out, std::string_view s);

class JsonFileWriter {
 public:
  // Throws llmsa::Error when the file cannot be opened.
  explicit JsonFileWriter(const std::filesystem::path& path);
  ~JsonFileWriter();
  JsonFileWriter(const JsonFileWriter&) = delete;
  JsonFileWriter& operator=(const JsonFileWriter&) = delete;

  JsonFileWriter& raw(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kFlushBytes) flush();
    return *this;
  }
  // Pre-built text of any size, written after what is buffered without being copied into the buffer.
  JsonFileWriter& bulk(std::string_view s);
  JsonFileWriter& str(std::string_view s) {
    append_json_string(buf_, s);
    return *this;
  }
  JsonFileWriter& num(std::int64_t v);
  JsonFileWriter& num(double v);  // shortest round-trip form; null when not finite
  // Exact decimal microseconds of a ns value ("1234.567"): Chrome trace timestamps without float error.
  JsonFileWriter& us(std::int64_t ns);
  // The buffer itself, for callers that append pre-built pieces; call maybe_flush() after.
  std::string& buffer() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= kFlushBytes) flush();
  }
  // Flushes and closes; throws llmsa::Error when the data could not be written.
  void close();

 private:
  static constexpr std::size_t kFlushBytes = 1 << 20;
  void flush();
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  bool failed_ = false;
};

}  // namespace llmsa::report
