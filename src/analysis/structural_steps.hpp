#pragma once
// Structural step segmentation (ascend-profiling.md A.7) for captures without ProfilerStep#, STEP_TIME
// or Step Id (typical of vllm-ascend inference, FMT 1.1): a sampling/selection kernel (argmax,
// ApplyTopKTopP, ...: role sampling or selection in data/kernels/kernel_signatures.json) closes a step.
// Consecutive sampling kernels with no layer anchor between them (top-k/top-p then argmax) close the
// same step. Windows tile the capture: step k runs from the end of step k-1's last sampling kernel
// (the capture start for the first) to the end of its own; content after the last sampling kernel is
// a last, partial step when it holds a layer anchor, else it joins the last step.
#include <optional>
#include <string>
#include <vector>

#include "analysis/step_windows.hpp"
#include "analysis/structure_events.hpp"

namespace llmsa::analysis {

struct StructuralSteps {
  StepSegmentation segmentation;  // source "structural"; steps named "1", "2", ...
  bool last_partial = false;      // the last step has no closing sampling kernel
};

// nullopt when the rank has no sampling/selection kernel (nothing closes a step).
std::optional<StructuralSteps> structural_steps(const trace::RankEvents& ev, const StructureEvents& s,
                                                Interval device_hull);

// True when a flag set is a layer anchor of any kind (attention, MoE, non-collective matmul, block head).
bool is_layer_anchor(std::uint16_t flags);

}  // namespace llmsa::analysis
