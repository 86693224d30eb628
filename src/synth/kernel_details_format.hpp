#pragma once
// One row of an Ascend kernel_details.csv, written the way torch_npu writes it (ascend-profiling.md
// C.2): the Level1 PipeUtilization header (46 columns) or the late-2025 Level2 one with Device_id
// (47 columns); Start Time(us) with a trailing TAB (bare or quoted), shapes in doubled quotes,
// N/A where a value does not exist (Task ID/Stream ID of communication rows, PMU columns of AI_CPU
// and communication rows), "" shapes on AI_CPU rows, an empty Step Id when the step is unknown.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmsa::synth {

// Header without the line end. with_device_id: the late-2025 variant (Device_id after Step Id).
std::string_view kernel_details_header(bool with_device_id);

// PipeUtilization ratios of one task; time columns are derived from the duration.
struct PipeRatios {
  double mac = 0, vec = 0, mte2 = 0, scalar = 0.05;
};

struct KernelDetailsRow {
  std::optional<std::int64_t> step;  // nullopt: empty Step Id
  int device_id = 0;
  std::string_view name, type, core;  // core: Accelerator Core (AI_CORE, MIX_AIC, AI_CPU, COMMUNICATION, HCCL...)
  std::int64_t start_ns = 0, dur_ns = 0, wait_ns = 0;
  std::optional<std::uint64_t> task_id;  // nullopt: N/A (communication rows)
  std::optional<int> stream_id;          // nullopt: N/A
  int block_dim = 0, mix_block_dim = 0;
  std::string_view in_shapes, in_dtypes, out_shapes, out_dtypes;
  PipeRatios pipe;
  bool quoted_start = false;  // "1764...312\t" as in the ArithmeticUtilization exports
};

// True for cores whose rows carry no PMU values (AI_CPU, DSA_SQE, communication).
bool core_without_pmu(std::string_view core);
// True for cores that run on the cube unit (AI_CORE, MIX_AIC).
bool core_is_cube(std::string_view core);

// Appends one row (with `eol`) to `out`.
void append_kernel_details_row(std::string& out, const KernelDetailsRow& row, bool with_device_id,
                               std::string_view eol = "\n");

}  // namespace llmsa::synth
