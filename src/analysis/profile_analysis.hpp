#pragma once
// The profile analysis of one capture (issue 4, part A): steps, the time algebra, where time goes,
// and the peers' compatibility presets. analyze_capture() is the single place where every per-rank
// and cross-rank sub-analysis is called and stored in the result; later analyses (operators,
// bound, communication, cross-rank, findings) are added there.
//
// All times are int64 ns (ARCHITECTURE.md); presets convert to their tool's unit only at the edge.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/event_classes.hpp"
#include "analysis/findings_ops.hpp"
#include "analysis/kernel_classifier.hpp"
#include "analysis/shared_name.hpp"
#include "evidence/evidence_index.hpp"
#include "evidence/finding.hpp"
#include "hw/device.hpp"
#include "trace/profile.hpp"

namespace llmsa::analysis {

enum class Compat { kNone = 0, kHta, kTraceLens, kAscend };
const char* compat_name(Compat c);                       // "llmsa", "hta", "tracelens", "ascend"
std::optional<Compat> parse_compat(std::string_view s);  // "hta" | "tracelens" | "ascend" | "llmsa"/"none"

struct ProfileOptions {
  Compat compat = Compat::kNone;
  // Kernel rules; nullptr: the built-in rules.
  const KernelClassifier* classifier = nullptr;
  // The device the capture ran on, for expected link bandwidths; nullptr: not compared.
  const hw::Device* device = nullptr;
  // Source paths in evidence are relative to this folder (evidence/profile_root.hpp); `llmsa profile`
  // passes common_profile_root() of its inputs. Empty: the deepest folder holding every input file.
  std::filesystem::path profile_root;
  // Ranks analysed in parallel (0: all cores); the result does not depend on it.
  unsigned threads = 1;
};

// The temporal breakdown of device time in one window (llmsa's definitions: device events of kind
// kernel, AICPU, communication, memcpy and memset; sets are unions, so overlapping streams and
// duplicate sources of the same task are counted once).
struct TimeBreakdown {
  std::int64_t window_start_ns = 0, window_end_ns = 0;
  std::int64_t wall_ns = 0;            // window length
  std::int64_t busy_ns = 0;            // |compute ∪ communication ∪ memcpy|
  std::int64_t compute_ns = 0;         // |kernels ∪ AICPU|
  std::int64_t communication_ns = 0;   // |communication|
  std::int64_t overlapped_ns = 0;      // |compute ∩ communication|
  std::int64_t exposed_communication_ns = 0;  // |communication − compute|
  std::int64_t memcpy_ns = 0;          // |memcpy ∪ memset|
  std::int64_t exposed_memcpy_ns = 0;  // |memcpy − compute − communication|
  std::int64_t idle_ns = 0;            // wall − busy
  std::int64_t bubble_count = 0;       // idle gaps strictly inside the busy hull
  std::int64_t longest_bubble_ns = 0;
  // Step anatomy: head = window start to first busy time, tail = last busy time to window end,
  // main = the rest (includes the bubbles inside). For a step whose layers were found, A.7's anatomy
  // instead: head = window start to the first layer's start, tail = the last layer's end to the window
  // end (step_structure.cpp; bubble locations use the same boundaries).
  std::int64_t head_ns = 0, main_ns = 0, tail_ns = 0;
};

// Time covered by one role (union of its events inside the window) and its shares.
struct RoleTime {
  std::string role;  // op_role_name or "communication.<collective kind>"
  std::int64_t time_ns = 0;
  double share_of_wall = 0, share_of_busy = 0;
  std::int64_t events = 0;
};

// --- step structure (ascend-profiling.md A.7, A.8) ---
inline constexpr std::uint32_t kNoEvent = 0xFFFFFFFFu;

// One idle gap between consecutive busy segments (all streams) of a step.
struct BubbleWindow {
  std::int64_t start_ns = 0, end_ns = 0;
  std::uint32_t event_before = kNoEvent;  // index into RankEvents: the event whose end opens the gap
  std::uint32_t event_after = kNoEvent;   // index into RankEvents: the event whose start closes the gap
  std::string_view location;              // "head" | "main" | "tail" (step anatomy; static text)
  bool host_bound = false;                // host-side rows show the device waited for a launch
  std::string cause;                      // why, in words, when known; empty otherwise
  // The two events as their raw rows name them (for reports; the evidence index has the files). One
  // shared string per distinct name: bubbles can outnumber a third of the rows (shared_name.hpp).
  SharedName before_name, after_name;
  std::int64_t before_row = -1, after_row = -1;  // 0-based source rows (RankEvents::source_row)
};

// One block of a layer: attention, ffn, moe, or companion (no attention: bookkeeping, heads, AICPU).
struct BlockSpan {
  std::string kind;    // "attention" | "ffn" | "moe" | "companion"
  std::string family;  // attention family (mla, gqa, ...) or MoE family (fused_mc2, mc2, dense_swiglu, ...)
  std::uint32_t first_event = kNoEvent, last_event = kNoEvent;  // row-order range, indices into RankEvents
  std::int64_t start_ns = 0, end_ns = 0, busy_ns = 0, event_count = 0;
};

struct LayerSpan {
  int index = 0;             // 0-based within the step
  std::string anchor_kind;   // "attention" | "moe" | "matmul" | "block_head"
  std::uint32_t first_event = kNoEvent, last_event = kNoEvent;
  std::int64_t start_ns = 0, end_ns = 0, busy_ns = 0, event_count = 0;
  std::vector<BlockSpan> blocks;
};

struct StepAnalysis {
  std::string step;    // "12" for ProfilerStep#12 / Step Id 12, "all" for the whole capture
  TimeBreakdown time;
  std::vector<RoleTime> where_time_goes;  // sorted by time desc, then role
  // Structure. step_type: "prefill" | "decode" | "mixed" (both in one step: chunked prefill) |
  // "speculative" | "training" | "unknown", with the
  // evidence for it in words (never assumed: ascend-profiling.md part G).
  std::string step_type = "unknown";
  std::string step_type_reason;
  std::vector<LayerSpan> layers;       // empty when no layer anchors were found
  std::vector<BubbleWindow> bubbles;   // gaps of at least Thresholds' minimum bubble length, by start
  double underfeed_ratio = 0;          // idle / wall of the step (A.8 underfeed_ratio)
  // First and last operator event of the step in time order (indices into RankEvents), kNoEvent when
  // the step holds none: the rows a step-window evidence points at.
  std::uint32_t first_event = kNoEvent, last_event = kNoEvent;
};

// --- compatibility presets (numbers in the tool's own units and names) ---
struct HtaIdleBreakdown {
  double host_wait_us = 0, kernel_wait_us = 0, other_us = 0;
};
struct HtaMetrics {
  double idle_time_us = 0, compute_time_us = 0, non_compute_time_us = 0, kernel_time_us = 0;
  std::optional<double> comm_comp_overlap_pct;  // NaN in HTA when there is no communication
  HtaIdleBreakdown idle_breakdown_us;
  bool ns_rounding_applied = false;   // inward rounding of fractional-µs timestamps (5.1.2)
  bool last_step_excluded = false;    // window filter with >= 2 ProfilerSteps (5.1.6)
  std::int64_t negative_duration_events = 0;  // events the rounding turned negative (HTA asserts)
};
struct TraceLensMetrics {
  double total_time_ms = 0, computation_time_ms = 0, exposed_comm_time_ms = 0, exposed_memcpy_time_ms = 0,
         idle_time_ms = 0, total_comm_time_ms = 0, busy_time_ms = 0, total_memcpy_time_ms = 0;
  bool linked_only = false;  // only GPU events linked to a host launch (TraceLens default)
  std::int64_t events = 0;
};
struct AscendStepMetrics {
  std::string step;
  double computing_us = 0, communication_not_overlapped_us = 0, overlapped_us = 0, communication_us = 0,
         free_us = 0, stage_us = 0, bubble_us = 0;
};

struct RankAnalysis {
  int rank = -1;
  std::string step_source;  // "profiler_step", "step_time", "step_id", "structural", "whole_capture"
  TimeBreakdown capture;    // the whole capture window (first to last device event)
  std::vector<StepAnalysis> steps;
  std::optional<HtaMetrics> hta;
  std::optional<TraceLensMetrics> tracelens;
  std::optional<std::vector<AscendStepMetrics>> ascend;
  std::vector<std::string> notes;
};

struct ProfileAnalysis {
  Compat compat = Compat::kNone;
  std::string definitions;  // the definitions in force, stated in the output
  std::vector<RankAnalysis> ranks;
  // Operators, bound, communication and cross-rank results (findings_ops.hpp), per rank in capture order.
  OpsAnalysis ops;
  // The folder every source path of the evidence is relative to (absolute, '/' separators); the only
  // place the capture's location appears, so findings and evidence are the same wherever it lies.
  std::string profile_root;
  // Every finding, and the evidence index its ids resolve in (validated when written).
  evidence::EvidenceIndex evidence;
  std::vector<evidence::Finding> findings;
  std::vector<std::string> notes;
  // Per rank in capture order: the classification of every counted device task (event_classes.hpp),
  // computed once by analyze_capture and kept so that report writers that walk every event
  // (raw_kernel_index.csv, trace.json, report.html, the workbook's raw sheet) read it, through
  // kept_or_classified (event_classes.hpp), instead of classifying millions of events again. Only
  // counted device tasks have a class (EventClasses::counts).
  //
  // Lifetime: the KernelClass pointers inside point into the memo of the classifier the analysis ran
  // with. With ProfileOptions::classifier == nullptr that is a built-in classifier owned here
  // (`own_classifier`), so the analysis is self-contained; with a caller's classifier, the caller must
  // keep it alive as long as this analysis is used (every caller declares it before the analysis, in
  // the same scope or longer: cli profile/demo, the benches, the test supports).
  std::vector<EventClasses> event_classes;
  std::shared_ptr<const KernelClassifier> own_classifier;
};

ProfileAnalysis analyze_capture(const trace::Capture& capture, const ProfileOptions& options = {});

}  // namespace llmsa::analysis
