#pragma once
// `--compat ascend`: step_trace_time.csv recomputed from the device events (kernel_details.csv /
// trace_view.json / DB), with the Ascend profiler's definitions (ascend-profiling.md, step_trace_time
// semantics; trace-analyzers.md 5.10), per step:
//   Computing = |compute tasks|, Communication = |communication ops|, Overlapped = |both|,
//   Communication(Not Overlapped) = Communication − Overlapped, Free = step − |compute ∪ comm|,
//   Bubble = |receive ops| (PP), Stage = step − Bubble.
// The step runs from its first to the end of its last compute or communication task inside the
// ProfilerStep range (the time before the first task is Ascend's separate "Preparing" column); the
// profiler's Overlap Analysis lanes in trace_view.json span the same range. Memory copies are not
// Computing: they fall into Free.
#include <vector>

#include "analysis/device_timeline.hpp"
#include "analysis/profile_analysis.hpp"
#include "analysis/step_windows.hpp"

namespace llmsa::analysis {

std::vector<AscendStepMetrics> ascend_step_trace(const trace::RankEvents& ev, const DeviceTimeline& t,
                                                 const StepSegmentation& steps);

}  // namespace llmsa::analysis
