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
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "analysis/structure_events.hpp"

namespace llmsa::analysis {

// One gap while it is being placed and linked: 32 bytes, no strings. The BubbleWindow a step reports is
// built from it once the gap's step is known (a capture can hold a bubble for every third row).
struct BubbleGap {
  std::int64_t start_ns = 0, end_ns = 0;
  std::uint32_t event_before = kNoEvent, event_after = kNoEvent;
  std::uint32_t launch = kNoEvent;  // the host launch of event_after that began after the gap began
  bool host_bound = false;
};

// Gaps of at least `min_ns` over s.device, by start; not linked.
std::vector<BubbleGap> find_bubbles(const trace::RankEvents& ev, const StructureEvents& s, std::int64_t min_ns);

// Sets host_bound and launch on every gap whose event_after has a host launch that began after the gap
// began. Returns how many gaps could be linked to a launch at all.
// Cost: O(events) scans plus binary searches; nothing at all when no host row carries a link id.
std::int64_t mark_host_bound(const trace::RankEvents& ev, const StructureEvents& s, std::vector<BubbleGap>& bubbles);

// The cause in words of a host-bound gap (empty when it is not host bound).
std::string host_bound_cause(const trace::RankEvents& ev, const BubbleGap& g);

}  // namespace llmsa::analysis
