#pragma once
// The k longest of a sequence of items offered in position order (time order), ties to the earlier
// one, returned in position order. One pass with a bounded heap: a capture with a bubble between most
// kernels offers millions of items, and selecting by sort or nth_element over all of them (an index
// array, then comparisons that each re-read two items) cost more than the report that lists them.
// Only an item longer than the shortest kept one enters the heap once it is full, so the usual cost
// is one comparison per item.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace llmsa::report {

template <class Item>
class LongestItems {
 public:
  explicit LongestItems(std::size_t k) : k_(k) {}

  // Items must be offered in position order: among equal lengths the earlier offer wins.
  void offer(std::int64_t length, const Item& item) {
    const std::uint64_t seq = next_++;
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push_back({length, seq, item});
      std::push_heap(heap_.begin(), heap_.end(), better);
      return;
    }
    // The heap's front is the worst kept entry; a later offer of equal length is never better.
    if (length <= heap_.front().length) return;
    std::pop_heap(heap_.begin(), heap_.end(), better);
    heap_.back() = {length, seq, item};
    std::push_heap(heap_.begin(), heap_.end(), better);
  }

  // The kept items in position order; the selection is emptied.
  std::vector<Item> take() {
    std::sort(heap_.begin(), heap_.end(), [](const Entry& a, const Entry& b) { return a.seq < b.seq; });
    std::vector<Item> out;
    out.reserve(heap_.size());
    for (const Entry& e : heap_) out.push_back(e.item);
    heap_.clear();
    return out;
  }

 private:
  struct Entry {
    std::int64_t length;
    std::uint64_t seq;
    Item item;
  };
  // Heap order "a is better than b" keeps the worst entry at the front (a max-heap of worseness).
  static bool better(const Entry& a, const Entry& b) {
    return a.length != b.length ? a.length > b.length : a.seq < b.seq;
  }
  std::size_t k_;
  std::uint64_t next_ = 0;
  std::vector<Entry> heap_;
};

}  // namespace llmsa::report
