#pragma once
// Everything a report could not analyse and why, gathered from what the readers and analyses already
// recorded: files that could not be read, rejected rows by reason, missing optional files and columns
// (RankProfile::notes, FileReadReport::notes), analysis notes, absent structure (no layer
// segmentation, no PMU pipeline columns, no HCCL communication files) and the limitations findings
// state. Rendered by report.md's Limitations section and report.xlsx's README sheet.
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

struct Limitation {
  std::string scope;   // "capture", "rank 3", "file .../kernel_details.csv", "finding fd-..."
  std::string what;    // what could not be analysed (or was only partly analysed)
  std::string why;     // the reason, as recorded
  std::vector<std::string> evidence_ids;  // the rows concerned, when known
};

// In a fixed order: input problems, the outputs' own (`outputs`: e.g. trace.json's event budget cut,
// from the writer that knows), capture, per rank (files, then notes, then structure), findings.
std::vector<Limitation> collect_limitations(const trace::Capture& capture, const analysis::ProfileAnalysis& analysis,
                                            const std::vector<std::string>& input_problems,
                                            const std::vector<Limitation>& outputs = {});

}  // namespace llmsa::report
