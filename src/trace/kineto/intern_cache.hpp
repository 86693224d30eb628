#pragma once
// A direct-mapped cache in front of StringPool::intern for the reader's hot path. Kineto traces
// repeat a few thousand distinct strings (kernel names, shapes, argument values) millions of
// times; a hit costs one fast hash and one memcmp instead of std::hash plus a bucket walk.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/string_pool.hpp"

namespace llmsa::trace::kineto {

inline std::uint64_t fast_string_hash(std::string_view s) {
  // 8 bytes at a time, multiply-xorshift mixing (wyhash-style constants).
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xFF51AFD7ED558CCDull);
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  if (n > 0) std::memcpy(&w, p, n);  // never memcpy from a null view, even for 0 bytes
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 32);
}

class InternCache {
 public:
  explicit InternCache(std::size_t slots_pow2 = 1 << 14) : slots_(slots_pow2), mask_(slots_pow2 - 1) {}

  StringId intern(StringPool& pool, std::string_view s) {
    const std::uint64_t h = fast_string_hash(s);
    Slot& slot = slots_[h & mask_];
    if (slot.hash == h && slot.valid) {
      const std::string_view v = pool.view(slot.id);
      if (v.size() == s.size() && std::memcmp(v.data(), s.data(), s.size()) == 0) return slot.id;
    }
    const StringId id = pool.intern(s);
    slot = {h, id, true};
    return id;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    StringId id = 0;
    bool valid = false;
  };
  std::vector<Slot> slots_;
  std::size_t mask_;
};

}  // namespace llmsa::trace::kineto
