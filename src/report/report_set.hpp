#pragma once
// Every file `llmsa profile -o DIR` (and `llmsa demo`) writes, in one call, so that the CLI stays a
// thin driver and the demo writes exactly what a real profile gets. Each renderer lives in its own
// file of this layer; this file only lists them.
#include <filesystem>
#include <vector>

#include "analysis/kernel_classifier.hpp"
#include "analysis/profile_analysis.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

struct ReportInputs {
  const trace::Capture& capture;
  const analysis::ProfileAnalysis& analysis;
  const analysis::KernelClassifier& classifier;
};

// Writes every report into `dir` (which must exist) and returns the files written, in write order.
// Throws llmsa::Error when a file cannot be written or the evidence chain is broken.
std::vector<std::filesystem::path> write_all_reports(const std::filesystem::path& dir, const ReportInputs& in);

}  // namespace llmsa::report
