#pragma once
// How many of the capture's original events trace.json holds, and which.
//
// Why a budget: a Chrome-trace JSON is opened by ui.perfetto.dev inside the browser, whose memory
// limit is typically 2 GB for the whole runtime representation, and that representation is larger
// than the file (perfetto.dev/docs/visualization/large-traces); a 900 MB JSON trace crashed the UI
// (github.com/google/perfetto/issues/99), and the older trace viewer stopped loading at ~1.07M events
// (github.com/golang/go/issues/11520). At ~200-400 bytes per event (measured on our traces; names
// make the difference), 8 ranks x 1M kernels is a 3 GB file nobody can open, and writing it is most
// of the reports' cost. So by default the file holds at most kDefaultTraceEventBudget original events
// (~0.2-0.4 GB); `llmsa profile --trace-events all` writes every event, for trace_processor --httpd
// (the UI's native accelerator, not bound by the browser's memory).
//
// What is kept when the capture does not fit: whole step windows, the same steps on every rank (steps
// are matched by their label, "12" for ProfilerStep#12), so that ranks compare side by side. Steps are
// taken in this order while they fit: the step where each finding's evidence starts (findings in
// severity order), the slowest step, a median step, the first step of each step type (prefill,
// decode, ...), then every other step in time order. A step that does not fit is skipped for later
// smaller ones. An event belongs to the step whose window [start, end) holds its start. When not even
// one step fits (a few huge steps), the first step in that order is cut in time: the same leading
// length of its window on every rank, as long as fits the budget. Events outside every step window
// are left out with the rest.
//
// What is not cut: step spans and findings cover the whole capture; layers, blocks, bubbles and
// category spans are drawn within the kept windows only. A cut is stated in the file (a metadata
// event, a global instant marker and otherData.trace_cut) and in report.md's limitations.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/device_tasks.hpp"
#include "analysis/profile_analysis.hpp"
#include "core/interval_set.hpp"
#include "report/report_evidence.hpp"
#include "report/trace_finding_spans.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

inline constexpr std::int64_t kDefaultTraceEventBudget = 1'000'000;
inline constexpr std::int64_t kTraceEventsAll = -1;  // no budget: every event

// "all" -> kTraceEventsAll, a positive integer -> itself; nullopt for anything else.
std::optional<std::int64_t> parse_trace_event_budget(std::string_view text);

// Original events trace.json writes when it writes them all: timed events, except device tasks of a
// source not chosen for device operators (the same tasks as the chosen file's; device_tasks.hpp).
inline bool trace_writes_event(const trace::RankEvents& ev, const analysis::DeviceTaskSources& chosen,
                               std::size_t i) {
  if (ev.start_ns[i] == trace::kMissing) return false;
  if (ev.side[i] == trace::Side::kHost || chosen.chosen_for_any(ev.source[i])) return true;
  const trace::EventKind k = ev.kind[i];
  return k != trace::EventKind::kKernel && k != trace::EventKind::kAicpu && k != trace::EventKind::kCommunication;
}

struct TraceSelection {
  std::int64_t budget = kTraceEventsAll;  // in force
  bool cut = false;                       // false: every event is written (windows unused)
  std::int64_t total_events = 0;          // original events of an uncut file
  std::int64_t kept_events = 0;           // original events written
  std::vector<std::string> steps;         // labels of the kept steps, in time order (cut only)
  std::string partial;                    // when a step was cut in time: how, in words; else empty
  std::vector<IntervalSet> windows;       // per capture rank: the kept time, [start, end) (cut only)
  // Per capture rank, the spans of evidence::sorted_findings(analysis.findings) (cut only: the choice
  // needs them; the writer reuses them instead of resolving every evidence row again).
  std::vector<std::vector<FindingSpan>> finding_spans;

  std::int64_t omitted_events() const { return total_events - kept_events; }
  // The original event of rank position r starting at t is written.
  bool keeps(std::size_t r, std::int64_t t) const;
  // An overlay slice [start, end] of rank position r is drawn: it touches a kept window.
  bool shows(std::size_t r, std::int64_t start, std::int64_t end) const;
};

// `budget`: kTraceEventsAll or >= 0. `threads`: ranks counted side by side (0: all cores); the result
// does not depend on it.
TraceSelection select_trace_events(const trace::Capture& capture, const analysis::ProfileAnalysis& analysis,
                                   const ReportEvidence& evidence, std::int64_t budget, unsigned threads = 1);

// One sentence for report.md's limitations when the selection cut the file; empty otherwise.
std::string trace_cut_sentence(const TraceSelection& selection);

}  // namespace llmsa::report
