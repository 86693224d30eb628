#pragma once
// Binds Chrome-trace flow events to the slices they belong to and fills RankEvents::flows.
//
// v1 (ph s/t/f with an id): a flow record binds to the slice on its own thread (pid, tid) that
// encloses its timestamp (the innermost one); an `f` without "bp":"e" binds to the next slice that
// starts at or after it instead (Trace Event Format, "Flow events"). Records with the same
// (cat, id) are chained in time order: s -> t -> ... -> f. Kineto writes ac2g flows with
// "bp":"e" and the ts of the launch and of the kernel, and fwdbwd flows the same way.
// v2 (bind_id with flow_in / flow_out on a slice): a flow_in slice is linked from the latest
// earlier flow_out slice with the same bind_id.
#include <cstdint>
#include <vector>

#include "trace/event_store.hpp"
#include "trace/read_report.hpp"

namespace llmsa::trace::kineto {

inline constexpr std::uint32_t kNoLane = 0xFFFFFFFFu;

struct FlowRecord {
  std::uint64_t record = 0;      // index in traceEvents
  std::int64_t id_num = kMissing;  // the id as an integer when it is one (Kineto: the correlation id)
  std::int64_t byte_offset = -1;
  std::int64_t ts_ns = 0;
  std::uint32_t key = 0;         // interned (cat, id)
  std::uint32_t lane = kNoLane;  // interned (pid, tid)
  StringId category = kEmptyString;
  char phase = 's';              // 's', 't' or 'f'
  bool bind_enclosing = true;    // false only for an 'f' without "bp":"e"
};

struct FlowBinding {              // v2, on a slice
  std::uint32_t event = 0;
  std::uint32_t key = 0;          // interned bind_id
  std::int64_t ts_ns = 0;
  StringId category = kEmptyString;
  bool flow_in = false;
  bool flow_out = false;
};

// `slice_lane[e]` is the lane of event e when it is a slice (X or B/E), kNoLane otherwise.
// Every v1 record is accounted in `report`: kept when it took part in a flow, else rejected.
// `threads` > 1 lets a big file's records be bound to their slices on two threads; the result is
// the same for any value.
void resolve_flows(RankEvents& out, const std::vector<std::uint32_t>& slice_lane, std::size_t first_event,
                   std::vector<FlowRecord>& records, std::vector<FlowBinding>& bindings, FileReadReport& report,
                   unsigned threads = 1);

}  // namespace llmsa::trace::kineto
