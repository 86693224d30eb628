#pragma once
// The sections of report.md (markdown_report.cpp assembles them). Internal to the report layer: each
// function appends one numbered section to `out`. Numbers are formatted, never computed, here.
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "evidence/finding.hpp"
#include "report/report_evidence.hpp"
#include "report/report_limitations.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

// How many rows a section lists one by one before pointing at report.xlsx for the rest.
inline constexpr std::size_t kMdMaxSteps = 30;
inline constexpr std::size_t kMdMaxOperators = 10;
inline constexpr std::size_t kMdMaxRows = 20;

struct MdContext {
  const trace::Capture& capture;
  const analysis::ProfileAnalysis& analysis;
  const ReportEvidence& evidence;
  const std::vector<Limitation>& limitations;
  std::vector<evidence::Finding> findings;  // in findings.json order
  std::vector<std::string> finding_ids;     // finding_id of each, same order
  std::string common_dir;                   // folder shared by every input file ("" when none), shown once

  // A source path without the common folder, for tables.
  std::string short_path(const std::string& path) const;

  // The evidence of rank i's measured tables (its device-event files).
  const std::vector<std::string>& rank_files(std::size_t i) const;
};

void md_executive_summary(const MdContext& c, std::string& out);
void md_capture(const MdContext& c, std::string& out);
void md_step_timeline(const MdContext& c, std::string& out);
void md_where_time_goes(const MdContext& c, std::string& out);
void md_pipeline(const MdContext& c, std::string& out);
void md_layers(const MdContext& c, std::string& out);
void md_operators(const MdContext& c, std::string& out);
void md_communication(const MdContext& c, std::string& out);
void md_cross_rank(const MdContext& c, std::string& out);
void md_findings(const MdContext& c, std::string& out);
void md_evidence_chain(const MdContext& c, std::string& out);
void md_limitations(const MdContext& c, std::string& out);

// "metric = value unit; ..." of a finding (first `max` metrics).
std::string finding_metrics_text(const evidence::Finding& f, std::size_t max = 4);

}  // namespace llmsa::report
