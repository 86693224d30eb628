#include "trace/kineto/kineto_chunks.hpp"

#include <cstring>
#include <utility>

namespace llmsa::trace::kineto {
namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends `src` to `dst`, then frees `src`: while chunks are joined the transient is one column.
template <class V>
void append_column(V& dst, V& src) {
  dst.insert(dst.end(), src.begin(), src.end());
  V().swap(src);
}

void append_strings(std::vector<StringId>& dst, std::vector<StringId>& src, const std::vector<StringId>& map) {
  const std::size_t at = dst.size();
  dst.resize(at + src.size());
  for (std::size_t i = 0; i < src.size(); ++i) dst[at + i] = map[src[i]];
  std::vector<StringId>().swap(src);
}

// The account of a later chunk, its rows shifted to file records (rejected examples keep the first ones).
void merge_report(FileReadReport& report, FileReadReport& part, std::uint64_t record_base) {
  report.rows_read += part.rows_read;
  report.events += part.events;
  report.rejected += part.rejected;
  for (const auto& [reason, n] : part.rejected_by_reason) report.rejected_by_reason[reason] += n;
  for (RejectedRow& r : part.rejected_examples) {
    if (report.rejected_examples.size() >= FileReadReport::kMaxExamples) break;
    r.row += record_base;
    report.rejected_examples.push_back(std::move(r));
  }
  for (std::string& n : part.notes) report.notes.push_back(std::move(n));
}

// Top-level fields in the order a one-pass read meets them: the first chunk holds the keys before
// traceEvents, the last the keys after it.
void merge_info(KinetoTraceInfo& info, KinetoTraceInfo& part, std::uint32_t assigned) {
  if (assigned & kInfoSchemaVersion) info.schema_version = std::move(part.schema_version);
  if (assigned & kInfoDistributed) info.has_distributed_info = true;
  if (assigned & kInfoRank) info.rank = part.rank;
  if (assigned & kInfoWorldSize) info.world_size = part.world_size;
  if (assigned & kInfoBackend) info.backend = std::move(part.backend);
  if (assigned & kInfoDistributedJson) info.distributed_info_json = std::move(part.distributed_info_json);
  if (assigned & kInfoBaseTime) info.base_time_ns = part.base_time_ns;
  if (assigned & kInfoDisplayTimeUnit) info.display_time_unit = std::move(part.display_time_unit);
  for (auto& d : part.devices) info.devices.push_back(std::move(d));
  for (auto& m : part.metadata) info.metadata.push_back(std::move(m));
}

}  // namespace

std::vector<std::size_t> find_split_commas(std::string_view text, std::size_t chunk_bytes) {
  std::vector<std::size_t> cuts;
  if (chunk_bytes == 0) return cuts;
  // Cuts before traceEvents (in deviceProperties, say) would only make the first chunk fail: start
  // after the key when it is near the top, as Kineto writes it.
  const std::size_t key = text.substr(0, std::size_t{1} << 20).find("\"traceEvents\"");
  std::size_t target = (key == std::string_view::npos ? 0 : key) + chunk_bytes;
  // The last chunk runs to the end of the file; do not leave it a sliver.
  while (target + chunk_bytes / 2 < text.size()) {
    std::size_t cut = std::string_view::npos;
    for (std::size_t p = target; p < text.size();) {
      const void* hit = std::memchr(text.data() + p, '}', text.size() - p);
      if (!hit) break;
      const std::size_t brace = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
      std::size_t k = brace + 1;
      while (k < text.size() && is_json_space(text[k])) ++k;
      if (k < text.size() && text[k] == ',') {
        std::size_t m = k + 1;
        while (m < text.size() && is_json_space(text[m])) ++m;
        if (m < text.size() && text[m] == '{') {
          cut = k;
          break;
        }
      }
      p = brace + 1;
    }
    if (cut == std::string_view::npos || cut + 1 >= text.size()) break;
    cuts.push_back(cut);
    target = cut + 1 + chunk_bytes;
  }
  return cuts;
}

void join_chunks(std::vector<ChunkResult>& chunks, const std::string& display, RankEvents& out, FileReadReport& report,
                 KinetoTraceInfo& info) {
  const std::uint16_t source = out.add_source(display, kKinetoFormat);
  const std::size_t first_event = out.size();
  std::size_t total = 0;
  for (const auto& c : chunks) total += c.part.size();
  out.reserve(total);
  EventLinks links;
  std::uint64_t record_base = 0;
  for (ChunkResult& c : chunks) {
    RankEvents& p = c.part;
    const std::size_t n = p.size();
    const auto event_base = static_cast<std::uint32_t>(out.size());
    // Strings: the chunk's pool in id order is its order of first use, so interning it in that
    // order into the file's pool assigns the ids a one-pass read assigns.
    std::vector<StringId> smap(p.strings.size());
    for (StringId id = 1; id < smap.size(); ++id) smap[id] = out.strings.intern(p.strings.view(id));

    append_column(out.start_ns, p.start_ns);
    append_column(out.dur_ns, p.dur_ns);
    append_column(out.wait_ns, p.wait_ns);
    append_column(out.stream, p.stream);
    append_column(out.device, p.device);
    append_column(out.pid, p.pid);
    append_column(out.kind, p.kind);
    append_column(out.side, p.side);
    append_strings(out.name, p.name, smap);
    append_strings(out.type, p.type, smap);
    append_strings(out.core, p.core, smap);
    append_strings(out.input_shapes, p.input_shapes, smap);
    append_strings(out.input_dtypes, p.input_dtypes, smap);
    append_strings(out.output_shapes, p.output_shapes, smap);
    append_column(out.step, p.step);
    append_column(out.correlation, p.correlation);
    append_column(out.external_id, p.external_id);
    append_column(out.sequence, p.sequence);
    append_column(out.category, p.category);
    out.source.insert(out.source.end(), n, source);
    for (auto& row : p.source_row) row += record_base;
    append_column(out.source_row, p.source_row);
    append_strings(out.lane, p.lane, smap);
    for (auto& m : out.metrics) {  // columns other readers of this rank made: absent here
      m.value.insert(m.value.end(), n, 0.0f);
      for (std::size_t i = 0; i < n; ++i) m.present.push_back(false);
    }
    for (auto& e : p.args.event) e += event_base;
    append_column(out.args.event, p.args.event);
    append_strings(out.args.key, p.args.key, smap);
    append_strings(out.args.value, p.args.value, smap);

    const std::vector<std::uint32_t> lmap = links.lanes->absorb(*c.links.lanes);
    for (auto l : c.links.slice_lane) links.slice_lane.push_back(l == kNoLane ? kNoLane : lmap[l]);
    const std::vector<std::uint32_t> kmap = links.flow_keys->absorb(*c.links.flow_keys);
    for (FlowRecord r : c.links.flow_records) {
      r.record += record_base;
      r.key = kmap[r.key];
      if (r.lane != kNoLane) r.lane = lmap[r.lane];
      r.category = smap[r.category];
      links.flow_records.push_back(r);
    }
    for (FlowBinding b : c.links.flow_bindings) {
      b.event += event_base;
      b.key = kmap[b.key];
      b.category = smap[b.category];
      links.flow_bindings.push_back(b);
    }
    merge_info(info, c.info, c.info_assigned);
    merge_report(report, c.report, record_base);
    record_base += c.report.rows_read;
    c = ChunkResult();
  }
  finish_read(out, first_event, links, report, info);
}

void finish_read(RankEvents& out, std::size_t first_event, EventLinks& links, FileReadReport& report,
                 KinetoTraceInfo& info) {
  resolve_flows(out, links.slice_lane, first_event, links.flow_records, links.flow_bindings, report);
  if (info.has_distributed_info && info.rank >= 0) {
    out.rank = static_cast<int>(info.rank);
    out.rank_source = "distributedInfo";
    report.rank = out.rank;
  } else {
    report.notes.push_back(info.has_distributed_info
                               ? "distributedInfo has no rank: the rank must come from the file name or an ordinal"
                               : "no distributedInfo: the rank must come from the file name or an ordinal");
  }
  if (info.devices.empty())
    report.notes.push_back("no deviceProperties: device names and SM counts are unknown (occupancy-based analyses are limited)");
}

}  // namespace llmsa::trace::kineto
