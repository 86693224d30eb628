#include "det/float_bits.hpp"

#include <bit>
#include <cmath>

namespace llmsa::det {

std::uint64_t bits_of(double x) { return std::bit_cast<std::uint64_t>(x); }
std::uint32_t bits_of(float x) { return std::bit_cast<std::uint32_t>(x); }

namespace {

// Maps sign-magnitude IEEE bits onto a monotone unsigned line: negative numbers below zero,
// both zeros on the same point. Adjacent representable values map to adjacent integers.
template <typename U>
U ordered(U bits) {
  constexpr U kSign = U{1} << (sizeof(U) * 8 - 1);
  if (bits & kSign) {
    U magnitude = bits & ~kSign;
    return static_cast<U>(kSign - magnitude);
  }
  return static_cast<U>(kSign + bits);
}

template <typename U>
std::uint64_t distance(U a, U b) {
  U oa = ordered(a);
  U ob = ordered(b);
  return oa > ob ? static_cast<std::uint64_t>(oa - ob) : static_cast<std::uint64_t>(ob - oa);
}

}  // namespace

std::optional<std::uint64_t> ulp_distance(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::nullopt;
  return distance(bits_of(a), bits_of(b));
}

std::optional<std::uint64_t> ulp_distance(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::nullopt;
  return distance(bits_of(a), bits_of(b));
}

bool is_float32_exact(double x) {
  if (std::isnan(x)) return true;
  return static_cast<double>(static_cast<float>(x)) == x;
}

}  // namespace llmsa::det
