#include "report/report_set.hpp"

#include <algorithm>
#include <fstream>
#include <thread>
#include <functional>
#include <future>

#include "analysis/rank_parallel.hpp"
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
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::filesystem::path analysis_json = dir / "analysis.json";
  // analysis.json needs only the analysis: it is written while the evidence is built (the future's
  // get() below rethrows its error; its destructor waits for it on any exit).
  auto analysis_json_done = std::async(std::launch::async, [&] { write_analysis_json(analysis_json, in.analysis); });
  // The analysis's evidence plus the references the human-facing reports cite (file summaries, bubble
  // and layer windows, top operators): every id a report shows resolves in evidence_index.csv.
  const ReportEvidence evidence = build_report_evidence(in.capture, in.analysis);
  static const std::vector<std::string> kNoProblems;
  const std::vector<std::string>& problems = in.input_problems ? *in.input_problems : kNoProblems;
  // trace.json's events are chosen first: the limitations of report.md and report.xlsx say what the file
  // leaves out.
  const TraceSelection trace_events =
      select_trace_events(in.capture, in.analysis, evidence, in.trace_event_budget, cores);
  std::vector<Limitation> output_limits;
  if (trace_events.cut) output_limits.push_back({"file trace.json", "events left out", trace_cut_sentence(trace_events), {}});

  // Every other file depends only on the const inputs above, so the writers run side by side on the
  // cores there are, each writing its own file: the bytes never depend on the scheduling, and the
  // returned list has a fixed order. Tasks are taken in this order, the costliest first (measured with
  // bench_report_writers at 8 ranks x 1M kernels: html and xlsx hold the longest serial runs), so that
  // the short ones fill in behind them. An error is rethrown after every writer has finished.
  const std::filesystem::path findings = dir / "findings.json", index = dir / "evidence_index.csv",
                              md = dir / "report.md", raw = dir / "raw_kernel_index.csv", xlsx = dir / "report.xlsx",
                              trace = dir / "trace.json", html = dir / "report.html";
  std::vector<std::filesystem::path> raw_files;
  const std::vector<std::function<void()>> tasks = {
      [&] { write_html_report(html, in); },
      [&] {
        write_report_xlsx(xlsx, in.capture, in.analysis, in.classifier, evidence, problems, {}, output_limits);
      },
      [&] {
        raw_files = write_raw_kernel_index_csv(raw, in.capture, in.classifier, evidence.source_paths,
                                               in.analysis.event_classes);
      },
      // Ranks rendered one at a time (streamed): the cores are busy with the other writers.
      [&] { write_trace_json(trace, in.capture, in.analysis, in.classifier, evidence, trace_events, 1); },
      [&] { write_report_md(md, render_report_md(in.capture, in.analysis, evidence, problems, output_limits)); },
      [&] { evidence::write_findings_json(findings, in.analysis.findings, evidence.index); },
      [&] { evidence::write_evidence_index_csv(index, evidence.index); },
  };
  analysis::for_each_rank(tasks.size(), cores, [&](std::size_t t) { tasks[t](); });
  analysis_json_done.get();
  std::vector<std::filesystem::path> written = {analysis_json, findings, index, md};
  written.insert(written.end(), raw_files.begin(), raw_files.end());
  written.insert(written.end(), {xlsx, trace, html});
  return written;
}

}  // namespace llmsa::report
