#pragma once
// The device as the training model sees it: peak compute and the efficiency it runs at, capacity,
// how many cards share the scale-up fabric, and the effective bandwidth of each collective on each
// tier (data/training/link_efficiency.json, cited; database links times default fractions otherwise).
#include <array>
#include <string>

#include "hw/device.hpp"
#include "perf/train_layout.hpp"

namespace llmsa::perf {

enum class Primitive : std::uint8_t { kAllReduce, kAllGather, kReduceScatter, kAllToAll, kP2p };
inline constexpr int kPrimitiveCount = 5;
const char* primitive_name(Primitive p);

struct TierBandwidth {
  std::string name;  // "NVLink 4", "InfiniBand NDR 400G"
  std::array<double, kPrimitiveCount> bytes_per_s{};  // effective, per rank per direction
  double of(Primitive p) const { return bytes_per_s[static_cast<int>(p)]; }
};

struct TrainDevice {
  std::string name;
  double peak_flops = 0;            // dense BF16
  double compute_efficiency = 0.75; // matmul efficiency: effective = peak x this
  double capacity_bytes = 0;
  int scale_up_domain = 8;          // cards on one scale-up fabric
  TierBandwidth scale_up;
  TierBandwidth scale_out;
  double recompute_full_overhead = 0.30;  // full recompute: +30% on forward + backward
  double dp_overlap = 0.90;               // share of the DP gradient reduce hidden by bucketing
  double pcie_bytes_per_s = 25e9;
  double cpu_adam_params_per_s = 8e9;
  std::string source;               // where the link figures came from
  double effective_flops() const { return peak_flops * compute_efficiency; }
};

// `methodology_figures`: use the rounded figures the methodology's examples use where the database
// records them (H100 989 TFLOPS / 80 GB; 910C 800 TFLOPS / 128 GB) instead of the datasheet.
TrainDevice train_device(const hw::Device& d, bool methodology_figures);

}  // namespace llmsa::perf
