#pragma once
// HCCL communication of one rank from communication.json / communication_matrix.json (or their DB
// tables): op kinds, transit / wait / sync / idle time per kind, bandwidth per transport (HCCS, SDMA,
// RDMA, PCIE, SIO) against the link's expected bandwidth, and per-link figures of the matrix.
// "Total Op Info" entries are summaries the profiler writes next to the ops; they are skipped so
// nothing is counted twice (ascend-profiling.md A.10 "skip Total*").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hw/device.hpp"
#include "trace/profile.hpp"

namespace llmsa::analysis {

// HCCL op kind from an op name or Type (A.5, case-insensitive prefix): allreduce, allgather,
// reducescatter, alltoallv, broadcast, send_recv, barrier, reduce, other.
std::string hccl_op_kind(std::string_view op_name_or_type);
// True for profiler summary entries ("Total Op Info").
bool is_total_entry(std::string_view op_name);

struct HcclKindSummary {
  std::string kind;
  std::int64_t calls = 0;
  double elapse_ms = 0, transit_ms = 0, wait_ms = 0, sync_ms = 0, idle_ms = 0;
  double elapse_p50_ms = 0, elapse_p90_ms = 0, elapse_max_ms = 0;  // nearest-rank percentiles
  double wait_share = 0;  // wait / elapse
  std::vector<trace::Provenance> rows;  // communication.json records of these ops
};

struct TransportBandwidth {
  std::string transport;  // HCCS, SDMA, RDMA, PCIE, SIO
  std::int64_t ops = 0;   // ops that moved data over it
  double transit_size_mb = 0, transit_ms = 0;
  std::optional<double> bandwidth_gbps;  // size / time (MB/ms = GB/s, the profiler's own formula)
  std::optional<double> expected_gbps;   // per-direction figure of the matching link of the device
  std::string expected_link;             // hardware link name the expectation comes from
  std::optional<double> utilization;     // bandwidth / expected
  std::vector<trace::Provenance> rows;
};

struct LinkFigure {  // one src-dst link of the matrix, summed over its ops
  std::string transport;
  int src_rank = -1, dst_rank = -1;
  std::int64_t ops = 0;
  double transit_size_mb = 0, transit_ms = 0;
  std::optional<double> bandwidth_gbps;
  std::vector<trace::Provenance> rows;
};

struct HcclSummary {
  int rank = -1;
  std::vector<HcclKindSummary> kinds;           // sorted by kind
  std::vector<TransportBandwidth> transports;   // sorted by transport
  std::vector<LinkFigure> links;                // sorted by transport, src, dst
  bool available = false;                       // communication.json (or DB) was read
};

// `device`: the hardware whose links give expected bandwidth (nullptr: no expectation). HCCS / SIO /
// SDMA map to the scale-up link, RDMA to scale-out, PCIE to a PCIe 4.0 x16 figure only when the
// device's own scale-up link is PCIe.
HcclSummary summarize_hccl(const trace::RankProfile& rank, const hw::Device* device);

}  // namespace llmsa::analysis
