#pragma once
// A column of StringIds stored in 2 bytes per value while every id written fits (< 65,536), and in
// 4 bytes after the first id that does not (widened once, by copying).
//
// Why: the event store has six string columns (name, type, core, shapes, dtypes). One rank's
// kernel_details.csv has a few thousand distinct strings, so 4-byte ids waste 12 bytes per row, about
// 3% of the file size, which matters against the 0.3x-of-file-size memory target of issue 3.
//
// Reads: col[i] on a const column returns StringId. The width test is one flag, the same for every
// read of the column, so in a loop it is predicted (or hoisted) and a read costs one load as with a
// vector. Writes: the non-const col[i] returns a small proxy, so `col[i] = id` works as with a vector.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "core/string_pool.hpp"

namespace llmsa::trace {

class StringIdColumn {
 public:
  using value_type = StringId;

  class Ref {
   public:
    Ref(StringIdColumn& c, std::size_t i) : c_(c), i_(i) {}
    operator StringId() const { return c_.get(i_); }  // NOLINT: reads like the element
    Ref& operator=(StringId v) {
      c_.set(i_, v);
      return *this;
    }
    Ref& operator=(const Ref& o) { return *this = static_cast<StringId>(o); }

   private:
    StringIdColumn& c_;
    std::size_t i_;
  };

  // Read-only iteration (range-for, std algorithms); yields StringId values.
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = StringId;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = StringId;
    const_iterator() = default;
    const_iterator(const StringIdColumn* c, std::size_t i) : c_(c), i_(i) {}
    StringId operator*() const { return c_->get(i_); }
    StringId operator[](difference_type k) const { return c_->get(i_ + static_cast<std::size_t>(k)); }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto t = *this; ++i_; return t; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { auto t = *this; --i_; return t; }
    const_iterator& operator+=(difference_type k) { i_ += static_cast<std::size_t>(k); return *this; }
    const_iterator& operator-=(difference_type k) { i_ -= static_cast<std::size_t>(k); return *this; }
    friend const_iterator operator+(const_iterator a, difference_type k) { return a += k; }
    friend const_iterator operator+(difference_type k, const_iterator a) { return a += k; }
    friend const_iterator operator-(const_iterator a, difference_type k) { return a -= k; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }
    friend bool operator!=(const const_iterator& a, const const_iterator& b) { return a.i_ != b.i_; }
    friend bool operator<(const const_iterator& a, const const_iterator& b) { return a.i_ < b.i_; }
    friend bool operator>(const const_iterator& a, const const_iterator& b) { return a.i_ > b.i_; }
    friend bool operator<=(const const_iterator& a, const const_iterator& b) { return a.i_ <= b.i_; }
    friend bool operator>=(const const_iterator& a, const const_iterator& b) { return a.i_ >= b.i_; }

   private:
    const StringIdColumn* c_ = nullptr;
    std::size_t i_ = 0;
  };

  std::size_t size() const { return wide_ ? w32_.size() : w16_.size(); }
  bool empty() const { return size() == 0; }
  // Bytes per stored id: 2, or 4 once an id >= 65,536 was written.
  unsigned bytes_per_value() const { return wide_ ? 4u : 2u; }

  StringId operator[](std::size_t i) const { return get(i); }
  Ref operator[](std::size_t i) { return Ref(*this, i); }
  StringId get(std::size_t i) const { return wide_ ? w32_[i] : StringId{w16_[i]}; }
  void set(std::size_t i, StringId v) {
    if (wide_) {
      w32_[i] = v;
      return;
    }
    if (v > kNarrowMax) {
      widen();
      w32_[i] = v;
      return;
    }
    w16_[i] = static_cast<std::uint16_t>(v);
  }
  void push_back(StringId v) {
    if (!wide_ && v <= kNarrowMax) {
      w16_.push_back(static_cast<std::uint16_t>(v));
      return;
    }
    if (!wide_) widen();
    w32_.push_back(v);
  }
  // Makes the column n long: new entries are `fill`, entries past n are dropped.
  void resize(std::size_t n, StringId fill = kEmptyString) {
    if (!wide_ && fill > kNarrowMax && n > size()) widen();
    if (wide_) w32_.resize(n, fill);
    else w16_.resize(n, static_cast<std::uint16_t>(fill));
  }
  void clear() {
    w16_.clear();
    w32_.clear();
  }
  // Room for n values in total at the current width (a later widening reserves as much at 4 bytes).
  void reserve(std::size_t n) {
    reserve_ = n > reserve_ ? n : reserve_;
    if (wide_) w32_.reserve(n);
    else w16_.reserve(n);
  }
  // Appends every value of `o`, each passed through map (old id -> new id) when map is given.
  void append(const StringIdColumn& o) {
    reserve(size() + o.size());
    if (!wide_ && !o.wide_) {
      w16_.insert(w16_.end(), o.w16_.begin(), o.w16_.end());
      return;
    }
    for (std::size_t i = 0; i < o.size(); ++i) push_back(o.get(i));
  }
  void append(const StringIdColumn& o, const std::vector<StringId>& map) {
    reserve(size() + o.size());
    for (std::size_t i = 0; i < o.size(); ++i) push_back(map[o.get(i)]);
  }
  // Releases the storage (the column becomes empty and narrow).
  void release() { *this = StringIdColumn(); }

  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

  std::size_t memory_bytes() const {
    return w16_.capacity() * sizeof(std::uint16_t) + w32_.capacity() * sizeof(std::uint32_t);
  }
  bool operator==(const StringIdColumn& o) const {
    if (size() != o.size()) return false;
    for (std::size_t i = 0; i < size(); ++i)
      if (get(i) != o.get(i)) return false;
    return true;
  }
  bool operator!=(const StringIdColumn& o) const { return !(*this == o); }

 private:
  static constexpr StringId kNarrowMax = 0xFFFFu;
  void widen() {
    std::vector<std::uint32_t> wide;
    wide.reserve(reserve_ > w16_.size() ? reserve_ : w16_.size());
    wide.assign(w16_.begin(), w16_.end());
    w32_ = std::move(wide);
    std::vector<std::uint16_t>().swap(w16_);
    wide_ = true;
  }

  std::vector<std::uint16_t> w16_;  // the values while narrow
  std::vector<std::uint32_t> w32_;  // the values once wide
  std::size_t reserve_ = 0;
  bool wide_ = false;
};

}  // namespace llmsa::trace
