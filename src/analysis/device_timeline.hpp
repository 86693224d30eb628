#pragma once
// The device-side interval sets of one rank (llmsa's definitions), built once per rank and then
// clipped to each step window. Every set is a union over core/interval_set.hpp.
#include <array>
#include <map>
#include <string>

#include "analysis/kernel_classifier.hpp"
#include "core/interval_set.hpp"
#include "trace/event_store.hpp"

namespace llmsa::analysis {

// Device events that occupy the device: kernels, AICPU, communication, memcpy, memset. Overlap
// Analysis lanes (derived, not measured) and sync markers are not device work.
bool is_device_work(const trace::RankEvents& ev, std::size_t i);

struct DeviceTimeline {
  IntervalSet compute;        // kernels and AICPU tasks
  IntervalSet communication;  // collectives and p2p
  IntervalSet memcpy;         // copies and memsets
  IntervalSet busy;           // union of the three
  std::array<IntervalSet, kOpRoleCount> by_role;
  std::array<std::int64_t, kOpRoleCount> events_by_role{};
  std::map<std::string, IntervalSet> by_collective;  // collective_kind_name -> set
  std::map<std::string, std::int64_t> events_by_collective;
};

DeviceTimeline build_device_timeline(const trace::RankEvents& ev, const KernelClassifier& classifier);

}  // namespace llmsa::analysis
