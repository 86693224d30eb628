#pragma once
// `det kernels`: runs each reference kernel in both policies for batch sizes 1..N and checks whether
// row 0 of the output stays bitwise identical to its value at batch size 1. Also times both policies
// in the same run, to show what invariance costs on this machine.
#include <cstdint>
#include <string>
#include <vector>

#include "det/reference_kernels.hpp"

namespace llmsa::det {

struct KernelDemoOptions {
  std::size_t max_batch = 16;
  KernelShape shape{16, 1};
  std::size_t timing_repeats = 5;  // 0: skip timing
};

struct BatchCheck {
  std::size_t batch = 0;
  std::size_t plan = 0;         // the variant policy's split count at this batch (1 = no split)
  bool variant_identical = false;
  bool invariant_identical = false;
  double variant_max_abs_diff = 0;  // of row 0 vs batch 1
};

struct KernelDemo {
  std::string name;             // "matmul", "rmsnorm", "attention_decode"
  std::string variant_policy;   // words for the table
  std::string invariant_policy;
  std::vector<BatchCheck> batches;
  bool variant_ever_differs = false;
  bool invariant_always_identical = true;
  // Median seconds per call at batch max_batch and at batch 1, per policy; 0 when not timed.
  double variant_seconds_max_batch = 0, invariant_seconds_max_batch = 0;
  double variant_seconds_batch1 = 0, invariant_seconds_batch1 = 0;
};

std::vector<KernelDemo> run_kernel_demo(const KernelDemoOptions& options);

// Slowdown of a deterministic configuration relative to the normal one, in percent: (det/normal − 1)·100.
double slowdown_percent(double normal, double deterministic);

}  // namespace llmsa::det
