#pragma once
// The torch_npu DB export: ascend_pytorch_profiler_{N}.db (events) and analysis.db (communication
// and step-trace analyses). Tables and columns: reference ascend-profiling.md C.9. Text columns of
// the profiler DB are ids into STRING_IDS.
#include <filesystem>

#include "trace/profile.hpp"

namespace llmsa::trace::ascend {

inline constexpr const char* kProfilerDbFormat = "ascend.profiler.db";
inline constexpr const char* kAnalysisDbFormat = "ascend.analysis.db";

// Compute tasks (COMPUTE_TASK_INFO joined with TASK) and communication ops (COMMUNICATION_OP) become
// events in the same shape as kernel_details.csv rows; TASK_PMU_INFO values become metric columns;
// STEP_TIME rows become step windows (and give each event its step).
void read_profiler_db(const std::filesystem::path& path, RankProfile& profile, FileReadReport& report);

// StepTraceTime, CommAnalyzerTime, CommAnalyzerBandwidth, CommAnalyzerMatrix into the aux tables.
void read_analysis_db(const std::filesystem::path& path, RankProfile& profile, FileReadReport& report);

}  // namespace llmsa::trace::ascend
