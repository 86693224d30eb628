#include "analysis/comm_overlap.hpp"

#include <vector>

#include "analysis/nearly_sorted.hpp"

#include "analysis/operator_summary.hpp"
#include "core/interval_set.hpp"

namespace llmsa::analysis {

bool is_device_communication(const trace::RankEvents& ev, std::size_t i, KernelClassCache& cache) {
  if (ev.side[i] != trace::Side::kDevice) return false;
  if (ev.kind[i] == trace::EventKind::kCommunication) return true;
  if (ev.kind[i] != trace::EventKind::kKernel) return false;
  return cache.get(ev.name[i], ev.type[i], ev.core[i]).role == OpRole::kCommunication;
}

CommOverlap communication_overlap(const trace::RankEvents& ev, const KernelClassifier& classifier) {
  return communication_overlap(ev, EventClasses(ev, classifier));
}

CommOverlap communication_overlap(const trace::RankEvents& ev, const EventClasses& classes) {
  CommOverlap out;
  out.rank = ev.rank;
  std::vector<Interval> comm, comp;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!classes.counts(i)) continue;
    const Interval iv{ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i]};
    // is_device_communication, with the event's class from the table (a counted event is a device task).
    const bool comm_event = ev.kind[i] == trace::EventKind::kCommunication ||
                            (ev.kind[i] == trace::EventKind::kKernel && classes.of(i).role == OpRole::kCommunication);
    if (comm_event) {
      comm.push_back(iv);
      ++out.communication_events;
    } else if (ev.kind[i] == trace::EventKind::kKernel || ev.kind[i] == trace::EventKind::kAicpu) {
      comp.push_back(iv);
    }
  }
  const IntervalSet c = union_of_nearly_sorted(comm);
  const IntervalSet k = union_of_nearly_sorted(comp);
  out.communication_ns = c.total_length();
  out.computation_ns = k.total_length();
  out.overlapped_ns = intersection_length(c, k);
  out.exposed_communication_ns = out.communication_ns - out.overlapped_ns;
  if (out.communication_ns > 0)
    out.overlap_ratio = static_cast<double>(out.overlapped_ns) / static_cast<double>(out.communication_ns);
  return out;
}

}  // namespace llmsa::analysis
