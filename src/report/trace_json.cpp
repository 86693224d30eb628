#include "report/trace_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "analysis/device_tasks.hpp"
#include "analysis/operator_summary.hpp"
#include "core/interval_set.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/escaped_strings.hpp"
#include "report/json_stream.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

namespace {

// Overlay thread ids: small and fixed, sorted above the original threads.
enum OverlayTid : int { kStepsTid = 1, kLayersTid, kBlocksTid, kBubblesTid, kFindingsTid, kFirstCategoryTid };
constexpr int kFirstOriginalTid = 100;

struct Writer {
  JsonFileWriter& out;
  TraceJsonCounts& counts;
  bool first = true;

  JsonFileWriter& begin() {
    out.raw(first ? "\n" : ",\n");
    first = false;
    return out;
  }
  void meta(int pid, int tid, std::string_view what, std::string_view name, int sort_index) {
    begin().raw("{\"ph\":\"M\",\"pid\":").num(std::int64_t{pid});
    if (tid >= 0) out.raw(",\"tid\":").num(std::int64_t{tid});
    out.raw(",\"name\":").str(what).raw(",\"args\":{\"name\":").str(name).raw("}}");
    begin().raw("{\"ph\":\"M\",\"pid\":").num(std::int64_t{pid});
    if (tid >= 0) out.raw(",\"tid\":").num(std::int64_t{tid});
    out.raw(tid >= 0 ? ",\"name\":\"thread_sort_index\"" : ",\"name\":\"process_sort_index\"")
        .raw(",\"args\":{\"sort_index\":")
        .num(std::int64_t{sort_index})
        .raw("}}");
  }
  // An overlay slice; `args` is a JSON object body without braces (may be empty).
  void slice(int pid, int tid, std::string_view cat, std::string_view name, std::int64_t start, std::int64_t end,
             const std::string& args) {
    begin().raw("{\"ph\":\"X\",\"pid\":").num(std::int64_t{pid}).raw(",\"tid\":").num(std::int64_t{tid});
    out.raw(",\"ts\":").us(start).raw(",\"dur\":").us(std::max<std::int64_t>(0, end - start));
    out.raw(",\"cat\":").str(cat).raw(",\"name\":").str(name).raw(",\"args\":{").raw(args).raw("}}");
    ++counts.overlay_events;
  }
};

std::string json_str(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string ids_json(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out.push_back(',');
    append_json_string(out, ids[i]);
  }
  out.push_back(']');
  return out;
}

// Thread key of an original event: (0 device | 1 host), lane name, stream. Device threads sort first.
using ThreadKey = std::tuple<int, std::string, std::int32_t>;

std::string thread_name(const ThreadKey& k) {
  const auto& [host, lane, stream] = k;
  std::string name = host ? "host" : "device";
  if (!lane.empty()) name += " · " + lane;
  if (stream >= 0) name += host ? fmt::format(" · tid {}", stream) : fmt::format(" · stream {}", stream);
  return name;
}

void write_rank(Writer& w, const trace::RankProfile& rank, const analysis::RankAnalysis* ra, std::size_t rank_index,
                const analysis::KernelClassifier& classifier,
                const ReportEvidence& evidence, const std::vector<evidence::Finding>& findings) {
  const trace::RankEvents& ev = rank.events;
  const int pid = ev.rank;
  const analysis::DeviceTaskSources chosen(ev);
  // Device tasks (kernels, AICPU, communication) are written from the chosen source only; everything
  // else (host events, memcpy, Overlap Analysis lanes, ...) from every source, as nothing repeats it.
  auto emitted = [&](std::size_t i) {
    if (ev.start_ns[i] == trace::kMissing) return false;
    if (ev.side[i] == trace::Side::kHost || chosen.chosen_for_any(ev.source[i])) return true;
    const trace::EventKind k = ev.kind[i];
    return k != trace::EventKind::kKernel && k != trace::EventKind::kAicpu && k != trace::EventKind::kCommunication;
  };

  // Threads of the original events, named and ordered by (side, lane, stream).
  std::unordered_map<std::uint64_t, std::uint32_t> key_slot;
  std::vector<ThreadKey> keys;
  std::vector<std::uint32_t> slot(ev.size(), 0);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!emitted(i)) continue;
    const std::uint64_t packed = (static_cast<std::uint64_t>(ev.side[i]) << 63) |
                                 (static_cast<std::uint64_t>(ev.lane[i]) << 32) |
                                 static_cast<std::uint32_t>(ev.stream[i]);
    auto [it, inserted] = key_slot.emplace(packed, static_cast<std::uint32_t>(keys.size()));
    if (inserted)
      keys.emplace_back(ev.side[i] == trace::Side::kDevice ? 0 : 1, std::string(ev.strings.view(ev.lane[i])), ev.stream[i]);
    slot[i] = it->second;
  }
  std::vector<std::uint32_t> order(keys.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
  std::vector<int> tid_of(keys.size());
  for (std::size_t k = 0; k < order.size(); ++k) tid_of[order[k]] = kFirstOriginalTid + static_cast<int>(k);

  w.meta(pid, -1, "process_name", fmt::format("rank {}", pid), pid);
  for (std::size_t k = 0; k < order.size(); ++k) {
    w.meta(pid, kFirstOriginalTid + static_cast<int>(k), "thread_name", thread_name(keys[order[k]]),
           kFirstOriginalTid + static_cast<int>(k));
  }

  // Original events, in read order. The pieces that repeat (thread prefix, category, escaped name,
  // file) are built once: a million-event rank has a few thousand distinct names.
  std::vector<std::string> thread_prefix(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k)
    thread_prefix[k] = fmt::format("{{\"ph\":\"X\",\"pid\":{},\"tid\":{},\"ts\":", pid, tid_of[k]);
  std::vector<std::string> cat_piece(trace::kEventKindCount);
  for (int k = 0; k < trace::kEventKindCount; ++k)
    cat_piece[k] = ",\"cat\":" + json_str(trace::event_kind_name(static_cast<trace::EventKind>(k))) + ",\"name\":";
  std::vector<std::string> file_piece;
  for (const auto& s : ev.sources) file_piece.push_back(",\"args\":{\"file\":" + json_str(base_name(s.path)) + ",\"row\":");
  EscapedStrings name_json(ev.strings, [](std::string_view v) {
    std::string out;
    append_json_string(out, v);
    return out;
  });
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!emitted(i)) {
      if (ev.start_ns[i] == trace::kMissing) ++w.counts.skipped_untimed;
      else ++w.counts.skipped_duplicates;
      continue;
    }
    w.begin();
    std::string& b = w.out.buffer();
    b.append(thread_prefix[slot[i]]);
    append_exact_us(b, ev.start_ns[i]);
    b.append(",\"dur\":");
    append_exact_us(b, std::max<std::int64_t>(0, ev.dur_ns[i]));
    b.append(cat_piece[static_cast<int>(ev.kind[i])]);
    b.append(name_json(ev.name[i]));
    b.append(file_piece[ev.source[i]]);
    append_int(b, static_cast<std::int64_t>(ev.source_row[i]));
    b.append("}}");
    w.out.maybe_flush();
    ++w.counts.original_events;
  }

  // Overlays.
  w.meta(pid, kStepsTid, "thread_name", "llmsa · steps", -10 + kStepsTid);
  w.meta(pid, kLayersTid, "thread_name", "llmsa · layers", -10 + kLayersTid);
  w.meta(pid, kBlocksTid, "thread_name", "llmsa · blocks", -10 + kBlocksTid);
  w.meta(pid, kBubblesTid, "thread_name", "llmsa · bubbles", -10 + kBubblesTid);
  w.meta(pid, kFindingsTid, "thread_name", "llmsa · findings", -10 + kFindingsTid);
  const std::string bubble_prefix =
      fmt::format("{{\"ph\":\"X\",\"pid\":{},\"tid\":{},\"ts\":", pid, static_cast<int>(kBubblesTid));
  if (ra) {
    for (std::size_t si = 0; si < ra->steps.size(); ++si) {
      const auto& s = ra->steps[si];
      const auto& t = s.time;
      w.slice(pid, kStepsTid, "llmsa.step", "step " + s.step + (s.step_type == "unknown" ? "" : " · " + s.step_type),
              t.window_start_ns, t.window_end_ns,
              fmt::format("\"wall_ms\":{},\"busy_ms\":{},\"idle_ms\":{},\"head_ms\":{},\"tail_ms\":{},\"bubbles\":{},"
                          "\"step_type_reason\":{},\"evidence\":{}",
                          ns_to_ms(t.wall_ns), ns_to_ms(t.busy_ns), ns_to_ms(t.idle_ns), ns_to_ms(t.head_ns),
                          ns_to_ms(t.tail_ns), t.bubble_count, json_str(s.step_type_reason),
                          ids_json(rank_index < evidence.rank_files.size() ? evidence.rank_files[rank_index]
                                                                           : std::vector<std::string>{})));
      for (std::size_t li = 0; li < s.layers.size(); ++li) {
        const auto& l = s.layers[li];
        const auto* ids = rank_index < evidence.layers.size() && si < evidence.layers[rank_index].size() &&
                                  li < evidence.layers[rank_index][si].size()
                              ? &evidence.layers[rank_index][si][li]
                              : nullptr;
        w.slice(pid, kLayersTid, "llmsa.layer", fmt::format("layer {} · {}", l.index, l.anchor_kind), l.start_ns, l.end_ns,
                fmt::format("\"step\":{},\"busy_ms\":{},\"events\":{},\"evidence\":{}", json_str(s.step),
                            ns_to_ms(l.busy_ns), l.event_count, ids ? ids_json(*ids) : "[]"));
        for (const auto& b : l.blocks)
          w.slice(pid, kBlocksTid, "llmsa.block", b.family.empty() ? b.kind : b.kind + " · " + b.family, b.start_ns,
                  b.end_ns, fmt::format("\"layer\":{},\"busy_ms\":{},\"events\":{}", l.index, ns_to_ms(b.busy_ns), b.event_count));
      }
      // A capture can have a bubble between most kernel pairs: these slices are appended piece by piece
      // (the step's args prefix built once), like the original events.
      std::string step_args = ",\"args\":{\"step\":" + json_str(s.step) + ",\"host_bound\":";
      for (std::size_t bi = 0; bi < s.bubbles.size(); ++bi) {
        const auto& b = s.bubbles[bi];
        const auto* ids = rank_index < evidence.bubbles.size() && si < evidence.bubbles[rank_index].size() &&
                                  bi < evidence.bubbles[rank_index][si].size()
                              ? &evidence.bubbles[rank_index][si][bi]
                              : nullptr;
        w.begin();
        std::string& o = w.out.buffer();
        o.append(bubble_prefix);
        append_exact_us(o, b.start_ns);
        o.append(",\"dur\":");
        append_exact_us(o, std::max<std::int64_t>(0, b.end_ns - b.start_ns));
        o.append(",\"cat\":\"llmsa.bubble\",\"name\":\"bubble ");
        // Length in ms to the µs, rounded half up: (ns + 500) / 1000 µs printed as ms.
        append_exact_us(o, (std::max<std::int64_t>(0, b.end_ns - b.start_ns) + 500) / 1000);
        o.append(" ms · ");
        append_json_string_body(o, b.location);
        o.push_back('"');
        o.append(step_args);
        o.append(b.host_bound ? "true" : "false");
        o.append(",\"cause\":");
        append_json_string(o, b.cause);
        o.append(",\"evidence\":");
        o.append(ids ? ids_json(*ids) : "[]");
        o.append("}}");
        w.out.maybe_flush();
        ++w.counts.overlay_events;
      }
    }
  }

  // Categories: merged spans of each op role's device events.
  {
    analysis::KernelClassCache cache(classifier, ev.strings);
    std::array<std::vector<Interval>, analysis::kOpRoleCount> by_role;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!chosen.counts(ev, i) || ev.start_ns[i] == trace::kMissing) continue;
      const auto role = cache.get(ev.name[i], ev.type[i], ev.core[i]).role;
      by_role[static_cast<int>(role)].push_back({ev.start_ns[i], ev.start_ns[i] + std::max<std::int64_t>(0, ev.dur_ns[i])});
    }
    int tid = kFirstCategoryTid;
    for (int role = 0; role < analysis::kOpRoleCount; ++role) {
      if (by_role[role].empty()) continue;
      const char* name = analysis::op_role_name(static_cast<analysis::OpRole>(role));
      const IntervalSet set = IntervalSet::from_unsorted(std::move(by_role[role]));
      w.meta(pid, tid, "thread_name", std::string("llmsa · category · ") + name, -10 + tid);
      for (const Interval& iv : set.intervals()) w.slice(pid, tid, "llmsa.category", name, iv.start, iv.end, "");
      ++tid;
    }
  }

  // Findings: async slices over the events their evidence names on this rank.
  std::map<std::string, std::uint16_t, std::less<>> source_of;
  if (rank_index < evidence.source_paths.rank.size())
    for (std::uint16_t s = 0; s < evidence.source_paths.rank[rank_index].size(); ++s)
      source_of.emplace(evidence.source_paths.rank[rank_index][s], s);
  std::map<std::uint16_t, std::vector<std::uint32_t>> row_event;  // per source: row -> event index + 1
  auto event_of = [&](std::uint16_t src, std::int64_t row) -> std::int64_t {
    auto [it, inserted] = row_event.try_emplace(src);
    if (inserted)
      for (std::size_t i = 0; i < ev.size(); ++i)
        if (ev.source[i] == src) {
          if (it->second.size() <= ev.source_row[i]) it->second.resize(ev.source_row[i] + 1, 0);
          it->second[ev.source_row[i]] = static_cast<std::uint32_t>(i + 1);
        }
    if (row < 0 || static_cast<std::size_t>(row) >= it->second.size() || it->second[row] == 0) return -1;
    return it->second[row] - 1;
  };
  const std::int64_t marker_ts = ra ? ra->capture.window_start_ns : 0;
  for (const evidence::Finding& f : findings) {
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    bool on_rank = std::find(f.ranks.begin(), f.ranks.end(), pid) != f.ranks.end();
    for (const auto& id : f.evidence_ids) {
      const evidence::EvidenceRef* ref = evidence.index.find(id);
      if (!ref || ref->rank != pid) continue;
      on_rank = true;
      auto src = source_of.find(ref->source_path);
      if (src == source_of.end()) continue;
      auto visit = [&](std::int64_t row) {
        const std::int64_t e = event_of(src->second, row);
        if (e < 0 || ev.start_ns[e] == trace::kMissing) return;
        lo = std::min(lo, ev.start_ns[e]);
        hi = std::max(hi, ev.start_ns[e] + std::max<std::int64_t>(0, ev.dur_ns[e]));
      };
      if (!ref->event_indices.empty()) {
        for (auto row : ref->event_indices) visit(row);
      } else if (ref->rows.last - ref->rows.first < 100000) {
        for (auto row = ref->rows.first; row <= ref->rows.last; ++row) visit(row);
      }
    }
    if (!on_rank) continue;
    const std::string fid = evidence::finding_id(f);
    const std::string args = fmt::format("\"finding\":{},\"type\":{},\"severity\":{},\"confidence\":{},\"evidence\":{}",
                                         json_str(fid), json_str(f.type), json_str(evidence::severity_name(f.severity)),
                                         json_str(evidence::confidence_name(f.confidence)), ids_json(f.evidence_ids));
    const std::string name = f.type + ": " + f.title;
    if (lo <= hi) {
      for (int phase = 0; phase < 2; ++phase) {
        auto& o = w.begin();
        o.raw(phase == 0 ? "{\"ph\":\"b\"" : "{\"ph\":\"e\"").raw(",\"pid\":").num(std::int64_t{pid});
        // The id names the rank too: a finding spanning several ranks is one slice per rank, and async
        // ids are not scoped to a process in the JSON format.
        o.raw(",\"tid\":").num(std::int64_t{kFindingsTid}).raw(",\"id\":").str(fid + "@rank" + std::to_string(pid));
        o.raw(",\"cat\":\"llmsa.finding\"");
        o.raw(",\"ts\":").us(phase == 0 ? lo : hi).raw(",\"name\":").str(name).raw(",\"args\":{").raw(args).raw("}}");
      }
      ++w.counts.overlay_events;
    } else {
      auto& o = w.begin();
      o.raw("{\"ph\":\"i\",\"s\":\"t\",\"pid\":").num(std::int64_t{pid}).raw(",\"tid\":").num(std::int64_t{kFindingsTid});
      o.raw(",\"ts\":").us(marker_ts).raw(",\"cat\":\"llmsa.finding\",\"name\":").str(name);
      o.raw(",\"args\":{").raw(args).raw(",\"note\":\"no timed event behind its evidence on this rank\"}}");
      ++w.counts.overlay_events;
    }
  }
}

}  // namespace

TraceJsonCounts write_trace_json(const std::filesystem::path& path, const trace::Capture& capture,
                                 const analysis::ProfileAnalysis& analysis,
                                 const analysis::KernelClassifier& classifier, const ReportEvidence& evidence) {
  TraceJsonCounts counts;
  JsonFileWriter out(path);
  out.raw("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
  Writer w{out, counts};
  const std::vector<evidence::Finding> findings = evidence::sorted_findings(analysis.findings);
  for (std::size_t r = 0; r < capture.ranks.size(); ++r)
    write_rank(w, capture.ranks[r], r < analysis.ranks.size() ? &analysis.ranks[r] : nullptr, r, classifier,
               evidence, findings);
  out.raw("\n],\"otherData\":{\"generator\":\"llmsa\",\"original_events\":").num(counts.original_events);
  out.raw(",\"skipped_duplicate_device_events\":").num(counts.skipped_duplicates);
  out.raw(",\"skipped_untimed_events\":").num(counts.skipped_untimed);
  out.raw(",\"overlay_events\":").num(counts.overlay_events);
  out.raw(",\"definitions\":").str(analysis.definitions).raw("}}\n");
  out.close();
  return counts;
}

}  // namespace llmsa::report
