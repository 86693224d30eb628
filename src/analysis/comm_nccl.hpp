#pragma once
// NCCL / RCCL collectives of one rank from the Kineto arguments PyTorch writes on collective
// kernels ("Collective name", "In msg nelems", "Out msg nelems", "Group size", "dtype",
// "Process Group Name", "Process Group Ranks"), grouped like TraceLens coll_analysis.csv (one row per
// process group, collective, dtype, message sizes and stream), with algorithm and bus bandwidth by the
// nccl-tests conventions (PERFORMANCE.md):
//   algbw = S / t, S = the larger of the input and output message in bytes (nccl-tests counts the full
//   gathered buffer for allgather and the full input for reducescatter);
//   busbw = algbw x factor, factor = 2(n-1)/n allreduce, (n-1)/n allgather / reducescatter / alltoall,
//   1 broadcast / reduce / send / recv, n = group size.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/profile.hpp"

namespace llmsa::analysis {

// Bytes per element of a PyTorch dtype name as Kineto prints it ("BFloat16", "Float", "Long", ...);
// nullopt when unknown.
std::optional<int> dtype_bytes(std::string_view dtype);
// nccl-tests bus-bandwidth factor of a collective ("allreduce", "all_gather", "_allgather_base", ...)
// for n ranks; nullopt for an unknown collective or n < 1.
std::optional<double> busbw_factor(std::string_view collective, int n);

struct NcclCollectiveGroup {
  std::string process_group, process_group_ranks, collective, dtype;
  int group_size = 0;
  std::int64_t in_nelems = 0, out_nelems = 0;
  std::string in_split, out_split;
  int stream = -1;
  std::optional<double> in_msg_mb, out_msg_mb;  // nelems x dtype bytes / 2^20 (TraceLens "MB")
  std::int64_t count = 0;
  double dur_sum_us = 0, dur_mean_us = 0, dur_std_us = 0, dur_min_us = 0, dur_max_us = 0;  // std ddof 1 (pandas)
  std::optional<double> algbw_gbps, busbw_gbps;  // from dur_mean, GB/s = 1e9 B/s
  std::vector<std::uint32_t> events;
};

struct NcclSummary {
  int rank = -1;
  std::vector<NcclCollectiveGroup> groups;  // sorted by process group, collective, dtype, sizes, stream
  std::int64_t collective_events = 0;
  std::int64_t events_without_size = 0;     // collective kernels that carried no message size
};

NcclSummary summarize_nccl(const trace::RankEvents& events);

}  // namespace llmsa::analysis
