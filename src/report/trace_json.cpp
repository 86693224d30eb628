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
#include "report/trace_category_spans.hpp"
#include "report/trace_finding_spans.hpp"

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
                const analysis::EventClasses& classes, const TraceSelection& sel, const ReportEvidence& evidence,
                const std::vector<evidence::Finding>& findings) {
  const trace::RankEvents& ev = rank.events;
  const int pid = ev.rank;
  const analysis::DeviceTaskSources& chosen = classes.sources();
  // Device tasks (kernels, AICPU, communication) are written from the chosen source only; everything
  // else (host events, memcpy, Overlap Analysis lanes, ...) from every source, as nothing repeats it.
  // Under an event budget, only the events starting in the kept windows (trace_event_budget.hpp).
  // Decided once per event (three passes below read it): 0 skipped untimed, 1 skipped duplicate, 2 left
  // out by the budget, 3 written.
  enum : std::uint8_t { kUntimed, kDuplicate, kOverBudget, kWritten };
  std::vector<std::uint8_t> fate(ev.size());
  for (std::size_t i = 0; i < ev.size(); ++i)
    fate[i] = ev.start_ns[i] == trace::kMissing          ? kUntimed
              : !trace_writes_event(ev, chosen, i)       ? kDuplicate
              : !sel.keeps(rank_index, ev.start_ns[i])   ? kOverBudget
                                                         : kWritten;
  auto emitted = [&](std::size_t i) { return fate[i] == kWritten; };

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
    auto [it, inserted] = key_slot.try_emplace(packed, static_cast<std::uint32_t>(keys.size()));
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
      if (fate[i] == kUntimed) ++w.counts.skipped_untimed;
      else if (fate[i] == kDuplicate) ++w.counts.skipped_duplicates;
      else ++w.counts.omitted_by_budget;
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
        if (!sel.shows(rank_index, l.start_ns, l.end_ns)) continue;
        std::string args = fmt::format("\"busy_ms\":{},\"events\":{}", ns_to_ms(l.busy_ns), l.event_count);
        if (ids && !ids->empty()) args += ",\"evidence\":" + ids_json(*ids);
        w.slice(pid, kLayersTid, "llmsa.layer", fmt::format("layer {} · {}", l.index, l.anchor_kind), l.start_ns, l.end_ns,
                args);
        for (const auto& b : l.blocks)
          if (sel.shows(rank_index, b.start_ns, b.end_ns))
            w.slice(pid, kBlocksTid, "llmsa.block", b.family.empty() ? b.kind : b.kind + " · " + b.family, b.start_ns,
                  b.end_ns, fmt::format("\"busy_ms\":{},\"events\":{}", ns_to_ms(b.busy_ns), b.event_count));
      }
      // A capture can have a bubble between most kernel pairs: these slices are appended piece by piece.
      // The name says where in the step anatomy it lies and whether the host held the device back; the
      // length is the slice's own; args only when there is a cause or evidence to show.
      for (std::size_t bi = 0; bi < s.bubbles.size(); ++bi) {
        const auto& b = s.bubbles[bi];
        if (!sel.shows(rank_index, b.start_ns, b.end_ns)) continue;
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

  // Categories: merged spans of each op role's written device events (trace_category_spans.hpp).
  {
    std::array<std::vector<Interval>, analysis::kOpRoleCount> by_role;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!classes.counts(i) || !emitted(i)) continue;
      by_role[static_cast<int>(classes.of(i).role)].push_back(
          {ev.start_ns[i], ev.start_ns[i] + std::max<std::int64_t>(0, ev.dur_ns[i])});
    }
    int tid = kFirstCategoryTid;
    for (int role = 0; role < analysis::kOpRoleCount; ++role) {
      if (by_role[role].empty()) continue;
      const std::vector<Interval> spans = merge_category_spans(std::move(by_role[role]));
      if (spans.empty()) continue;  // only zero-length events
      const char* name = analysis::op_role_name(static_cast<analysis::OpRole>(role));
      w.meta(pid, tid, "thread_name", std::string("llmsa · category · ") + name, -10 + tid);
      const std::string prefix = fmt::format(",\n{{\"ph\":\"X\",\"pid\":{},\"tid\":{},\"ts\":", pid, tid);
      const std::string suffix = ",\"cat\":\"llmsa.category\",\"name\":" + json_str(name) + "}";
      for (const Interval& iv : spans) {
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

  // Findings: async slices over the events their evidence names on this rank (the whole capture's,
  // whatever the event budget kept).
  std::vector<FindingSpan> computed;
  if (rank_index >= sel.finding_spans.size() || sel.finding_spans[rank_index].size() != findings.size())
    computed = finding_spans(ev, rank_index, evidence, findings);
  const std::vector<FindingSpan>& spans = computed.empty() && rank_index < sel.finding_spans.size()
                                              ? sel.finding_spans[rank_index]
                                              : computed;
  const std::int64_t marker_ts = ra ? ra->capture.window_start_ns : 0;
  for (std::size_t fi = 0; fi < findings.size(); ++fi) {
    const evidence::Finding& f = findings[fi];
    const bool on_rank = spans[fi].on_rank;
    const std::int64_t lo = spans[fi].lo, hi = spans[fi].hi;
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
  to.omitted_by_budget += c.omitted_by_budget;
}

// The cut, as JSON object members (no braces): what a reader of the file needs to know it is partial.
std::string cut_args(const TraceSelection& sel) {
  std::string a = fmt::format("\"budget\":{},\"capture_events\":{},\"kept_events\":{},\"omitted_events\":{},\"steps\":",
                              sel.budget, sel.total_events, sel.kept_events, sel.omitted_events());
  a += ids_json(sel.steps);
  if (!sel.partial.empty()) a += ",\"partial\":" + json_str(sel.partial);
  a += ",\"all_events\":\"llmsa profile --trace-events all\"";
  return a;
}

// A metadata event and a global instant marker (visible in the UI) at the start of the file.
void write_cut_header(Writer& w, const trace::Capture& capture, const analysis::ProfileAnalysis& analysis,
                      const TraceSelection& sel) {
  const int pid = capture.ranks.empty() ? 0 : capture.ranks.front().events.rank;
  std::int64_t ts = INT64_MAX;
  for (std::size_t r = 0; r < sel.windows.size(); ++r)
    if (!sel.windows[r].empty()) ts = std::min(ts, sel.windows[r].hull().start);
  if (ts == INT64_MAX) ts = analysis.ranks.empty() ? 0 : analysis.ranks.front().capture.window_start_ns;
  const std::string args = cut_args(sel);
  std::string& o = w.begin();
  o.append("{\"ph\":\"M\",\"pid\":");
  append_int(o, pid);
  o.append(",\"name\":\"llmsa_trace_cut\",\"args\":{").append(args).append("}}");
  std::string& m = w.begin();
  m.append("{\"ph\":\"i\",\"s\":\"g\",\"pid\":");
  append_int(m, pid);
  m.append(",\"tid\":0,\"ts\":");
  append_exact_us(m, ts);
  m.append(",\"cat\":\"llmsa.trace_cut\",\"name\":");
  append_json_string(m, fmt::format("llmsa: {} of {} events kept (steps {}); --trace-events all writes every one",
                                    sel.kept_events, sel.total_events,
                                    sel.steps.size() <= 8 ? [&] {
                                      std::string t;
                                      for (std::size_t i = 0; i < sel.steps.size(); ++i) t += (i ? ", " : "") + sel.steps[i];
                                      return t;
                                    }()
                                                          : fmt::format("{}: {} ... {}", sel.steps.size(), sel.steps.front(), sel.steps.back())));
  m.append(",\"args\":{").append(args).append("}}");
  ++w.counts.overlay_events;
}

}  // namespace

TraceJsonCounts write_trace_json(const std::filesystem::path& path, const trace::Capture& capture,
                                 const analysis::ProfileAnalysis& analysis,
                                 const analysis::KernelClassifier& classifier, const ReportEvidence& evidence,
                                 unsigned threads, std::int64_t event_budget) {
  return write_trace_json(path, capture, analysis, classifier, evidence,
                          select_trace_events(capture, analysis, evidence, event_budget, threads), threads);
}

TraceJsonCounts write_trace_json(const std::filesystem::path& path, const trace::Capture& capture,
                                 const analysis::ProfileAnalysis& analysis,
                                 const analysis::KernelClassifier& classifier, const ReportEvidence& evidence,
                                 const TraceSelection& selection, unsigned threads) {
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
  if (selection.cut) {
    Writer w;
    write_cut_header(w, capture, analysis, selection);
    emit(w.buf);
    add(counts, w.counts);
  }
  const std::vector<evidence::Finding> findings = evidence::sorted_findings(analysis.findings);
  auto render = [&](std::size_t r, Writer& w) {
    // The analysis' classes of the rank (ProfileAnalysis::event_classes); classified here when absent.
    const trace::RankEvents& ev = capture.ranks[r].events;
    analysis::EventClasses local;
    write_rank(w, capture.ranks[r], r < analysis.ranks.size() ? &analysis.ranks[r] : nullptr, r,
               analysis::kept_or_classified(analysis.event_classes, r, ev, classifier, local), selection, evidence,
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
  if (selection.cut) out.raw(",\"trace_cut\":{").raw(cut_args(selection)).raw("}");
  out.raw(",\"definitions\":").str(analysis.definitions).raw("}}\n");
  out.close();
  return counts;
}

}  // namespace llmsa::report
