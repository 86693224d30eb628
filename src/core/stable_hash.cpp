#include "core/stable_hash.hpp"

#include <bit>
#include <cmath>

namespace llmsa {

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (const char c : bytes) {
    h ^= static_cast<std::uint8_t>(c);
    h *= kFnv1a64Prime;
  }
  return h;
}

StableHasher& StableHasher::add_bytes(std::string_view raw) {
  h_ = fnv1a64(raw, h_);
  return *this;
}

StableHasher& StableHasher::add_u64(std::uint64_t v) {
  char le[8];
  for (int i = 0; i < 8; ++i) le[i] = static_cast<char>((v >> (8 * i)) & 0xFFu);
  return add_bytes(std::string_view(le, 8));
}

StableHasher& StableHasher::add_string(std::string_view s) {
  add_u64(s.size());
  return add_bytes(s);
}

StableHasher& StableHasher::add_double(double v) {
  if (v == 0.0) v = 0.0;  // -0.0 == 0.0: fold the sign
  if (std::isnan(v)) return add_u64(0x7ff8000000000000ULL);
  return add_u64(std::bit_cast<std::uint64_t>(v));
}

std::string hex16(std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kDigits[v & 0xFu];
  return out;
}

}  // namespace llmsa
