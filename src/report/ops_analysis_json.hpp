#pragma once
// JSON of part B of the profile analysis (operators, communication, cross-rank), for analysis.json.
// Times are µs (suffix _us) or ms where the source file speaks ms (communication.json, suffix _ms);
// absent values are null, never 0. Event lists are not written (raw_kernel_index.csv and the evidence
// index carry rows); counts are.
#include <nlohmann/json.hpp>

#include "analysis/findings_ops.hpp"

namespace llmsa::report {

nlohmann::json bound_to_json(const analysis::BoundClass& b);
nlohmann::json operators_to_json(const analysis::OperatorSummary& s, std::size_t max_operators = 200);
nlohmann::json hccl_to_json(const analysis::HcclSummary& s);
nlohmann::json nccl_to_json(const analysis::NcclSummary& s);
nlohmann::json overlap_to_json(const analysis::CommOverlap& s);
nlohmann::json cross_rank_to_json(const analysis::CrossRankSummary& s);
// {"ranks": [{"rank", "operators", "hccl", "nccl", "comm_overlap"}], "cross_rank": {...}}
nlohmann::json ops_analysis_to_json(const analysis::OpsAnalysis& a);

}  // namespace llmsa::report
