#pragma once
// communication.json, communication_matrix.json (per rank) and the msprof-analyze cluster files
// cluster_communication.json (old layout keyed by rank tuple, new layout keyed by p2p/collective)
// and cluster_communication_matrix.json. Structures: reference ascend-profiling.md C.7, C.8, Part D.
#include "trace/input_buffer.hpp"
#include "trace/profile.hpp"

namespace llmsa::trace::ascend {

inline constexpr const char* kCommunicationFormat = "ascend.communication.json";
inline constexpr const char* kCommMatrixFormat = "ascend.communication_matrix.json";
inline constexpr const char* kClusterCommFormat = "ascend.cluster_communication.json";
inline constexpr const char* kClusterMatrixFormat = "ascend.cluster_communication_matrix.json";

// One record per op (keys starting with "Total" are aggregates and are skipped, with a note).
void read_communication_json(InputBuffer& in, std::uint16_t source, std::vector<CommOpRow>& ops,
                             std::vector<CommBandwidthRow>& bandwidth, FileReadReport& report);
// One record per link ("src-dst").
void read_communication_matrix_json(InputBuffer& in, std::uint16_t source, std::vector<CommLinkRow>& links,
                                    FileReadReport& report);
// One record per (op, rank) entry; both layouts.
void read_cluster_communication_json(InputBuffer& in, std::uint16_t source, std::vector<ClusterCommRow>& rows,
                                     FileReadReport& report);
void read_cluster_communication_matrix_json(InputBuffer& in, std::uint16_t source, std::vector<CommLinkRow>& links,
                                            FileReadReport& report);

// "hcom_allReduce__586_0_1@1752..." -> {"hcom_allReduce__586_0_1", "1752..."}.
std::pair<std::string, std::string> split_op_key(const std::string& key);

}  // namespace llmsa::trace::ascend
