#pragma once
// Findings of the step structure (ascend-profiling.md A.8), each with row evidence:
// - device_idle_bubble: a step whose underfeed ratio (idle / wall) is >= 0.30 or whose largest
//   internal bubble is >= max(1 ms, 0.10 x wall); evidence: the largest bubbles' before/after rows, or
//   the step's first/last rows when the idle time is not an internal bubble.
// - host_dispatch_bound_suspected: the step head (start to the first layer) is > 15% of the wall in
//   >= 3 consecutive steps of a rank AND operators with wait_ratio >= 0.80 are >= 10% of its operator
//   calls; evidence: the head windows' rows and the host-bound bubbles' delayed kernels.
// - recurring_bubble: a bubble (>= bubble_min_us) at the same structural position (same names of
//   event_before and event_after) in >= 3 steps, or in >= 50% of the steps (at least 2), of a rank;
//   evidence: the event_after rows of every occurrence (the delayed kernels) and the event_before rows.
#include <vector>

#include "analysis/findings_ops.hpp"
#include "analysis/profile_analysis.hpp"

namespace llmsa::analysis {

// `ranks[i]` is the analysis of `capture.ranks[i]`, `ops.operators[i]` its operators.
std::vector<evidence::Finding> build_structure_findings(const trace::Capture& capture,
                                                        const std::vector<RankAnalysis>& ranks, const OpsAnalysis& ops,
                                                        evidence::EvidenceIndex& index,
                                                        const Thresholds& thresholds = Thresholds::builtin());

}  // namespace llmsa::analysis
