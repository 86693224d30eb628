#pragma once
// trace.json: a Chrome / Perfetto trace (the JSON Object Format of the Trace Event Format) with the
// capture's original events and the analysis laid over them, so that ui.perfetto.dev or
// chrome://tracing shows both on one timeline.
//
// Layout: one process per rank (pid = rank id, named "rank N"), one thread per (host/device, lane,
// stream) of the original events, named e.g. "device · Ascend Hardware · stream 2" or "host · Python ·
// tid 1234", followed by " · <file>" when all of the thread's events come from one file. Original
// events are "X" slices with ts/dur in exact decimal µs, cat = event kind, and args {row} naming the
// raw row (0-based) they were read from in that file; on a thread fed by several files, args
// {file, row}. Every event is written except device tasks
// (kernels, AICPU, communication) of sources other than the one chosen for device operators
// (analysis::DeviceTaskSources): a rank folder holds the same device tasks in several files
// (kernel_details.csv, trace_view.json, the DB), and writing all of them would show every kernel twice.
// Host events, memcpy and the profiler's own lanes (Overlap Analysis) come from wherever they are.
//
// Overlay tracks ("llmsa · ..." threads, sorted above the original ones) per rank: steps (with type,
// anatomy and evidence in args), layers (busy time, event count, evidence), blocks (busy time, event
// count), bubble windows (named "bubble · <head|main|tail>[ · host-bound]", args only for a cause or
// evidence ids), one track per category (op role; merged spans of that role's device events, no args),
// and findings (async slices spanning the events their evidence names, with the finding id, severity
// and evidence ids in args; findings whose evidence has no timed event on the rank are instant markers
// at the rank's capture start). A slice's time and track are not repeated in its args.
//
// Event budget (trace_event_budget.hpp): by default at most kDefaultTraceEventBudget original events,
// whole steps at the same indices on every rank, so that ui.perfetto.dev can open the file; the layer,
// block, bubble and category tracks are drawn within the kept steps, steps and findings everywhere. A
// cut file starts with a "llmsa_trace_cut" metadata event and a global instant marker, and otherData
// has trace_cut {budget, capture_events, kept_events, omitted_events, steps, partial}.
//
// Ranks are rendered one by one, streaming (memory proportional to one rank's overlay data), or
// `threads` at a time into memory and written in rank order; the bytes are the same either way.
#include <cstdint>
#include <filesystem>

#include "analysis/kernel_classifier.hpp"
#include "analysis/profile_analysis.hpp"
#include "report/report_evidence.hpp"
#include "report/trace_event_budget.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

struct TraceJsonCounts {
  std::int64_t original_events = 0;  // "X" slices of original events
  std::int64_t skipped_duplicates = 0;  // device events of a non-chosen source (same tasks as the chosen one)
  std::int64_t skipped_untimed = 0;  // events without a start time
  std::int64_t overlay_events = 0;   // overlay slices, async pairs and markers (metadata excluded)
  std::int64_t omitted_by_budget = 0;  // written when uncut, left out by the event budget
};

// `threads`: ranks rendered side by side (0: all cores); the bytes do not depend on it. `event_budget`:
// at most that many original events (trace_event_budget.hpp), kTraceEventsAll for every one. The
// device tasks' op roles are the analysis' (ProfileAnalysis::event_classes); `classifier` classifies a
// rank the analysis has none for. Throws llmsa::Error when the file cannot be written.
TraceJsonCounts write_trace_json(const std::filesystem::path& path, const trace::Capture& capture,
                                 const analysis::ProfileAnalysis& analysis,
                                 const analysis::KernelClassifier& classifier, const ReportEvidence& evidence,
                                 unsigned threads = 1, std::int64_t event_budget = kDefaultTraceEventBudget);
// The same with the events already selected (select_trace_events), e.g. shared with report.md's
// limitations.
TraceJsonCounts write_trace_json(const std::filesystem::path& path, const trace::Capture& capture,
                                 const analysis::ProfileAnalysis& analysis,
                                 const analysis::KernelClassifier& classifier, const ReportEvidence& evidence,
                                 const TraceSelection& selection, unsigned threads = 1);

}  // namespace llmsa::report
