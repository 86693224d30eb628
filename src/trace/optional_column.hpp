#pragma once
// An event column that costs nothing until some event has a value in it.
//
// Why: the event store has columns that only some formats fill (Kineto's pid, External id, Sequence
// number, correlation, process lane). A kernel_details.csv read of millions of rows would otherwise
// pay ~30 bytes per row for columns that stay "absent" everywhere. The column only counts its
// length until a value other than kAbsent is written, then becomes a plain vector.
//
// Reads through a const column never allocate: col[i] is kAbsent while unmaterialized. A write
// through the non-const col[i] (which returns a reference, so `col[i] = v` works as with a vector)
// materializes the column; so does push_back of a value other than kAbsent.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace llmsa::trace {

template <class T, T kAbsent>
class OptionalColumn {
 public:
  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  bool materialized() const { return materialized_; }

  T operator[](std::size_t i) const { return materialized_ ? v_[i] : kAbsent; }
  T& operator[](std::size_t i) {
    materialize();
    return v_[i];
  }
  void push_back(T x) {
    if (!materialized_ && x != kAbsent) materialize();
    if (materialized_) v_.push_back(x);
    ++n_;
  }
  // Appends n absent values.
  void push_absent(std::size_t n) {
    if (materialized_) v_.insert(v_.end(), n, kAbsent);
    n_ += n;
  }
  // Appends every value of `o`.
  void append(const OptionalColumn& o) {
    if (!o.materialized_) return push_absent(o.n_);
    materialize();
    v_.insert(v_.end(), o.v_.begin(), o.v_.end());
    n_ += o.n_;
  }
  // Room for n values in total, taken only if the column materializes.
  void reserve(std::size_t n) {
    reserve_ = std::max(reserve_, n);
    if (materialized_) v_.reserve(n);
  }
  std::size_t memory_bytes() const { return v_.capacity() * sizeof(T); }
  bool operator==(const OptionalColumn& o) const {
    if (n_ != o.n_) return false;
    for (std::size_t i = 0; i < n_; ++i)
      if ((*this)[i] != o[i]) return false;
    return true;
  }

 private:
  void materialize() {
    if (materialized_) return;
    v_.reserve(std::max(reserve_, n_));
    v_.assign(n_, kAbsent);
    materialized_ = true;
  }
  std::vector<T> v_;
  std::size_t n_ = 0;
  std::size_t reserve_ = 0;
  bool materialized_ = false;
};

}  // namespace llmsa::trace
