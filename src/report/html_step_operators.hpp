#pragma once
// The heaviest operators of each step, for report.html's step inspector. The page must not carry a
// million events, so each step gets its own small aggregate instead: per operator name, the calls and
// summed duration of its device events that start inside the step window, and its longest call.
//
// This is a display aggregate (like the timeline's merging), not an analysis result: the operator
// view of the analysis is per rank; the page needs the same view cut by step. One pass over the
// events with a dense per-name slot array (no hashing), so it stays linear on 1M-event ranks.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "trace/event_store.hpp"

namespace llmsa::report {

struct StepOperator {
  StringId name = kEmptyString;
  std::int64_t calls = 0;
  std::int64_t duration_sum_ns = 0;  // summed over calls (overlapping streams count twice)
  std::uint32_t longest = 0;         // event index of the longest call (first on ties)
};

// For each step of `steps` (same order), its at most `per_step` operators by summed duration
// (ties: lower name id first). `events` are the device operator events of the rank (any order); an
// event belongs to the step whose window holds its start (the latest-starting such window).
std::vector<std::vector<StepOperator>> step_top_operators(const trace::RankEvents& ev,
                                                          const std::vector<std::uint32_t>& events,
                                                          std::span<const analysis::StepAnalysis> steps,
                                                          std::size_t per_step);

}  // namespace llmsa::report
