#include "trace/csv_tokenizer.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <cstring>

namespace llmsa::trace {

CsvTokenizer::CsvTokenizer(std::string_view data) : CsvTokenizer(data, 0, data.size(), 1) {}

CsvTokenizer::CsvTokenizer(std::string_view data, std::size_t begin, std::size_t end, std::uint64_t first_line)
    : d_(data), end_(std::min(end, data.size())), pos_(std::min(begin, end_)), line_(first_line) {
  if (pos_ == 0 && end_ >= 3 && static_cast<unsigned char>(d_[0]) == 0xEF &&
      static_cast<unsigned char>(d_[1]) == 0xBB && static_cast<unsigned char>(d_[2]) == 0xBF) {
    pos_ = 3;
    bom_ = true;
  }
}

namespace {

// Bit i of the result: the xor of bits 0..i of x. Applied to the quote mask it marks the bytes from
// an opening quote up to (not including) its closing quote, which is what "inside quotes" means:
// a doubled quote "" toggles twice, as the RFC 4180 state machine does.
inline std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// Bit k of the result: byte k of the 64 at p equals c.
inline std::uint64_t eq_mask(const __m128i (&v)[4], __m128i c) {
  std::uint64_t m = 0;
  for (int k = 0; k < 4; ++k)
    m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v[k], c)))) << (16 * k);
  return m;
}

// Bits at and above position b (b <= 64).
inline std::uint64_t bits_from(std::size_t b) { return b >= 64 ? 0 : ~std::uint64_t{0} << b; }

}  // namespace

// Classifies 64 bytes at once (SSE2): commas, quotes and LFs become bit masks, the quote mask's
// prefix xor says which bytes are inside quotes, and only commas and LFs outside quotes are kept as
// separators. Bytes at or past end_ read as zero (no structure), so a range tokenizer never looks
// into its neighbour's bytes. Most blocks have no quoted bytes and no byte >= 0x80: their LF and
// high-byte masks (needed only for LFs inside quotes and for the UTF-8 hint) are not built.
void CsvTokenizer::load_block(std::size_t base, bool inside_quote) {
  alignas(16) char tail[64];
  const char* p = d_.data() + base;
  if (end_ - base < 64) {
    std::memset(tail, 0, sizeof tail);
    std::memcpy(tail, p, end_ - base);
    p = tail;
  }
  __m128i v[4];
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n');
  std::uint64_t sep = 0, quotes = 0;
  for (int k = 0; k < 4; ++k) {
    v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const auto s16 = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v[k], comma), _mm_cmpeq_epi8(v[k], lf))));
    sep |= static_cast<std::uint64_t>(s16) << (16 * k);
    quotes |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v[k], quote))))
              << (16 * k);
  }
  const std::uint64_t inside = (quotes ? prefix_xor(quotes) : 0) ^ (inside_quote ? ~std::uint64_t{0} : 0);
  base_ = base;
  loaded_ = true;
  sep_ = sep & ~inside;
  quote_ = quotes;
  qrem_ = quotes;
  nl_in_ = inside ? eq_mask(v, lf) & inside : 0;
  const __m128i any = _mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]));
  high_ = 0;
  if (_mm_movemask_epi8(any) != 0)
    for (int k = 0; k < 4; ++k)
      high_ |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(v[k]))) << (16 * k);
  carry_ = (inside >> 63) != 0;
}

// Walks the separator bits of the current block, loading the next block when they run out; the
// per-block state carries over from one record to the next, so every byte is classified once.
CsvStatus CsvTokenizer::next(CsvRecord& rec) {
  const char* base = d_.data();
  while (pos_ < end_ && (base[pos_] == '\n' || (base[pos_] == '\r' && pos_ + 1 < end_ && base[pos_ + 1] == '\n'))) {
    pos_ += base[pos_] == '\n' ? 1 : 2;
    ++line_;
  }
  if (pos_ >= end_) return CsvStatus::kEnd;
  rec.line = line_;
  rec.offset = pos_;
  // A record starts outside quotes; a block loaded earlier is still valid when it holds pos_.
  if (!loaded_ || pos_ < base_ || pos_ - base_ >= 64) {
    load_block(pos_, false);
  } else {
    const std::uint64_t from = bits_from(pos_ - base_);
    sep_ &= from;
    qrem_ = quote_ & from;
  }

  const std::size_t start = pos_;
  std::size_t field_start = start;
  bool field_quoted = false;  // a quote in the current field, in blocks already left
  std::uint64_t inner_newlines = 0;
  bool high = false;
  std::size_t end = end_;
  bool found = false;
  quoted_.clear();
  // Fields are written through a raw pointer into rec.fields, which keeps the previous record's size:
  // for a file of constant width the final resize is a no-op (no per-field push_back bookkeeping).
  std::vector<std::string_view>& fields = rec.fields;
  std::size_t nf = 0;
  std::size_t cap = fields.size();
  std::string_view* fp = fields.data();
  auto put = [&](const char* p, std::size_t len) {
    if (nf == cap) {
      fields.resize(std::max<std::size_t>(16, cap * 2));
      cap = fields.size();
      fp = fields.data();
    }
    fp[nf++] = std::string_view(p, len);
  };
  for (;;) {
    // Locals, not members: stores into fields could alias them and force reloads in the hot loop.
    std::uint64_t bits = sep_;
    std::uint64_t q = qrem_;  // quotes of this block after the last separator walked
    const std::size_t bb = base_;
    const std::size_t rs = start > bb ? start - bb : 0;  // record start within the block
    while (bits) {
      const auto b = static_cast<unsigned>(__builtin_ctzll(bits));
      bits &= bits - 1;
      const std::size_t i = bb + b;
      // Most separators have no quote left in their block: one test, no mask arithmetic.
      if (q != 0 || field_quoted) {
        const std::uint64_t below = (std::uint64_t{1} << b) - 1;
        if ((q & below) != 0 || field_quoted) quoted_.push_back(static_cast<std::uint32_t>(nf));
        q &= ~below << 1;  // the quotes of the fields after this separator
      }
      put(base + field_start, i - field_start);
      field_start = i + 1;
      field_quoted = false;
      if (base[i] == '\n') {
        end = i;
        found = true;
        const std::uint64_t in_rec = bits_from(rs) & ((std::uint64_t{1} << b) - 1);
        if (nl_in_) inner_newlines += static_cast<std::uint64_t>(__builtin_popcountll(nl_in_ & in_rec));
        high |= (high_ & in_rec) != 0;
        sep_ = bits;
        qrem_ = q;
        break;
      }
    }
    if (found) break;
    // Leaving the block inside the record.
    field_quoted = field_quoted || q != 0;
    if (nl_in_) inner_newlines += static_cast<std::uint64_t>(__builtin_popcountll(nl_in_ & bits_from(rs)));
    high |= (high_ & bits_from(rs)) != 0;
    const std::size_t nb = base_ + 64;
    if (nb >= end_) break;
    load_block(nb, carry_);
  }
  if (!found) {
    sep_ = 0;
    if (carry_) {  // the data ends inside quotes
      rec.raw = std::string_view(base + start, end_ - start);
      fields.clear();
      rec.maybe_non_ascii = true;
      pos_ = end_;
      line_ += inner_newlines;
      return CsvStatus::kUnterminatedQuote;
    }
    if (field_quoted) quoted_.push_back(static_cast<std::uint32_t>(nf));
    put(base + field_start, end_ - field_start);
  }
  fields.resize(nf);  // a no-op when the width did not change
  pos_ = found ? end + 1 : end_;
  line_ += 1 + inner_newlines;
  std::size_t rec_end = end;
  if (rec_end > start && base[rec_end - 1] == '\r') {
    --rec_end;
    std::string_view& last = rec.fields.back();
    if (last.data() + last.size() > base + rec_end) last.remove_suffix(1);
  }
  rec.raw = std::string_view(base + start, rec_end - start);
  rec.maybe_non_ascii = high;
  // Fields lie in the record, or in scratch_, which has kCsvFieldPadding bytes past any field start.
  rec.padded = d_.size() >= kCsvFieldPadding && rec_end <= d_.size() - kCsvFieldPadding;
  if (quoted_.empty()) return CsvStatus::kRecord;
  if (scratch_.size() < rec.raw.size() + kCsvFieldPadding) scratch_.resize(rec.raw.size() + 2 * kCsvFieldPadding);
  char* out = scratch_.data();
  for (const std::uint32_t k : quoted_) {
    // Unescape: text outside quotes is kept as is ("abc"x -> abcx, "1.5<TAB>" -> 1.5<TAB>), a doubled
    // quote inside quotes is one literal quote.
    const std::string_view src = rec.fields[k];
    // The shapes Ascend writes: "X" or """X""" with no other quote. Their unescaped text ("X" minus
    // the outer quotes, or X with one literal quote on each side) is a slice of the source: no copy.
    if (src.size() >= 2 && src.front() == '"' && src.back() == '"') {
      const bool tripled = src.size() >= 6 && src[1] == '"' && src[2] == '"' && src[src.size() - 2] == '"' &&
                           src[src.size() - 3] == '"';
      const std::size_t skip = tripled ? 3 : 1;
      const std::string_view inner = src.substr(skip, src.size() - 2 * skip);
      if (inner.find('"') == std::string_view::npos) {
        rec.fields[k] = tripled ? src.substr(2, src.size() - 4) : inner;
        continue;
      }
    }
    char* f = out;
    bool q = false;
    for (std::size_t j = 0; j < src.size(); ++j) {
      const char c = src[j];
      if (c == '"') {
        if (q && j + 1 < src.size() && src[j + 1] == '"') {
          *out++ = '"';
          ++j;
        } else {
          q = !q;
        }
      } else {
        *out++ = c;
      }
    }
    rec.fields[k] = std::string_view(f, static_cast<std::size_t>(out - f));
  }
  return CsvStatus::kRecord;
}

int find_column(const std::vector<std::string>& header, std::string_view canonical) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == canonical) return static_cast<int>(i);
  return -1;
}

}  // namespace llmsa::trace
