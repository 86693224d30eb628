#include "report/json_stream.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

namespace {
// Length of the valid UTF-8 sequence starting at p[0] (at most n bytes available), 0 when invalid.
std::size_t utf8_length(const unsigned char* p, std::size_t n) {
  const unsigned char c = p[0];
  const std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || len > n) return 0;
  std::uint32_t cp = c & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}
}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  append_json_string_body(out, s);
  out.push_back('"');
}

void append_json_string_body(std::string& out, std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t run = 0;  // start of the pending run of bytes copied verbatim
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t len = utf8_length(p + i, n - i)) {
        i += len;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c < 0x20) out.append(fmt::format("\\u{:04x}", c));
        else out.append("\xEF\xBF\xBD");  // an invalid UTF-8 byte
    }
    run = ++i;
  }
  out.append(s.data() + run, n - run);
}

JsonFileWriter::JsonFileWriter(const std::filesystem::path& path) : path_(path.string()) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) throw_bad_input({path_, -1, -1, ""}, "cannot open the file for writing");
  buf_.reserve(kFlushBytes + 4096);
}

JsonFileWriter::~JsonFileWriter() {
  if (file_) std::fclose(file_);
}

JsonFileWriter& JsonFileWriter::num(std::int64_t v) {
  append_int(buf_, v);
  return *this;
}

JsonFileWriter& JsonFileWriter::num(double v) {
  if (std::isfinite(v)) fmt::format_to(std::back_inserter(buf_), "{}", v);
  else buf_.append("null");
  return *this;
}

JsonFileWriter& JsonFileWriter::us(std::int64_t ns) {
  append_exact_us(buf_, ns);
  if (buf_.size() >= kFlushBytes) flush();
  return *this;
}

JsonFileWriter& JsonFileWriter::bulk(std::string_view s) {
  if (s.size() < kFlushBytes) return raw(s);
  flush();
  if (file_ && std::fwrite(s.data(), 1, s.size(), file_) != s.size()) failed_ = true;
  return *this;
}

void JsonFileWriter::flush() {
  if (!file_ || buf_.empty()) return;
  if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) failed_ = true;
  buf_.clear();
}

void JsonFileWriter::close() {
  flush();
  if (file_ && std::fclose(file_) != 0) failed_ = true;
  file_ = nullptr;
  if (failed_) throw_bad_input({path_, -1, -1, ""}, "could not write the whole file");
}

}  // namespace llmsa::report
