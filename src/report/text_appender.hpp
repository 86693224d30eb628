#pragma once
// A growable text buffer with the number formats of the row-per-event writers (raw_kernel_index.csv,
// trace.json): decimal integers and exact ns -> µs with 3 decimals, formatted in place
// (std::to_chars, report_text.hpp's write_exact_us) instead of through a temporary or fmt. Those writers append one row per device
// event (millions), so the few calls per field are the cost: every append checks the room once and
// copies; nothing allocates per row (the buffer grows geometrically and is reused after each flush).
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "report/report_text.hpp"

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
    len_ = static_cast<std::size_t>(std::to_chars(data_.get() + len_, data_.get() + cap_, v).ptr - data_.get());
  }
  void put_int(std::int64_t v) {
    room(20);
    len_ = static_cast<std::size_t>(std::to_chars(data_.get() + len_, data_.get() + cap_, v).ptr - data_.get());
  }
  // Exact decimal microseconds of a ns value (report_text.hpp's write_exact_us): 1234567 -> "1234.567".
  void put_exact_us(std::int64_t ns) {
    room(kExactUsMaxChars);
    len_ = static_cast<std::size_t>(write_exact_us(data_.get() + len_, ns) - data_.get());
  }

 private:
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
