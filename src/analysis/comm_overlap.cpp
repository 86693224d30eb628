#include "analysis/comm_overlap.hpp"

#include <vector>

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
  CommOverlap out;
  out.rank = ev.rank;
  KernelClassCache cache(classifier, ev.strings);
  std::vector<Interval> comm, comp;
  const DeviceTaskSources sources(ev);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!sources.counts(ev, i)) continue;
    const Interval iv{ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i]};
    if (is_device_communication(ev, i, cache)) {
      comm.push_back(iv);
      ++out.communication_events;
    } else if (ev.kind[i] == trace::EventKind::kKernel || ev.kind[i] == trace::EventKind::kAicpu) {
      comp.push_back(iv);
    }
  }
  const IntervalSet c = IntervalSet::from_unsorted(std::move(comm));
  const IntervalSet k = IntervalSet::from_unsorted(std::move(comp));
  out.communication_ns = c.total_length();
  out.computation_ns = k.total_length();
  out.overlapped_ns = intersection_length(c, k);
  out.exposed_communication_ns = out.communication_ns - out.overlapped_ns;
  if (out.communication_ns > 0)
    out.overlap_ratio = static_cast<double>(out.overlapped_ns) / static_cast<double>(out.communication_ns);
  return out;
}

}  // namespace llmsa::analysis
