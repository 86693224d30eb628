#include "trace/csv_tokenizer.hpp"

#include <cstring>

namespace llmsa::trace {

CsvTokenizer::CsvTokenizer(std::string_view data) : d_(data) {
  if (d_.size() >= 3 && static_cast<unsigned char>(d_[0]) == 0xEF && static_cast<unsigned char>(d_[1]) == 0xBB &&
      static_cast<unsigned char>(d_[2]) == 0xBF) {
    pos_ = 3;
    bom_ = true;
  }
}

namespace {
// Number of '"' in [p, e): parity decides whether a newline ends the record.
std::size_t count_quotes(const char* p, const char* e) {
  std::size_t n = 0;
  while (p < e) {
    const void* q = std::memchr(p, '"', static_cast<std::size_t>(e - p));
    if (!q) break;
    ++n;
    p = static_cast<const char*>(q) + 1;
  }
  return n;
}
}  // namespace

CsvStatus CsvTokenizer::next(CsvRecord& rec) {
  const char* base = d_.data();
  const std::size_t n = d_.size();
  // Skip blank lines (LF or CRLF only).
  while (pos_ < n && (base[pos_] == '\n' || (base[pos_] == '\r' && pos_ + 1 < n && base[pos_ + 1] == '\n'))) {
    pos_ += base[pos_] == '\n' ? 1 : 2;
    ++line_;
  }
  if (pos_ >= n) return CsvStatus::kEnd;
  rec.line = line_;
  rec.offset = pos_;
  std::size_t start = pos_;
  std::size_t scan = pos_;
  std::size_t quotes = 0;
  std::uint64_t newlines = 0;
  std::size_t end;
  for (;;) {
    const void* nl = std::memchr(base + scan, '\n', n - scan);
    std::size_t stop = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : n;
    quotes += count_quotes(base + scan, base + stop);
    if ((quotes & 1) == 0) {
      end = stop;
      pos_ = nl ? stop + 1 : n;
      ++newlines;
      break;
    }
    if (!nl) {  // quote never closed
      rec.raw = std::string_view(base + start, n - start);
      rec.fields.clear();
      pos_ = n;
      return CsvStatus::kUnterminatedQuote;
    }
    ++newlines;
    scan = stop + 1;
  }
  line_ += newlines;
  std::size_t len = end - start;
  if (len > 0 && base[start + len - 1] == '\r') --len;
  rec.raw = std::string_view(base + start, len);
  split(rec.raw, rec);
  return CsvStatus::kRecord;
}

void CsvTokenizer::split(std::string_view r, CsvRecord& rec) {
  rec.fields.clear();
  if (scratch_.size() < r.size()) scratch_.resize(r.size() + 64);
  char* out = scratch_.data();
  const char* p = r.data();
  const char* e = p + r.size();
  for (;;) {
    if (p < e && *p == '"') {
      // Quoted: unescape into scratch; anything after the closing quote up to the comma is kept
      // (Ascend writes "1736413971558972.912<TAB>" and lenient readers keep going).
      char* f = out;
      ++p;
      while (p < e) {
        if (*p == '"') {
          if (p + 1 < e && p[1] == '"') {
            *out++ = '"';
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        *out++ = *p++;
      }
      while (p < e && *p != ',') *out++ = *p++;
      rec.fields.emplace_back(f, static_cast<std::size_t>(out - f));
    } else {
      const void* c = std::memchr(p, ',', static_cast<std::size_t>(e - p));
      const char* fe = c ? static_cast<const char*>(c) : e;
      rec.fields.emplace_back(p, static_cast<std::size_t>(fe - p));
      p = fe;
    }
    if (p >= e) break;
    ++p;  // the comma
    if (p == e) {
      rec.fields.emplace_back();
      break;
    }
  }
}

int find_column(const std::vector<std::string>& header, std::string_view canonical) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == canonical) return static_cast<int>(i);
  return -1;
}

}  // namespace llmsa::trace
