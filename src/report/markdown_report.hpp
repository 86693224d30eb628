#pragma once
// report.md: the analysis as a document a person reads top to bottom (ascend-profiling.md A.10's
// sections, reordered for reading): executive summary with the three things that matter most; capture
// and segmentation; step timeline and anatomy; where time goes per step and rank; pipeline coverage
// and bound families; layer and block view; operators (both rankings); communication; cross-rank;
// findings inventory; evidence chain; limitations. Every claim carries evidence ids that resolve in
// the evidence_index.csv written with it (report_evidence.hpp). Deterministic: same input, same bytes.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "report/report_evidence.hpp"
#include "report/report_limitations.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

std::string render_report_md(const trace::Capture& capture, const analysis::ProfileAnalysis& analysis,
                             const ReportEvidence& evidence, const std::vector<std::string>& input_problems = {},
                             const std::vector<Limitation>& output_limitations = {});
// Throws llmsa::Error when the file cannot be written.
void write_report_md(const std::filesystem::path& path, const std::string& text);

}  // namespace llmsa::report
