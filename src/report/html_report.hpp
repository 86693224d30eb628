#pragma once
// report.html: one self-contained page (inline CSS, script and data; no network request, enforced by
// its Content-Security-Policy) with the executive summary and the analysis' key findings, stacked step
// time per rank and step, a single-step inspector (click a step: anatomy, time split, bubbles with the
// kernels around them, heaviest operators, layers and blocks), category shares, layers and blocks, a
// zoomable multi-stream timeline with bubbles and findings overlaid, the Cube/Vector bound scatter of
// operators, a sortable and filterable operator table whose names open operator cards (one typical
// call with every field of its raw row), finding cards that open the raw rows behind them, and the
// evidence chain. Three focus levels (L1 executive, L2 engineer, L3 raw; ascend-profiling.md A.10)
// show or hide sections, kept in the URL hash. The data is html_report_data(); the page's style and
// script are data/report/report.css and report_<n>_<part>.js, embedded in the binary. Same inputs,
// same bytes.
#include <filesystem>
#include <string>

#include "report/html_report_data.hpp"
#include "report/report_set.hpp"

namespace llmsa::report {

// The whole page as text.
std::string render_html_report(const ReportInputs& in, const HtmlReportCaps& caps = {});

// Writes render_html_report() to `file`; throws llmsa::Error when the file cannot be written.
void write_html_report(const std::filesystem::path& file, const ReportInputs& in);

}  // namespace llmsa::report
