#pragma once
// A growable text buffer with the number formats of the row-per-event writers (raw_kernel_index.csv,
// trace.json): decimal integers and exact ns -> µs with 3 decimals, formatted in place with a
// two-digit table instead of through a temporary or fmt. Those writers append one row per device
// event (millions), so the few calls per field are the cost: every append checks the room once and
// copies; nothing allocates per row (the buffer grows geometrically and is reused after each flush).
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace llmsa::report {

class TextAppender {
 public:
  explicit TextAppender(std::size_t reserve = 1u << 16) { grow(reserve); }

  std::size_t size() const { return len_; }
  std::string_view view() const { return {data_.get(), len_}; }
  void clear() { len_ = 0; }

  void put(char c) {
    room(1);
    data_[len_++] = c;
  }
  void put(std::string_view s) {
    if (s.empty()) return;  // never memcpy from a null data()
    room(s.size());
    std::memcpy(data_.get() + len_, s.data(), s.size());
    len_ += s.size();
  }
  void put_uint(std::uint64_t v) {
    room(20);
    len_ += write_uint(data_.get() + len_, v);
  }
  void put_int(std::int64_t v) {
    room(21);
    if (v < 0) {
      data_[len_++] = '-';
      len_ += write_uint(data_.get() + len_, 0ull - static_cast<std::uint64_t>(v));
    } else {
      len_ += write_uint(data_.get() + len_, static_cast<std::uint64_t>(v));
    }
  }
  // Exact decimal microseconds of a ns value, as report_text.hpp's append_exact_us: 1234567 -> "1234.567".
  void put_exact_us(std::int64_t ns) {
    room(26);
    char* p = data_.get() + len_;
    std::uint64_t mag = static_cast<std::uint64_t>(ns);
    if (ns < 0) {
      *p++ = '-';
      mag = 0ull - mag;
    }
    p += write_uint(p, mag / 1000);
    const unsigned frac = static_cast<unsigned>(mag % 1000);
    p[0] = '.';
    p[1] = static_cast<char>('0' + frac / 100);
    std::memcpy(p + 2, kDigitPairs + 2 * (frac % 100), 2);
    len_ = static_cast<std::size_t>(p + 4 - data_.get());
  }

 private:
  static constexpr char kDigitPairs[201] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";

  // Writes v's decimal digits at p (room for 20 checked by the caller); returns how many.
  static std::size_t write_uint(char* p, std::uint64_t v) {
    char tmp[20];
    char* end = tmp + sizeof tmp;
    char* q = end;
    while (v >= 100) {
      q -= 2;
      std::memcpy(q, kDigitPairs + 2 * (v % 100), 2);
      v /= 100;
    }
    if (v >= 10) {
      q -= 2;
      std::memcpy(q, kDigitPairs + 2 * v, 2);
    } else {
      *--q = static_cast<char>('0' + v);
    }
    const std::size_t n = static_cast<std::size_t>(end - q);
    std::memcpy(p, q, n);
    return n;
  }
  void room(std::size_t n) {
    if (cap_ - len_ < n) grow(len_ + n);
  }
  void grow(std::size_t at_least) {
    std::size_t cap = cap_ ? cap_ : 64;
    while (cap < at_least) cap *= 2;
    std::unique_ptr<char[]> bigger(new char[cap]);
    if (len_) std::memcpy(bigger.get(), data_.get(), len_);
    data_ = std::move(bigger);
    cap_ = cap;
  }

  std::unique_ptr<char[]> data_;
  std::size_t len_ = 0, cap_ = 0;
};

}  // namespace llmsa::report
