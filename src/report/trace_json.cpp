#include "report/trace_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <future>
#include <thread>
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

// One rank's part of the file: events are appended to `buf` each with a leading ",\n" (the file
// writer drops the very first comma), and `spill` (when set) takes the text whenever it passes 1 MiB,
// so a single-threaded write streams while parallel ranks keep their text until its turn.
struct Writer {
  std::string buf;
  std::function<void(std::string&)> spill;
  TraceJsonCounts counts;

  std::string& begin() {
    buf.append(",\n");
    return buf;
  }
  void maybe_spill() {
    if (spill && buf.size() >= (1u << 20)) {
      spill(buf);
      buf.clear();
    }
  }
  void meta(int pid, int tid, std::string_view what, std::string_view name, int sort_index) {
    std::string& o = begin();
    o.append("{\"ph\":\"M\",\"pid\":");
    append_int(o, pid);
    if (tid >= 0) o.append(",\"tid\":"), append_int(o, tid);
    o.append(",\"name\":");
    append_json_string(o, what);
    o.append(",\"args\":{\"name\":");
    append_json_string(o, name);
    o.append("}}");
    begin().append("{\"ph\":\"M\",\"pid\":");
    append_int(o, pid);
    if (tid >= 0) o.append(",\"tid\":"), append_int(o, tid);
    o.append(tid >= 0 ? ",\"name\":\"thread_sort_index\"" : ",\"name\":\"process_sort_index\"");
    o.append(",\"args\":{\"sort_index\":");
    append_int(o, sort_index);
    o.append("}}");
  }
  // An overlay slice; `args` is a JSON object body without braces (empty: no args member).
  void slice(int pid, int tid, std::string_view cat, std::string_view name, std::int64_t start, std::int64_t end,
             const std::string& args) {
    std::string& o = begin();
    o.append("{\"ph\":\"X\",\"pid\":");
    append_int(o, pid);
    o.append(",\"tid\":");
    append_int(o, tid);
    o.append(",\"ts\":");
    append_exact_us(o, start);
    o.append(",\"dur\":");
    append_exact_us(o, std::max<std::int64_t>(0, end - start));
    o.append(",\"cat\":");
    append_json_string(o, cat);
    o.append(",\"name\":");
    append_json_string(o, name);
    if (!args.empty()) o.append(",\"args\":{").append(args).push_back('}');
    o.push_back('}');
    ++counts.overlay_events;
    maybe_spill();
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

  // Threads of the original events, named and ordered by (side, lane, stream), and the one source
  // each thread's events come from (kMixed when several): a thread with one source names its file,
  // and its events then carry only their row.
  constexpr std::uint32_t kMixed = 0xFFFFFFFFu;
  std::unordered_map<std::uint64_t, std::uint32_t> key_slot;
  std::vector<ThreadKey> keys;
  std::vector<std::uint32_t> key_source;
  std::vector<std::uint32_t> slot(ev.size(), 0);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!emitted(i)) continue;
    const std::uint64_t packed = (static_cast<std::uint64_t>(ev.side[i]) << 63) |
                                 (static_cast<std::uint64_t>(ev.lane[i]) << 32) |
                                 static_cast<std::uint32_t>(ev.stream[i]);
    auto [it, inserted] = key_slot.emplace(packed, static_cast<std::uint32_t>(keys.size()));
    if (inserted) {
      keys.emplace_back(ev.side[i] == trace::Side::kDevice ? 0 : 1, std::string(ev.strings.view(ev.lane[i])), ev.stream[i]);
      key_source.push_back(ev.source[i]);
    } else if (key_source[it->second] != ev.source[i]) {
      key_source[it->second] = kMixed;
    }
    slot[i] = it->second;
  }
  std::vector<std::uint32_t> order(keys.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
  std::vector<int> tid_of(keys.size());
  for (std::size_t k = 0; k < order.size(); ++k) tid_of[order[k]] = kFirstOriginalTid + static_cast<int>(k);

  w.meta(pid, -1, "process_name", fmt::format("rank {}", pid), pid);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::uint32_t key = order[k];
    std::string name = thread_name(keys[key]);
    if (key_source[key] != kMixed) name += fmt::format(" · {}", base_name(ev.sources[key_source[key]].path));
    w.meta(pid, kFirstOriginalTid + static_cast<int>(k), "thread_name", name, kFirstOriginalTid + static_cast<int>(k));
  }

  // Original events, in read order. The pieces that repeat (thread prefix, category, escaped name,
  // file) are built once: a million-event rank has a few thousand distinct names.
  std::vector<std::string> thread_prefix(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k)
    thread_prefix[k] = fmt::format(",\n{{\"ph\":\"X\",\"pid\":{},\"tid\":{},\"ts\":", pid, tid_of[k]);
  std::vector<std::string> cat_piece(trace::kEventKindCount);
  for (int k = 0; k < trace::kEventKindCount; ++k)
    cat_piece[k] = ",\"cat\":" + json_str(trace::event_kind_name(static_cast<trace::EventKind>(k))) + ",\"name\":";
  // args of an event: {"row":N} on a thread named after its one file, {"file":...,"row":N} otherwise.
  std::vector<std::string> file_piece;
  for (const auto& src : ev.sources) file_piece.push_back(",\"args\":{\"file\":" + json_str(base_name(src.path)) + ",\"row\":");
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
    std::string& b = w.buf;
    b.append(thread_prefix[slot[i]]);
    append_exact_us(b, ev.start_ns[i]);
    b.append(",\"dur\":");
    append_exact_us(b, std::max<std::int64_t>(0, ev.dur_ns[i]));
    b.append(cat_piece[static_cast<int>(ev.kind[i])]);
    b.append(name_json(ev.name[i]));
    if (key_source[slot[i]] == kMixed) b.append(file_piece[ev.source[i]]);
    else b.append(",\"args\":{\"row\":");
    append_int(b, static_cast<std::int64_t>(ev.source_row[i]));
    b.append("}}");
    w.maybe_spill();
    ++w.counts.original_events;
  }

  // Overlays. Their args hold what the slice itself does not show (its time and track do).
  w.meta(pid, kStepsTid, "thread_name", "llmsa · steps", -10 + kStepsTid);
  w.meta(pid, kLayersTid, "thread_name", "llmsa · layers", -10 + kLayersTid);
  w.meta(pid, kBlocksTid, "thread_name", "llmsa · blocks", -10 + kBlocksTid);
  w.meta(pid, kBubblesTid, "thread_name", "llmsa · bubbles", -10 + kBubblesTid);
  w.meta(pid, kFindingsTid, "thread_name", "llmsa · findings", -10 + kFindingsTid);
  const std::string bubble_prefix =
      fmt::format(",\n{{\"ph\":\"X\",\"pid\":{},\"tid\":{},\"ts\":", pid, static_cast<int>(kBubblesTid));
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
        std::string args = fmt::format("\"busy_ms\":{},\"events\":{}", ns_to_ms(l.busy_ns), l.event_count);
        if (ids && !ids->empty()) args += ",\"evidence\":" + ids_json(*ids);
        w.slice(pid, kLayersTid, "llmsa.layer", fmt::format("layer {} · {}", l.index, l.anchor_kind), l.start_ns, l.end_ns,
                args);
        for (const auto& b : l.blocks)
          w.slice(pid, kBlocksTid, "llmsa.block", b.family.empty() ? b.kind : b.kind + " · " + b.family, b.start_ns,
                  b.end_ns, fmt::format("\"busy_ms\":{},\"events\":{}", ns_to_ms(b.busy_ns), b.event_count));
      }
      // A capture can have a bubble between most kernel pairs: these slices are appended piece by piece.
      // The name says where in the step anatomy it lies and whether the host held the device back; the
      // length is the slice's own; args only when there is a cause or evidence to show.
      for (std::size_t bi = 0; bi < s.bubbles.size(); ++bi) {
        const auto& b = s.bubbles[bi];
        const auto* ids = rank_index < evidence.bubbles.size() && si < evidence.bubbles[rank_index].size() &&
                                  bi < evidence.bubbles[rank_index][si].size()
                              ? &evidence.bubbles[rank_index][si][bi]
                              : nullptr;
        std::string& o = w.buf;
        o.append(bubble_prefix);
        append_exact_us(o, b.start_ns);
        o.append(",\"dur\":");
        append_exact_us(o, std::max<std::int64_t>(0, b.end_ns - b.start_ns));
        o.append(",\"cat\":\"llmsa.bubble\",\"name\":\"bubble · ");
        append_json_string_body(o, b.location);
        if (b.host_bound) o.append(" · host-bound");
        o.push_back('"');
        const bool has_ids = ids && !ids->empty();
        if (!b.cause.empty() || has_ids) {
          o.append(",\"args\":{");
          if (!b.cause.empty()) {
            o.append("\"cause\":");
            append_json_string(o, b.cause);
            if (has_ids) o.push_back(',');
          }
          if (has_ids) o.append("\"evidence\":").append(ids_json(*ids));
          o.push_back('}');
        }
        o.push_back('}');
        w.maybe_spill();
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
      const std::string prefix = fmt::format(",\n{{\"ph\":\"X\",\"pid\":{},\"tid\":{},\"ts\":", pid, tid);
      const std::string suffix = ",\"cat\":\"llmsa.category\",\"name\":" + json_str(name) + "}";
      for (const Interval& iv : set.intervals()) {
        std::string& o = w.buf;
        o.append(prefix);
        append_exact_us(o, iv.start);
        o.append(",\"dur\":");
        append_exact_us(o, std::max<std::int64_t>(0, iv.end - iv.start));
        o.append(suffix);
        w.maybe_spill();
        ++w.counts.overlay_events;
      }
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
        std::string& o = w.begin();
        o.append(phase == 0 ? "{\"ph\":\"b\"" : "{\"ph\":\"e\"").append(",\"pid\":");
        append_int(o, pid);
        // The id names the rank too: a finding spanning several ranks is one slice per rank, and async
        // ids are not scoped to a process in the JSON format.
        o.append(",\"tid\":");
        append_int(o, kFindingsTid);
        o.append(",\"id\":");
        append_json_string(o, fid + "@rank" + std::to_string(pid));
        o.append(",\"cat\":\"llmsa.finding\",\"ts\":");
        append_exact_us(o, phase == 0 ? lo : hi);
        o.append(",\"name\":");
        append_json_string(o, name);
        o.append(",\"args\":{").append(args).append("}}");
      }
      ++w.counts.overlay_events;
    } else {
      std::string& o = w.begin();
      o.append("{\"ph\":\"i\",\"s\":\"t\",\"pid\":");
      append_int(o, pid);
      o.append(",\"tid\":");
      append_int(o, kFindingsTid);
      o.append(",\"ts\":");
      append_exact_us(o, marker_ts);
      o.append(",\"cat\":\"llmsa.finding\",\"name\":");
      append_json_string(o, name);
      o.append(",\"args\":{").append(args).append(",\"note\":\"no timed event behind its evidence on this rank\"}}");
      ++w.counts.overlay_events;
    }
    w.maybe_spill();
  }
}

void add(TraceJsonCounts& to, const TraceJsonCounts& c) {
  to.original_events += c.original_events;
  to.skipped_duplicates += c.skipped_duplicates;
  to.skipped_untimed += c.skipped_untimed;
  to.overlay_events += c.overlay_events;
}

}  // namespace

TraceJsonCounts write_trace_json(const std::filesystem::path& path, const trace::Capture& capture,
                                 const analysis::ProfileAnalysis& analysis,
                                 const analysis::KernelClassifier& classifier, const ReportEvidence& evidence,
                                 unsigned threads) {
  TraceJsonCounts counts;
  JsonFileWriter out(path);
  out.raw("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
  // Every rank's text starts with ",\n"; the first comma of the file is dropped.
  bool first = true;
  auto emit = [&](std::string& text) {
    std::string_view v = text;
    if (first && !v.empty()) {
      v.remove_prefix(1);
      first = false;
    }
    out.bulk(v);
  };
  const std::vector<evidence::Finding> findings = evidence::sorted_findings(analysis.findings);
  auto render = [&](std::size_t r, Writer& w) {
    write_rank(w, capture.ranks[r], r < analysis.ranks.size() ? &analysis.ranks[r] : nullptr, r, classifier, evidence,
               findings);
  };
  const std::size_t n = capture.ranks.size();
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  if (threads <= 1 || n <= 1) {
    // Streamed: memory stays proportional to one rank's overlay data.
    for (std::size_t r = 0; r < n; ++r) {
      Writer w;
      w.spill = emit;
      render(r, w);
      emit(w.buf);
      add(counts, w.counts);
    }
  } else {
    // Ranks rendered side by side, `threads` at a time, each into its own text, written in rank order:
    // the bytes are those of the streamed path. Memory holds one batch's text.
    for (std::size_t lo = 0; lo < n; lo += threads) {
      const std::size_t hi = std::min(n, lo + threads);
      std::vector<Writer> ws(hi - lo);
      std::vector<std::future<void>> done;
      for (std::size_t r = lo + 1; r < hi; ++r)
        done.push_back(std::async(std::launch::async, [&, r] { render(r, ws[r - lo]); }));
      std::exception_ptr error;
      try {
        render(lo, ws[0]);
      } catch (...) {
        error = std::current_exception();
      }
      for (auto& d : done) {
        try {
          d.get();
        } catch (...) {
          if (!error) error = std::current_exception();
        }
      }
      if (error) std::rethrow_exception(error);
      for (auto& w : ws) {
        emit(w.buf);
        std::string().swap(w.buf);
        add(counts, w.counts);
      }
    }
  }
  out.raw("\n],\"otherData\":{\"generator\":\"llmsa\",\"original_events\":").num(counts.original_events);
  out.raw(",\"skipped_duplicate_device_events\":").num(counts.skipped_duplicates);
  out.raw(",\"skipped_untimed_events\":").num(counts.skipped_untimed);
  out.raw(",\"overlay_events\":").num(counts.overlay_events);
  out.raw(",\"definitions\":").str(analysis.definitions).raw("}}\n");
  out.close();
  return counts;
}

}  // namespace llmsa::report
