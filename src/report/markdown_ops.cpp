// report.md sections 7-9: operators (both rankings, AICPU), communication, cross-rank.
#include <fmt/format.h>

#include <algorithm>

#include "report/markdown_sections.hpp"
#include "report/markdown_table.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

namespace {

std::string opt3(const std::optional<double>& v) { return v ? fixed3(*v) : std::string("-"); }

const std::vector<std::string>* op_ids(const MdContext& c, std::size_t r, std::size_t i) {
  if (r >= c.evidence.operators.size()) return nullptr;
  auto it = c.evidence.operators[r].find(i);
  return it == c.evidence.operators[r].end() ? nullptr : &it->second;
}

std::string flags(const analysis::OperatorAggregate& a) {
  std::string f;
  if (a.wait_anchor) f += "wait anchor";
  if (a.false_hotspot_risk) f += std::string(f.empty() ? "" : ", ") + "false hotspot risk";
  return f;
}

void operator_table(const MdContext& c, std::size_t r, bool by_cost, std::string& out) {
  const auto& s = c.analysis.ops.operators[r];
  MdTable t({"#", "operator", "type / core", "role", "calls:", "duration ms:", "avg µs:", "wait ratio:",
             "total cost avg µs:", "bound", "flags", "evidence"});
  const std::size_t n = by_cost ? s.by_total_cost.size() : s.operators.size();
  for (std::size_t k = 0; k < n && k < kMdMaxOperators; ++k) {
    const std::size_t i = by_cost ? s.by_total_cost[k] : k;
    const auto& a = s.operators[i];
    const auto* ids = op_ids(c, r, i);
    const std::string type_core = a.core.empty() ? md_cell(a.type) : md_cell(a.type) + " / " + md_cell(a.core);
    const std::string bound = !a.bound.bound_family.empty() ? a.bound.bound_family
                              : a.bound.op_type == "unknown"  ? std::string("-")
                                                              : a.bound.op_type;
    t.row({std::to_string(k + 1), md_name(a.name), type_core, md_cell(a.role),
           std::to_string(a.calls), fixed3(ns_to_ms(a.duration_sum_ns)), fixed3(a.duration_avg_us),
           a.has_wait ? percent(a.wait_ratio) : std::string("-"), fixed3(a.total_cost_avg_us),
           md_cell(bound), flags(a),
           ids ? md_ids(*ids, 2) : md_ids(c.rank_files(r), 1)});
  }
  out += t.render();
}

}  // namespace

void md_operators(const MdContext& c, std::string& out) {
  out += "## 7. Operators\n\n"
         "Device operators aggregated per (name, type, core). Two rankings (A.8): by summed duration, and by average "
         "total cost (duration + wait), which exposes *wait anchors* (wait > 80% of cost: the operator waits for its "
         "inputs, its own duration is not the problem) and *false hotspots*.\n\n";
  for (std::size_t r = 0; r < c.analysis.ops.operators.size(); ++r) {
    const auto& s = c.analysis.ops.operators[r];
    out += fmt::format("### Rank {} — {} operators, {} calls ({} calls of wait anchors)\n\n", s.rank, s.operators.size(),
                       s.device_op_calls, s.wait_anchor_calls);
    if (s.operators.empty()) {
      out += "No device operator.\n\n";
      continue;
    }
    out += "By summed duration:\n\n";
    operator_table(c, r, false, out);
    if (!s.by_total_cost.empty()) {
      out += "By average total cost (duration + wait):\n\n";
      operator_table(c, r, true, out);
    }
    if (!s.aicpu.empty()) {
      out += "AICPU operators (how much of their time AI-core work covers):\n\n";
      MdTable t({"operator", "calls:", "duration ms:", "covered by AI core ms:", "masked:", "classification",
                 "evidence"});
      for (std::size_t i = 0; i < s.aicpu.size() && i < kMdMaxRows; ++i) {
        const auto& m = s.aicpu[i];
        const std::vector<std::string>* ids =
            r < c.evidence.aicpu.size() && i < c.evidence.aicpu[r].size() ? &c.evidence.aicpu[r][i] : nullptr;
        t.row({md_name(m.name), std::to_string(m.calls), fixed3(ns_to_ms(m.duration_sum_ns)),
               fixed3(ns_to_ms(m.overlap_with_ai_core_ns)), percent(m.masked_ratio), md_cell(m.classification),
               ids ? md_ids(*ids, 2) : std::string("none")});
      }
      out += t.render();
    }
  }
}

void md_communication(const MdContext& c, std::string& out) {
  out += "## 8. Communication\n\n### Overlap with computation (device timeline)\n\n";
  MdTable o({"rank", "communication ms:", "overlapped ms:", "exposed ms:", "overlap ratio", "collective events:",
             "evidence"});
  for (std::size_t r = 0; r < c.analysis.ops.overlap.size(); ++r) {
    const auto& v = c.analysis.ops.overlap[r];
    o.row({std::to_string(v.rank), fixed3(ns_to_ms(v.communication_ns)), fixed3(ns_to_ms(v.overlapped_ns)),
           fixed3(ns_to_ms(v.exposed_communication_ns)),
           v.overlap_ratio ? share_bar(*v.overlap_ratio) + " " + percent(*v.overlap_ratio) : std::string("-"),
           std::to_string(v.communication_events), md_ids(c.rank_files(r), 1)});
  }
  out += o.render();
  bool hccl = false;
  for (std::size_t r = 0; r < c.analysis.ops.hccl.size(); ++r) {
    const auto& h = c.analysis.ops.hccl[r];
    if (!h.available || h.kinds.empty()) continue;
    if (!hccl) out += "### HCCL op kinds (communication.json)\n\n";
    hccl = true;
    std::vector<std::string> ids;
    for (const auto& k : h.kinds)
      for (const auto& p : k.rows)
        if (p.source < c.capture.ranks[r].events.sources.size())
          if (auto it = c.evidence.file_ids.find(c.capture.ranks[r].events.sources[p.source].path);
              it != c.evidence.file_ids.end() && std::find(ids.begin(), ids.end(), it->second) == ids.end())
            ids.push_back(it->second);
    out += fmt::format("Rank {} (evidence {}):\n\n", h.rank, md_ids(ids, 2));
    MdTable t({"kind", "calls:", "elapse ms:", "transit ms:", "wait ms:", "wait share", "p50 ms:", "p90 ms:", "max ms:"});
    for (const auto& k : h.kinds)
      t.row({md_cell(k.kind), std::to_string(k.calls), fixed3(k.elapse_ms), fixed3(k.transit_ms), fixed3(k.wait_ms),
             share_bar(k.wait_share) + " " + percent(k.wait_share), fixed3(k.elapse_p50_ms), fixed3(k.elapse_p90_ms),
             fixed3(k.elapse_max_ms)});
    out += t.render();
    if (!h.transports.empty()) {
      MdTable b({"transport", "ops:", "size MB:", "transit ms:", "bandwidth GB/s:", "expected GB/s:", "link",
                 "utilization"});
      for (const auto& x : h.transports)
        b.row({md_cell(x.transport), std::to_string(x.ops), fixed3(x.transit_size_mb), fixed3(x.transit_ms),
               opt3(x.bandwidth_gbps), opt3(x.expected_gbps), md_cell(x.expected_link),
               x.utilization ? percent(*x.utilization) : std::string("-")});
      out += b.render();
    }
  }
  bool nccl = false;
  for (std::size_t r = 0; r < c.analysis.ops.nccl.size(); ++r) {
    const auto& n = c.analysis.ops.nccl[r];
    if (n.groups.empty()) continue;
    if (!nccl) out += "### NCCL / RCCL collectives (Kineto args; nccl-tests bus bandwidth)\n\n";
    nccl = true;
    out += fmt::format("Rank {} ({} collective kernels, {} without a message size; evidence {}):\n\n", n.rank,
                       n.collective_events, n.events_without_size, md_ids(c.rank_files(r), 1));
    MdTable t({"collective", "group size:", "dtype", "in MB:", "count:", "mean µs:", "max µs:", "algbw GB/s:",
               "busbw GB/s:"});
    for (std::size_t i = 0; i < n.groups.size() && i < kMdMaxRows; ++i) {
      const auto& g = n.groups[i];
      t.row({md_cell(g.collective), std::to_string(g.group_size), md_cell(g.dtype), opt3(g.in_msg_mb),
             std::to_string(g.count), fixed3(g.dur_mean_us), fixed3(g.dur_max_us), opt3(g.algbw_gbps),
             opt3(g.busbw_gbps)});
    }
    out += t.render();
  }
  if (!hccl && !nccl) out += "No per-collective communication data (no communication.json and no NCCL arguments).\n\n";
}

void md_cross_rank(const MdContext& c, std::string& out) {
  const auto& x = c.analysis.ops.cross_rank;
  out += "## 9. Cross-rank\n\n";
  if (x.ranks.size() < 2) {
    out += fmt::format("One rank in the capture ({}): nothing to compare across ranks.\n\n",
                       x.ranks.empty() ? std::string("none") : std::to_string(x.ranks.front()));
    return;
  }
  out += "A collective cannot finish before its last rank arrives, so the rank with the **shortest** duration of an "
         "aligned collective arrived last (msprof-analyze slow_rank).\n\n";
  // Findings about more than one rank.
  MdTable f({"severity", "confidence", "type", "ranks", "finding", "evidence"});
  std::size_t cross = 0;
  for (std::size_t i = 0; i < c.findings.size(); ++i) {
    const auto& fd = c.findings[i];
    if (fd.scope != "cross_rank" || ++cross > kMdMaxRows) continue;
    std::string ranks;
    for (int rk : fd.ranks) ranks += (ranks.empty() ? "" : ", ") + std::to_string(rk);
    f.row({evidence::severity_name(fd.severity), evidence::confidence_name(fd.confidence), md_cell(fd.type), ranks,
           md_cell(fd.title), md_ids(fd.evidence_ids, 3)});
  }
  if (!f.empty()) out += "Cross-rank findings (most severe first):\n\n" + f.render();
  if (cross > kMdMaxRows)
    out += fmt::format("{} more cross-rank findings in section 10 and the *findings* sheet.\n\n", cross - kMdMaxRows);
  const auto& sr = x.slow_ranks;
  out += fmt::format("- Slow-rank vote (source: {}): {} collectives tested, {} flagged; votes: ",
                     sr.vote_source.empty() ? "none" : md_cell(sr.vote_source), sr.votes.collectives_tested,
                     sr.votes.collectives_flagged);
  if (sr.votes.slow_affect_count.empty()) out += "none";
  for (std::size_t i = 0; i < sr.votes.slow_affect_count.size(); ++i)
    out += fmt::format("{}rank {} ×{}", i ? ", " : "", sr.votes.slow_affect_count[i].first,
                       sr.votes.slow_affect_count[i].second);
  out += ".\n";
  for (const auto& v : sr.step_trace)
    out += fmt::format("- Step trace {} (source {}): spread {} of the mean step (max rank {} {} µs, min rank {} {} µs){}.\n",
                       md_cell(v.column), md_cell(sr.step_trace_source), percent(v.ratio), v.max_rank, fixed3(v.max_us),
                       v.min_rank, fixed3(v.min_us), v.flagged ? " — **flagged** (> 5%)" : "");
  if (!x.ep.ranks.empty())
    out += fmt::format("- MoE dispatch/combine load: max {} µs (rank {}), min {} µs (rank {}), mean {} µs{}.\n",
                       fixed3(x.ep.max_us), x.ep.max_rank, fixed3(x.ep.min_us), x.ep.min_rank, fixed3(x.ep.mean_us),
                       x.ep.flagged ? " — **imbalanced**" : "");
  if (x.dummy.flagged) {
    std::string without;
    for (int rk : x.dummy.without_attention) without += (without.empty() ? "" : ", ") + std::to_string(rk);
    out += fmt::format("- Ranks without attention work (reduced or dummy ranks): {}.\n", without);
  }
  if (!x.stragglers.stragglers.empty())
    out += fmt::format("- HTA stragglers over {} iterations (kernel {}): rank {}.\n", x.stragglers.iterations,
                       md_cell(x.stragglers.kernel_name), x.stragglers.stragglers.front());
  out += "\n";
  if (!x.collectives.empty()) {
    std::size_t slow = 0;
    for (const auto& a : x.collectives) slow += a.slow ? 1 : 0;
    out += fmt::format("Aligned collectives: {} ({} slow by ratio ≥ 2 or skew ≥ 1 ms). Slow ones first:\n\n",
                       x.collectives.size(), slow);
    MdTable t({"step", "op", "kind", "ranks:", "min ms:", "max ms:", "ratio:", "skew µs:", "shortest (late) rank:",
               "slow", "evidence"});
    std::size_t shown = 0;
    for (int pass = 0; pass < 2 && shown < kMdMaxRows; ++pass)
      for (std::size_t i = 0; i < x.collectives.size() && shown < kMdMaxRows; ++i) {
        const auto& a = x.collectives[i];
        if (a.slow != (pass == 0)) continue;
        ++shown;
        t.row({md_cell(a.step), md_name(a.op_name), md_cell(a.kind), std::to_string(a.ranks.size()),
               fixed3(a.duration_min_ms), fixed3(a.duration_max_ms), opt3(a.duration_ratio), fixed3(a.duration_skew_us),
               std::to_string(a.shortest_rank), a.slow ? (a.high_severity ? "high" : "yes") : "no",
               i < c.evidence.collectives.size() ? md_ids(c.evidence.collectives[i], 2) : std::string("none")});
      }
    out += t.render();
  }
  if (!x.steps.empty()) {
    MdTable t({"step", "ranks:", "start skew µs:", "duration min µs:", "duration max µs:", "duration skew µs:"});
    for (std::size_t i = 0; i < x.steps.size() && i < kMdMaxRows; ++i) {
      const auto& s = x.steps[i];
      t.row({md_cell(s.step), std::to_string(s.ranks.size()), fixed3(s.start_skew_us), fixed3(s.duration_min_us),
             fixed3(s.duration_max_us), fixed3(s.duration_skew_us)});
    }
    out += "Step skew across ranks:\n\n" + t.render();
  }
}

}  // namespace llmsa::report
