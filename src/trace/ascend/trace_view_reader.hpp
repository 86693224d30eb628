#pragma once
// trace_view.json (torch_npu timeline): a bare JSON array of Chrome-trace records with string
// timestamps in µs, lanes named by process_name metadata (Ascend Hardware, CANN, HCCL/Communication,
// Overlap Analysis, Python, counters). Reference ascend-profiling.md C.6.
#include <filesystem>

#include "trace/input_buffer.hpp"
#include "trace/profile.hpp"

namespace llmsa::trace::ascend {

inline constexpr const char* kTraceViewFormat = "ascend.trace_view.json";

// X records become events, s/f pairs flows, C records counter samples; M records name the lanes
// and are not counted as rows. A file cut short (no closing ']', or a record cut mid-way) is read
// up to its last complete record, with a note saying where it was cut.
void read_trace_view(InputBuffer& in, RankEvents& events, std::vector<CounterSample>& counters,
                     FileReadReport& report);

}  // namespace llmsa::trace::ascend
