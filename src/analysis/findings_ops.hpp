#pragma once
// Part B of the profile analysis in one call, and its typed findings (ascend-profiling.md A.2, A.8):
// every finding points at evidence ids, and every evidence id at a source file and a row range of the
// capture (RankEvents::sources + source_row for events, Provenance for auxiliary rows, Capture::
// cluster_sources for msprof-analyze files). Low-confidence findings carry their limitation.
//
// Finding types produced: wait_anchor_op, wait_anchor_false_hotspot, aicpu_exposed, operator_memory_bound,
// communication_collective_slow, notify_wait_dominant, rdma_bandwidth_underused, slow_rank_confirmed,
// slow_rank_step_trace, ep_load_imbalance_suspected, reduced_work_or_dummy_rank.
#include <vector>

#include "analysis/comm_hccl.hpp"
#include "analysis/comm_nccl.hpp"
#include "analysis/comm_overlap.hpp"
#include "analysis/cross_rank_summary.hpp"
#include "analysis/operator_summary.hpp"
#include "evidence/evidence_index.hpp"
#include "evidence/finding.hpp"
#include "hw/device.hpp"

namespace llmsa::analysis {

struct OpsAnalysis {  // one entry per capture rank, in Capture::ranks order
  std::vector<OperatorSummary> operators;
  std::vector<HcclSummary> hccl;
  std::vector<NcclSummary> nccl;
  std::vector<CommOverlap> overlap;
  CrossRankSummary cross_rank;
};

// `device` gives expected link bandwidth (nullptr: none). The per-rank parts run on up to `threads`
// threads (0: all cores); the result does not depend on it.
OpsAnalysis analyze_ops(const trace::Capture& capture, const KernelClassifier& classifier, const hw::Device* device,
                        const Thresholds& thresholds = Thresholds::builtin(), unsigned threads = 1);
// The same with every rank's events already classified (`classes[i]` built from capture.ranks[i].events
// with `classifier`).
OpsAnalysis analyze_ops(const trace::Capture& capture, const std::vector<EventClasses>& classes,
                        const KernelClassifier& classifier, const hw::Device* device,
                        const Thresholds& thresholds = Thresholds::builtin(), unsigned threads = 1);

// Registers every input file of the capture (rank files and cluster files) with its row count.
void register_capture_sources(const trace::Capture& capture, evidence::EvidenceIndex& index);

// Evidence for events of one rank: one entry per source file they come from (row range + exact rows).
std::vector<std::string> add_event_evidence(const trace::RankProfile& rank, const std::vector<std::uint32_t>& events,
                                            evidence::EvidenceKind kind, const std::string& summary,
                                            evidence::EvidenceIndex& index);
// Evidence for auxiliary rows (communication.json records, step-trace rows, cluster files).
std::vector<std::string> add_row_evidence(const trace::Capture& capture, const std::vector<RankRow>& rows,
                                          evidence::EvidenceKind kind, const std::string& summary,
                                          evidence::EvidenceIndex& index);

// The findings of OpsAnalysis; evidence is added to `index` (sources must be registered first).
std::vector<evidence::Finding> build_ops_findings(const trace::Capture& capture, const OpsAnalysis& analysis,
                                                  evidence::EvidenceIndex& index,
                                                  const Thresholds& thresholds = Thresholds::builtin());

}  // namespace llmsa::analysis
