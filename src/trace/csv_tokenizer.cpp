#include "trace/csv_tokenizer.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <cstring>

namespace llmsa::trace {

CsvTokenizer::CsvTokenizer(std::string_view data) : d_(data) {
  if (d_.size() >= 3 && static_cast<unsigned char>(d_[0]) == 0xEF && static_cast<unsigned char>(d_[1]) == 0xBB &&
      static_cast<unsigned char>(d_[2]) == 0xBF) {
    pos_ = 3;
    bom_ = true;
  }
}


// One pass over the record with SSE2: 16 bytes at a time, a bit mask of the structural bytes
// (comma, quote, LF) is walked in order with a two-state machine (inside/outside quotes). Fields
// without quotes become views into the buffer; quoted ones are unescaped afterwards into scratch.
CsvStatus CsvTokenizer::next(CsvRecord& rec) {
  const char* base = d_.data();
  const std::size_t n = d_.size();
  while (pos_ < n && (base[pos_] == '\n' || (base[pos_] == '\r' && pos_ + 1 < n && base[pos_ + 1] == '\n'))) {
    pos_ += base[pos_] == '\n' ? 1 : 2;
    ++line_;
  }
  if (pos_ >= n) return CsvStatus::kEnd;
  rec.line = line_;
  rec.offset = pos_;
  spans_.clear();
  const std::size_t start = pos_;
  std::size_t field_start = pos_;
  bool field_quoted = false;
  bool in_quote = false;
  std::uint64_t inner_newlines = 0;
  std::size_t end = n;
  bool done = false;
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n');
  std::size_t p = pos_;
  unsigned high_bits = 0;  // any byte >= 0x80 seen in the scanned blocks
  alignas(16) char tail[16];
  while (!done && p < n) {
    __m128i v;
    if (n - p >= 16) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + p));
    } else {
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, base + p, n - p);
      v = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
    }
    high_bits |= static_cast<unsigned>(_mm_movemask_epi8(v));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)), _mm_cmpeq_epi8(v, lf))));
    while (mask) {
      const std::size_t i = p + static_cast<std::size_t>(__builtin_ctz(mask));
      mask &= mask - 1;
      const char c = base[i];
      if (c == '"') {
        in_quote = !in_quote;
        field_quoted = true;
      } else if (in_quote) {
        if (c == '\n') ++inner_newlines;
      } else if (c == ',') {
        spans_.push_back({field_start, i, field_quoted});
        field_start = i + 1;
        field_quoted = false;
      } else {  // LF outside quotes: end of record
        end = i;
        done = true;
        break;
      }
    }
    p += 16;
  }
  if (!done && in_quote) {
    rec.raw = std::string_view(base + start, n - start);
    rec.fields.clear();
    pos_ = n;
    line_ += inner_newlines;
    return CsvStatus::kUnterminatedQuote;
  }
  pos_ = done ? end + 1 : n;
  line_ += 1 + inner_newlines;
  std::size_t rec_end = end;
  if (rec_end > start && base[rec_end - 1] == '\r') --rec_end;
  spans_.push_back({field_start, std::max(field_start, rec_end), field_quoted});
  rec.raw = std::string_view(base + start, rec_end - start);
  rec.maybe_non_ascii = high_bits != 0;
  rec.fields.clear();
  if (scratch_.size() < rec.raw.size() + 1) scratch_.resize(rec.raw.size() + 64);
  char* out = scratch_.data();
  for (const Span& sp : spans_) {
    if (!sp.quoted) {
      rec.fields.emplace_back(base + sp.begin, sp.end - sp.begin);
      continue;
    }
    // Unescape: text outside quotes is kept as is ("abc"x -> abcx, "1.5<TAB>" -> 1.5<TAB>), a doubled
    // quote inside quotes is one literal quote.
    char* f = out;
    bool q = false;
    for (std::size_t k = sp.begin; k < sp.end; ++k) {
      const char c = base[k];
      if (c == '"') {
        if (q && k + 1 < sp.end && base[k + 1] == '"') {
          *out++ = '"';
          ++k;
        } else {
          q = !q;
        }
      } else {
        *out++ = c;
      }
    }
    rec.fields.emplace_back(f, static_cast<std::size_t>(out - f));
  }
  return CsvStatus::kRecord;
}

int find_column(const std::vector<std::string>& header, std::string_view canonical) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == canonical) return static_cast<int>(i);
  return -1;
}

}  // namespace llmsa::trace
