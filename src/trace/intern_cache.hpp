#pragma once
// A direct-mapped cache in front of StringPool::intern for hot reader loops. Kernel names, types
// and shapes repeat millions of times with a few thousand distinct values; hashing 24 sampled
// bytes and comparing once with the pooled string is several times cheaper than a full
// std::hash + unordered_map probe. Always correct: a miss or collision falls through to the pool.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/string_pool.hpp"

namespace llmsa::trace {

class InternCache {
 public:
  // slots_pow2 must be a power of two; small caches suit small vocabularies (argument keys).
  explicit InternCache(StringPool& pool, std::size_t slots_pow2 = 8192)
      : pool_(pool), slots_(slots_pow2), mask_(slots_pow2 - 1) {}

  StringId intern(std::string_view s) {
    if (s.empty()) return kEmptyString;
    const std::uint64_t h = hash(s);
    Slot& sl = slots_[h & mask_];
    if (sl.hash == h && sl.id != kUnset && pool_.view(sl.id) == s) return sl.id;
    const StringId id = pool_.intern(s);
    sl = {h, id};
    return id;
  }

 private:
  static constexpr StringId kUnset = 0xFFFFFFFFu;
  struct Slot {
    std::uint64_t hash = 0;
    StringId id = kUnset;
  };
  static std::uint64_t hash(std::string_view s) {
    std::uint64_t a = 0, b = 0, c = 0;
    const std::size_t n = s.size();
    if (n >= 8) {
      std::memcpy(&a, s.data(), 8);
      std::memcpy(&b, s.data() + n - 8, 8);
      std::memcpy(&c, s.data() + n / 2 - 4, 8);
    } else {
      std::memcpy(&a, s.data(), n);  // callers never pass an empty (possibly null) view
    }
    std::uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ (c * 0x165667B19E3779F9ull) ^ n;
    return h ^ (h >> 29);
  }
  StringPool& pool_;
  std::vector<Slot> slots_;
  std::size_t mask_;
};

}  // namespace llmsa::trace
