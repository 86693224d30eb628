#pragma once
// The structure of every step of one rank: layers and blocks (layer_segmentation), step type from
// evidence (step_type), bubbles with their location in the step anatomy and host-bound flag
// (bubble_windows), and the underfeed ratio. Works for every step source (ProfilerStep#, STEP_TIME,
// Step Id, structural, whole capture). Cost: O(events) plus one lookup per step.
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "analysis/step_windows.hpp"
#include "analysis/structure_events.hpp"
#include "analysis/thresholds.hpp"

namespace llmsa::analysis {

// `spans[i]` is the window of `steps[i]`; fills the structure fields of each step and adds notes.
void fill_step_structure(const trace::RankEvents& ev, const StructureEvents& s, const std::vector<StepSpan>& spans,
                         const KernelClassifier& classifier, const Thresholds& thresholds,
                         std::vector<StepAnalysis>& steps, std::vector<std::string>& notes);

}  // namespace llmsa::analysis
