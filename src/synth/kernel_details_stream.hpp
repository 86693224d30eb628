#pragma once
// Writes realistic Ascend kernel_details.csv files of any size, for benchmarks and stress tests.
// Shape of the data follows the real late-2025 Level2 PipeUtilization export (samples
// Ascend-msinsight test/st/level2, 47 columns with Device_id): kernel names of Megatron-style LLM
// training (MatMulV3, FlashAttentionScore(Grad), RmsNorm, SwiGlu), MoE ops (GroupedMatmul,
// MoeInitRouting, MoeTokenPermute...) and HCCL collectives, with the quirks of real files: TAB after
// start times (bare and quoted), shapes in doubled quotes, N/A for missing values, COMMUNICATION (and
// HCCL in the older-variant ranks), optional BOM and CRLF, locally unsorted rows, empty Step Id on
// some rows.
#include <cstdint>
#include <filesystem>

namespace llmsa::synth {

struct KernelDetailsStreamOptions {
  std::uint64_t target_bytes = 64ull << 20;  // stop once the file reaches this size...
  std::uint64_t target_rows = 0;             // ...or, when non-zero, after this many data rows
  int rank = 0;
  bool bom = false;
  bool crlf = false;
  bool hccl_spelling = false;  // older files say HCCL where newer say COMMUNICATION
  std::uint64_t seed = 1;
};

struct KernelDetailsStreamResult {
  std::uint64_t bytes = 0;
  std::uint64_t rows = 0;
};

// Writes one file; throws llmsa::Error when it cannot be written.
KernelDetailsStreamResult write_kernel_details_stream(const std::filesystem::path& path,
                                                      const KernelDetailsStreamOptions& options);

// Writes a multi-rank capture of such files: <out>/rank{N}_ascend_pt/{profiler_info_{N}.json,
// ASCEND_PROFILER_OUTPUT/kernel_details.csv}, the bytes or rows split evenly over the ranks, the
// quirks rotated over ranks (BOM on rank 1, CRLF on 2, HCCL spelling on 3, modulo 4).
KernelDetailsStreamResult write_kernel_details_capture(const std::filesystem::path& out, int ranks,
                                                       std::uint64_t total_bytes, std::uint64_t total_rows = 0,
                                                       std::uint64_t seed = 1);

}  // namespace llmsa::synth
