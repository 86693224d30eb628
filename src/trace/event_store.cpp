#include "trace/event_store.hpp"

namespace llmsa::trace {

const char* event_kind_name(EventKind k) {
  switch (k) {
    case EventKind::kKernel: return "kernel";
    case EventKind::kCommunication: return "communication";
    case EventKind::kMemcpy: return "memcpy";
    case EventKind::kMemset: return "memset";
    case EventKind::kAicpu: return "aicpu";
    case EventKind::kCpuOp: return "cpu_op";
    case EventKind::kRuntime: return "runtime";
    case EventKind::kAnnotation: return "annotation";
    case EventKind::kPython: return "python";
    case EventKind::kOverlap: return "overlap";
    case EventKind::kSync: return "sync";
    case EventKind::kOther: return "other";
  }
  return "other";
}

std::uint32_t RankEvents::add_event(EventKind k, Side s, std::int64_t start, std::int64_t dur, StringId name_id,
                                    std::uint16_t source_id, std::uint64_t row) {
  auto idx = static_cast<std::uint32_t>(start_ns.size());
  start_ns.push_back(start);
  dur_ns.push_back(dur);
  wait_ns.push_back(kMissing);
  stream.push_back(-1);
  device.push_back(-1);
  pid.push_back(-1);
  kind.push_back(k);
  side.push_back(s);
  name.push_back(name_id);
  type.push_back(kEmptyString);
  core.push_back(kEmptyString);
  input_shapes.push_back(kEmptyString);
  input_dtypes.push_back(kEmptyString);
  output_shapes.push_back(kEmptyString);
  step.push_back(kMissing);
  correlation.push_back(kMissing);
  category.push_back(0);
  source.push_back(source_id);
  source_row.push_back(row);
  for (auto& m : metrics) {
    m.value.push_back(0.0);
    m.present.push_back(0);
  }
  return idx;
}

std::uint16_t RankEvents::add_source(std::string path, std::string format) {
  sources.push_back({std::move(path), std::move(format)});
  return static_cast<std::uint16_t>(sources.size() - 1);
}

MetricColumn& RankEvents::metric(std::string_view metric_name) {
  StringId id = strings.intern(metric_name);
  for (auto& m : metrics)
    if (m.name == id) return m;
  MetricColumn col;
  col.name = id;
  col.value.assign(size(), 0.0);
  col.present.assign(size(), 0);
  metrics.push_back(std::move(col));
  return metrics.back();
}

void RankEvents::set_metric(MetricColumn& col, std::uint32_t event, double v) {
  col.value[event] = v;
  col.present[event] = 1;
}

void RankEvents::add_arg(std::uint32_t event, std::string_view key, std::string_view value) {
  args.event.push_back(event);
  args.key.push_back(strings.intern(key));
  args.value.push_back(strings.intern(value));
}

}  // namespace llmsa::trace
