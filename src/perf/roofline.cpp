#include "perf/roofline.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

std::string_view bound_name(Bound b) { return b == Bound::kCompute ? "compute" : "memory"; }

double ridge_point(double peak_flops_per_s, double bytes_per_s) { return peak_flops_per_s / bytes_per_s; }

double achievable_flops_per_s(double arithmetic_intensity, double peak_flops_per_s, double bytes_per_s) {
  return std::min(peak_flops_per_s, arithmetic_intensity * bytes_per_s);
}

RooflinePoint roofline(double flops, double bytes, double peak_flops_per_s, double bytes_per_s, Efficiency eff) {
  if (!(peak_flops_per_s > 0) || !(bytes_per_s > 0) || !(eff.compute > 0) || !(eff.memory > 0) || flops < 0 || bytes < 0)
    throw_bad_input(at("", "roofline"), "peak, bandwidth and efficiencies must be > 0, FLOPs and bytes >= 0");
  RooflinePoint p;
  double peak = peak_flops_per_s * eff.compute, bw = bytes_per_s * eff.memory;
  p.arithmetic_intensity = bytes > 0 ? flops / bytes : 0;
  p.ridge = ridge_point(peak, bw);
  p.compute_seconds = flops / peak;
  p.memory_seconds = bytes / bw;
  p.bound = p.compute_seconds >= p.memory_seconds ? Bound::kCompute : Bound::kMemory;
  p.seconds = std::max(p.compute_seconds, p.memory_seconds);
  p.achieved_flops_per_s = p.seconds > 0 ? flops / p.seconds : 0;
  return p;
}

RooflinePoint roofline(double flops, double bytes, const hw::Device& device, hw::Dtype dtype, Efficiency eff) {
  auto peak = device.dense_flops(dtype);
  if (!peak)
    throw_bad_input(at("", "dtype"), fmt::format("{} has no native {} compute in the hardware database", device.name,
                                                 hw::dtype_name(dtype)));
  return roofline(flops, bytes, *peak, device.memory_bandwidth_bytes_per_s.value, eff);
}

}  // namespace llmsa::perf
