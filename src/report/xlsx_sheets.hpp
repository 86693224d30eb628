#pragma once
// The sheets of report.xlsx (xlsx_report.cpp opens the workbook and calls them in order). Internal.
#include <cstdint>
#include <vector>

#include "analysis/kernel_classifier.hpp"
#include "analysis/profile_analysis.hpp"
#include "report/report_evidence.hpp"
#include "report/report_limitations.hpp"
#include "report/xlsx_report.hpp"
#include "report/xlsx_sheet.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

struct XlsxContext {
  lxw_workbook* wb;
  const XlsxFormats& formats;
  const trace::Capture& capture;
  const analysis::ProfileAnalysis& analysis;
  const analysis::KernelClassifier& classifier;
  const ReportEvidence& evidence;
  const std::vector<Limitation>& limitations;
  XlsxCaps caps;

  // Capture start (first device event) of rank i, the origin of that rank's relative times.
  std::int64_t origin(std::size_t i) const;
  const std::vector<std::string>& rank_files(std::size_t i) const;
};

void sheet_readme(const XlsxContext& c);
void sheet_case(const XlsxContext& c);
void sheet_rank(const XlsxContext& c);
void sheet_step(const XlsxContext& c);
void sheet_step_anatomy(const XlsxContext& c);
void sheet_step_categories(const XlsxContext& c);
void sheet_layer(const XlsxContext& c);
void sheet_block(const XlsxContext& c);
void sheet_operator(const XlsxContext& c);
void sheet_hccl(const XlsxContext& c);
void sheet_hccl_bandwidth(const XlsxContext& c);
void sheet_nccl(const XlsxContext& c);
void sheet_bubbles(const XlsxContext& c);
void sheet_wait_anchors(const XlsxContext& c);
void sheet_aicpu(const XlsxContext& c);
void sheet_cross_rank(const XlsxContext& c);
void sheet_findings(const XlsxContext& c);
void sheet_evidence(const XlsxContext& c);
void sheet_raw_kernels(const XlsxContext& c);

}  // namespace llmsa::report
