#pragma once
// The parallel Kineto read: the traceEvents array is cut at element boundaries into chunks, each
// chunk is parsed into a store of its own (kineto_reader_impl.inl), and the chunks are joined here
// in file order into the rank's store. Everything that crosses chunks is keyed by first appearance
// (strings, lanes, flow keys), so re-keying chunk by chunk gives the ids of a one-pass read, and
// flows are resolved once over the whole file after the join.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trace/event_store.hpp"
#include "trace/kineto/kineto_flows.hpp"
#include "trace/kineto/kineto_keys.hpp"
#include "trace/kineto/kineto_reader.hpp"
#include "trace/read_report.hpp"

namespace llmsa::trace::kineto {

// A B record still open at the end of its chunk, with everything its slice takes from it (owned:
// the chunk's text and parser buffers are reused once the chunk is read).
struct OpenBegin {
  std::uint32_t lane = 0;    // the chunk's lane id (the file's once joined)
  std::uint64_t record = 0;  // the chunk's record number (the file's once joined)
  std::int64_t byte_offset = 0;
  std::int64_t ts_ns = 0;
  std::string name, cat, pid, tid, bind_id, input_dims, input_type;
  std::int64_t correlation = kMissing, device = kMissing, stream = kMissing, external_id = kMissing,
               sequence = kMissing;
  bool flow_in = false, flow_out = false;
};

// An E record that found no open B on its lane in its chunk: its B lies in an earlier chunk. The
// chunk holds a reserved slice at the E's place, whose strings (the B's category, name, input
// dims and types, interned at this place by a one-pass read) and flow key are reserved too,
// so that ids keep their order of first appearance; the join fills every one of them in from the B
// (ChunkJoiner), and a file where it cannot goes to the one-pass read: none reaches the event store.
struct DeferredEnd {
  std::uint32_t event = 0;  // the reserved slice in the chunk's store
  std::uint32_t lane = 0;
  std::int64_t ts_ns = 0;
  StringId cat = 0, name = 0, input_dims = 0, input_type = 0;  // reserved strings of the chunk's pool
  std::uint32_t flow_key = 0;                                  // reserved key of the chunk's FlowKeys
};

// What the reader keeps between events of one document (the whole file, or one chunk).
struct EventLinks {
  std::unique_ptr<LaneKeys> lanes = std::make_unique<LaneKeys>();
  std::unique_ptr<FlowKeys> flow_keys = std::make_unique<FlowKeys>();
  std::vector<std::uint32_t> slice_lane;  // per event of this document: its lane if a slice
  std::vector<FlowRecord> flow_records;
  std::vector<FlowBinding> flow_bindings;
  // Chunks of a split read only: B/E pairs across cuts, paired by the join.
  std::vector<OpenBegin> open_begins;  // per lane, bottom of the stack first
  std::vector<DeferredEnd> deferred_ends;  // in record order
};

// Thrown by the join when a chunk's E has no B before it in the file, or ends before it: the
// one-pass read rejects such records, and the file is then read in one pass.
struct SplitMismatch {};

// Top-level fields a chunk's reader set (the last chunk reads the keys after traceEvents; a later
// key overrides an earlier one, as in a one-pass read).
enum InfoField : std::uint32_t {
  kInfoSchemaVersion = 1u << 0,
  kInfoDistributed = 1u << 1,  // has_distributed_info
  kInfoRank = 1u << 2,
  kInfoWorldSize = 1u << 3,
  kInfoBackend = 1u << 4,
  kInfoDistributedJson = 1u << 5,
  kInfoBaseTime = 1u << 6,
  kInfoDisplayTimeUnit = 1u << 7,
};

struct ChunkResult {
  RankEvents part;  // own string pool; source 0; rows numbered from 0 within the chunk
  FileReadReport report;
  KinetoTraceInfo info;
  std::uint32_t info_assigned = 0;  // InfoField bits
  EventLinks links;
  bool ok = false;  // false: the chunk could not be read on its own; the file is read in one pass
};

// Byte offsets of the commas between top-level elements of traceEvents at which to cut, about
// every `chunk_bytes`: each is a ',' with only whitespace between it and a '}' before and a '{'
// after. The scan cannot tell a comma inside a string or a nested array from one between events;
// a wrong cut makes a chunk fail to parse on its own (checked by the reader) and the file is then
// read in one pass, so a cut is never trusted unverified.
std::vector<std::size_t> find_split_commas(std::string_view text, std::size_t chunk_bytes);

// Joins chunks, in file order, into a store of the file's own (`staged`, empty at the start), as
// each becomes ready, so that a chunk's store is freed soon after it is parsed. Nothing reaches the
// rank's store until commit(): a later chunk that fails leaves it untouched for the one-pass read.
class ChunkJoiner {
 public:
  // `json_bytes`: the size of the text, for reserving the columns (see Reader::reserve_columns).
  ChunkJoiner(const std::string& display, const FileReadReport& report, const KinetoTraceInfo& info,
              std::size_t json_bytes);
  void add(ChunkResult& chunk);  // frees the chunk; throws SplitMismatch (see above)
  // Binds the file's flows and moves everything into `out`, `report` and `info` as a one-pass
  // read of the file into `out` would have left them.
  // `threads`: for resolving the flows (kineto_flows.hpp); the result is the same for any value.
  void commit(RankEvents& out, FileReadReport& report, KinetoTraceInfo& info, unsigned threads = 1);

 private:
  std::string display_;
  RankEvents staged_;
  FileReadReport report_;
  KinetoTraceInfo info_;
  // Pairs the chunk's deferred ends with the open begins of the chunks before it (lane ids of
  // the file), in the chunk's record order; returns each end's begin.
  std::vector<OpenBegin> pair_deferred_ends(const std::vector<DeferredEnd>& ends, const std::vector<std::uint32_t>& lmap);
  // Rejects the begins never closed, as the one-pass read does at the end of the file.
  void reject_open_begins();

  EventLinks links_;
  std::vector<std::vector<OpenBegin>> open_by_lane_;  // B records still open, per file lane (a stack)
  std::vector<std::vector<FlowRecord>> flow_record_parts_;  // per chunk, re-keyed; joined in commit()
  std::uint16_t source_ = 0;
  std::uint64_t record_base_ = 0;
};

// Appends `src` (its events all from one source) to `dst` as source `source`, rows shifted by
// `record_base`, string ids re-interned in `src`'s id order. Frees `src` column by column.
// Returns the map from `src`'s string ids to `dst`'s.
// `overrides`: `src` string ids interned as the given text instead of their own (reserved strings).
std::vector<StringId> append_events(RankEvents& dst, RankEvents& src, std::uint16_t source, std::uint64_t record_base,
                                    const std::unordered_map<StringId, std::string_view>* overrides = nullptr);

// The end of every read: binds flows, sets the rank from distributedInfo, adds the notes.
void finish_read(RankEvents& out, std::size_t first_event, EventLinks& links, FileReadReport& report,
                 KinetoTraceInfo& info);
// Its second half alone.
void set_rank_and_notes(RankEvents& out, FileReadReport& report, const KinetoTraceInfo& info);

}  // namespace llmsa::trace::kineto
