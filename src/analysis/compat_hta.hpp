#pragma once
// `--compat hta`: HolisticTraceAnalysis's temporal breakdown, comm/comp overlap and idle-time
// breakdown, with its quirks (trace-analyzers.md 5.1, 5.3, 5.5, 5.6, 5.9):
//  - inward rounding to whole µs (ts = ceil(ts), end = floor(ts + dur)) when any timestamp has a
//    fractional µs; events that become empty or negative are counted (HTA would assert) and cover
//    no time;
//  - with >= 2 ProfilerSteps, only GPU events launched (same correlation) by a host event that starts
//    before the last ProfilerStep are kept: the last step is excluded;
//  - G = device events with a stream (kernels, memcpy, memset, sync); kernel_time = hull of G,
//    idle = kernel_time − |G|, compute = |G of type COMPUTATION| (hta_kernel_type), non_compute =
//    |G| − compute; overlap = 100 |COMP ∩ COMM| / |COMM| (absent without communication);
//  - idle breakdown per stream over kernels/memcpy/memset (not sync): gap = ts − end of the previous
//    event on that stream; host_wait when the launching runtime event starts after that end, else
//    kernel_wait when gap < 30 µs (HTA's consecutive_kernel_delay, in µs), else other. Summed over
//    streams. Negative gaps (overlap on one stream) are counted as 0 here (a stated deviation).
#include "analysis/profile_analysis.hpp"

namespace llmsa::analysis {

HtaMetrics hta_metrics(const trace::RankEvents& ev);

}  // namespace llmsa::analysis
