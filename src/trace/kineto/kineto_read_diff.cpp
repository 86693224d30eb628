#include "trace/kineto/kineto_read_diff.hpp"

#include <string_view>

namespace llmsa::trace::kineto {
namespace {

template <class V>
std::string column_difference(const char* name, const V& a, const V& b) {
  if (a.size() != b.size()) return std::string(name) + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " rows";
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i])) return std::string(name) + " differs at row " + std::to_string(i);
  return {};
}

std::string events_difference(const RankEvents& a, const RankEvents& b) {
  if (a.rank != b.rank || a.rank_source != b.rank_source) return "rank";
  if (a.strings.size() != b.strings.size()) return "string pool size";
  for (StringId i = 0; i < a.strings.size(); ++i)
    if (a.strings.view(i) != b.strings.view(i)) return "string " + std::to_string(i);
  if (a.sources.size() != b.sources.size()) return "sources";
  for (std::size_t i = 0; i < a.sources.size(); ++i)
    if (a.sources[i].path != b.sources[i].path || a.sources[i].format != b.sources[i].format) return "source " + std::to_string(i);
  std::string d;
#define LLMSA_COMPARE(col) \
  if (!(d = column_difference(#col, a.col, b.col)).empty()) return d;
  LLMSA_COMPARE(start_ns) LLMSA_COMPARE(dur_ns) LLMSA_COMPARE(wait_ns) LLMSA_COMPARE(stream) LLMSA_COMPARE(device)
  LLMSA_COMPARE(pid) LLMSA_COMPARE(kind) LLMSA_COMPARE(side) LLMSA_COMPARE(name) LLMSA_COMPARE(type) LLMSA_COMPARE(core)
  LLMSA_COMPARE(input_shapes) LLMSA_COMPARE(input_dtypes) LLMSA_COMPARE(output_shapes) LLMSA_COMPARE(step)
  LLMSA_COMPARE(correlation) LLMSA_COMPARE(external_id) LLMSA_COMPARE(sequence) LLMSA_COMPARE(category)
  LLMSA_COMPARE(source) LLMSA_COMPARE(source_row) LLMSA_COMPARE(lane)
  LLMSA_COMPARE(args.event) LLMSA_COMPARE(args.key) LLMSA_COMPARE(args.value)
  LLMSA_COMPARE(flows.from) LLMSA_COMPARE(flows.to) LLMSA_COMPARE(flows.category)
#undef LLMSA_COMPARE
  if (a.metrics.size() != b.metrics.size()) return "metric columns";
  for (std::size_t k = 0; k < a.metrics.size(); ++k) {
    const MetricColumn &x = a.metrics[k], &y = b.metrics[k];
    if (x.name != y.name) return "metric name " + std::to_string(k);
    if (x.size() != y.size()) return "metric presence size";
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x.has(i) != y.has(i)) return "metric presence at row " + std::to_string(i);
      if (x.has(i) && x.at(i) != y.at(i)) return "metric value differs at row " + std::to_string(i);
    }
  }
  return {};
}

std::string report_difference(const FileReadReport& a, const FileReadReport& b) {
  if (a.path != b.path || a.format != b.format || a.rank != b.rank) return "report path/format/rank";
  if (a.rows_read != b.rows_read) return "rows_read " + std::to_string(a.rows_read) + " vs " + std::to_string(b.rows_read);
  if (a.events != b.events) return "events " + std::to_string(a.events) + " vs " + std::to_string(b.events);
  if (a.rejected != b.rejected) return "rejected " + std::to_string(a.rejected) + " vs " + std::to_string(b.rejected);
  if (a.rejected_by_reason != b.rejected_by_reason) return "rejected_by_reason";
  if (a.rejected_examples.size() != b.rejected_examples.size()) return "rejected_examples size";
  for (std::size_t i = 0; i < a.rejected_examples.size(); ++i) {
    const RejectedRow &x = a.rejected_examples[i], &y = b.rejected_examples[i];
    if (x.row != y.row || x.line != y.line || x.byte_offset != y.byte_offset || x.reason != y.reason)
      return "rejected example " + std::to_string(i) + ": row " + std::to_string(x.row) + " @" +
             std::to_string(x.byte_offset) + " '" + x.reason + "' vs row " + std::to_string(y.row) + " @" +
             std::to_string(y.byte_offset) + " '" + y.reason + "'";
  }
  if (a.notes != b.notes) return "notes";
  if (a.error != b.error || a.read != b.read) return "error";
  return {};
}

std::string info_difference(const KinetoTraceInfo& a, const KinetoTraceInfo& b) {
  if (a.gzip != b.gzip || a.json_bytes != b.json_bytes) return "info gzip/json_bytes";
  if (a.schema_version != b.schema_version || a.has_distributed_info != b.has_distributed_info || a.rank != b.rank ||
      a.world_size != b.world_size || a.backend != b.backend || a.distributed_info_json != b.distributed_info_json ||
      a.base_time_ns != b.base_time_ns || a.display_time_unit != b.display_time_unit)
    return "info top-level fields";
  if (a.devices.size() != b.devices.size()) return "info devices";
  for (std::size_t i = 0; i < a.devices.size(); ++i)
    if (a.devices[i].id != b.devices[i].id || a.devices[i].name != b.devices[i].name ||
        a.devices[i].raw_json != b.devices[i].raw_json)
      return "info device " + std::to_string(i);
  if (a.metadata.size() != b.metadata.size()) return "info metadata size";
  for (std::size_t i = 0; i < a.metadata.size(); ++i) {
    const KinetoMetadataRecord &x = a.metadata[i], &y = b.metadata[i];
    if (x.name != y.name || x.pid != y.pid || x.tid != y.tid || x.value != y.value) return "info metadata " + std::to_string(i);
  }
  return {};
}

}  // namespace

std::string first_difference(const KinetoRead& a, const KinetoRead& b) {
  std::string d = events_difference(a.events, b.events);
  if (d.empty()) d = report_difference(a.report, b.report);
  if (d.empty()) d = info_difference(a.info, b.info);
  return d;
}

}  // namespace llmsa::trace::kineto
