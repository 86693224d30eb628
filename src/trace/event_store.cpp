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

std::uint32_t RankEvents::add_event_without_metrics(EventKind k, Side s, std::int64_t start, std::int64_t dur, StringId name_id,
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
  external_id.push_back(kMissing);
  sequence.push_back(kMissing);
  category.push_back(0);
  source.push_back(source_id);
  source_row.push_back(row);
  lane.push_back(kEmptyString);
  return idx;
}

std::uint32_t RankEvents::add_event(EventKind k, Side s, std::int64_t start, std::int64_t dur, StringId name_id,
                                    std::uint16_t source_id, std::uint64_t row) {
  const std::uint32_t idx = add_event_without_metrics(k, s, start, dur, name_id, source_id, row);
  for (auto& m : metrics) m.push_absent();
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
  col.push_absent(size());
  metrics.push_back(std::move(col));
  return metrics.back();
}

void RankEvents::set_metric(MetricColumn& col, std::uint32_t event, double v) {
  col.set(event, v);
}

void RankEvents::reserve(std::size_t n) {
  const std::size_t t = size() + n;
  start_ns.reserve(t); dur_ns.reserve(t); wait_ns.reserve(t); stream.reserve(t); device.reserve(t);
  pid.reserve(t); kind.reserve(t); side.reserve(t); name.reserve(t); type.reserve(t); core.reserve(t);
  input_shapes.reserve(t); input_dtypes.reserve(t); output_shapes.reserve(t); step.reserve(t);
  correlation.reserve(t); external_id.reserve(t); sequence.reserve(t); category.reserve(t); source.reserve(t); source_row.reserve(t);
  lane.reserve(t);
  for (auto& m : metrics) m.reserve(t);
}

template <class V>
static std::size_t cap_bytes(const V& v) { return v.capacity() * sizeof(typename V::value_type); }
template <class T, T kAbsent>
static std::size_t cap_bytes(const OptionalColumn<T, kAbsent>& v) { return v.memory_bytes(); }
template <class T>
static std::size_t cap_bytes(const NarrowColumn<T>& v) { return v.memory_bytes(); }
static std::size_t cap_bytes(const StringIdColumn& v) { return v.memory_bytes(); }

std::size_t RankEvents::memory_bytes() const {
  std::size_t b = cap_bytes(start_ns) + cap_bytes(dur_ns) + cap_bytes(wait_ns) + cap_bytes(stream) +
                  cap_bytes(device) + cap_bytes(pid) + cap_bytes(kind) + cap_bytes(side) + cap_bytes(name) +
                  cap_bytes(type) + cap_bytes(core) + cap_bytes(input_shapes) + cap_bytes(input_dtypes) +
                  cap_bytes(output_shapes) + cap_bytes(step) + cap_bytes(correlation) + cap_bytes(external_id) + cap_bytes(sequence) + cap_bytes(category) +
                  cap_bytes(source) + cap_bytes(source_row) + cap_bytes(lane);
  for (const auto& m : metrics) b += m.memory_bytes();
  b += cap_bytes(args.event) + cap_bytes(args.key) + cap_bytes(args.value);
  b += cap_bytes(flows.from) + cap_bytes(flows.to) + cap_bytes(flows.category);
  return b;
}

void RankEvents::add_arg(std::uint32_t event, std::string_view key, std::string_view value) {
  args.event.push_back(event);
  args.key.push_back(strings.intern(key));
  args.value.push_back(strings.intern(value));
}

}  // namespace llmsa::trace
