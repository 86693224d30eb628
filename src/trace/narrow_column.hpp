#pragma once
// An integer event column stored in the narrowest width (1, 2, 4 or 8 bytes) that holds every
// value written so far, widened (once, by copying) when a value needs more. Values read back are
// exactly the values written.
//
// Why: most integer columns hold small numbers (Step Id, Device_id, Stream ID, a file's row index,
// a wait time in ns) but their type must admit any value a file may hold. On a multi-million-row
// kernel_details.csv the difference between int64 and the width actually needed is 4 to 7 bytes
// per row and column.
//
// T is the logical type (int32_t, int64_t, uint64_t...). `kAbsent` (kMissing, -1) is stored as the
// narrow type's own sentinel when it is T's minimum, so a column of small values plus "absent"
// stays narrow.
//
// Reads: col[i] on a const column returns T. Writes: the non-const col[i] returns a small proxy,
// so `col[i] = v` works as with a vector and reading through it converts to T.
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

namespace llmsa::trace {

template <class T>
class NarrowColumn {
  static_assert(std::is_integral_v<T>, "integer columns only");

 public:
  class Ref {
   public:
    Ref(NarrowColumn& c, std::size_t i) : c_(c), i_(i) {}
    operator T() const { return c_.get(i_); }  // NOLINT: reads like the element
    Ref& operator=(T v) {
      c_.set(i_, v);
      return *this;
    }
    Ref& operator=(const Ref& o) { return *this = static_cast<T>(o); }
    Ref& operator+=(T v) { return *this = static_cast<T>(c_.get(i_) + v); }

   private:
    NarrowColumn& c_;
    std::size_t i_;
  };

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  unsigned bytes_per_value() const { return 1u << shift_; }

  T operator[](std::size_t i) const { return get(i); }
  Ref operator[](std::size_t i) { return Ref(*this, i); }
  T get(std::size_t i) const {
    const unsigned char* p = data_.data() + (i << shift_);
    switch (shift_) {
      case 0: return widen(load<narrow8>(p));
      case 1: return widen(load<narrow16>(p));
      case 2: return widen(load<narrow32>(p));
      default: return widen(load<narrow64>(p));
    }
  }
  void set(std::size_t i, T v) {
    fit(v);
    store(data_.data() + (i << shift_), v);
  }
  void push_back(T v) {
    fit(v);
    const std::size_t at = size_ << shift_;
    data_.resize(at + (std::size_t{1} << shift_));  // geometric growth; reserved capacity is not touched
    store(data_.data() + at, v);
    ++size_;
  }
  // Appends every value of `o`.
  void append(const NarrowColumn& o) {
    if (o.shift_ > shift_) widen_to(o.shift_);
    reserve(size_ + o.size_);
    for (std::size_t i = 0; i < o.size_; ++i) push_back(o.get(i));
  }
  // Room for n values at the current width (a later widening copies into a fresh buffer).
  void reserve(std::size_t n) {
    reserve_ = n > reserve_ ? n : reserve_;
    if (data_.capacity() < (n << shift_)) data_.reserve(n << shift_);
  }
  std::size_t memory_bytes() const { return data_.capacity(); }
  bool operator==(const NarrowColumn& o) const {
    if (size_ != o.size_) return false;
    for (std::size_t i = 0; i < size_; ++i)
      if (get(i) != o.get(i)) return false;
    return true;
  }

 private:
  using narrow8 = std::conditional_t<std::is_signed_v<T>, std::int8_t, std::uint8_t>;
  using narrow16 = std::conditional_t<std::is_signed_v<T>, std::int16_t, std::uint16_t>;
  using narrow32 = std::conditional_t<std::is_signed_v<T>, std::int32_t, std::uint32_t>;
  using narrow64 = std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>;

  template <class N>
  static N load(const unsigned char* p) {
    N v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  // A narrow value back to T: the narrow minimum of a signed type stands for T's minimum (kMissing).
  template <class N>
  static T widen(N v) {
    if constexpr (std::is_signed_v<T>)
      if (v == std::numeric_limits<N>::min()) return std::numeric_limits<T>::min();
    return static_cast<T>(v);
  }
  // Bytes (as a shift) that v needs: T's minimum fits anywhere, other values within the narrow
  // type's range excluding its minimum.
  static unsigned shift_for(T v) {
    unsigned s = 3;
    if constexpr (std::is_signed_v<T>) {
      if (v == std::numeric_limits<T>::min()) s = 0;
      else if (v > INT8_MIN && v <= INT8_MAX) s = 0;
      else if (v > INT16_MIN && v <= INT16_MAX) s = 1;
      else if (v > INT32_MIN && v <= INT32_MAX) s = 2;
    } else {
      if (v <= 0xFFu) s = 0;
      else if (v <= 0xFFFFu) s = 1;
      else if (v <= 0xFFFFFFFFu) s = 2;
    }
    return s < kMaxShift ? s : kMaxShift;
  }
  void store(unsigned char* p, T v) const {
    switch (shift_) {
      case 0: {
        const auto n = narrow_of<narrow8>(v);
        std::memcpy(p, &n, 1);
        break;
      }
      case 1: {
        const auto n = narrow_of<narrow16>(v);
        std::memcpy(p, &n, 2);
        break;
      }
      case 2: {
        const auto n = narrow_of<narrow32>(v);
        std::memcpy(p, &n, 4);
        break;
      }
      default: {
        const auto n = static_cast<narrow64>(v);
        std::memcpy(p, &n, 8);
        break;
      }
    }
  }
  template <class N>
  static N narrow_of(T v) {
    if constexpr (std::is_signed_v<T>)
      if (v == std::numeric_limits<T>::min()) return std::numeric_limits<N>::min();
    return static_cast<N>(v);
  }
  void fit(T v) {
    const unsigned s = shift_for(v);
    if (s > shift_) widen_to(s);
  }
  void widen_to(unsigned s) {
    std::vector<unsigned char> wider;
    wider.reserve((reserve_ > size_ ? reserve_ : size_) << s);
    wider.resize(size_ << s);
    const unsigned old = shift_;
    for (std::size_t i = 0; i < size_; ++i) {
      shift_ = old;
      const T v = get(i);
      shift_ = s;
      store(wider.data() + (i << s), v);
    }
    shift_ = s;
    data_ = std::move(wider);
  }
  static constexpr unsigned kMaxShift = sizeof(T) == 1 ? 0 : sizeof(T) == 2 ? 1 : sizeof(T) == 4 ? 2 : 3;

  std::vector<unsigned char> data_;  // size_ values of (1 << shift_) bytes
  std::size_t size_ = 0;
  std::size_t reserve_ = 0;
  unsigned shift_ = 0;
};

}  // namespace llmsa::trace
