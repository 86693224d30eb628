#pragma once
// Step segmentation of one rank, in order of preference: ProfilerStep#N ranges (trace_view.json,
// Kineto annotations), the STEP_TIME table of the DB export, the Step Id column of device events,
// else the whole capture as one step. Structural segmentation (A.7) is not done here.
#include <string>
#include <string_view>
#include <vector>

#include "analysis/device_tasks.hpp"
#include "core/interval_set.hpp"
#include "trace/profile.hpp"

namespace llmsa::analysis {

struct StepSpan {
  std::string step;  // "12"; "all" for the whole capture
  Interval window;
};

struct StepSegmentation {
  std::string source;  // "profiler_step" | "step_time" | "step_id" | "whole_capture"
  std::vector<StepSpan> steps;  // sorted by start, then step name
};

// `device_hull` is the whole-capture window used when no step information exists. Step Id windows are
// the hulls of the device tasks `sources` counts (the events of the time algebra); the overload without
// it builds the rule from the rank's events.
StepSegmentation segment_steps(const trace::RankProfile& rank, const DeviceTaskSources& sources, Interval device_hull);
StepSegmentation segment_steps(const trace::RankProfile& rank, Interval device_hull);

// "ProfilerStep#12" -> "12"; empty when the name is not a ProfilerStep annotation.
std::string profiler_step_number(std::string_view name);

}  // namespace llmsa::analysis
