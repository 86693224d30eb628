#pragma once
// A synthetic torch_npu rank capture as data, and the writer that turns it into the folder that
// torch_npu writes (ascend-profiling.md C.1): <root>/<name>_ascend_pt/ with profiler_info_{N}.json,
// profiler_metadata.json and ASCEND_PROFILER_OUTPUT/{kernel_details.csv, trace_view.json,
// step_trace_time.csv, communication.json, communication_matrix.json}.
//
// Every task may carry a tag (an injected problem). The writer returns, per file, the 0-based rows or
// records each tag ended up on, counted the way the readers in src/trace/ascend/ count them, so a
// test can check that a finding's evidence points at exactly the injected rows.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "synth/kernel_details_format.hpp"

namespace llmsa::synth {

// One device task (a kernel, an AICPU task or an HCCL collective) and its host launch.
struct SynthTask {
  std::string name, type, core;  // kernel_details Name, Type, Accelerator Core (COMMUNICATION for HCCL)
  std::string task_type;         // trace_view "Task Type" of the Ascend Hardware slice (AI_CORE, MIX_AIC, ...)
  std::string in_shapes, in_dtypes, out_shapes, out_dtypes;
  PipeRatios pipe;
  int block_dim = 0, mix_block_dim = 0;
  std::int64_t step = 0;  // Step Id
  std::int64_t start_ns = 0, dur_ns = 0, wait_ns = 0;
  std::int64_t launch_ns = 0, launch_dur_ns = 0;  // CANN "Node@launch" (or Hccl launch) on the host thread
  int stream = 2;
  bool collective = false;
  // Collectives: the communication.json view of this rank's part.
  std::string group;  // group hash, the "@..." suffix of the op key
  double transit_ms = 0, wait_ms = 0, size_mb = 0;
  std::string tag;  // non-empty: injected problem this task belongs to
};

// A host-side slice that is not a launch (e.g. Python work that delays the next launch).
struct SynthHostSlice {
  std::string name, cat;  // cat: python_function | cpu_op
  std::int64_t start_ns = 0, dur_ns = 0;
  std::string tag;
};

struct SynthStep {
  std::int64_t id = 0;
  std::int64_t host_start_ns = 0, host_end_ns = 0;  // the ProfilerStep#id range
};

struct SynthRank {
  int rank = 0, device_id = 0, world_size = 1;
  std::string folder;  // e.g. "rank0_node-a_41000_20251128093015123_ascend_pt"
  std::int64_t host_pid = 0, host_tid = 0;
  std::vector<SynthTask> tasks;  // in issue order (device start order)
  std::vector<SynthHostSlice> host_slices;
  std::vector<SynthStep> steps;
};

struct RankWriteOptions {
  bool profiler_steps = true;      // ProfilerStep#N ranges in trace_view.json
  bool device_id_column = true;    // late-2025 kernel_details (Device_id) and step_trace_time
  std::uint64_t unsorted_every = 0;  // swap row k-1 and k of kernel_details for every k % n == 0 (0: sorted)
};

// Rows (0-based data rows or records) of each tag in one written file.
struct WrittenFile {
  std::filesystem::path path;
  std::string format;  // the reader's format name, e.g. "ascend.kernel_details.csv"
  std::map<std::string, std::vector<std::uint64_t>> rows_by_tag;  // ascending rows
};

// Writes one rank folder under `root`; throws llmsa::Error when a file cannot be written.
std::vector<WrittenFile> write_ascend_rank(const std::filesystem::path& root, const SynthRank& rank,
                                           const RankWriteOptions& options = {});

// The individual files (each returns what it wrote).
WrittenFile write_kernel_details_csv(const std::filesystem::path& file, const SynthRank& rank,
                                     const RankWriteOptions& options);
WrittenFile write_trace_view_json(const std::filesystem::path& file, const SynthRank& rank,
                                  const RankWriteOptions& options);
WrittenFile write_op_statistic_csv(const std::filesystem::path& file, const SynthRank& rank,
                                   const RankWriteOptions& options);
WrittenFile write_step_trace_time_csv(const std::filesystem::path& file, const SynthRank& rank,
                                      const RankWriteOptions& options);
WrittenFile write_communication_json(const std::filesystem::path& file, const SynthRank& rank);
WrittenFile write_communication_matrix_json(const std::filesystem::path& file, const SynthRank& rank);
void write_profiler_info_json(const std::filesystem::path& folder, const SynthRank& rank);

// Opens `file` for writing and writes `text`, or throws llmsa::Error naming the file.
void write_text_file(const std::filesystem::path& file, const std::string& text);

}  // namespace llmsa::synth
