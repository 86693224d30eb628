#include "trace/kineto/kineto_chunks.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "trace/kineto/kineto_event_columns.hpp"
#include "trace/kineto/kineto_schema.hpp"

namespace llmsa::trace::kineto {
namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends `src` to `dst`, then frees `src`: while chunks are joined the transient is one column.
template <class V>
void append_column(V& dst, V& src) {
  if constexpr (requires { dst.append(src); }) {  // the store's narrow and optional columns
    dst.append(src);
    src = V();
  } else {
    dst.insert(dst.end(), src.begin(), src.end());
    V().swap(src);
  }
}

void append_strings(std::vector<StringId>& dst, std::vector<StringId>& src, const std::vector<StringId>& map) {
  const std::size_t at = dst.size();
  dst.resize(at + src.size());
  for (std::size_t i = 0; i < src.size(); ++i) dst[at + i] = map[src[i]];
  std::vector<StringId>().swap(src);
}

void append_strings(StringIdColumn& dst, StringIdColumn& src, const std::vector<StringId>& map) {
  dst.append(src, map);
  src.release();
}

// The process lane column stays unallocated while no event has a lane (map[kEmptyString] is kEmptyString).
void append_strings(OptionalColumn<StringId, kEmptyString>& dst, OptionalColumn<StringId, kEmptyString>& src,
                    const std::vector<StringId>& map) {
  const auto& from = std::as_const(src);  // a const read never materializes the column
  if (!from.materialized()) {
    dst.push_absent(from.size());
  } else {
    for (std::size_t i = 0; i < from.size(); ++i) dst.push_back(map[from[i]]);
  }
  src = {};
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

std::vector<StringId> append_events(RankEvents& dst, RankEvents& src, std::uint16_t source, std::uint64_t record_base,
                                    const std::unordered_map<StringId, std::string_view>* overrides) {
  const std::size_t n = src.size();
  const auto event_base = static_cast<std::uint32_t>(dst.size());
  // Strings: `src`'s pool in id order is its order of first use, so interning it in that order
  // into `dst`'s pool assigns the ids a one-pass read into `dst` assigns.
  std::vector<StringId> smap(src.strings.size());
  for (StringId id = 1; id < smap.size(); ++id) {
    std::string_view text = src.strings.view(id);
    if (overrides) {
      const auto it = overrides->find(id);
      if (it != overrides->end()) text = it->second;
    }
    smap[id] = text.empty() ? kEmptyString : dst.strings.intern(text);
  }

  append_column(dst.start_ns, src.start_ns);
  append_column(dst.dur_ns, src.dur_ns);
  append_column(dst.wait_ns, src.wait_ns);
  append_column(dst.stream, src.stream);
  append_column(dst.device, src.device);
  append_column(dst.pid, src.pid);
  append_column(dst.kind, src.kind);
  append_column(dst.side, src.side);
  append_strings(dst.name, src.name, smap);
  append_strings(dst.type, src.type, smap);
  append_strings(dst.core, src.core, smap);
  append_strings(dst.input_shapes, src.input_shapes, smap);
  append_strings(dst.input_dtypes, src.input_dtypes, smap);
  append_strings(dst.output_shapes, src.output_shapes, smap);
  append_column(dst.step, src.step);
  append_column(dst.correlation, src.correlation);
  append_column(dst.external_id, src.external_id);
  append_column(dst.sequence, src.sequence);
  append_column(dst.category, src.category);
  dst.source.insert(dst.source.end(), n, source);
  std::vector<std::uint16_t>().swap(src.source);
  if (record_base)
    for (std::size_t i = 0; i < n; ++i) src.source_row.set(i, src.source_row[i] + record_base);
  append_column(dst.source_row, src.source_row);
  append_strings(dst.lane, src.lane, smap);
  for (auto& m : dst.metrics) m.push_absent(n);  // columns other readers of this rank made: absent here
  for (auto& e : src.args.event) e += event_base;
  append_column(dst.args.event, src.args.event);
  append_strings(dst.args.key, src.args.key, smap);
  append_strings(dst.args.value, src.args.value, smap);
  for (auto& e : src.flows.from) e += event_base;
  for (auto& e : src.flows.to) e += event_base;
  append_column(dst.flows.from, src.flows.from);
  append_column(dst.flows.to, src.flows.to);
  append_strings(dst.flows.category, src.flows.category, smap);
  return smap;
}

ChunkJoiner::ChunkJoiner(const std::string& display, const FileReadReport& report, const KinetoTraceInfo& info,
                         std::size_t json_bytes)
    : display_(display), report_(report), info_(info) {
  source_ = staged_.add_source(display_, kKinetoFormat);
  // Reserved for the most events the text can hold (a record is rarely under ~150 bytes): pages
  // never written cost address space only, and growing by doubling would copy every column.
  staged_.reserve(json_bytes / 150 + 16);
  links_.slice_lane.reserve(json_bytes / 150 + 16);
}

std::vector<OpenBegin> ChunkJoiner::pair_deferred_ends(const std::vector<DeferredEnd>& ends,
                                                       const std::vector<std::uint32_t>& lmap) {
  std::vector<OpenBegin> begins;
  begins.reserve(ends.size());
  for (const DeferredEnd& d : ends) {
    const std::uint32_t lane = lmap[d.lane];
    if (lane >= open_by_lane_.size() || open_by_lane_[lane].empty()) throw SplitMismatch{};  // E without a B
    OpenBegin& b = open_by_lane_[lane].back();
    if (d.ts_ns < b.ts_ns) throw SplitMismatch{};  // E before its B
    begins.push_back(std::move(b));
    open_by_lane_[lane].pop_back();
  }
  return begins;
}

void ChunkJoiner::reject_open_begins() {
  // In record order, as the one-pass read's reject_open_slices.
  std::vector<OpenBegin*> open;
  for (auto& stack : open_by_lane_)
    for (auto& b : stack) open.push_back(&b);
  std::sort(open.begin(), open.end(), [](const OpenBegin* a, const OpenBegin* b) { return a->record < b->record; });
  for (const OpenBegin* b : open) {
    --report_.events;  // counted when the B was read; it never closed
    RejectedRow r;
    r.row = b->record;
    r.byte_offset = b->byte_offset;
    r.reason = "begin event (ph B) without an end";
    report_.reject(r);
  }
  open_by_lane_.clear();
}

void ChunkJoiner::add(ChunkResult& c) {
  const auto event_base = static_cast<std::uint32_t>(staged_.size());
  const std::vector<std::uint32_t> lmap = links_.lanes->absorb(*c.links.lanes);
  const std::vector<DeferredEnd>& ends = c.links.deferred_ends;
  const std::vector<OpenBegin> begins = pair_deferred_ends(ends, lmap);
  std::unordered_map<StringId, std::string_view> overrides;
  for (std::size_t i = 0; i < ends.size(); ++i) {
    overrides[ends[i].cat] = begins[i].cat;
    overrides[ends[i].name] = begins[i].name;
    overrides[ends[i].input_dims] = begins[i].input_dims;
    overrides[ends[i].input_type] = begins[i].input_type;
  }
  const std::vector<StringId> smap =
      append_events(staged_, c.part, source_, record_base_, overrides.empty() ? nullptr : &overrides);
  for (std::size_t i = 0; i < ends.size(); ++i) {
    // The slice as a one-pass read emits it at its E: described by its B, from the B's start.
    const OpenBegin& b = begins[i];
    const std::uint32_t idx = event_base + ends[i].event;
    const bool collective_name = is_collective_kernel_name(b.name);
    EventKind kind;
    Side side;
    std::int64_t tid_num;
    classify_event(classify_category(b.cat), true, b.tid, kind, side, tid_num);
    if (kind == EventKind::kKernel && collective_name) kind = EventKind::kCommunication;
    staged_.kind[idx] = kind;
    staged_.side[idx] = side;
    staged_.start_ns[idx] = b.ts_ns;
    staged_.dur_ns[idx] = ends[i].ts_ns - b.ts_ns;
    staged_.source_row.set(idx, b.record);
    set_link_columns(staged_, idx, kind, side, tid_num,
                     {b.name, b.pid, b.tid, b.correlation, b.device, b.stream, b.external_id, b.sequence});
  }

  for (auto l : c.links.slice_lane) links_.slice_lane.push_back(l == kNoLane ? kNoLane : lmap[l]);
  std::unordered_map<std::uint32_t, std::size_t> end_of_key;  // reserved flow key -> deferred end
  for (std::size_t i = 0; i < ends.size(); ++i) end_of_key[ends[i].flow_key] = i;
  const std::vector<std::uint32_t> kmap =
      links_.flow_keys->absorb(*c.links.flow_keys, [&](std::uint32_t key, std::string_view& bind_id) {
        const auto it = end_of_key.find(key);
        if (it == end_of_key.end()) return false;
        const OpenBegin& b = begins[it->second];
        if (!b.flow_in && !b.flow_out) return false;
        bind_id = b.bind_id;
        return true;
      });
  for (std::size_t i = 0; i < ends.size(); ++i) {
    const OpenBegin& b = begins[i];
    if (!b.flow_in && !b.flow_out) continue;
    FlowBinding binding;  // the bindings are sorted by (key, ts, event) before use: appending here is fine
    binding.event = event_base + ends[i].event;
    binding.key = kmap[ends[i].flow_key];
    binding.ts_ns = b.ts_ns;
    binding.category = smap[ends[i].cat];
    binding.flow_in = b.flow_in;
    binding.flow_out = b.flow_out;
    links_.flow_bindings.push_back(binding);
  }
  for (OpenBegin& b : c.links.open_begins) {  // still open: a later chunk may close them
    b.lane = lmap[b.lane];
    b.record += record_base_;
    if (b.lane >= open_by_lane_.size()) open_by_lane_.resize(static_cast<std::size_t>(b.lane) + 1);
    open_by_lane_[b.lane].push_back(std::move(b));
  }
  for (FlowRecord& r : c.links.flow_records) {
    r.record += record_base_;
    r.key = kmap[r.key];
    if (r.lane != kNoLane) r.lane = lmap[r.lane];
    r.category = smap[r.category];
  }
  flow_record_parts_.push_back(std::move(c.links.flow_records));
  for (FlowBinding b : c.links.flow_bindings) {
    b.event += event_base;
    b.key = kmap[b.key];
    b.category = smap[b.category];
    links_.flow_bindings.push_back(b);
  }
  merge_info(info_, c.info, c.info_assigned);
  merge_report(report_, c.report, record_base_);
  record_base_ += c.report.rows_read;
  c = ChunkResult();
}

void ChunkJoiner::commit(RankEvents& out, FileReadReport& report, KinetoTraceInfo& info, unsigned threads) {
  reject_open_begins();
  // The key tables are done with (records and bindings hold their ids): free them before the
  // flows' sort keys and slice index are built, the read's peak of memory.
  links_.lanes.reset();
  links_.flow_keys.reset();
  // The chunks' flow records, joined once at their final size: a vector grown record by record
  // would fault in and copy its pages about twice over.
  std::size_t total = 0;
  for (const auto& part : flow_record_parts_) total += part.size();
  links_.flow_records.reserve(total);
  for (auto& part : flow_record_parts_) {
    links_.flow_records.insert(links_.flow_records.end(), part.begin(), part.end());
    std::vector<FlowRecord>().swap(part);
  }
  flow_record_parts_.clear();
  resolve_flows(staged_, links_.slice_lane, 0, links_.flow_records, links_.flow_bindings, report_, threads);
  links_ = EventLinks();
  const bool out_empty = out.size() == 0 && out.sources.empty() && out.strings.size() == 1 && out.metrics.empty() &&
                         out.args.event.empty() && out.flows.from.empty();
  if (out_empty) {  // the common case (one trace per rank): the staged store becomes the rank's
    const int rank = out.rank;
    std::string rank_source = std::move(out.rank_source);
    out = std::move(staged_);
    out.rank = rank;
    out.rank_source = std::move(rank_source);
  } else {
    const std::uint16_t source = out.add_source(display_, kKinetoFormat);
    append_events(out, staged_, source, 0);
  }
  report = std::move(report_);
  info = std::move(info_);
  set_rank_and_notes(out, report, info);
}

void finish_read(RankEvents& out, std::size_t first_event, EventLinks& links, FileReadReport& report,
                 KinetoTraceInfo& info) {
  resolve_flows(out, links.slice_lane, first_event, links.flow_records, links.flow_bindings, report);
  set_rank_and_notes(out, report, info);
}

void set_rank_and_notes(RankEvents& out, FileReadReport& report, const KinetoTraceInfo& info) {
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
