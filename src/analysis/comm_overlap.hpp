#pragma once
// Communication-computation overlap of one rank, on the device timeline (interval algebra only):
//   communication = union of device communication events (HCCL/NCCL kernels and tasks);
//   computation   = union of other device kernels and AICPU tasks (memcpy/memset excluded);
//   overlapped    = |communication ∩ computation|, exposed = |communication \ computation|,
//   overlap_ratio = overlapped / communication (HTA's comm_comp_overlap, trace-analyzers.md 5.6).
#include <cstdint>
#include <optional>

#include "analysis/event_classes.hpp"
#include "analysis/kernel_classifier.hpp"
#include "trace/event_store.hpp"

namespace llmsa::analysis {

struct CommOverlap {
  int rank = -1;
  std::int64_t communication_ns = 0, computation_ns = 0, overlapped_ns = 0, exposed_communication_ns = 0;
  std::optional<double> overlap_ratio;  // nullopt without communication
  std::int64_t communication_events = 0;
};

// True for a device event that is communication (kind, or a communication role by name).
bool is_device_communication(const trace::RankEvents& ev, std::size_t i, KernelClassCache& cache);

CommOverlap communication_overlap(const trace::RankEvents& events, const KernelClassifier& classifier);
// The same with the events already classified (`classes` built from `events`).
CommOverlap communication_overlap(const trace::RankEvents& events, const EventClasses& classes);

}  // namespace llmsa::analysis
