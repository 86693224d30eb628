#pragma once
// The device-side interval sets of one rank (llmsa's definitions), built once per rank and then
// clipped to each step window. Every set is a union over core/interval_set.hpp.
#include <array>
#include <map>
#include <string>

#include "analysis/device_tasks.hpp"
#include "analysis/event_classes.hpp"
#include "analysis/kernel_classifier.hpp"
#include "core/interval_set.hpp"
#include "trace/event_store.hpp"

namespace llmsa::analysis {

struct DeviceTimeline {
  DeviceTaskSources sources;  // the rule the sets were built with, for analyses that add their own events
  IntervalSet compute;        // kernels and AICPU tasks
  IntervalSet communication;  // collectives and p2p
  IntervalSet memcpy;         // copies and memsets
  IntervalSet busy;           // union of the three
  std::array<IntervalSet, kOpRoleCount> by_role;
  std::array<std::int64_t, kOpRoleCount> events_by_role{};
  std::map<std::string, IntervalSet> by_collective;  // collective_kind_name -> set
  std::map<std::string, std::int64_t> events_by_collective;
};

// Built from the events DeviceTaskSources counts (device_tasks.hpp): the same events part B's operators
// are built from. `classes` must have been built from `ev`.
DeviceTimeline build_device_timeline(const trace::RankEvents& ev, const EventClasses& classes);
// The same, classifying the events first; `sources` must have been built from `ev`.
DeviceTimeline build_device_timeline(const trace::RankEvents& ev, const DeviceTaskSources& sources,
                                     const KernelClassifier& classifier);
// The same, with the rule built from `ev`.
DeviceTimeline build_device_timeline(const trace::RankEvents& ev, const KernelClassifier& classifier);

}  // namespace llmsa::analysis
