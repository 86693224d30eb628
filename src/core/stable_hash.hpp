#pragma once
// A platform-independent 64-bit content hash for stable ids (evidence ids, finding ids).
//
// Algorithm: FNV-1a, 64-bit (Fowler, Noll, Vo; IETF draft-eastlake-fnv, "The FNV Non-Cryptographic
// Hash Algorithm"): offset basis 0xcbf29ce484222325, prime 0x100000001b3, for each byte
// `h ^= byte; h *= prime` (mod 2^64). Byte-oriented, so the result is the same on every platform,
// compiler and endianness. It is not cryptographic: ids are for determinism, not for security.
//
// StableHasher adds structure on top of raw FNV-1a so that field boundaries cannot collide
// ("ab"+"c" vs "a"+"bc"): every string field is preceded by its length as 8 little-endian bytes, and
// integers are fed as 8 little-endian bytes. Doubles are fed by their IEEE-754 bit pattern after
// folding -0.0 to +0.0 and every NaN to one quiet NaN, so equal values give equal ids.
#include <cstdint>
#include <string>
#include <string_view>

namespace llmsa {

inline constexpr std::uint64_t kFnv1a64OffsetBasis = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnv1a64Prime = 0x100000001b3ULL;

// Plain FNV-1a 64 of the bytes (the published test vectors apply to this function).
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = kFnv1a64OffsetBasis);

class StableHasher {
 public:
  StableHasher& add_bytes(std::string_view raw);  // no length prefix
  StableHasher& add_string(std::string_view s);   // length-prefixed field
  StableHasher& add_u64(std::uint64_t v);
  StableHasher& add_i64(std::int64_t v) { return add_u64(static_cast<std::uint64_t>(v)); }
  StableHasher& add_double(double v);
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = kFnv1a64OffsetBasis;
};

// 16 lowercase hex digits, zero-padded.
std::string hex16(std::uint64_t v);

}  // namespace llmsa
