#pragma once
// Evidence ids for the claims a report makes that are not findings: the tables of measured numbers
// (ranks, steps, operators) point at the files they were computed from, and each bubble and layer at
// the rows that open and close it. Nothing is measured here; the analysis's own evidence index is
// copied and completed with references the report needs, so every id a report shows resolves in the
// evidence_index.csv written beside it (report_set.cpp writes this completed index).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "evidence/evidence_index.hpp"
#include "report/capture_source_paths.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

// How many operators per ranking and rank, and collectives, get their own row evidence: the ones the
// reports show one by one. The rest are covered by the rank's file evidence.
inline constexpr std::size_t kReportTopOperators = 50;
inline constexpr std::size_t kReportTopCollectives = 200;
// Bubble windows per rank listed one by one (with their own evidence ids): the longest ones. A
// host-bound decode capture can have a bubble between most kernel pairs (a million per rank), and a
// row and an evidence entry for each would make the workbook and evidence_index.csv grow with the
// event count while telling a reader nothing the longest ones and the per-step counts do not.
inline constexpr std::size_t kReportTopBubbles = 1000;
// Layers per rank listed one by one in the workbook (layer and block sheets) with their own evidence
// ids: the first ones, in step and layer order. A million-kernel rank has tens of thousands of layers;
// analysis.json keeps every one. 1,000 layers are 16 steps of a 61-layer model (DeepSeek-V3); the
// workbook's layer, block and evidence sheets grow with this number and were its largest cost.
inline constexpr std::size_t kReportListedLayers = 1000;

// A bubble window of one rank: RankAnalysis::steps[step].bubbles[bubble].
struct BubbleRef {
  std::uint32_t step = 0;
  std::uint32_t bubble = 0;
};

struct ReportEvidence {
  evidence::EvidenceIndex index;  // the analysis's index plus the entries below
  // Per capture rank (Capture::ranks order): file_summary ids of the files its device events come from
  // (the sources DeviceTaskSources chooses), the evidence of that rank's time and operator tables.
  std::vector<std::vector<std::string>> rank_files;
  // Per capture rank, step (RankAnalysis::steps order) and bubble / layer: its evidence ids (empty for
  // the bubbles and layers not listed).
  std::vector<std::vector<std::vector<std::vector<std::string>>>> bubbles, layers;
  // Per capture rank: the bubbles listed one by one (the kReportTopBubbles longest, ties by position),
  // in time order (step, then bubble), and how many bubbles the rank has in all.
  std::vector<std::vector<BubbleRef>> listed_bubbles;
  std::vector<std::size_t> bubble_count;
  // Per capture rank: operator aggregate index (OperatorSummary::operators) -> the ids of its rows, for the
  // top kReportTopOperators of both rankings; AICPU operators likewise (all of them, by index).
  std::vector<std::map<std::size_t, std::vector<std::string>>> operators;
  std::vector<std::vector<std::vector<std::string>>> aicpu;
  // CrossRankSummary::collectives order (the first kReportTopCollectives): the rows on every rank.
  std::vector<std::vector<std::string>> collectives;
  // Every registered source path -> its file_summary id (sources with no rows have none); capture
  // paths are listed too, beside the index's paths relative to the profile root.
  std::map<std::string, std::string, std::less<>> file_ids;
  // ProfileAnalysis::profile_root: evidence names files relative to it (evidence/profile_root.hpp).
  std::string profile_root;
  // Every capture source's path as the index names it, by (rank position, source id).
  CaptureSourcePaths source_paths;
};

ReportEvidence build_report_evidence(const trace::Capture& capture, const analysis::ProfileAnalysis& analysis);

}  // namespace llmsa::report
