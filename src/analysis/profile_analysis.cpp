#include "analysis/profile_analysis.hpp"

#include "analysis/compat_ascend.hpp"
#include "analysis/compat_hta.hpp"
#include "analysis/compat_tracelens.hpp"
#include "analysis/device_timeline.hpp"
#include "analysis/event_classes.hpp"
#include "analysis/findings_structure.hpp"
#include "analysis/rank_parallel.hpp"
#include "analysis/step_structure.hpp"
#include "analysis/structural_steps.hpp"
#include "analysis/step_windows.hpp"
#include "analysis/time_breakdown.hpp"
#include "evidence/profile_root.hpp"

#include <string>

namespace llmsa::analysis {

const char* compat_name(Compat c) {
  switch (c) {
    case Compat::kHta: return "hta";
    case Compat::kTraceLens: return "tracelens";
    case Compat::kAscend: return "ascend";
    case Compat::kNone: break;
  }
  return "llmsa";
}

std::optional<Compat> parse_compat(std::string_view s) {
  if (s == "hta") return Compat::kHta;
  if (s == "tracelens") return Compat::kTraceLens;
  if (s == "ascend") return Compat::kAscend;
  if (s == "llmsa" || s == "none" || s.empty()) return Compat::kNone;
  return std::nullopt;
}

namespace {

constexpr const char* kLlmsaDefinitions =
    "llmsa: int64 ns, no inward rounding, the whole capture window (first to last device event) and every step "
    "window in full; device work = kernels, AICPU, communication, memcpy, memset (Overlap Analysis lanes and syncs "
    "excluded); every time is the length of a union of intervals, so overlapping streams count once; "
    "exposed communication = |communication - compute|; exposed memcpy = |memcpy - compute - communication|; "
    "idle = wall - busy; where-time-goes = union per op role inside the step, so shares can sum above 1 when roles "
    "overlap";

const char* compat_definitions(Compat c) {
  switch (c) {
    case Compat::kHta:
      return "hta: HolisticTraceAnalysis get_temporal_breakdown / get_comm_comp_overlap / get_idle_time_breakdown "
             "(inward us rounding, last ProfilerStep excluded with >= 2 steps, 30 us kernel-wait threshold, "
             "negative per-stream gaps counted as 0)";
    case Compat::kTraceLens:
      return "tracelens: TraceLens gpu_timeline (kernel/gpu_memcpy/gpu_memset linked to a host launch, 'nccl' in "
             "name is communication, memset is computation, no rounding)";
    case Compat::kAscend:
      return "ascend: step_trace_time.csv (Computing, Communication(Not Overlapped), Overlapped, Communication, "
             "Free, Stage, Bubble per step; a step runs from its first to its last compute or communication task inside the ProfilerStep range)";
    case Compat::kNone: break;
  }
  return "";
}

RankAnalysis analyze_rank(const trace::RankProfile& rank, const ProfileOptions& options,
                          const KernelClassifier& classifier, const EventClasses& classes) {
  RankAnalysis r;
  r.rank = rank.events.rank;
  // One rule for duplicate sources of the same tasks (device_tasks.hpp) and one classification of the
  // counted events, shared with part B.
  const DeviceTimeline timeline = build_device_timeline(rank.events, classes);
  const Interval hull = timeline.busy.hull();
  r.capture = time_breakdown(timeline, hull);
  const StructureEvents structure = build_structure_events(rank.events, classes, classifier);
  StepSegmentation steps = segment_steps(rank, timeline.sources, hull);
  if (steps.source == "whole_capture")  // no step information: sampling kernels close steps (A.7)
    if (auto s = structural_steps(rank.events, structure, hull)) {
      steps = std::move(s->segmentation);
      if (s->last_partial) r.notes.push_back("the last structural step has no closing sampling kernel (partial)");
    }
  r.step_source = steps.source;
  for (const StepSpan& s : steps.steps) {
    StepAnalysis a;
    a.step = s.step;
    a.time = time_breakdown(timeline, s.window);
    a.where_time_goes = where_time_goes(timeline, s.window, a.time.busy_ns);
    r.steps.push_back(std::move(a));
  }
  fill_step_structure(rank.events, structure, steps.steps, classifier, Thresholds::builtin(), r.steps, r.notes);
  if (timeline.busy.empty()) r.notes.push_back("no device events: the time analyses are empty for this rank");

  switch (options.compat) {
    case Compat::kHta:
      r.hta = hta_metrics(rank.events);
      if (r.hta->negative_duration_events > 0)
        r.notes.push_back(std::to_string(r.hta->negative_duration_events) +
                          " events get a negative duration from HTA's inward rounding; they cover no time here, "
                          "while HTA's get_temporal_breakdown fails its non_compute_time >= 0 assertion on such "
                          "traces (trace-analyzers.md 5.1.2)");
      break;
    case Compat::kTraceLens: r.tracelens = tracelens_gpu_timeline(rank.events); break;
    case Compat::kAscend: r.ascend = ascend_step_trace(rank.events, timeline, steps); break;
    case Compat::kNone: break;
  }
  return r;
}

// The deepest folder holding every input file of the capture (rank and cluster files).
std::filesystem::path capture_files_root(const trace::Capture& capture) {
  std::vector<std::filesystem::path> files;
  for (const trace::RankProfile& r : capture.ranks)
    for (const auto& s : r.events.sources) files.emplace_back(s.path);
  for (const auto& s : capture.cluster_sources) files.emplace_back(s.path);
  return evidence::common_profile_root(files);
}

}  // namespace

ProfileAnalysis analyze_capture(const trace::Capture& capture, const ProfileOptions& options) {
  ProfileAnalysis out;
  out.compat = options.compat;
  out.definitions = options.compat == Compat::kNone ? kLlmsaDefinitions : compat_definitions(options.compat);
  // The classes kept in `out` point into the classifier's memo: a built-in one is owned by the result.
  if (!options.classifier) out.own_classifier = std::make_shared<const KernelClassifier>(KernelClassifier::builtin());
  const KernelClassifier& classifier = options.classifier ? *options.classifier : *out.own_classifier;
  out.ranks.resize(capture.ranks.size());
  // Each rank's device tasks are classified once (event_classes.hpp); every pass reads that table, and
  // the report writers after them.
  std::vector<EventClasses>& classes = out.event_classes;
  classes.resize(capture.ranks.size());
  for_each_rank(capture.ranks.size(), options.threads, [&](std::size_t i) {
    classes[i] = EventClasses(capture.ranks[i].events, classifier);
    out.ranks[i] = analyze_rank(capture.ranks[i], options, classifier, classes[i]);
  });
  if (capture.ranks.empty()) out.notes.push_back("no rank was read: nothing to analyse");
  // Operators, bound, communication and cross-rank analyses, then findings with their evidence.
  out.ops = analyze_ops(capture, classes, classifier, options.device, Thresholds::builtin(), options.threads);
  const std::filesystem::path root =
      options.profile_root.empty() ? capture_files_root(capture) : options.profile_root;
  out.profile_root = root.generic_string();
  out.evidence.set_profile_root(root);
  register_capture_sources(capture, out.evidence);
  out.findings = build_ops_findings(capture, out.ops, out.evidence);
  for (auto& f : build_structure_findings(capture, out.ranks, out.ops, out.evidence)) out.findings.push_back(std::move(f));
  return out;
}

}  // namespace llmsa::analysis
