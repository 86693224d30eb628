// report.md sections 3-6: step timeline and anatomy, where time goes, pipeline coverage and bound
// families, layer and block view.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/markdown_sections.hpp"
#include "report/markdown_table.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

namespace {

// ▁▂▃▄▅▆▇█ per step wall, relative to the longest step of the rank: the shape of the step sequence.
std::string sparkline(const std::vector<analysis::StepAnalysis>& steps) {
  static const char* const kBars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::int64_t max = 0;
  for (const auto& s : steps) max = std::max(max, s.time.wall_ns);
  std::string out;
  for (std::size_t i = 0; i < steps.size() && i < 120; ++i) {
    const double f = max > 0 ? static_cast<double>(steps[i].time.wall_ns) / static_cast<double>(max) : 0;
    out += kBars[std::clamp(static_cast<int>(f * 7.999), 0, 7)];
  }
  return out;
}

std::string step_type_text(const analysis::StepAnalysis& s) {
  return s.step_type_reason.empty() ? md_cell(s.step_type) : md_cell(s.step_type) + " — " + md_cell(s.step_type_reason);
}

}  // namespace

void md_step_timeline(const MdContext& c, std::string& out) {
  out += "## 3. Step timeline and anatomy\n\n"
         "Anatomy of each step window (reference A.7): in a step where layers were found, *head* = window start "
         "to the first layer's start, *main* = first layer's start to last layer's end, *tail* = last layer's end "
         "to window end; in a step without layers, the same with the first and last device work in place of the "
         "layers. Bubbles are placed in head, main or tail by the same boundaries. *idle* = wall − busy (busy is "
         "the union of device work over all streams); *underfeed* = idle / wall.\n\n";
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r) {
    const auto& ra = c.analysis.ranks[r];
    out += fmt::format("### Rank {} — {} steps from {}\n\n", ra.rank, ra.steps.size(), md_cell(ra.step_source));
    if (ra.steps.empty()) {
      out += "No step window (no device events).\n\n";
      continue;
    }
    if (ra.steps.size() > 1) out += fmt::format("Step wall, in order: `{}`\n\n", sparkline(ra.steps));
    MdTable t({"step", "type", "wall ms:", "busy ms:", "head ms:", "main ms:", "tail ms:", "idle ms:", "underfeed:",
               "bubbles:", "longest bubble ms:", "evidence"});
    for (std::size_t i = 0; i < ra.steps.size() && i < kMdMaxSteps; ++i) {
      const auto& s = ra.steps[i];
      const auto& b = s.time;
      t.row({md_cell(s.step), md_cell(s.step_type), fixed3(ns_to_ms(b.wall_ns)), fixed3(ns_to_ms(b.busy_ns)),
             fixed3(ns_to_ms(b.head_ns)), fixed3(ns_to_ms(b.main_ns)), fixed3(ns_to_ms(b.tail_ns)),
             fixed3(ns_to_ms(b.idle_ns)), percent(share_of(b.idle_ns, b.wall_ns)), std::to_string(b.bubble_count),
             fixed3(ns_to_ms(b.longest_bubble_ns)), md_ids(c.rank_files(r), 1)});
    }
    out += t.render();
    if (ra.steps.size() > kMdMaxSteps)
      out += fmt::format("{} more steps in report.xlsx, sheet *step*.\n\n", ra.steps.size() - kMdMaxSteps);
    // Step types, when the structure analysis classified them.
    std::map<std::string, int> types;
    for (const auto& s : ra.steps) ++types[s.step_type];
    if (!(types.size() == 1 && types.count("unknown"))) {
      out += "Step types: ";
      bool first = true;
      for (const auto& [k, n] : types) {
        out += fmt::format("{}{} ×{}", first ? "" : ", ", md_cell(k), n);
        first = false;
      }
      out += fmt::format(" (first step: {}).\n\n", step_type_text(ra.steps.front()));
    }
  }
}

void md_where_time_goes(const MdContext& c, std::string& out) {
  out += "## 4. Where time goes\n\n### Per rank (whole capture window)\n\n";
  MdTable t({"rank", "wall ms:", "compute ms:", "communication ms:", "overlapped ms:", "exposed comm ms:",
             "memcpy ms:", "idle ms:", "busy share", "evidence"});
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r) {
    const auto& b = c.analysis.ranks[r].capture;
    const double busy = share_of(b.busy_ns, b.wall_ns);
    t.row({std::to_string(c.analysis.ranks[r].rank), fixed3(ns_to_ms(b.wall_ns)), fixed3(ns_to_ms(b.compute_ns)),
           fixed3(ns_to_ms(b.communication_ns)), fixed3(ns_to_ms(b.overlapped_ns)),
           fixed3(ns_to_ms(b.exposed_communication_ns)), fixed3(ns_to_ms(b.memcpy_ns)), fixed3(ns_to_ms(b.idle_ns)),
           share_bar(busy) + " " + percent(busy), md_ids(c.rank_files(r), 1)});
  }
  out += t.render();
  out += "### Per step, by category (op role)\n\n"
         "Each role's time is the union of its events inside the step, so a role is counted once even on several "
         "streams; shares are of the step's busy time and can sum above 100% when roles overlap.\n\n";
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r) {
    const auto& ra = c.analysis.ranks[r];
    MdTable s({"step", "role", "time ms:", "share of busy", "share of wall:", "events:"});
    for (std::size_t i = 0; i < ra.steps.size() && i < kMdMaxSteps; ++i)
      for (std::size_t k = 0; k < ra.steps[i].where_time_goes.size() && k < 6; ++k) {
        const auto& role = ra.steps[i].where_time_goes[k];
        s.row({k == 0 ? md_cell(ra.steps[i].step) : std::string(""), md_cell(role.role),
               fixed3(ns_to_ms(role.time_ns)), share_bar(role.share_of_busy) + " " + percent(role.share_of_busy),
               percent(role.share_of_wall), std::to_string(role.events)});
      }
    if (s.empty()) continue;
    out += fmt::format("Rank {} (evidence {}):\n\n", ra.rank, md_ids(c.rank_files(r), 2));
    out += s.render();
  }
}

void md_pipeline(const MdContext& c, std::string& out) {
  out += "## 5. Pipeline coverage and bound families\n\n"
         "Bound from the PMU PipeUtilization columns (ascend-profiling.md A.4): *bound family* is the pipe family "
         "with most time (cube, vector, aic_mte, aiv_mte, scalar; *mixed* within 10%); *memory_bound* = mte2_ratio / "
         "max(mac_ratio, vec_ratio), above 1 means memory bound.\n\n";
  for (std::size_t r = 0; r < c.analysis.ops.operators.size(); ++r) {
    const auto& s = c.analysis.ops.operators[r];
    out += fmt::format("### Rank {}\n\n", s.rank);
    out += fmt::format("- PMU pipeline columns: **{}**\n", s.pipeline_available ? "present" : "absent");
    if (!s.attention_family.empty())
      out += fmt::format("- Attention family: **{}**{}\n", md_cell(s.attention_family),
                         s.attention_family_heuristic ? " (heuristic rule: low confidence)" : "");
    if (!s.rank_bound.bound_family.empty())
      out += fmt::format("- Whole rank: bound family **{}**, stage {}, dominant core {}{}\n",
                         md_cell(s.rank_bound.bound_family), md_cell(s.rank_bound.bound_stage),
                         md_cell(s.rank_bound.dominant_core),
                         s.rank_bound.memory_bound ? ", memory_bound " + fixed3(*s.rank_bound.memory_bound) : "");
    out += fmt::format("- Evidence: {}\n\n", md_ids(c.rank_files(r), 2));
    MdTable t({"op type", "calls:", "duration ms:", "bound stage", "bound family", "dominant core", "memory_bound:",
               "verdict"});
    for (const auto& b : s.op_type_bounds)
      t.row({md_cell(b.op_type), std::to_string(b.calls), fixed3(ns_to_ms(b.duration_sum_ns)),
             md_cell(b.bound.bound_stage), md_cell(b.bound.bound_family), md_cell(b.bound.dominant_core),
             b.bound.memory_bound ? fixed3(*b.bound.memory_bound) : std::string("-"), md_cell(b.bound.memory_verdict)});
    if (!t.empty()) out += t.render();
  }
}

void md_layers(const MdContext& c, std::string& out) {
  out += "## 6. Layer and block view\n\n";
  bool any = false;
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r) {
    const auto& ra = c.analysis.ranks[r];
    for (std::size_t si = 0; si < ra.steps.size(); ++si) {
      const auto& s = ra.steps[si];
      if (s.layers.empty()) continue;
      if (!any) out += "Layers are delimited by anchor kernels (attention > MoE > matmul > block head, A.7); blocks "
                       "split a layer into attention and FFN/MoE.\n\n";
      any = true;
      out += fmt::format("### Rank {} step {} — {} layers, type {}\n\n", ra.rank, md_cell(s.step), s.layers.size(),
                         step_type_text(s));
      MdTable t({"layer", "anchor", "wall ms:", "busy ms:", "events:", "blocks", "evidence"});
      for (std::size_t li = 0; li < s.layers.size() && li < kMdMaxRows * 4; ++li) {
        const auto& l = s.layers[li];
        std::string blocks;
        for (const auto& b : l.blocks)
          blocks += fmt::format("{}{}{} {} ms", blocks.empty() ? "" : "; ", md_cell(b.kind),
                                b.family.empty() ? "" : " (" + md_cell(b.family) + ")", fixed3(ns_to_ms(b.busy_ns)));
        const std::vector<std::string>* ids = nullptr;
        if (r < c.evidence.layers.size() && si < c.evidence.layers[r].size() && li < c.evidence.layers[r][si].size())
          ids = &c.evidence.layers[r][si][li];
        t.row({std::to_string(l.index), md_cell(l.anchor_kind), fixed3(ns_to_ms(l.end_ns - l.start_ns)),
               fixed3(ns_to_ms(l.busy_ns)), std::to_string(l.event_count), blocks,
               ids ? md_ids(*ids, 2) : std::string("none")});
      }
      out += t.render();
      break;  // one step per rank here; every layer of every step is in report.xlsx (sheets layer, block)
    }
  }
  if (!any)
    out += "Not available: no step of any rank has a layer segmentation (no layer anchors were found, or the "
           "structure analysis did not run on this capture). The layer, block and bubble-window sheets of "
           "report.xlsx are empty for the same reason.\n\n";
  // Bubble windows: the longest few of the capture.
  struct Row {
    std::int64_t len;
    int rank;
    std::string step;
    const analysis::BubbleWindow* b;
    const std::vector<std::string>* ids;
  };
  static_assert(kReportTopBubbles >= kMdMaxRows);
  static_assert(kReportListedLayers >= kMdMaxRows * 4);
  // The longest of each rank are listed (ReportEvidence::listed_bubbles, at least kMdMaxRows per rank),
  // so the capture's longest are among them; the total counts every bubble.
  std::vector<Row> rows;
  std::size_t total = 0;
  for (std::size_t r = 0; r < c.analysis.ranks.size() && r < c.evidence.listed_bubbles.size(); ++r) {
    if (r < c.evidence.bubble_count.size()) total += c.evidence.bubble_count[r];
    for (const BubbleRef& ref : c.evidence.listed_bubbles[r]) {
      const auto& s = c.analysis.ranks[r].steps[ref.step];
      const auto& b = s.bubbles[ref.bubble];
      rows.push_back({b.end_ns - b.start_ns, c.analysis.ranks[r].rank, s.step, &b, &c.evidence.bubbles[r][ref.step][ref.bubble]});
    }
  }
  if (rows.empty()) return;
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.len > b.len; });
  out += fmt::format("### Longest bubble windows ({} in total)\n\n", total);
  MdTable t({"rank", "step", "start µs:", "length ms:", "where", "host bound", "cause", "evidence"});
  for (std::size_t i = 0; i < rows.size() && i < kMdMaxRows; ++i) {
    const auto& w = *rows[i].b;
    t.row({std::to_string(rows[i].rank), md_cell(rows[i].step), exact_us(w.start_ns), fixed3(ns_to_ms(rows[i].len)),
           md_cell(w.location), w.host_bound ? "yes" : "no", md_cell(w.cause),
           rows[i].ids ? md_ids(*rows[i].ids, 2) : std::string("none")});
  }
  out += t.render();
}

}  // namespace llmsa::report
