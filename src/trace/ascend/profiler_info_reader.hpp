#pragma once
// profiler_info_{N}.json (rank id, profiler level, PMU metric set) and profiler_metadata.json
// (distributed_args, parallel_group_info). Reference ascend-profiling.md C.1.
#include "trace/input_buffer.hpp"
#include "trace/profile.hpp"

namespace llmsa::trace::ascend {

inline constexpr const char* kProfilerInfoFormat = "ascend.profiler_info.json";
inline constexpr const char* kProfilerMetadataFormat = "ascend.profiler_metadata.json";

void read_profiler_info(InputBuffer& in, ProfilerConfig& cfg, FileReadReport& report);
void read_profiler_metadata(InputBuffer& in, ProfilerConfig& cfg, FileReadReport& report);

}  // namespace llmsa::trace::ascend
