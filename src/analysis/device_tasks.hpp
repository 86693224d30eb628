#pragma once
// The one rule for which device events of a rank count, shared by every analysis that sums or unions
// device time: the time algebra and where-time-goes (device_timeline, part A), steps from Step Id
// (step_windows), the ascend preset's receive ops, the operators and their rankings (operator_summary,
// part B), communication overlap, cross-rank operator alignment and raw_kernel_index.csv.
//
// Why a rule is needed: a rank folder describes the same device tasks several times
// (kernel_details.csv, trace_view.json's "Ascend Hardware"/"HCCL" lanes, the profiler DB), and
// ingestion keeps every file's events. Counting them all doubles every operator, and unions of
// near-identical copies (trace_view rounds to other units than the CSV) blur the time algebra.
//
// The rule, per task class (compute = kernels and AICPU tasks; communication; copies = memcpy and
// memset): the class is taken from the highest-priority format that has at least one task of that
// class; every file of that format counts for the class, no other file does. Priority:
//   0 ascend.kernel_details.csv  (carries Wait Time and the PMU columns)
//   1 ascend.profiler.db / ascend.db
//   2 ascend.trace_view.json
//   3 anything else (kineto.json, ...)
// Per class, so that a format that lacks a class (a kernel_details.csv without communication rows)
// never hides the tasks another file has of that class.
//
// A device task: side kDevice, kind kernel / AICPU / communication / memcpy / memset, start and
// duration present, duration >= 0. Overlap Analysis lanes and sync markers are not tasks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "trace/event_store.hpp"

namespace llmsa::analysis {

enum class DeviceTaskClass : std::uint8_t { kCompute = 0, kCommunication, kCopy };
inline constexpr int kDeviceTaskClassCount = 3;

// The class of a device task's kind in `out`; false for a kind that is not a task.
bool device_task_class(trace::EventKind kind, DeviceTaskClass& out);

// Event i is a device task (the kind/side/time test above), whatever its source.
bool is_device_task_kind(const trace::RankEvents& ev, std::size_t i);

// Format priority of the rule above (lower wins).
int device_task_format_priority(std::string_view format);

class DeviceTaskSources {
 public:
  DeviceTaskSources() = default;  // chooses nothing
  explicit DeviceTaskSources(const trace::RankEvents& ev);
  // Event i is a device task from a source chosen for its class: the one test every analysis uses.
  bool counts(const trace::RankEvents& ev, std::size_t i) const;
  // Source s is chosen for class c.
  bool chosen(std::size_t source, DeviceTaskClass c) const;
  // Source s is chosen for at least one class.
  bool chosen_for_any(std::size_t source) const { return source < mask_.size() && mask_[source] != 0; }

 private:
  // Bit c of mask_[s]: source s is chosen for class c.
  std::vector<std::uint8_t> mask_;
};

}  // namespace llmsa::analysis
