#pragma once
// The generators' only source of randomness: SplitMix64 (Steele, Lea, Flood 2014), a fixed,
// platform-independent sequence, so the same seed writes byte-identical captures everywhere.
#include <cstdint>

namespace llmsa::synth {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform in [lo, hi), from the top 53 bits.
inline double uniform(std::uint64_t& state, double lo, double hi) {
  return lo + (hi - lo) * static_cast<double>(splitmix64(state) >> 11) / 9007199254740992.0;
}

}  // namespace llmsa::synth
