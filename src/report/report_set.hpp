#pragma once
// Every file `llmsa profile -o DIR` (and `llmsa demo`) writes, in one call, so that the CLI stays a
// thin driver and the demo writes exactly what a real profile gets. Each renderer lives in its own
// file of this layer; this file only lists them.
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/kernel_classifier.hpp"
#include "analysis/profile_analysis.hpp"
#include "report/trace_event_budget.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

struct ReportInputs {
  const trace::Capture& capture;
  const analysis::ProfileAnalysis& analysis;
  const analysis::KernelClassifier& classifier;
  // What discovery could not use among the given paths (IngestResult::problems); nullptr: none known.
  const std::vector<std::string>* input_problems = nullptr;
  // trace.json's original events at most (trace_event_budget.hpp); kTraceEventsAll: every event.
  std::int64_t trace_event_budget = kDefaultTraceEventBudget;
};

// The names of every file write_all_reports may write (including renderers not in this build), so
// that `profile -o DIR --force` removes exactly llmsa's own files and nothing else.
const std::vector<std::string>& report_file_names();

// Writes every report into `dir` (which must exist) and returns the files written, in write order.
// Throws llmsa::Error when a file cannot be written or the evidence chain is broken.
std::vector<std::filesystem::path> write_all_reports(const std::filesystem::path& dir, const ReportInputs& in);

}  // namespace llmsa::report
