#pragma once
// The downsampled multi-stream timeline of report.html. A million-event rank cannot be drawn (or
// embedded) event by event, and at any zoom that fits a step on a screen most events are narrower
// than a pixel. So, per stream, events narrower than a bucket width are merged into one box that
// spans them and remembers how many events it holds, how much of it is busy, and its longest event
// (whose name and role label the box). Events at least a bucket wide stay single boxes, and so does
// every event a finding's evidence points at, so the rows behind a finding are always visible.
//
// The bucket width is the rank's span divided by the per-stream box budget; when a stream still has
// more boxes than its budget (many long or overlapping events), the width is doubled until it fits,
// so the total number of merged boxes is bounded by the budget whatever the input.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trace/event_store.hpp"

namespace llmsa::report {

struct TimelineBox {
  std::int64_t start_ns = 0, end_ns = 0;  // absolute, as in RankEvents
  std::uint32_t event = 0;                // the event itself, or the longest event of a merged box
  std::uint32_t count = 1;                // events in the box (1: one raw event)
  std::int64_t busy_ns = 0;               // summed durations of its events (may exceed the span on overlap)
  bool kept = false;                      // kept as its own box because evidence points at it
};

struct TimelineLane {
  std::int32_t stream = -1;
  std::int64_t events = 0;  // events drawn in this lane (before merging)
  std::vector<TimelineBox> boxes;  // by start, then end, then event index
};

struct DownsampledTimeline {
  std::vector<TimelineLane> lanes;  // by stream id
  std::int64_t bucket_ns = 0;       // the widest bucket width used by any lane (0: nothing merged)
  std::int64_t events = 0;          // events drawn
  std::int64_t boxes = 0;           // boxes emitted
};

// Downsamples `events` (indices into `ev`, any order) of one rank to about `box_budget` boxes in
// total (each lane gets an equal share, at least 16). `keep` (sorted event indices) are never merged;
// the caller bounds their number. Deterministic: depends only on the inputs.
DownsampledTimeline downsample_timeline(const trace::RankEvents& ev, const std::vector<std::uint32_t>& events,
                                        const std::vector<std::uint32_t>& keep, std::size_t box_budget);

}  // namespace llmsa::report
