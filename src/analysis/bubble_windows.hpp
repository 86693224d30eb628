#pragma once
// Bubbles (ascend-profiling.md A.8): the gaps between consecutive busy segments of the union of every
// device stream of a rank, each with the event whose end opens it (event_before) and the event whose
// start closes it (event_after, the delayed kernel). Only gaps of at least a minimum length are kept
// (thresholds.json bubble_min_us); shorter ones are launch latency between back-to-back kernels.
//
// Host-bound bubbles: when host rows link event_after to its launch (Kineto: the runtime call with the
// same correlation id; Ascend trace_view.json: the CANN call with the same connection_id, or a flow
// HostToDevice / async_npu ending on it), the gap is host bound if that launch started after the gap
// began: the device had run dry before the host even issued the next kernel (HTA's host_wait rule,
// trace-analyzers.md 5.5). kernel_details.csv rows carry no link id; their twin in trace_view.json (same
// start time on the device) lends its link.
#include <cstdint>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "analysis/structure_events.hpp"

namespace llmsa::analysis {

// Gaps of at least `min_ns` over s.device, by start; location and host_bound unset.
std::vector<BubbleWindow> find_bubbles(const trace::RankEvents& ev, const StructureEvents& s, std::int64_t min_ns);

// Sets host_bound and cause on every bubble whose event_after has a host launch that began after the
// gap began. Returns how many bubbles could be linked to a launch at all.
// Cost: O(events) scans plus binary searches; nothing at all when no host row carries a link id.
std::int64_t mark_host_bound(const trace::RankEvents& ev, const StructureEvents& s, std::vector<BubbleWindow>& bubbles);

}  // namespace llmsa::analysis
