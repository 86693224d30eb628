#include "report/report_set.hpp"

#include <algorithm>
#include <fstream>
#include <thread>
#include <future>

#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/analysis_json.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "report/raw_kernel_index.hpp"
#include "report/report_evidence.hpp"
#include "report/trace_json.hpp"
#include "report/xlsx_report.hpp"

namespace llmsa::report {

const std::vector<std::string>& report_file_names() {
  static const std::vector<std::string> kNames = {"analysis.json", "findings.json", "evidence_index.csv",
                                                  "raw_kernel_index.csv", kRawKernelSourcesFile, "report.md", "report.xlsx",
                                                  "report.html", "trace.json"};
  return kNames;
}

std::vector<std::filesystem::path> write_all_reports(const std::filesystem::path& dir, const ReportInputs& in) {
  std::vector<std::filesystem::path> written;
  written.push_back(dir / "analysis.json");
  write_analysis_json(written.back(), in.analysis);
  // The analysis's evidence plus the references the human-facing reports cite (file summaries, bubble
  // and layer windows, top operators): every id a report shows resolves in evidence_index.csv.
  const ReportEvidence evidence = build_report_evidence(in.capture, in.analysis);
  static const std::vector<std::string> kNoProblems;
  const std::vector<std::string>& problems = in.input_problems ? *in.input_problems : kNoProblems;
  written.push_back(dir / "findings.json");
  evidence::write_findings_json(written.back(), in.analysis.findings, evidence.index);
  written.push_back(dir / "evidence_index.csv");
  evidence::write_evidence_index_csv(written.back(), evidence.index);
  written.push_back(dir / "report.md");
  write_report_md(written.back(), render_report_md(in.capture, in.analysis, evidence, problems));
  // The three writers whose cost grows with the event count run side by side: each reads the const
  // inputs and writes its own file, so the bytes do not depend on the scheduling. get() rethrows a
  // writer's error; every future is waited for before leaving (their destructors block).
  const std::filesystem::path raw = dir / "raw_kernel_index.csv", xlsx = dir / "report.xlsx", trace = dir / "trace.json";
  auto raw_done = std::async(std::launch::async, [&] {
    return write_raw_kernel_index_csv(raw, in.capture, in.classifier, evidence.source_paths, in.analysis.event_classes);
  });
  // trace.json renders up to four ranks side by side (each rank's text is held until its turn, so
  // more would cost memory more than it saves time).
  const unsigned trace_threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  auto trace_done = std::async(std::launch::async, [&] {
    write_trace_json(trace, in.capture, in.analysis, in.classifier, evidence, trace_threads);
  });
  write_report_xlsx(xlsx, in.capture, in.analysis, in.classifier, evidence, problems);
  const std::vector<std::filesystem::path> raw_files = raw_done.get();
  trace_done.get();
  written.insert(written.end(), raw_files.begin(), raw_files.end());
  written.insert(written.end(), {xlsx, trace});
  written.push_back(dir / "report.html");
  write_html_report(written.back(), in);
  return written;
}

}  // namespace llmsa::report
