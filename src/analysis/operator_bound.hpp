#pragma once
// Cube vs Vector bound of one operator or of an aggregate, from the PipeUtilization columns of
// kernel_details.csv / the DB PMU table (ascend-profiling.md A.4, SKILL common.bound_class_from_pipeline):
//   - op_type from Accelerator Core: AI_CORE/AICORE -> aic, AI_VECTOR_CORE -> aiv, MIX_AIC/MIX_AIV ->
//     mix_cv, COMMUNICATION/HCCL -> communication (mix_comm_aiv when AIV stage time > 0), AI_CPU -> aicpu,
//     DSA_SQE -> dsa, else unknown;
//   - aicpu, dsa and communication short-circuit (no pipeline verdict); mix_comm_aiv: argmax over the
//     4 AIV stages, family comm_aiv_mix; otherwise bound_stage = argmax of the 9 sub-stages, bound_family
//     = top family by summed time (cube = mac+fixpipe, vector = vec, aic_mte = aic mte1+mte2, aiv_mte =
//     aiv mte2+mte3, scalar = aic+aiv scalar) unless (top - runner_up)/total < mixed_margin -> "mixed";
//     dominant_core from sum(AIC stages) vs sum(AIV stages), "mix" when |aic-aiv|/max < mixed_margin;
//   - memory_bound = mte2_ratio / max(mac_ratio, vec_ratio) (MSPROF-DOC op_summary; > 1 means memory
//     bound). AIC and AIV mte2 are different paths and are never summed: the larger ratio is taken.
//     Aggregates use duration-weighted ratios (a ratio is pipe cycles / total cycles of one call).
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace llmsa::analysis {

// The 9 sub-stages, in this order.
enum PipeStage : int {
  kAicMac = 0, kAicFixpipe, kAicMte1, kAicMte2, kAicScalar, kAivVec, kAivMte2, kAivMte3, kAivScalar,
};
inline constexpr int kPipeStageCount = 9;
const char* pipe_stage_name(int stage);  // "aic_mac", "aic_fixpipe", ...

// Summed pipeline times (µs) and duration-weighted ratio sums of one operator or aggregate.
struct PipelineTotals {
  std::array<double, kPipeStageCount> time_us{};  // summed *_time(us)
  bool any_time = false;                          // at least one stage time was measured
  // sum(ratio * duration_us) and sum(duration_us) over calls where the ratio was present.
  double mac_ratio_w = 0, vec_ratio_w = 0, aic_mte2_ratio_w = 0, aiv_mte2_ratio_w = 0;
  double mac_w = 0, vec_w = 0, aic_mte2_w = 0, aiv_mte2_w = 0;
  void add(const PipelineTotals& o);
};

struct BoundClass {
  std::string op_type;        // aic | aiv | mix_cv | mix_comm_aiv | communication | aicpu | dsa | unknown
  std::string bound_stage;    // argmax sub-stage; empty when no pipeline data or short-circuited
  std::string bound_family;   // cube | vector | aic_mte | aiv_mte | scalar | mixed | comm_aiv_mix | "" (none)
  std::string dominant_core;  // aic | aiv | mix | "" (none)
  std::optional<double> memory_bound;   // nullopt when the ratios are absent or mac and vec are both 0
  std::optional<double> mac_ratio, vec_ratio, mte2_ratio;  // the (weighted) inputs of memory_bound
  // "memory" when memory_bound > threshold, "compute" when <= threshold, "" when undefined.
  std::string memory_verdict;
};

std::string op_type_from_core(std::string_view accelerator_core, bool aiv_time_positive);
BoundClass classify_bound(std::string_view accelerator_core, const PipelineTotals& p, double mixed_margin,
                          double memory_bound_threshold);

}  // namespace llmsa::analysis
