#include "hw/device.hpp"

namespace llmsa::hw {

std::string_view confidence_name(Confidence c) {
  switch (c) {
    case Confidence::kVendor: return "vendor";
    case Confidence::kReference: return "reference";
    case Confidence::kDerived: return "derived";
    case Confidence::kEstimate: return "estimate";
  }
  return "?";
}

std::optional<double> Device::dense_flops(Dtype d) const {
  auto it = compute.find(d);
  if (it == compute.end()) return std::nullopt;
  return it->second.dense_flops.value;
}

std::optional<double> Device::ridge_point(Dtype d) const {
  auto peak = dense_flops(d);
  if (!peak || memory_bandwidth_bytes_per_s.value <= 0) return std::nullopt;
  return *peak / memory_bandwidth_bytes_per_s.value;
}

}  // namespace llmsa::hw
