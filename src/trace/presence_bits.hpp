#pragma once
// A bit per event: one bit instead of one byte per event keeps presence masks of dozens of PMU
// columns small on multi-million-row captures. Reads like a vector<bool> (present[i]).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace llmsa::trace {

class PresenceBits {
 public:
  bool operator[](std::size_t i) const { return (words_[i >> 6] >> (i & 63)) & 1u; }
  std::size_t size() const { return size_; }
  void push_back(bool v) {
    if ((size_ & 63) == 0) words_.push_back(0);
    if (v) words_.back() |= std::uint64_t{1} << (size_ & 63);
    ++size_;
  }
  void assign(std::size_t n, bool v) {
    size_ = n;
    words_.assign((n + 63) / 64, v ? ~std::uint64_t{0} : 0);
    if (v && (n & 63)) words_.back() = (std::uint64_t{1} << (n & 63)) - 1;  // bits past size() stay 0
  }
  void set(std::size_t i) { words_[i >> 6] |= std::uint64_t{1} << (i & 63); }
  // Appends every bit of `o` (split reads join their parts with it).
  void append(const PresenceBits& o) {
    words_.reserve((size_ + o.size_ + 63) / 64);
    for (std::size_t w = 0; w < o.words_.size(); ++w)
      append_bits(o.words_[w], static_cast<unsigned>(std::min<std::size_t>(64, o.size_ - 64 * w)));
  }
  // Appends n <= 64 bits at once (bit j of `bits` is element size()+j; bits at and above n must be 0).
  void append_bits(std::uint64_t bits, unsigned n) {
    if (n == 0) return;
    const unsigned off = static_cast<unsigned>(size_ & 63);
    if (off == 0) {
      words_.push_back(bits);
    } else {
      words_.back() |= bits << off;
      if (off + n > 64) words_.push_back(bits >> (64 - off));
    }
    size_ += n;
  }
  // The 64 bits of elements [64 w, 64 w + 64) (bits past size() are 0).
  std::uint64_t word(std::size_t w) const { return words_[w]; }
  void reserve(std::size_t n) { words_.reserve((n + 63) / 64); }
  std::size_t count() const {
    std::size_t n = 0;
    for (auto w : words_) n += static_cast<std::size_t>(__builtin_popcountll(w));
    return n;
  }
  std::size_t memory_bytes() const { return words_.capacity() * sizeof(std::uint64_t); }
  bool operator==(const PresenceBits& o) const { return size_ == o.size_ && words_ == o.words_; }

 private:
  std::vector<std::uint64_t> words_;
  std::size_t size_ = 0;
};

}  // namespace llmsa::trace
