#pragma once
// The heaviest operators of each step: per operator name, the calls and summed duration of its device
// events that start inside the step window, and its longest call. The operator view of the analysis
// (operator_summary.hpp) is per rank; this is the same view cut by step, which report.html's step
// inspector shows without carrying a million events. One pass over the events with a dense per-name
// slot array (no hashing), so it stays linear on 1M-event ranks.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "trace/event_store.hpp"

namespace llmsa::analysis {

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
                                                          std::span<const StepAnalysis> steps,
                                                          std::size_t per_step);

}  // namespace llmsa::analysis
