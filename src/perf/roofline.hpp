#pragma once
// Roofline primitives, independent of any model: given an op's FLOPs and HBM bytes and a device's peak
// and bandwidth, the arithmetic intensity, the bound, and the time at peak or at a stated efficiency.
// Conventions: methodology.md s8 (AI = FLOPs / HBM bytes; achievable = min(peak, AI x BW);
// ridge = peak / BW) and s11 (T = max(FLOPs / TFLOPS_eff, bytes / BW_eff)).
#include <string_view>

#include "hw/device.hpp"

namespace llmsa::perf {

enum class Bound { kCompute, kMemory };
std::string_view bound_name(Bound b);  // "compute" or "memory"

// Fractions of peak actually reached; 1.0 is the pure roofline. The methodology uses compute 0.75
// (989 x 0.75 = 742 TFLOPS on H100) and memory 1.0 (s1.7, s11).
struct Efficiency {
  double compute = 1.0;
  double memory = 1.0;
};

struct RooflinePoint {
  double arithmetic_intensity = 0;  // FLOPs per byte
  double ridge = 0;                 // FLOPs per byte at which compute and memory time are equal (with efficiency)
  Bound bound = Bound::kMemory;
  double compute_seconds = 0;
  double memory_seconds = 0;
  double seconds = 0;               // max of the two
  double achieved_flops_per_s = 0;  // flops / seconds
};

// peak / bandwidth (FLOPs per byte).
double ridge_point(double peak_flops_per_s, double bytes_per_s);
// min(peak, AI x bandwidth).
double achievable_flops_per_s(double arithmetic_intensity, double peak_flops_per_s, double bytes_per_s);
// An op of `flops` FLOPs moving `bytes` HBM bytes. Ties (equal times) count as compute-bound.
RooflinePoint roofline(double flops, double bytes, double peak_flops_per_s, double bytes_per_s, Efficiency eff = {});
// The same on a device from the hardware database at format `dtype` (bad input if it lacks the format).
RooflinePoint roofline(double flops, double bytes, const hw::Device& device, hw::Dtype dtype, Efficiency eff = {});

}  // namespace llmsa::perf
