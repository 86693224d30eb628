#pragma once
// Across ranks (ascend-profiling.md A.8, A.9, Part D; trace-analyzers.md 5.10):
//   - collective alignment: the same HCCL op (communication group + op name + step) on every rank, with
//     start skew, duration min/max/ratio/skew and the rank with the shortest duration (it arrived last);
//     A.8 communication_collective_slow: ratio >= 2.0 or skew >= 1000 us (high from ratio >= 4.0);
//   - slow ranks by msprof-analyze's vote (slow_rank.hpp) over cluster_communication.json, else over the
//     ranks' own communication.json, and its 5% rule over cluster_step_trace_time.csv, else over the
//     ranks' step_trace_time.csv (per-rank means over steps);
//   - step skew: the same step on several ranks (ProfilerStep / STEP_TIME windows), start and duration skew;
//   - EP load imbalance: per-rank time in MoE dispatch / combine / fused MC2 / comm-AIV kernels,
//     max - min >= comm_skew_of_mean x mean (A.8 communication_taxonomy rule);
//   - HTA-style stragglers (cross_rank_stragglers.hpp) when ProfilerStep#N annotations give iterations;
//   - dummy or reduced ranks: some ranks run attention kernels, others none (A.8 reduced_work_or_dummy_rank).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/cross_rank_stragglers.hpp"
#include "analysis/event_classes.hpp"
#include "analysis/kernel_classifier.hpp"
#include "analysis/slow_rank.hpp"
#include "analysis/thresholds.hpp"
#include "trace/profile.hpp"

namespace llmsa::analysis {

struct RankRow {  // one rank's row of an input file (provenance of a cross-rank number)
  int rank = -1;
  trace::Provenance from;
  bool cluster = false;  // true: `from.source` indexes Capture::cluster_sources, else that rank's sources
};

struct CollectiveAlignment {
  std::string group, op_name, step, kind;
  std::vector<int> ranks;
  std::optional<double> start_skew_us;  // only when every rank has a start timestamp
  double duration_min_ms = 0, duration_max_ms = 0, duration_mean_ms = 0;
  double duration_skew_us = 0;
  std::optional<double> duration_ratio;  // max / min, nullopt when min is 0
  int shortest_rank = -1, longest_rank = -1;
  bool slow = false;           // A.8 communication_collective_slow
  bool high_severity = false;  // ratio >= 4
  std::vector<RankRow> rows;
};

struct SlowRankResult {
  std::string vote_source;  // "cluster_communication.json" | "communication.json" | "" (no data)
  SlowRankVotes votes;
  std::string step_trace_source;  // "cluster_step_trace_time.csv" | "step_trace_time.csv" | ""
  std::vector<StepTraceColumnVerdict> step_trace;
  std::vector<RankRow> step_trace_rows;
  std::vector<RankRow> vote_rows;
};

struct StepSkew {
  std::string step;
  std::vector<int> ranks;
  double start_skew_us = 0, duration_skew_us = 0, duration_min_us = 0, duration_max_us = 0;
  std::vector<RankRow> rows;
};

struct RankLoad {
  int rank = -1;
  std::int64_t ns = 0;
  std::vector<std::uint32_t> events;
};

struct EpImbalance {
  std::vector<RankLoad> ranks;  // ranks with MoE dispatch/combine work, sorted by rank
  double max_us = 0, min_us = 0, mean_us = 0;
  int max_rank = -1, min_rank = -1;
  bool flagged = false;
};

struct DummyRanks {
  std::vector<int> with_attention, without_attention;
  std::vector<RankLoad> attention;  // per rank with attention work
  bool flagged = false;             // both lists non-empty
};

struct CrossRankSummary {
  std::vector<int> ranks;
  std::vector<CollectiveAlignment> collectives;  // sorted by group, step, op
  SlowRankResult slow_ranks;
  std::vector<StepSkew> steps;
  EpImbalance ep;
  DummyRanks dummy;
  StragglerResult stragglers;  // HTA-style, from ProfilerStep#N iterations (Kineto); empty without them
};

CrossRankSummary analyze_cross_rank(const trace::Capture& capture, const KernelClassifier& classifier,
                                    const Thresholds& thresholds = Thresholds::builtin());
// The same with every rank's events already classified (`classes[i]` built from capture.ranks[i].events).
CrossRankSummary analyze_cross_rank(const trace::Capture& capture, const std::vector<EventClasses>& classes,
                                    const Thresholds& thresholds = Thresholds::builtin());

}  // namespace llmsa::analysis
