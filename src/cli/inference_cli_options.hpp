#pragma once
// Flags shared by `llmsa roofline`, `llmsa memory` and `llmsa serve`: the model, the device, the
// layout, the dtypes, the efficiency and the counting conventions; and the resolution of those flags
// into library inputs (bad values are llmsa::Error naming the flag).
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hw/hardware_db.hpp"
#include "model/analysis.hpp"
#include "model/model_spec.hpp"
#include "perf/inference_memory.hpp"
#include "perf/inference_step.hpp"

namespace llmsa::cli {

struct InferenceFlags {
  std::string model;
  std::string device = "H100-SXM";
  std::vector<std::string> hw_files;
  int tp = 1, dp = 1, ep = 1;
  std::string weight_dtype = "bf16", act_dtype = "bf16", kv_dtype = "bf16";
  std::string compute_dtype;  // empty: the activation dtype
  double compute_efficiency = 1.0, memory_efficiency = 1.0;
  bool methodology = false;
  std::string causal;  // empty: exact, or full under --methodology
  int node_size = 8;
  double link_gb_per_s = 0;     // 0: the device's links
  double step_latency_us = 0;
  // Memory.
  double overhead_gib = 2.0;
  double usable_fraction = 1.0;
  std::int64_t block_size = 16;
  double kv_utilization = 0;   // 0: from the block rounding
  double activation_gib = -1;  // < 0: a per-card buffer from the model
  std::int64_t max_batched_tokens = 8192;

  void add_model_device(CLI::App* app);
  void add_layout(CLI::App* app);
  void add_dtypes_efficiency(CLI::App* app);
  void add_memory(CLI::App* app);

  model::AnalysisOptions analysis_options() const;
  perf::InferenceConfig config() const;
  perf::MemoryOptions memory_options() const;
};

// Loaded model and device with the hardware database kept alive.
struct InferenceInputs {
  model::ModelSpec spec;
  hw::HardwareDb db;
  const hw::Device* device = nullptr;
};
InferenceInputs load_inference_inputs(const InferenceFlags& f);

// "4096", "128K", "1M" (binary suffixes) -> tokens; bad input naming `flag` otherwise.
std::int64_t parse_tokens(const std::string& text, const char* flag);
// Writes `text` to `path` (bad input when it cannot be written).
void write_text_file(const std::string& path, const std::string& text);

}  // namespace llmsa::cli
