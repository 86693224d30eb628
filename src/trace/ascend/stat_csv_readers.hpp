#pragma once
// Readers for the non-event Ascend CSVs: each fills a typed auxiliary table of the rank profile.
// (One function per format; the row mapping of each lives in its own .cpp.)
#include "trace/input_buffer.hpp"
#include "trace/profile.hpp"

namespace llmsa::trace::ascend {

inline constexpr const char* kOpStatisticFormat = "ascend.op_statistic.csv";
inline constexpr const char* kStepTraceFormat = "ascend.step_trace_time.csv";
inline constexpr const char* kApiStatisticFormat = "ascend.api_statistic.csv";
inline constexpr const char* kClusterStepTraceFormat = "ascend.cluster_step_trace_time.csv";

void read_op_statistic(InputBuffer& in, std::uint16_t source, std::vector<OpStatisticRow>& out, FileReadReport& report);
void read_step_trace_time(InputBuffer& in, std::uint16_t source, std::vector<StepTraceRow>& out,
                          FileReadReport& report);
void read_api_statistic(InputBuffer& in, std::uint16_t source, std::vector<ApiStatisticRow>& out,
                        FileReadReport& report);
void read_cluster_step_trace_time(InputBuffer& in, std::uint16_t source, std::vector<ClusterStepTraceRow>& out,
                                  FileReadReport& report);

}  // namespace llmsa::trace::ascend
