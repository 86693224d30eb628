#pragma once
// What ingestion produces: per rank, the event store plus typed auxiliary tables for files that are
// not event streams (step trace, statistics, communication analyses, cluster summaries). Every
// auxiliary row carries provenance (source file index into events.sources, 0-based row/record).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trace/event_store.hpp"
#include "trace/read_report.hpp"

namespace llmsa::trace {

struct Provenance {
  std::uint16_t source = 0;  // index into RankEvents::sources
  std::uint64_t row = 0;     // 0-based data row or record
};

// Optional double: not measured is never zero.
using OptDouble = std::optional<double>;

// step_trace_time.csv / analysis.db StepTraceTime, all in µs (analysis.db ms values are converted).
struct StepTraceRow {
  Provenance from;
  std::string step;            // may be empty
  std::optional<int> device_id;
  OptDouble computing_us, comm_not_overlapped_us, overlapped_us, communication_us, free_us, stage_us, bubble_us,
      comm_not_overlapped_exclude_receive_us, preparing_us;
};

// op_statistic.csv
struct OpStatisticRow {
  Provenance from;
  std::optional<int> device_id;
  std::string op_type, core_type;
  std::int64_t count = 0;
  OptDouble total_us, min_us, avg_us, max_us, ratio_pct;
};

// api_statistic.csv
struct ApiStatisticRow {
  Provenance from;
  std::string device_id;  // "host" in late-2025 files, empty when absent
  std::string level, api_name;
  std::int64_t count = 0;
  OptDouble time_us, avg_us, min_us, max_us, variance;
};

// One op of communication.json (or analysis.db CommAnalyzerTime), times in ms as in the file.
struct CommOpRow {
  Provenance from;
  std::string step;       // "step50"
  std::string kind;       // "collective" | "p2p"
  std::string op_name;    // before '@'
  std::string group;      // after '@' (hash), may be empty
  std::int64_t start_ns = kMissing;  // Start Timestamp(us), exact
  OptDouble elapse_ms, transit_ms, wait_ms, sync_ms, idle_ms, wait_ratio, sync_ratio;
};

// One transport block of an op's Communication Bandwidth Info.
struct CommBandwidthRow {
  Provenance from;
  std::string step, kind, op_name, group, transport;  // transport: HCCS, SDMA, RDMA, PCIE, SIO
  OptDouble transit_size_mb, transit_ms, bandwidth_gbps, large_packet_ratio;
};

// One link of communication_matrix.json / cluster_communication_matrix / CommAnalyzerMatrix.
struct CommLinkRow {
  Provenance from;
  std::string step, kind, op_name, group, transport, hccl_op_name;
  std::string group_key;  // cluster files: the group's rank tuple "(0, 1, ..., 7)" when keyed by it
  int src_rank = -1, dst_rank = -1;  // local (group) ranks from the "src-dst" key
  OptDouble transit_size_mb, transit_ms, bandwidth_gbps;
};

// cluster_step_trace_time.csv (msprof-analyze)
struct ClusterStepTraceRow {
  Provenance from;
  std::string step, type, index;  // type "rank" (index = rank id) or "stage" (index = rank tuple)
  OptDouble computing_us, comm_not_overlapped_us, overlapped_us, communication_us, free_us, stage_us, bubble_us,
      comm_not_overlapped_exclude_receive_us, preparing_us;
};

// cluster_communication.json: one (group, step, op, rank) entry, old or new layout.
struct ClusterCommRow {
  Provenance from;
  std::string layout;  // "old" ({"(0, 1)": {"step": ...}}) or "new" ({"p2p"|"collective": {"stepN": ...}})
  std::string group_key, step, kind, op_name, group, rank;
  std::int64_t start_ns = kMissing;
  OptDouble elapse_ms, transit_ms, wait_ms, sync_ms, idle_ms;
};

// Counter samples of trace_view.json (ph "C": AI Core Freq, HBM, LLC, ...).
struct CounterSample {
  Provenance from;
  StringId lane = kEmptyString;  // process_name of the pid
  StringId name = kEmptyString;
  StringId series = kEmptyString;  // args key (MHz, Read(MB/s), ...)
  std::int64_t ts_ns = 0;
  double value = 0;
};

// STEP_TIME of the DB export and ProfilerStep# ranges: a step with its bounds.
struct StepWindow {
  Provenance from;
  std::string step;
  std::int64_t start_ns = kMissing, end_ns = kMissing;
};

// profiler_info_{N}.json and profiler_metadata.json, the facts later stages need.
struct ProfilerConfig {
  std::string info_path, metadata_path;
  std::optional<int> rank_id;
  std::string profiler_level;  // Level0 | Level1 | Level2 | Level_none
  std::string aic_metrics;     // ACL_AICORE_PIPE_UTILIZATION, ...
  std::vector<std::string> export_type;
  std::optional<int> world_size, tp, pp, dp, cp, ep;  // distributed_args when present
  // parallel_group_info: group key -> (group name, global ranks)
  std::map<std::string, std::pair<std::string, std::vector<int>>> parallel_groups;
};

struct RankProfile {
  RankEvents events;  // events.rank / events.rank_source identify the rank
  std::string root;   // the rank's folder (e.g. .../rank0_ascend_pt), or the file for single files
  ProfilerConfig config;
  std::vector<StepTraceRow> step_trace;
  std::vector<OpStatisticRow> op_statistic;
  std::vector<ApiStatisticRow> api_statistic;
  std::vector<CommOpRow> comm_ops;
  std::vector<CommBandwidthRow> comm_bandwidth;
  std::vector<CommLinkRow> comm_links;
  std::vector<CounterSample> counters;
  std::vector<StepWindow> steps;
  std::vector<FileReadReport> files;  // one per input file of this rank, in read order
  std::vector<std::string> notes;     // what each missing optional file means for the analyses
};

struct Capture {
  std::vector<RankProfile> ranks;  // sorted by rank id
  // Cluster-level files (msprof-analyze output), not tied to one rank.
  std::vector<SourceFile> cluster_sources;
  std::vector<ClusterStepTraceRow> cluster_step_trace;
  std::vector<ClusterCommRow> cluster_communication;
  std::vector<CommLinkRow> cluster_links;
  std::vector<FileReadReport> cluster_files;
};

}  // namespace llmsa::trace
