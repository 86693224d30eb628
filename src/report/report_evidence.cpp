#include "report/report_evidence.hpp"

#include <algorithm>

#include "analysis/device_tasks.hpp"
#include "analysis/findings_ops.hpp"
#include "analysis/operator_summary.hpp"
#include "report/longest_items.hpp"

namespace llmsa::report {

using evidence::EvidenceKind;

namespace {

std::vector<std::string> window_ids(const trace::RankProfile& rank, std::uint32_t first, std::uint32_t second,
                                    EvidenceKind kind, const std::string& summary, evidence::EvidenceIndex& index) {
  std::vector<std::uint32_t> events;
  for (std::uint32_t e : {first, second})
    if (e != analysis::kNoEvent && e < rank.events.size()) events.push_back(e);
  if (events.empty()) return {};
  return analysis::add_event_evidence(rank, events, kind, summary, index);
}

// The kReportTopBubbles longest bubbles of a rank (ties: the earlier one), in time order.
std::vector<BubbleRef> longest_bubbles(const std::vector<analysis::StepAnalysis>& steps) {
  LongestItems<BubbleRef> longest(kReportTopBubbles);
  for (std::uint32_t s = 0; s < steps.size(); ++s)
    for (std::uint32_t b = 0; b < steps[s].bubbles.size(); ++b) {
      const analysis::BubbleWindow& w = steps[s].bubbles[b];
      longest.offer(w.end_ns - w.start_ns, {s, b});
    }
  return longest.take();
}

}  // namespace

ReportEvidence build_report_evidence(const trace::Capture& capture, const analysis::ProfileAnalysis& analysis) {
  ReportEvidence out;
  out.index = analysis.evidence;
  out.profile_root = analysis.profile_root;
  // Sources are registered by the analysis; registering again is a no-op and keeps the index
  // complete when an analysis ran without registering them.
  analysis::register_capture_sources(capture, out.index);
  for (const evidence::EvidenceSource* s : out.index.sorted_sources()) {
    if (s->row_count <= 0) continue;
    evidence::EvidenceRef ref;
    ref.kind = EvidenceKind::kFileSummary;
    ref.rank = s->rank;
    ref.source_path = s->path;
    ref.source_format = s->format;
    ref.rows = {0, s->row_count - 1};
    ref.summary = "whole file " + s->format;
    out.file_ids[s->path] = out.index.add(std::move(ref));
  }
  // The index names files relative to the profile root (evidence/profile_root.hpp); renderers look
  // them up by the capture's own paths, so each capture path resolves to the same id.
  out.source_paths = capture_source_paths(capture, out.index);
  auto alias = [&](const std::string& capture_path, const std::string& rel) {
    if (auto it = out.file_ids.find(rel); it != out.file_ids.end() && rel != capture_path) {
      const std::string id = it->second;
      out.file_ids.emplace(capture_path, id);
    }
  };
  for (std::size_t r = 0; r < capture.ranks.size(); ++r)
    for (std::size_t s = 0; s < capture.ranks[r].events.sources.size(); ++s)
      alias(capture.ranks[r].events.sources[s].path, out.source_paths.rank[r][s]);
  for (std::size_t s = 0; s < capture.cluster_sources.size(); ++s)
    alias(capture.cluster_sources[s].path, out.source_paths.cluster[s]);
  for (std::size_t r = 0; r < capture.ranks.size(); ++r) {
    const trace::RankProfile& rank = capture.ranks[r];
    std::vector<std::string> files;
    const analysis::DeviceTaskSources chosen(rank.events);
    for (std::size_t s = 0; s < rank.events.sources.size(); ++s)
      if (chosen.chosen_for_any(s))
        if (auto it = out.file_ids.find(rank.events.sources[s].path); it != out.file_ids.end()) files.push_back(it->second);
    out.rank_files.push_back(std::move(files));

    auto& ops = out.operators.emplace_back();
    auto& aicpu = out.aicpu.emplace_back();
    if (r < analysis.ops.operators.size()) {
      const analysis::OperatorSummary& s = analysis.ops.operators[r];
      auto add_op = [&](std::size_t i) {
        if (ops.count(i) || i >= s.operators.size()) return;
        const auto& a = s.operators[i];
        ops[i] = analysis::add_event_evidence(rank, a.events, EvidenceKind::kOperatorAggregate,
                                              "every call of operator " + a.name, out.index);
      };
      for (std::size_t i = 0; i < s.operators.size() && i < kReportTopOperators; ++i) add_op(i);
      for (std::size_t i = 0; i < s.by_total_cost.size() && i < kReportTopOperators; ++i) add_op(s.by_total_cost[i]);
      for (const auto& m : s.aicpu)
        aicpu.push_back(analysis::add_event_evidence(rank, m.events, EvidenceKind::kOperatorAggregate,
                                                     "every call of AICPU operator " + m.name, out.index));
    }
    auto& bubbles = out.bubbles.emplace_back();
    auto& layers = out.layers.emplace_back();
    auto& listed = out.listed_bubbles.emplace_back();
    auto& count = out.bubble_count.emplace_back(0);
    if (r >= analysis.ranks.size()) continue;
    const auto& steps = analysis.ranks[r].steps;
    listed = longest_bubbles(steps);
    count = 0;
    for (const analysis::StepAnalysis& step : steps) {
      count += step.bubbles.size();
      bubbles.emplace_back(step.bubbles.size());
    }
    for (const BubbleRef& b : listed) {
      const analysis::BubbleWindow& w = steps[b.step].bubbles[b.bubble];
      bubbles[b.step][b.bubble] =
          window_ids(rank, w.event_before, w.event_after, EvidenceKind::kBubbleWindow,
                     "rows before and after a device idle gap of step " + steps[b.step].step, out.index);
    }
    std::size_t layers_left = kReportListedLayers;
    for (const analysis::StepAnalysis& step : steps) {
      auto& l_ids = layers.emplace_back();
      for (const analysis::LayerSpan& l : step.layers) {
        if (layers_left == 0) {
          l_ids.emplace_back();
          continue;
        }
        --layers_left;
        l_ids.push_back(window_ids(rank, l.first_event, l.last_event, EvidenceKind::kLayerWindow,
                                   "first and last row of layer " + std::to_string(l.index) + " of step " + step.step,
                                   out.index));
      }
    }
  }
  const auto& coll = analysis.ops.cross_rank.collectives;
  for (std::size_t i = 0; i < coll.size() && i < kReportTopCollectives; ++i)
    out.collectives.push_back(analysis::add_row_evidence(capture, coll[i].rows, EvidenceKind::kCollective,
                                                         "collective " + coll[i].op_name + " on each rank", out.index));
  return out;
}

}  // namespace llmsa::report
