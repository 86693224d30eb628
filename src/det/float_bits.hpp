#pragma once
// Bit-level views of floating-point numbers: what "bitwise identical" and "N ULPs apart" mean.
#include <cstdint>
#include <optional>

namespace llmsa::det {

// Raw IEEE-754 bit patterns. Bitwise equality is equality of these patterns, so -0.0 and +0.0
// differ and two NaNs are equal only when their payloads are.
std::uint64_t bits_of(double x);
std::uint32_t bits_of(float x);

// The number of representable values strictly between a and b, plus one (0 when equal as values).
// Both zeros count as the same point, so ulp_distance(-0.0, +0.0) == 0 even though their bits differ.
// Empty when either is NaN: NaN has no place on the number line.
std::optional<std::uint64_t> ulp_distance(double a, double b);
std::optional<std::uint64_t> ulp_distance(float a, float b);

// True when x survives a round trip through float32 unchanged (so it can be compared in float32 ULPs).
bool is_float32_exact(double x);

}  // namespace llmsa::det
