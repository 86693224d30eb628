#include "report/report_limitations.hpp"

#include <fmt/format.h>

#include "evidence/evidence_writers.hpp"

namespace llmsa::report {

namespace {

void file_limitations(const trace::FileReadReport& f, std::vector<Limitation>& out) {
  const std::string scope = "file " + f.path;
  if (!f.read) out.push_back({scope, "file not read", f.notes.empty() ? "no reader for " + f.format : f.notes.front(), {}});
  if (!f.error.empty()) out.push_back({scope, "file not (fully) read", f.error, {}});
  if (f.read && f.error.empty() && f.rows_read > 0 && f.events == 0)
    out.push_back({scope, "no usable rows", fmt::format("{} rows read, none kept", f.rows_read), {}});
  for (const auto& [reason, n] : f.rejected_by_reason) {
    std::string where;
    for (const auto& ex : f.rejected_examples)
      if (ex.reason == reason) {
        where = ex.line >= 0 ? fmt::format(" (first at line {})", ex.line)
                             : fmt::format(" (first at row {})", ex.row);
        break;
      }
    out.push_back({scope, fmt::format("{} of {} rows rejected", n, f.rows_read), reason + where, {}});
  }
  for (const auto& note : f.notes)
    if (f.read) out.push_back({scope, "partial file", note, {}});
}

}  // namespace

std::vector<Limitation> collect_limitations(const trace::Capture& capture, const analysis::ProfileAnalysis& analysis,
                                            const std::vector<std::string>& input_problems,
                                            const std::vector<Limitation>& outputs) {
  std::vector<Limitation> out;
  for (const auto& p : input_problems) out.push_back({"input", "path not analysed", p, {}});
  out.insert(out.end(), outputs.begin(), outputs.end());
  for (const auto& n : analysis.notes) out.push_back({"capture", "analysis", n, {}});
  for (const auto& f : capture.cluster_files) file_limitations(f, out);
  for (std::size_t r = 0; r < capture.ranks.size(); ++r) {
    const trace::RankProfile& rank = capture.ranks[r];
    const std::string scope = fmt::format("rank {}", rank.events.rank);
    for (const auto& f : rank.files) file_limitations(f, out);
    for (const auto& n : rank.notes) out.push_back({scope, "missing input", n, {}});
    if (r < analysis.ranks.size()) {
      const analysis::RankAnalysis& ra = analysis.ranks[r];
      for (const auto& n : ra.notes) out.push_back({scope, "analysis", n, {}});
      bool any_layers = false;
      for (const auto& s : ra.steps) any_layers = any_layers || !s.layers.empty();
      if (!ra.steps.empty() && !any_layers)
        out.push_back({scope, "layer and block view",
                       "no layer anchors were found in any step (or layer segmentation did not run): the layer, "
                       "block and step-type tables are empty for this rank",
                       {}});
      if (ra.step_source == "whole_capture")
        out.push_back({scope, "step segmentation",
                       "no ProfilerStep#N range, STEP_TIME table or Step Id column: the whole capture is one step", {}});
    }
    if (r < analysis.ops.operators.size() && !analysis.ops.operators[r].pipeline_available &&
        analysis.ops.operators[r].device_op_calls > 0)
      out.push_back({scope, "Cube/Vector bound",
                     "no PMU pipeline columns (PipeUtilization, profiler level 1 or higher with aic_metrics): no "
                     "bound_stage / bound_family / memory_bound",
                     {}});
    if (r < analysis.ops.hccl.size() && !analysis.ops.hccl[r].available && !rank.events.sources.empty() &&
        rank.events.sources.front().format.rfind("ascend", 0) == 0)
      out.push_back({scope, "HCCL transit/wait/bandwidth",
                     "no communication.json (or DB communication tables): HCCL op kinds, bandwidth and link figures "
                     "are not available",
                     {}});
  }
  for (const evidence::Finding& f : evidence::sorted_findings(analysis.findings))
    if (!f.limitation.empty())
      out.push_back({"finding " + evidence::finding_id(f), f.type + ": " + f.title, f.limitation, f.evidence_ids});
  return out;
}

}  // namespace llmsa::report
