#pragma once
// Reader for PyTorch profiler / Kineto Chrome-trace JSON (`*.pt.trace.json[.gz]`).
//
// Accepts a top-level object {"traceEvents": [...], "distributedInfo": {...}, ...} or a bare
// array of events, plain or gzip (detected by magic bytes), in the current Kineto schema and the
// 2021 one. Every element of traceEvents is one record of the FileReadReport:
//   - X (and B/E pairs) -> one event in RankEvents (kind from `cat`, see kineto_schema.hpp)
//   - i/I instants      -> zero-duration events of kind kOther, type = cat (or "instant")
//   - C counters        -> zero-duration events of kind kOther, type "counter", series in args
//   - s/t/f flows       -> rows of RankEvents::flows once bound to the slices they sit on;
//                          v2 flows (bind_id + flow_in/flow_out on slices) too
//   - M metadata        -> KinetoTraceInfo::metadata (process/thread names, labels, sort index)
// Anything else, or a record that cannot be used (negative dur, flow end with no start, ...), is
// rejected with a reason and its byte offset in the (decompressed) JSON.
// Link ids: args.correlation -> RankEvents::correlation; "External id" and "Sequence number" ->
// the MetricColumns named below; device / stream -> columns; other useful args (NCCL collective
// description, launch shape, memcpy bytes, [memory] fields) -> ArgTable under their Kineto keys.
// Timestamps are converted from the µs number text to int64 ns exactly (decimal_time.hpp).
//
// Big files are read split (KinetoReadOptions, kineto_chunks.hpp): the result is identical to the
// one-pass read, which is also what happens whenever a chunk cannot be read on its own (malformed
// or truncated JSON, a cut that fell inside a string) or an E record cannot be paired (no B before
// it, or one that starts after it), so errors and their byte offsets are the one-pass ones. B/E
// pairs across cuts are paired when the chunks are joined.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "trace/event_store.hpp"
#include "trace/read_report.hpp"

namespace llmsa::trace {

struct KinetoMetadataRecord {
  std::string name;   // "process_name", "thread_name", "process_labels", "process_sort_index", ...
  std::string pid;    // as written (number or string), without quotes
  std::string tid;
  std::string value;  // args.name / args.labels / args.sort_index (first one present)
};

struct KinetoDeviceProperties {
  std::int64_t id = -1;
  std::string name;      // e.g. "NVIDIA H100 80GB HBM3", "AMD Instinct MI300X"
  std::string raw_json;  // the whole deviceProperties entry, verbatim
};

// File-level facts that are not events.
struct KinetoTraceInfo {
  bool gzip = false;
  std::uint64_t json_bytes = 0;        // size of the (decompressed) JSON
  std::size_t chunks = 1;              // parts traceEvents was read in (1: one pass; see KinetoReadOptions)
  std::string schema_version;          // raw text of schemaVersion, empty when absent
  bool has_distributed_info = false;
  std::int64_t rank = -1;              // distributedInfo.rank
  std::int64_t world_size = -1;        // distributedInfo.world_size
  std::string backend;                 // distributedInfo.backend ("nccl", ...)
  std::string distributed_info_json;   // verbatim
  std::int64_t base_time_ns = kMissing;  // baseTimeNanoseconds
  std::string display_time_unit;
  std::vector<KinetoDeviceProperties> devices;
  std::vector<KinetoMetadataRecord> metadata;
};

inline constexpr const char* kKinetoFormat = "kineto.json";

struct KinetoReadOptions {
  // Threads for one file. A big traceEvents array is cut at element boundaries into chunks of
  // about `chunk_bytes`, the chunks are parsed in parallel and joined in file order: events, string
  // ids, flows and the report are the same for any thread count (the chunks do not depend on it).
  unsigned threads = 1;
  // Files below this size are parsed as one document; tests and the fuzzer lower both values to
  // exercise the split on small inputs.
  std::size_t min_split_bytes = std::size_t{16} << 20;
  std::size_t chunk_bytes = std::size_t{8} << 20;
};

// Kineto's integer link ids go to RankEvents::external_id and ::sequence. The 2021 schema's
// lowercase "external id" lands in the same column.

// Reads one Kineto trace file and appends its events to `out` (one source entry per call).
// Sets out.rank / rank_source ("distributedInfo") and report.rank when distributedInfo.rank is
// present. Throws llmsa::Error (bad input) when nothing can be read at all (unreadable or empty
// file, corrupt gzip, invalid UTF-8, no JSON object/array at the top); a syntax error after some
// events stops reading there, keeps what was read, and is reported as a rejected record.
void read_kineto_trace(const std::filesystem::path& path, RankEvents& out, FileReadReport& report,
                       KinetoTraceInfo* info = nullptr, const KinetoReadOptions& options = {});

// The same for bytes in memory (plain or gzip); `display_path` names the input in messages.
void read_kineto_buffer(std::string_view bytes, const std::string& display_path, RankEvents& out,
                        FileReadReport& report, KinetoTraceInfo* info = nullptr, const KinetoReadOptions& options = {});

}  // namespace llmsa::trace
