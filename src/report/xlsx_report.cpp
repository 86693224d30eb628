// report.xlsx: workbook setup, README, case, and the time sheets (rank, step, anatomy, categories,
// layer, block, bubble windows). Operator, communication, cross-rank and evidence sheets are in
// xlsx_report_ops.cpp.
#include "report/xlsx_report.hpp"

#include <fmt/format.h>

#include <map>

#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/report_text.hpp"
#include "report/xlsx_sheets.hpp"

namespace llmsa::report {

using K = XlsxKind;

std::int64_t XlsxContext::origin(std::size_t i) const {
  return i < analysis.ranks.size() ? analysis.ranks[i].capture.window_start_ns : 0;
}

const std::vector<std::string>& XlsxContext::rank_files(std::size_t i) const {
  static const std::vector<std::string> kNone;
  return i < evidence.rank_files.size() ? evidence.rank_files[i] : kNone;
}

void sheet_readme(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "README", {{"topic", K::kText}, {"what it holds", K::kWideText}, {"evidence", K::kText}});
  auto row = [&](const std::string& a, const std::string& b, const std::vector<std::string>& ids = {}) {
    s.text(a).text(b).ids(ids).end_row();
  };
  row("llmsa profile report", "The analysis of one capture, one table per sheet. Every row names its evidence ids "
                              "(ev-…), which resolve in the 'evidence index' sheet and evidence_index.csv to a source "
                              "file and row range; findings (fd-…) are in the 'findings' sheet and findings.json.");
  row("units", "Units are in the column headers: ms, µs, ratio (shown as %), count. Times inside a rank are µs from "
               "that rank's capture start (its first device event), given exactly in the 'rank' sheet.");
  row("definitions", c.analysis.definitions);
  // The sheet texts below state the caps in words: change them together.
  static_assert(kXlsxMaxRawRows == 10000 && kXlsxMaxEvidenceRows == 2000 && kXlsxMaxOperatorsPerRank == 500 &&
                kXlsxBlockLayersPerRank == 250);
  static const std::pair<const char*, const char*> kSheets[] = {
      {"case", "What was captured: ranks, files, events, steps, findings."},
      {"rank", "Per rank: capture window, busy/idle, compute/communication/memcpy, bound, attention family."},
      {"step", "Per step: wall, busy, idle, compute and communication, bubbles, step type."},
      {"step anatomy", "Per step: head / main / tail windows and their shares of the step wall."},
      {"step categories", "Per step and op role: time (union of its events), shares of busy and wall."},
      {"layer", "Per layer of each step: anchor kind, wall, busy, events (empty without layer segmentation)."},
      {"block", "Per block of each layer: kind (attention / ffn / moe / companion), family, busy (the blocks of the "
                "first 250 layers of each rank; a marker row counts the rest, which analysis.json lists)."},
      {"HCCL op", "HCCL op kinds per rank from communication.json: elapse, transit, wait, percentiles."},
      {"HCCL bandwidth", "Per rank and transport: size, time, bandwidth against the link's expected figure."},
      {"NCCL collective", "NCCL/RCCL collectives from Kineto args: sizes, durations, algbw and busbw."},
      {"bubble windows", "Device idle gaps inside steps: where, how long, host-bound, the rows around them."},
      {"wait anchors", "Operators whose wait is > 80% of their cost: the time is spent upstream."},
      {"AICPU", "AICPU operators and how much of their time AI-core work covers."},
      {"cross-rank alignment", "The same collective / step on every rank: skew, duration ratio, the late rank."},
      {"findings", "Every finding: severity, confidence, metrics, limitation, evidence ids."},
      {"operator", "Device operators per (name, type, core): both rankings, wait, bound, PMU pipeline times (the 500 "
                   "longest of each rank; a marker row counts the rest)."},
      {"evidence index", "Evidence ids: source file, row range, exact rows, summary. Every id a finding or limitation "
                         "cites, then the first in id order up to 2,000 rows; a marker row counts the rest, which "
                         "evidence_index.csv lists with every id."},
      {"raw kernel index", "Device operator events with their source file and row: the first 10,000, then a marker row "
                           "counting the rest, which raw_kernel_index.csv lists with every call."},
  };
  for (const auto& [name, what] : kSheets) row(std::string("sheet: ") + name, what);
  if (c.limitations.empty()) row("limitations", "None recorded.");
  for (const Limitation& l : c.limitations) row("limitation: " + l.scope, l.what + " — " + l.why, l.evidence_ids);
  s.finish();
}

void sheet_case(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "case", {{"item", K::kText}, {"value", K::kNumber}, {"unit / detail", K::kWideText}});
  std::int64_t events = 0, calls = 0, files = 0, rejected = 0, steps = 0, layers = 0;
  for (std::size_t r = 0; r < c.capture.ranks.size(); ++r) {
    events += static_cast<std::int64_t>(c.capture.ranks[r].events.size());
    files += static_cast<std::int64_t>(c.capture.ranks[r].files.size());
    for (const auto& f : c.capture.ranks[r].files) rejected += static_cast<std::int64_t>(f.rejected);
    if (r < c.analysis.ops.operators.size()) calls += c.analysis.ops.operators[r].device_op_calls;
  }
  files += static_cast<std::int64_t>(c.capture.cluster_files.size());
  for (const auto& r : c.analysis.ranks) {
    steps += static_cast<std::int64_t>(r.steps.size());
    for (const auto& st : r.steps) layers += static_cast<std::int64_t>(st.layers.size());
  }
  std::map<std::string, std::int64_t> sev;
  for (const auto& f : c.analysis.findings) ++sev[evidence::severity_name(f.severity)];
  auto row = [&](const char* item, std::int64_t v, const std::string& unit) { s.text(item).integer(v).text(unit).end_row(); };
  row("ranks", static_cast<std::int64_t>(c.capture.ranks.size()), "count");
  row("input files", files, "count");
  row("events read", events, "count");
  row("rows rejected", rejected, "count (reasons in README limitations)");
  row("device operator calls", calls, "count");
  row("steps", steps, "count");
  row("layers", layers, layers ? "count" : "count (no layer segmentation: see README limitations)");
  row("findings", static_cast<std::int64_t>(c.analysis.findings.size()), "count");
  for (const char* k : {"high", "medium", "low", "info"}) row((std::string("findings, ") + k).c_str(), sev[k], "count");
  row("evidence entries", static_cast<std::int64_t>(c.evidence.index.size()), "count");
  row("limitations", static_cast<std::int64_t>(c.limitations.size()), "count");
  s.text("definitions").blank().text(analysis::compat_name(c.analysis.compat)).end_row();
  s.finish();
}

void sheet_rank(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "rank",
              {{"rank", K::kInteger}, {"rank id from", K::kText}, {"steps from", K::kText}, {"steps", K::kInteger},
               {"events", K::kInteger}, {"operator calls", K::kInteger}, {"capture start (epoch µs, exact)", K::kText},
               {"wall (ms)", K::kNumber}, {"busy (ms)", K::kNumber}, {"compute (ms)", K::kNumber},
               {"communication (ms)", K::kNumber}, {"overlapped (ms)", K::kNumber}, {"exposed comm (ms)", K::kNumber},
               {"memcpy (ms)", K::kNumber}, {"exposed memcpy (ms)", K::kNumber}, {"idle (ms)", K::kNumber},
               {"underfeed (idle/wall)", K::kShare}, {"bubbles", K::kInteger}, {"longest bubble (ms)", K::kNumber},
               {"PMU pipeline columns", K::kText}, {"attention family", K::kText}, {"rank bound family", K::kText},
               {"rank memory_bound (ratio)", K::kNumber}, {"wait-anchor calls", K::kInteger}, {"evidence", K::kText}});
  for (std::size_t r = 0; r < c.analysis.ranks.size() && r < c.capture.ranks.size(); ++r) {
    const auto& ra = c.analysis.ranks[r];
    const auto& b = ra.capture;
    const analysis::OperatorSummary* ops = r < c.analysis.ops.operators.size() ? &c.analysis.ops.operators[r] : nullptr;
    s.integer(ra.rank).text(c.capture.ranks[r].events.rank_source).text(ra.step_source)
        .integer(static_cast<std::int64_t>(ra.steps.size())).integer(static_cast<std::int64_t>(c.capture.ranks[r].events.size()))
        .integer(ops ? ops->device_op_calls : 0).text(exact_us(b.window_start_ns))
        .number(ns_to_ms(b.wall_ns)).number(ns_to_ms(b.busy_ns)).number(ns_to_ms(b.compute_ns))
        .number(ns_to_ms(b.communication_ns)).number(ns_to_ms(b.overlapped_ns)).number(ns_to_ms(b.exposed_communication_ns))
        .number(ns_to_ms(b.memcpy_ns)).number(ns_to_ms(b.exposed_memcpy_ns)).number(ns_to_ms(b.idle_ns))
        .share(share_of(b.idle_ns, b.wall_ns)).integer(b.bubble_count).number(ns_to_ms(b.longest_bubble_ns));
    if (ops)
      s.flag(ops->pipeline_available).text(ops->attention_family).text(ops->rank_bound.bound_family)
          .number(ops->rank_bound.memory_bound).integer(ops->wait_anchor_calls);
    else
      s.blank().blank().blank().blank().blank();
    s.ids(c.rank_files(r)).end_row();
  }
  s.finish();
}

void sheet_step(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "step",
              {{"rank", K::kInteger}, {"step", K::kText}, {"step type", K::kText}, {"step type reason", K::kWideText},
               {"start (µs from capture start)", K::kNumber}, {"wall (ms)", K::kNumber}, {"busy (ms)", K::kNumber},
               {"compute (ms)", K::kNumber}, {"communication (ms)", K::kNumber}, {"overlapped (ms)", K::kNumber},
               {"exposed comm (ms)", K::kNumber}, {"memcpy (ms)", K::kNumber}, {"idle (ms)", K::kNumber},
               {"underfeed (idle/wall)", K::kShare}, {"bubbles", K::kInteger}, {"longest bubble (ms)", K::kNumber},
               {"layers", K::kInteger}, {"top role", K::kText}, {"top role share of busy", K::kShare},
               {"evidence", K::kText}});
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r)
    for (const auto& st : c.analysis.ranks[r].steps) {
      const auto& b = st.time;
      s.integer(c.analysis.ranks[r].rank).text(st.step).text(st.step_type).text(st.step_type_reason)
          .number(ns_to_us(b.window_start_ns - c.origin(r))).number(ns_to_ms(b.wall_ns)).number(ns_to_ms(b.busy_ns))
          .number(ns_to_ms(b.compute_ns)).number(ns_to_ms(b.communication_ns)).number(ns_to_ms(b.overlapped_ns))
          .number(ns_to_ms(b.exposed_communication_ns)).number(ns_to_ms(b.memcpy_ns)).number(ns_to_ms(b.idle_ns))
          .share(share_of(b.idle_ns, b.wall_ns)).integer(b.bubble_count).number(ns_to_ms(b.longest_bubble_ns))
          .integer(static_cast<std::int64_t>(st.layers.size()));
      if (st.where_time_goes.empty()) s.blank().blank();
      else s.text(st.where_time_goes.front().role).share(st.where_time_goes.front().share_of_busy);
      s.ids(c.rank_files(r)).end_row();
    }
  s.finish();
}

void sheet_step_anatomy(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "step anatomy",
              {{"rank", K::kInteger}, {"step", K::kText}, {"wall (ms)", K::kNumber}, {"head (ms)", K::kNumber},
               {"main (ms)", K::kNumber}, {"tail (ms)", K::kNumber}, {"head share", K::kShare},
               {"main share", K::kShare}, {"tail share", K::kShare}, {"idle in step (ms)", K::kNumber},
               {"underfeed (idle/wall)", K::kShare}, {"layers", K::kInteger}, {"evidence", K::kText}});
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r)
    for (const auto& st : c.analysis.ranks[r].steps) {
      const auto& b = st.time;
      s.integer(c.analysis.ranks[r].rank).text(st.step).number(ns_to_ms(b.wall_ns)).number(ns_to_ms(b.head_ns))
          .number(ns_to_ms(b.main_ns)).number(ns_to_ms(b.tail_ns)).share(share_of(b.head_ns, b.wall_ns))
          .share(share_of(b.main_ns, b.wall_ns)).share(share_of(b.tail_ns, b.wall_ns)).number(ns_to_ms(b.idle_ns))
          .share(share_of(b.idle_ns, b.wall_ns)).integer(static_cast<std::int64_t>(st.layers.size()))
          .ids(c.rank_files(r)).end_row();
    }
  s.finish();
}

void sheet_step_categories(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "step categories",
              {{"rank", K::kInteger}, {"step", K::kText}, {"role", K::kText}, {"time (ms)", K::kNumber},
               {"share of busy", K::kShare}, {"share of wall", K::kShare}, {"events", K::kInteger},
               {"evidence", K::kText}});
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r)
    for (const auto& st : c.analysis.ranks[r].steps)
      for (const auto& role : st.where_time_goes)
        s.integer(c.analysis.ranks[r].rank).text(st.step).text(role.role).number(ns_to_ms(role.time_ns))
            .share(role.share_of_busy).share(role.share_of_wall).integer(role.events).ids(c.rank_files(r)).end_row();
  s.finish();
}

void sheet_layer(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "layer",
              {{"rank", K::kInteger}, {"step", K::kText}, {"step type", K::kText}, {"layer", K::kInteger},
               {"anchor kind", K::kText}, {"start (µs from capture start)", K::kNumber}, {"wall (ms)", K::kNumber},
               {"busy (ms)", K::kNumber}, {"events", K::kInteger}, {"blocks", K::kInteger}, {"evidence", K::kText}});
  // The first kReportListedLayers layers of each rank (those with evidence ids); analysis.json has all.
  std::size_t n = 0, cut = 0;
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r)
    for (std::size_t si = 0, left = kReportListedLayers; si < c.analysis.ranks[r].steps.size(); ++si) {
      const auto& st = c.analysis.ranks[r].steps[si];
      for (std::size_t li = 0; li < st.layers.size(); ++li, ++n) {
        if (left == 0) {
          ++cut;
          continue;
        }
        --left;
        const auto& l = st.layers[li];
        s.integer(c.analysis.ranks[r].rank).text(st.step).text(st.step_type).integer(l.index).text(l.anchor_kind)
            .number(ns_to_us(l.start_ns - c.origin(r))).number(ns_to_ms(l.end_ns - l.start_ns))
            .number(ns_to_ms(l.busy_ns)).integer(l.event_count).integer(static_cast<std::int64_t>(l.blocks.size()));
        if (r < c.evidence.layers.size() && si < c.evidence.layers[r].size() && li < c.evidence.layers[r][si].size())
          s.ids(c.evidence.layers[r][si][li]);
        s.end_row();
      }
    }
  if (n == 0) s.note("No layer segmentation: no step of any rank has layer anchors (see README limitations).");
  if (cut > 0)
    s.note(fmt::format("… {} of {} layers listed: the first {} of each rank. analysis.json lists every one.", n - cut, n,
                       kReportListedLayers));
  s.finish();
}

void sheet_block(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "block",
              {{"rank", K::kInteger}, {"step", K::kText}, {"layer", K::kInteger}, {"kind", K::kText},
               {"family", K::kText}, {"start (µs from capture start)", K::kNumber}, {"wall (ms)", K::kNumber},
               {"busy (ms)", K::kNumber}, {"events", K::kInteger}});
  // The blocks of the first kXlsxBlockLayersPerRank layers of each rank (the layer sheet lists more).
  std::size_t n = 0, cut = 0;
  for (std::size_t r = 0; r < c.analysis.ranks.size(); ++r) {
    std::size_t left = kXlsxBlockLayersPerRank;
    for (const auto& st : c.analysis.ranks[r].steps)
      for (const auto& l : st.layers) {
        if (left == 0) {
          cut += l.blocks.size();
          continue;
        }
        --left;
        for (const auto& b : l.blocks) {
          ++n;
          s.integer(c.analysis.ranks[r].rank).text(st.step).integer(l.index).text(b.kind).text(b.family)
              .number(ns_to_us(b.start_ns - c.origin(r))).number(ns_to_ms(b.end_ns - b.start_ns))
              .number(ns_to_ms(b.busy_ns)).integer(b.event_count).end_row();
        }
      }
  }
  if (n == 0 && cut == 0) s.note("No blocks: blocks split layers, and no layer segmentation is available.");
  if (cut > 0)
    s.note(fmt::format("… {} of {} blocks listed: those of the first {} layers of each rank. analysis.json lists every "
                       "one.",
                       n, n + cut, kXlsxBlockLayersPerRank));
  s.finish();
}

void sheet_bubbles(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "bubble windows",
              {{"rank", K::kInteger}, {"step", K::kText}, {"start (µs from capture start)", K::kNumber},
               {"end (µs from capture start)", K::kNumber}, {"length (ms)", K::kNumber}, {"location", K::kText},
               {"host bound", K::kText}, {"cause", K::kWideText}, {"row before", K::kInteger},
               {"row after", K::kInteger}, {"evidence", K::kText}});
  // The longest bubbles of each rank (ReportEvidence::listed_bubbles), in time order; analysis.json
  // lists every one.
  std::size_t n = 0, all = 0;
  for (std::size_t r = 0; r < c.analysis.ranks.size() && r < c.capture.ranks.size(); ++r) {
    const auto& ev = c.capture.ranks[r].events;
    if (r < c.evidence.bubble_count.size()) all += c.evidence.bubble_count[r];
    if (r >= c.evidence.listed_bubbles.size()) continue;
    for (const BubbleRef& ref : c.evidence.listed_bubbles[r]) {
      const auto& st = c.analysis.ranks[r].steps[ref.step];
      const auto& b = st.bubbles[ref.bubble];
      ++n;
      s.integer(c.analysis.ranks[r].rank).text(st.step).number(ns_to_us(b.start_ns - c.origin(r)))
          .number(ns_to_us(b.end_ns - c.origin(r))).number(ns_to_ms(b.end_ns - b.start_ns)).text(b.location)
          .flag(b.host_bound).text(b.cause);
      for (auto e : {b.event_before, b.event_after})
        if (e != analysis::kNoEvent && e < ev.size()) s.integer(static_cast<std::int64_t>(ev.source_row[e]));
        else s.blank();
      s.ids(c.evidence.bubbles[r][ref.step][ref.bubble]).end_row();
    }
  }
  if (all > n)
    s.note(fmt::format("… {} of {} bubble windows listed: the {} longest of each rank. analysis.json lists every one, "
                       "and the step sheet counts them per step.",
                       n, all, kReportTopBubbles));
  if (n == 0) s.note("No bubble windows were recorded for any step (none long enough, or the structure analysis did not run).");
  s.finish();
}

void write_report_xlsx(const std::filesystem::path& path, const trace::Capture& capture,
                       const analysis::ProfileAnalysis& analysis, const analysis::KernelClassifier& classifier,
                       const ReportEvidence& evidence, const std::vector<std::string>& input_problems,
                       const XlsxCaps& caps, const std::vector<Limitation>& output_limitations) {
  const std::string file = path.string();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(file.c_str(), &options);
  if (!wb) throw_bad_input({file, -1, -1, ""}, "cannot create the workbook");
  // Fixed properties and creation time (2000-01-01T00:00:00Z): the same input gives the same bytes.
  static char kTitle[] = "llmsa profile report";
  static char kAuthor[] = "llmsa";
  static char kComments[] = "Generated by llmsa profile; see the README sheet.";
  lxw_doc_properties props{};
  props.title = kTitle;
  props.author = kAuthor;
  props.comments = kComments;
  props.created = 946684800;
  workbook_set_properties(wb, &props);
  const std::vector<Limitation> limitations = collect_limitations(capture, analysis, input_problems, output_limitations);
  {
    XlsxFormats formats(wb);
    const XlsxContext c{wb, formats, capture, analysis, classifier, evidence, limitations, caps};
    try {
      sheet_readme(c);
      sheet_case(c);
      sheet_rank(c);
      sheet_step(c);
      sheet_step_anatomy(c);
      sheet_step_categories(c);
      sheet_layer(c);
      sheet_block(c);
      sheet_operator(c);
      sheet_hccl(c);
      sheet_hccl_bandwidth(c);
      sheet_nccl(c);
      sheet_bubbles(c);
      sheet_wait_anchors(c);
      sheet_aicpu(c);
      sheet_cross_rank(c);
      sheet_findings(c);
      sheet_evidence(c);
      sheet_raw_kernels(c);
    } catch (...) {
      workbook_close(wb);
      throw;
    }
  }
  if (const lxw_error err = workbook_close(wb); err != LXW_NO_ERROR)
    throw_bad_input({file, -1, -1, ""}, std::string("could not write the workbook: ") + lxw_strerror(err));
}

}  // namespace llmsa::report
