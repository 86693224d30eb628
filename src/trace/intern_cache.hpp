#pragma once
// A direct-mapped cache in front of StringPool::intern for hot reader loops. Kernel names, types
// and shapes repeat millions of times with a few thousand distinct values; hashing 24 sampled
// bytes and comparing once with the pooled string is several times cheaper than a full
// std::hash + unordered_map probe. Always correct: a miss or collision falls through to the pool.
#include <climits>
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
    // A hit compares the text with the pooled copy the slot points to, inline (no memcmp call, no
    // lookup of the id's view): this runs several times per row of a kernel_details.csv.
    if (sl.hash == h && sl.len == s.size() && same_bytes(sl.text, s.data(), s.size())) return sl.id;
    const StringId id = pool_.intern(s);
    const std::string_view pooled = pool_.view(id);  // stable: the pool never moves its strings
    if (pooled.size() <= UINT32_MAX) sl = {h, pooled.data(), static_cast<std::uint32_t>(pooled.size()), id};
    return id;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    const char* text = nullptr;
    std::uint32_t len = 0;  // 0: unset (an empty string is never looked up)
    StringId id = kEmptyString;
  };
  // n > 0 bytes equal: 8 bytes at a time, the last word overlapping; no read past either end.
  static bool same_bytes(const char* a, const char* b, std::size_t n) {
    if (n >= 8) {
      std::uint64_t x, y;
      for (std::size_t i = 0; i + 8 < n; i += 8) {
        std::memcpy(&x, a + i, 8);
        std::memcpy(&y, b + i, 8);
        if (x != y) return false;
      }
      std::memcpy(&x, a + n - 8, 8);
      std::memcpy(&y, b + n - 8, 8);
      return x == y;
    }
    if (n >= 4) {
      std::uint32_t x0, y0, x1, y1;
      std::memcpy(&x0, a, 4);
      std::memcpy(&y0, b, 4);
      std::memcpy(&x1, a + n - 4, 4);
      std::memcpy(&y1, b + n - 4, 4);
      return x0 == y0 && x1 == y1;
    }
    for (std::size_t i = 0; i < n; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  static std::uint64_t hash(std::string_view s) {
    std::uint64_t a = 0, b = 0, c = 0;
    const std::size_t n = s.size();
    if (n >= 8) {
      std::memcpy(&a, s.data(), 8);
      std::memcpy(&b, s.data() + n - 8, 8);
      std::memcpy(&c, s.data() + n / 2 - 4, 8);
    } else if (n >= 4) {
      // Two overlapping 4-byte loads instead of a variable-length copy (a libc call per lookup).
      std::uint32_t x, y;
      std::memcpy(&x, s.data(), 4);
      std::memcpy(&y, s.data() + n - 4, 4);
      a = x | static_cast<std::uint64_t>(y) << 32;
    } else {  // 1..3 bytes (callers never pass an empty view): first, middle and last byte
      const auto* u = reinterpret_cast<const unsigned char*>(s.data());
      a = u[0] | static_cast<std::uint64_t>(u[n / 2]) << 8 | static_cast<std::uint64_t>(u[n - 1]) << 16;
    }
    std::uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ (c * 0x165667B19E3779F9ull) ^ n;
    return h ^ (h >> 29);
  }
  StringPool& pool_;
  std::vector<Slot> slots_;
  std::size_t mask_;
};

}  // namespace llmsa::trace
