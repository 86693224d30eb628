#include "analysis/compat_ascend.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/interval_set.hpp"

namespace llmsa::analysis {
namespace {

// Bubble counts pipeline receive ops (hcom_receive). batchSendRecv moves data both ways and is
// not a bubble: the level2 fixture has 313 ms of batchSendRecv and Bubble = 0 in its step_trace_time.csv.
bool is_receive(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("receive") != std::string::npos;
}

double us(std::int64_t ns) { return static_cast<double>(ns) / 1e3; }

}  // namespace

std::vector<AscendStepMetrics> ascend_step_trace(const trace::RankEvents& ev, const DeviceTimeline& t,
                                                 const StepSegmentation& steps) {
  std::vector<Interval> receive;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.kind[i] == trace::EventKind::kCommunication && t.sources.counts(ev, i) &&
        is_receive(ev.strings.view(ev.name[i])))
      receive.push_back({ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i]});
  const IntervalSet receive_set = IntervalSet::from_unsorted(std::move(receive));
  const IntervalSet work = set_union(t.compute, t.communication);

  std::vector<AscendStepMetrics> out;
  for (const StepSpan& s : steps.steps) {
    AscendStepMetrics m;
    m.step = s.step;
    const IntervalSet in_step = work.clipped(s.window);
    Interval window = s.window;
    // The step spans its device work: from the first task (before it: Ascend's "Preparing") to the
    // end of the last task inside the step; the Overlap Analysis lanes of trace_view.json span the
    // same range.
    if (!in_step.empty()) window = in_step.hull();
    const IntervalSet compute = t.compute.clipped(window);
    const IntervalSet comm = t.communication.clipped(window);
    const std::int64_t overlapped = intersection_length(compute, comm);
    const std::int64_t step_ns = interval_length(window);
    const std::int64_t bubble = receive_set.length_within(window);
    m.computing_us = us(compute.total_length());
    m.communication_us = us(comm.total_length());
    m.overlapped_us = us(overlapped);
    m.communication_not_overlapped_us = us(comm.total_length() - overlapped);
    m.free_us = us(step_ns - set_union(compute, comm).total_length());
    m.bubble_us = us(bubble);
    m.stage_us = us(step_ns - bubble);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace llmsa::analysis
