#pragma once
// kernel_details.csv (torch_npu) and op_summary_*.csv (msprof): one device task per row.
#include <filesystem>

#include "trace/event_store.hpp"
#include "trace/input_buffer.hpp"
#include "trace/read_report.hpp"

namespace llmsa::trace::ascend {

inline constexpr const char* kKernelDetailsFormat = "ascend.kernel_details.csv";

struct KernelDetailsOptions {
  // Threads for one file: a big file is cut into this many byte ranges at record boundaries, read in
  // parallel and appended in row order; events, string ids and the report are the same for any value.
  unsigned threads = 1;
  std::size_t min_split_bytes = std::size_t{16} << 20;  // smaller files are read by one thread
};

// Appends one event per valid data row to `events` (source registered under in.name()); every other
// row is rejected in `report` with its line and byte offset. Throws llmsa::Error when the file has
// no usable header (empty, or lacks Name / Start Time(us) / Duration(us)).
void read_kernel_details(InputBuffer& in, RankEvents& events, FileReadReport& report,
                         const KernelDetailsOptions& options = {});
void read_kernel_details(const std::filesystem::path& path, RankEvents& events, FileReadReport& report,
                         const KernelDetailsOptions& options = {});

// The event kind of an Accelerator Core / Task Type value (HCCL and COMMUNICATION are both
// communication; N/A is the Level0 compute row).
EventKind kind_of_accelerator_core(std::string_view core, std::string_view name);

}  // namespace llmsa::trace::ascend
