#include "analysis/device_timeline.hpp"

#include <vector>

#include "analysis/nearly_sorted.hpp"

namespace llmsa::analysis {

DeviceTimeline build_device_timeline(const trace::RankEvents& ev, const EventClasses& classes) {
  std::vector<Interval> compute, comm, copy;
  std::array<std::vector<Interval>, kOpRoleCount> roles;
  // Indexed by CollectiveKind (named only at the end: a string key per event was a measurable cost).
  std::map<CollectiveKind, std::vector<Interval>> collectives;
  DeviceTimeline t;
  t.sources = classes.sources();
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!classes.counts(i)) continue;
    const Interval iv{ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i]};
    switch (ev.kind[i]) {
      case trace::EventKind::kCommunication: comm.push_back(iv); break;
      case trace::EventKind::kMemcpy:
      case trace::EventKind::kMemset: copy.push_back(iv); break;
      default: compute.push_back(iv); break;
    }
    const KernelClass& k = classes.of(i);
    // The event kind from the reader is authoritative for the three time classes; the role refines
    // it for "where time goes" (a communication event the rules do not know is still communication).
    OpRole role = k.role;
    if (ev.kind[i] == trace::EventKind::kCommunication && role != OpRole::kMoeFusedMc2 &&
        role != OpRole::kMoeDispatch && role != OpRole::kMoeCombine)
      role = OpRole::kCommunication;
    if (ev.kind[i] == trace::EventKind::kAicpu) role = OpRole::kAicpu;
    if (ev.kind[i] == trace::EventKind::kMemcpy || ev.kind[i] == trace::EventKind::kMemset) role = OpRole::kMemcpy;
    roles[static_cast<int>(role)].push_back(iv);
    ++t.events_by_role[static_cast<int>(role)];
    if (role == OpRole::kCommunication) {
      const CollectiveKind ck = k.collective == CollectiveKind::kNone ? CollectiveKind::kOther : k.collective;
      collectives[ck].push_back(iv);
    }
  }
  // The events come nearly in time order (row order): sort only the rows that are not.
  t.compute = union_of_nearly_sorted(compute);
  t.communication = union_of_nearly_sorted(comm);
  t.memcpy = union_of_nearly_sorted(copy);
  t.busy = set_union(set_union(t.compute, t.communication), t.memcpy);
  for (int r = 0; r < kOpRoleCount; ++r) t.by_role[r] = union_of_nearly_sorted(roles[r]);
  for (auto& [kind, ivs] : collectives) {
    const std::string key = collective_kind_name(kind);
    t.events_by_collective[key] += static_cast<std::int64_t>(ivs.size());
    t.by_collective[key] = union_of_nearly_sorted(ivs);
  }
  // Communication of unknown kind that runs under a known collective is the same time seen at another
  // level (Ascend trace_view: HCCL op "hcom_allReduce_" and its "Plane" tasks): keep only the rest.
  const std::string other = collective_kind_name(CollectiveKind::kOther);
  if (auto it = t.by_collective.find(other); it != t.by_collective.end()) {
    IntervalSet known;
    for (const auto& [key, set] : t.by_collective)
      if (key != other) known = set_union(known, set);
    it->second = set_difference(it->second, known);
  }
  return t;
}

DeviceTimeline build_device_timeline(const trace::RankEvents& ev, const DeviceTaskSources& sources,
                                     const KernelClassifier& classifier) {
  return build_device_timeline(ev, EventClasses(ev, sources, classifier));
}

DeviceTimeline build_device_timeline(const trace::RankEvents& ev, const KernelClassifier& classifier) {
  return build_device_timeline(ev, DeviceTaskSources(ev), classifier);
}

}  // namespace llmsa::analysis
