#include "analysis/hta_kernel_type.hpp"

#include <initializer_list>

namespace llmsa::analysis {

namespace {

// re.match with a leading ".*" can only look at the first line: '.' does not match '\n'.
std::string_view first_line(std::string_view s) { return s.substr(0, s.find('\n')); }

bool starts(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes)
    if (s.starts_with(p)) return true;
  return false;
}

bool contains_in_first_line(std::string_view s, std::string_view needle) {
  return first_line(s).find(needle) != std::string_view::npos;
}

bool is_comm(std::string_view n) {
  return starts(n, {"nccl", "hip", "hccl"}) || contains_in_first_line(n, "ncclKernel");
}

bool is_memory(std::string_view n) { return starts(n, {"Memcpy", "hipMemcpy", "Memset", "hipMemset", "dma"}); }

bool matches_non_compute(std::string_view n) {
  if (starts(n, {"nccl", "Stream Wait Event", "runFunction", "hip", "job_exe", "packet", "pe_exe",
                 "cpum_exe_subgraph", "hccl", "collective_subgraph_execution"}))
    return true;
  for (std::string_view needle : {"Memcpy", "Memset", "dma", "Sync"})
    if (contains_in_first_line(n, needle)) return true;
  // (cuda.*LaunchKernel): "cuda" at the start, "LaunchKernel" later on the same line.
  if (n.starts_with("cuda") && first_line(n).find("LaunchKernel", 4) != std::string_view::npos) return true;
  return false;
}

}  // namespace

HtaKernelType hta_kernel_type(std::string_view name) {
  if (is_comm(name)) return HtaKernelType::kCommunication;
  if (is_memory(name)) return HtaKernelType::kMemory;
  if (!matches_non_compute(name)) return HtaKernelType::kComputation;
  return HtaKernelType::kOther;
}

const char* hta_kernel_type_name(HtaKernelType t) {
  switch (t) {
    case HtaKernelType::kCommunication: return "COMMUNICATION";
    case HtaKernelType::kMemory: return "MEMORY";
    case HtaKernelType::kComputation: return "COMPUTATION";
    case HtaKernelType::kOther: return "OTHER";
  }
  return "OTHER";
}

}  // namespace llmsa::analysis
