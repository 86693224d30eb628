#include "analysis/device_tasks.hpp"

#include <algorithm>

namespace llmsa::analysis {

bool device_task_class(trace::EventKind kind, DeviceTaskClass& out) {
  switch (kind) {
    case trace::EventKind::kKernel:
    case trace::EventKind::kAicpu: out = DeviceTaskClass::kCompute; return true;
    case trace::EventKind::kCommunication: out = DeviceTaskClass::kCommunication; return true;
    case trace::EventKind::kMemcpy:
    case trace::EventKind::kMemset: out = DeviceTaskClass::kCopy; return true;
    default: return false;
  }
}

bool is_device_task_kind(const trace::RankEvents& ev, std::size_t i) {
  DeviceTaskClass c;
  return ev.side[i] == trace::Side::kDevice && device_task_class(ev.kind[i], c) &&
         ev.start_ns[i] != trace::kMissing && ev.dur_ns[i] != trace::kMissing && ev.dur_ns[i] >= 0;
}

int device_task_format_priority(std::string_view format) {
  if (format == "ascend.kernel_details.csv") return 0;
  if (format == "ascend.profiler.db" || format == "ascend.db") return 1;
  if (format == "ascend.trace_view.json") return 2;
  return 3;
}

DeviceTaskSources::DeviceTaskSources(const trace::RankEvents& ev) : mask_(ev.sources.size(), 0) {
  // Which classes each source has at least one task of.
  std::vector<std::uint8_t> has(ev.sources.size(), 0);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    DeviceTaskClass c;
    if (ev.source[i] < has.size() && is_device_task_kind(ev, i) && device_task_class(ev.kind[i], c))
      has[ev.source[i]] |= static_cast<std::uint8_t>(1u << static_cast<int>(c));
  }
  std::vector<int> priority(ev.sources.size());
  for (std::size_t s = 0; s < ev.sources.size(); ++s) priority[s] = device_task_format_priority(ev.sources[s].format);
  for (int c = 0; c < kDeviceTaskClassCount; ++c) {
    const auto bit = static_cast<std::uint8_t>(1u << c);
    int best = 1 << 30;
    for (std::size_t s = 0; s < has.size(); ++s)
      if (has[s] & bit) best = std::min(best, priority[s]);
    for (std::size_t s = 0; s < has.size(); ++s)
      if ((has[s] & bit) && priority[s] == best) mask_[s] |= bit;
  }
}

bool DeviceTaskSources::chosen(std::size_t source, DeviceTaskClass c) const {
  return source < mask_.size() && (mask_[source] >> static_cast<int>(c) & 1u);
}

bool DeviceTaskSources::counts(const trace::RankEvents& ev, std::size_t i) const {
  DeviceTaskClass c;
  return is_device_task_kind(ev, i) && device_task_class(ev.kind[i], c) && chosen(ev.source[i], c);
}

}  // namespace llmsa::analysis
