#pragma once
// HTA-style stragglers (trace-analyzers.md 5.7, hta/analyzers/straggler.py get_potential_stragglers):
//  1. communication kernels: device kernels whose name starts with "ncclKernel" (HTA) or "ncclDevKernel"
//     (newer NCCL names, which HTA misses: a documented deviation);
//  2. mean_iter_time = (max end - min start over the selected kernels of all ranks) / number of iterations;
//     keep kernels with stream > 0, a known iteration and dur >= 1% x mean_iter_time;
//  3. keep the last kernel per (rank, stream, iteration, name); choose the (stream, name) whose duration
//     normalised by mean_iter_time has the largest mean over iterations of the std across ranks;
//  4. metric = (start - min start over ranks in that iteration) / mean_iter_time; per iteration flag the
//     ranks at or above the num_candidates-th largest metric; count flags; return the top num_candidates.
// Iterations come from the caller (step segmentation); kernel_iterations() derives them from
// ProfilerStep#N annotations through the launch correlation, as HTA does.
#include <cstdint>
#include <string>
#include <vector>

#include "trace/profile.hpp"

namespace llmsa::analysis {

// Per event of `rank`: the ProfilerStep number of the host launch whose start lies in a ProfilerStep#N
// annotation; kMissing when unknown. Host events get the step whose window contains their start.
// Empty when the rank has no ProfilerStep#N annotation (every entry would be kMissing: Ascend captures).
std::vector<std::int64_t> kernel_iterations(const trace::RankEvents& ev);

struct StragglerResult {
  std::vector<int> stragglers;                       // top num_candidates ranks by flag count (count desc, rank asc)
  std::vector<std::pair<int, std::int64_t>> flags;   // (rank, flag count), sorted by rank
  std::string kernel_name;                           // the chosen (stream, name)
  int stream = -1;
  double mean_iter_time_us = 0;
  std::int64_t iterations = 0;
};

// `iterations[r]` holds per-event iterations of capture.ranks[r] (kernel_iterations()).
StragglerResult hta_stragglers(const trace::Capture& capture, const std::vector<std::vector<std::int64_t>>& iterations,
                               int num_candidates = 1);

}  // namespace llmsa::analysis
