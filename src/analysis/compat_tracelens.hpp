#pragma once
// `--compat tracelens`: TraceLens's gpu_timeline (TraceLens/TreePerf/gpu_event_analyser.py, as
// documented in trace-analyzers.md 5.10). Events: Kineto cat in {kernel, gpu_memcpy, gpu_memset};
// by default only those linked into the CPU tree (a host event with the same correlation id),
// unless the trace has no host events at all (GPU-only traces). Communication = "nccl" in the name;
// memcpy = gpu_memcpy; everything else (memset included) is computation. No rounding.
//   total = last end − first start; busy = |ALL|; idle = total − busy; computation = |COMP|;
//   exposed_comm = |COMM − COMP|; exposed_memcpy = |MEMCPY − COMP − COMM|; total_comm = |COMM|.
//
// TraceLens does this arithmetic in float64 µs (ts and dur parsed as doubles, end = ts + dur, lengths
// summed in time order). On long traces with epoch-sized timestamps each length carries up to half
// an ulp (~0.1 ns) of error and the sums drift by ~10 ns from the exact value, i.e. more than the
// 1e-6 ms the comparison allows. So the geometry (which intervals merge, which pieces remain after a
// subtraction) comes from the one int64 interval algebra, and only the final lengths are re-evaluated
// in TraceLens's float64 µs, from the same doubles TraceLens parsed.
#include "analysis/profile_analysis.hpp"

namespace llmsa::analysis {

TraceLensMetrics tracelens_gpu_timeline(const trace::RankEvents& ev);

// The double a JSON parser gets for a timestamp of `ns` nanoseconds written in µs with three
// decimals (correctly rounded ns / 1000).
double tracelens_us(std::int64_t ns);

}  // namespace llmsa::analysis
