#include "report/report_set.hpp"

#include <fstream>

#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/analysis_json.hpp"
#include "report/html_report.hpp"
#include "report/raw_kernel_index.hpp"

namespace llmsa::report {

std::vector<std::filesystem::path> write_all_reports(const std::filesystem::path& dir, const ReportInputs& in) {
  std::vector<std::filesystem::path> written;
  {
    const std::filesystem::path file = dir / "analysis.json";
    std::ofstream out(file);
    out << analysis_json(in.analysis).dump(2) << "\n";
    if (!out) throw Error(ErrorKind::kBadInput, {file.string(), -1, -1, "-o"}, "cannot write analysis.json");
    written.push_back(file);
  }
  written.push_back(dir / "findings.json");
  evidence::write_findings_json(written.back(), in.analysis.findings, in.analysis.evidence);
  written.push_back(dir / "evidence_index.csv");
  evidence::write_evidence_index_csv(written.back(), in.analysis.evidence);
  written.push_back(dir / "raw_kernel_index.csv");
  write_raw_kernel_index_csv(written.back(), in.capture, in.classifier, in.analysis.profile_root);
  written.push_back(dir / "report.html");
  write_html_report(written.back(), in);
  return written;
}

}  // namespace llmsa::report
