#pragma once
// HTA's kernel classification, replicated exactly for the `--compat hta` preset
// (HolisticTraceAnalysis hta/common/types.py get_kernel_type @ f4d0062, as documented in
// trace-analyzers.md 5.2). Checked in this order, each with Python re.match semantics (anchored at
// the start of the name; '.' does not cross a newline):
//   COMMUNICATION  (^nccl.*)|(^hip)|(^hccl)|(.*ncclKernel.*)
//   MEMORY         (^(hip)?Memcpy)|(^(hip)?Memset)|(^dma)
//   COMPUTATION    the name does NOT match (^nccl)|(.*Memcpy)|(.*Memset)|(.*dma)|(^.*Sync)|
//                  (^Stream Wait Event)|(cuda.*LaunchKernel)|(^runFunction)|(^hip)|(^job_exe)|(^packet)|
//                  (^pe_exe)|(^cpum_exe_subgraph)|(^hccl)|(^collective_subgraph_execution)
//   OTHER          everything else (e.g. "Stream Sync")
// Quirks kept on purpose (5.9): any name starting with "hip" is COMMUNICATION, before the memory rule
// can see "hipMemcpy".
#include <string_view>

namespace llmsa::analysis {

enum class HtaKernelType { kCommunication, kMemory, kComputation, kOther };

HtaKernelType hta_kernel_type(std::string_view name);
const char* hta_kernel_type_name(HtaKernelType t);  // "COMMUNICATION", "MEMORY", "COMPUTATION", "OTHER"

}  // namespace llmsa::analysis
