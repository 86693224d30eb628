#pragma once
// The columnar event store: one per rank, struct of arrays, no heap object per event.
// Every event remembers where it came from (source file id and 0-based row or record index),
// so any number computed from it can be traced back to the raw input.
#include <cstdint>
#include <string>
#include <vector>

#include "core/string_pool.hpp"
#include "trace/metric_column.hpp"
#include "trace/narrow_column.hpp"
#include "trace/optional_column.hpp"
#include "trace/presence_bits.hpp"
#include "trace/string_id_column.hpp"

namespace llmsa::trace {

// What an event is, independent of the format it came from.
enum class EventKind : std::uint8_t {
  kKernel = 0,       // device compute task (Ascend AI_CORE/AI_VECTOR_CORE/MIX_*, CUDA/HIP kernel)
  kCommunication,    // collective or p2p on the device (HCCL/NCCL/RCCL op or task)
  kMemcpy,           // device memory copy
  kMemset,           // device memset
  kAicpu,            // Ascend AI_CPU task
  kCpuOp,            // host framework operator (aten::..., torch ops)
  kRuntime,          // host runtime/driver call (cudaLaunchKernel, AscendCL@...)
  kAnnotation,       // user or framework range (ProfilerStep#N, record_function, gpu_user_annotation)
  kPython,           // python_function
  kOverlap,          // Ascend "Overlap Analysis" lane (Computing, Communication, Free...)
  kSync,             // cuda_sync and similar
  kOther,
};
inline constexpr int kEventKindCount = static_cast<int>(EventKind::kOther) + 1;
const char* event_kind_name(EventKind k);

// Where an event sits: host or device side.
enum class Side : std::uint8_t { kHost = 0, kDevice = 1 };

inline constexpr std::int64_t kMissing = INT64_MIN;  // absent integer value (N/A), never zero

// One input file, as provenance. Events refer to it by index.
struct SourceFile {
  std::string path;
  std::string format;  // e.g. "ascend.kernel_details.csv", "kineto.json"
};

// Sparse per-event arguments (Kineto args, HCCL op args): rows of (event, key, value), sorted by event.
struct ArgTable {
  std::vector<std::uint32_t> event;
  std::vector<StringId> key;
  std::vector<StringId> value;
};

// Flow links (Kineto ac2g / fwdbwd, Ascend async_npu / HostToDevice): event indices of both ends.
struct FlowTable {
  std::vector<std::uint32_t> from;
  std::vector<std::uint32_t> to;
  std::vector<StringId> category;
};

struct RankEvents {
  int rank = -1;
  std::string rank_source;  // how the rank id was found: "profiler_info", "distributedInfo", "name", "ordinal"

  StringPool strings;
  std::vector<SourceFile> sources;

  // Columns, all of equal length (size()).
  std::vector<std::int64_t> start_ns;
  std::vector<std::int64_t> dur_ns;
  // Integer columns below are stored as narrow as their values allow (see narrow_column.hpp).
  NarrowColumn<std::int64_t> wait_ns;      // Ascend Wait Time; kMissing when absent
  NarrowColumn<std::int32_t> stream;       // stream / tid lane; -1 when absent
  NarrowColumn<std::int32_t> device;       // device id; -1 when absent
  OptionalColumn<std::int32_t, -1> pid;    // process lane as in the trace; -1 when absent
  std::vector<EventKind> kind;
  std::vector<Side> side;
  // String columns hold 2-byte ids while the rank has < 65,536 strings (see string_id_column.hpp).
  StringIdColumn name;
  StringIdColumn type;                     // op type (Ascend Type, Kineto cat)
  StringIdColumn core;                     // Ascend Accelerator Core / Task Type; empty otherwise
  StringIdColumn input_shapes;
  StringIdColumn input_dtypes;
  StringIdColumn output_shapes;
  NarrowColumn<std::int64_t> step;         // Step Id or ProfilerStep number; kMissing when absent
  // Columns that only some formats fill cost nothing for the others (see optional_column.hpp).
  OptionalColumn<std::int64_t, kMissing> correlation;  // Kineto correlation / Ascend connection id
  // Ids that link host ops to launches and to backward ops (Kineto "External id", "Sequence number").
  // Integer columns, not metrics: ids pass 2^24 and a float would merge neighbours.
  OptionalColumn<std::int64_t, kMissing> external_id;
  OptionalColumn<std::int64_t, kMissing> sequence;
  OptionalColumn<std::uint32_t, 0> category;  // category bits, filled by analyses; 0 at read time
  std::vector<std::uint16_t> source;       // index into `sources`
  NarrowColumn<std::uint64_t> source_row;  // 0-based data row (CSV, excluding header) or record index
  OptionalColumn<StringId, kEmptyString> lane;  // process lane name (trace process_name: "Ascend Hardware",
                                                // "HCCL", "Python", ...); empty when the format has no lanes

  std::vector<MetricColumn> metrics;
  ArgTable args;
  FlowTable flows;

  std::size_t size() const { return start_ns.size(); }

  // Appends one event with default (missing) optional fields; returns its index.
  std::uint32_t add_event(EventKind k, Side s, std::int64_t start, std::int64_t dur, StringId name_id,
                          std::uint16_t source_id, std::uint64_t row);
  // Like add_event, but leaves the metric columns one short: the caller appends exactly one value
  // (and presence bit) to every column in `metrics` before the next event. Lets a reader that has
  // all PMU values of a row at hand write each once instead of zero-filling and overwriting.
  std::uint32_t add_event_without_metrics(EventKind k, Side s, std::int64_t start, std::int64_t dur, StringId name_id,
                                          std::uint16_t source_id, std::uint64_t row);
  std::uint16_t add_source(std::string path, std::string format);
  MetricColumn& metric(std::string_view metric_name);  // creates the column (all absent) if needed
  void set_metric(MetricColumn& col, std::uint32_t event, double v);
  void add_arg(std::uint32_t event, std::string_view key, std::string_view value);

  // Reserves room for n more events in every column (readers that know their row count).
  void reserve(std::size_t n);
  // Bytes held by the columns (capacity), for memory reports and benchmarks.
  std::size_t memory_bytes() const;
};

}  // namespace llmsa::trace
