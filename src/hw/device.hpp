#pragma once
// One accelerator as the performance model sees it: dense peak compute per format, memory capacity
// and bandwidth, and the scale-up / scale-out links. Every figure carries the source it came from,
// so a result can say which published number it rests on. Units are SI (bytes, bytes/s, FLOP/s).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hw/dtype.hpp"

namespace llmsa::hw {

// How much to trust a figure: a vendor datasheet, a figure taken from one of our references,
// a figure derived by arithmetic from other published figures, or an estimate.
enum class Confidence { kVendor, kReference, kDerived, kEstimate };
std::string_view confidence_name(Confidence c);

struct Figure {
  double value = 0;  // SI units (see the field that holds it)
  std::string source;
  Confidence confidence = Confidence::kVendor;
  std::string note;  // why, caveats; may be empty
};

struct ComputePeak {
  Figure dense_flops;                // FLOP/s (or OP/s for integer formats), never a sparse figure
  std::optional<double> sparse_flops;  // 2:4 structured-sparsity figure when the vendor quotes one
};

enum class LinkDirection { kPerDirection, kBidirectional };

struct Link {
  std::string name;                  // "NVLink 4", "HCCS", "InfiniBand NDR 400G", ...
  double stated_bytes_per_s = 0;     // the figure as published
  LinkDirection stated_as = LinkDirection::kPerDirection;
  std::string source;
  Confidence confidence = Confidence::kVendor;
  std::string note;

  // A transfer of N bytes from one rank to another moves at the per-direction figure.
  double per_direction_bytes_per_s() const {
    return stated_as == LinkDirection::kPerDirection ? stated_bytes_per_s : stated_bytes_per_s / 2;
  }
  double bidirectional_bytes_per_s() const {
    return stated_as == LinkDirection::kBidirectional ? stated_bytes_per_s : stated_bytes_per_s * 2;
  }
};

// Ascend AI Core layout: matrix (Cube) and vector units, which the measure side uses to tell
// Cube-bound from Vector-bound kernels.
struct AscendCores {
  int cube_cores = 0;
  int vector_cores = 0;
  std::optional<double> clock_hz;
  std::string source;
};

// The rounded figures a worked example in methodology.md uses for this device, so that golden
// tests reproduce the author's arithmetic exactly and say so (e.g. H100 "989 TFLOPS", "742 effective").
struct MethodologyFigures {
  std::map<std::string, double> values;  // key -> value in the unit the key names (e.g. "bf16_tflops")
  std::string source;
};

struct Device {
  std::string name;                  // canonical id, e.g. "H100-SXM"
  std::vector<std::string> aliases;  // other names accepted by lookups
  std::string vendor;
  std::string description;
  std::map<Dtype, ComputePeak> compute;  // formats the device computes natively
  std::string memory_type;               // "HBM3", "HBM2e", "LPDDR4X"
  Figure memory_capacity_bytes;
  Figure memory_bandwidth_bytes_per_s;
  std::optional<Link> scale_up;
  std::optional<Link> scale_out;
  std::optional<AscendCores> ascend;
  std::optional<MethodologyFigures> methodology;
  std::string origin;  // "builtin:hardware/nvidia.json" or the user file it came from

  // Dense peak for `d`, or nullopt when the device has no native support for that format.
  std::optional<double> dense_flops(Dtype d) const;
  // Ridge point (FLOPs per byte) of format `d`: peak / memory bandwidth.
  std::optional<double> ridge_point(Dtype d) const;
};

}  // namespace llmsa::hw
