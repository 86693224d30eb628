#pragma once
// The columnar event store: one per rank, struct of arrays, no heap object per event.
// Every event remembers where it came from (source file id and 0-based row or record index),
// so any number computed from it can be traced back to the raw input.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/string_pool.hpp"

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

// A bit per event: one bit instead of one byte per event keeps presence masks of dozens of PMU
// columns small on multi-million-row captures. Reads like a vector<bool> (present[i]).
class PresenceBits {
 public:
  bool operator[](std::size_t i) const { return (words_[i >> 6] >> (i & 63)) & 1u; }
  std::size_t size() const { return size_; }
  void push_back(bool v) {
    if ((size_ & 63) == 0) words_.push_back(0);
    if (v) words_.back() |= std::uint64_t{1} << (size_ & 63);
    ++size_;
  }
  void assign(std::size_t n, bool v) {
    size_ = n;
    words_.assign((n + 63) / 64, v ? ~std::uint64_t{0} : 0);
  }
  void set(std::size_t i) { words_[i >> 6] |= std::uint64_t{1} << (i & 63); }
  // Appends every bit of `o` (split reads join their parts with it).
  void append(const PresenceBits& o) {
    words_.reserve((size_ + o.size_ + 63) / 64);
    for (std::size_t w = 0; w < o.words_.size(); ++w)
      append_bits(o.words_[w], static_cast<unsigned>(std::min<std::size_t>(64, o.size_ - 64 * w)));
  }
  // Appends n <= 64 bits at once (bit j of `bits` is element size()+j; bits at and above n must be 0).
  void append_bits(std::uint64_t bits, unsigned n) {
    if (n == 0) return;
    const unsigned off = static_cast<unsigned>(size_ & 63);
    if (off == 0) {
      words_.push_back(bits);
    } else {
      words_.back() |= bits << off;
      if (off + n > 64) words_.push_back(bits >> (64 - off));
    }
    size_ += n;
  }
  void reserve(std::size_t n) { words_.reserve((n + 63) / 64); }
  std::size_t count() const;
  std::size_t memory_bytes() const { return words_.capacity() * sizeof(std::uint64_t); }

 private:
  std::vector<std::uint64_t> words_;
  std::size_t size_ = 0;
};

// An optional numeric column (PMU counters such as aic_mac_ratio), with a presence mask, so
// that "not measured" is never confused with zero. Values are float: PMU counters are printed
// with at most ~7 significant digits, and float halves the store for 25-column PMU exports.
struct MetricColumn {
  StringId name = kEmptyString;
  std::vector<float> value;
  PresenceBits present;  // set where measured
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
  std::vector<std::int64_t> wait_ns;       // Ascend Wait Time; kMissing when absent
  std::vector<std::int32_t> stream;        // stream / tid lane; -1 when absent
  std::vector<std::int32_t> device;        // device id; -1 when absent
  std::vector<std::int32_t> pid;           // process lane as in the trace; -1 when absent
  std::vector<EventKind> kind;
  std::vector<Side> side;
  std::vector<StringId> name;
  std::vector<StringId> type;              // op type (Ascend Type, Kineto cat)
  std::vector<StringId> core;              // Ascend Accelerator Core / Task Type; empty otherwise
  std::vector<StringId> input_shapes;
  std::vector<StringId> input_dtypes;
  std::vector<StringId> output_shapes;
  std::vector<std::int64_t> step;          // Step Id or ProfilerStep number; kMissing when absent
  std::vector<std::int64_t> correlation;   // Kineto correlation / Ascend connection id; kMissing when absent
  // Ids that link host ops to launches and to backward ops (Kineto "External id", "Sequence number").
  // Integer columns, not metrics: ids pass 2^24 and a float would merge neighbours.
  std::vector<std::int64_t> external_id;   // kMissing when absent
  std::vector<std::int64_t> sequence;      // kMissing when absent
  std::vector<std::uint32_t> category;     // category bits, filled by analyses; 0 at read time
  std::vector<std::uint16_t> source;       // index into `sources`
  std::vector<std::uint64_t> source_row;   // 0-based data row (CSV, excluding header) or record index
  std::vector<StringId> lane;              // process lane name (trace process_name: "Ascend Hardware", "HCCL",
                                           // "Python", ...); empty when the format has no lanes

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
