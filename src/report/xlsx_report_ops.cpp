// report.xlsx sheets for operators, communication, cross-rank, findings and evidence (xlsx_report.cpp
// has the workbook and the time sheets).
#include <fmt/format.h>

#include <string_view>
#include <unordered_set>

#include "analysis/event_classes.hpp"
#include "analysis/operator_summary.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/escaped_strings.hpp"
#include "report/report_text.hpp"
#include "report/xlsx_report.hpp"
#include "report/xlsx_sheets.hpp"

namespace llmsa::report {

using K = XlsxKind;

namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out.append(sep);
    out.append(v[i]);
  }
  return out;
}

std::string join_ints(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", v[i]);
  return out;
}

const std::vector<std::string>& op_ids(const XlsxContext& c, std::size_t r, std::size_t i) {
  if (r < c.evidence.operators.size())
    if (auto it = c.evidence.operators[r].find(i); it != c.evidence.operators[r].end()) return it->second;
  return c.rank_files(r);
}

}  // namespace

void sheet_operator(const XlsxContext& c) {
  std::vector<XlsxColumn> cols = {
      {"rank", K::kInteger}, {"rank by duration", K::kInteger}, {"rank by total cost", K::kInteger},
      {"name", K::kWideText}, {"type", K::kText}, {"core", K::kText}, {"role", K::kText}, {"categories", K::kText},
      {"calls", K::kInteger}, {"duration sum (µs)", K::kNumber}, {"wait sum (µs)", K::kNumber},
      {"total cost sum (µs)", K::kNumber}, {"duration avg (µs)", K::kNumber}, {"wait avg (µs)", K::kNumber},
      {"total cost avg (µs)", K::kNumber}, {"wait ratio", K::kShare}, {"streams", K::kInteger},
      {"wait anchor", K::kText}, {"false hotspot risk", K::kText}, {"op type", K::kText}, {"bound stage", K::kText},
      {"bound family", K::kText}, {"dominant core", K::kText}, {"memory_bound (ratio)", K::kNumber},
      {"mac ratio", K::kNumber}, {"vec ratio", K::kNumber}, {"mte2 ratio", K::kNumber}};
  for (int st = 0; st < analysis::kPipeStageCount; ++st)
    cols.push_back({std::string(analysis::pipe_stage_name(st)) + " time (µs)", K::kNumber});
  cols.push_back({"evidence", K::kText});
  XlsxSheet s(c.wb, c.formats, "operator", std::move(cols));
  std::string cut;
  for (std::size_t r = 0; r < c.analysis.ops.operators.size(); ++r) {
    const auto& sum = c.analysis.ops.operators[r];
    if (sum.operators.size() > kXlsxMaxOperatorsPerRank)
      cut += fmt::format("{}rank {}: {} more", cut.empty() ? "" : "; ", sum.rank,
                         sum.operators.size() - kXlsxMaxOperatorsPerRank);
    for (std::size_t i = 0; i < sum.operators.size() && i < kXlsxMaxOperatorsPerRank; ++i) {
      const auto& a = sum.operators[i];
      s.integer(sum.rank).integer(a.rank_by_duration).integer(a.rank_by_total_cost).text(a.name).text(a.type)
          .text(a.core).text(a.role).text(join(a.categories)).integer(a.calls).number(ns_to_us(a.duration_sum_ns));
      if (a.has_wait) s.number(ns_to_us(a.wait_sum_ns)); else s.blank();
      s.number(ns_to_us(a.total_cost_sum_ns)).number(a.duration_avg_us);
      if (a.has_wait) s.number(a.wait_avg_us); else s.blank();
      s.number(a.total_cost_avg_us);
      if (a.has_wait) s.share(a.wait_ratio); else s.blank();
      s.integer(a.stream_count).flag(a.wait_anchor).flag(a.false_hotspot_risk).text(a.bound.op_type)
          .text(a.bound.bound_stage).text(a.bound.bound_family).text(a.bound.dominant_core).number(a.bound.memory_bound)
          .number(a.bound.mac_ratio).number(a.bound.vec_ratio).number(a.bound.mte2_ratio);
      for (int st = 0; st < analysis::kPipeStageCount; ++st)
        if (a.pipeline.any_time) s.number(a.pipeline.time_us[st]); else s.blank();
      s.ids(op_ids(c, r, i)).end_row();
    }
  }
  if (!cut.empty())
    s.note(fmt::format("… the first {} operators of each rank by duration are listed ({}); every call is in "
                       "raw_kernel_index.csv.",
                       kXlsxMaxOperatorsPerRank, cut));
  s.finish();
}

void sheet_hccl(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "HCCL op",
              {{"rank", K::kInteger}, {"op kind", K::kText}, {"calls", K::kInteger}, {"elapse (ms)", K::kNumber},
               {"transit (ms)", K::kNumber}, {"wait (ms)", K::kNumber}, {"sync (ms)", K::kNumber},
               {"idle (ms)", K::kNumber}, {"wait share", K::kShare}, {"elapse p50 (ms)", K::kNumber},
               {"elapse p90 (ms)", K::kNumber}, {"elapse max (ms)", K::kNumber}, {"source rows", K::kInteger},
               {"evidence", K::kText}});
  for (std::size_t r = 0; r < c.analysis.ops.hccl.size(); ++r)
    for (const auto& k : c.analysis.ops.hccl[r].kinds)
      s.integer(c.analysis.ops.hccl[r].rank).text(k.kind).integer(k.calls).number(k.elapse_ms).number(k.transit_ms)
          .number(k.wait_ms).number(k.sync_ms).number(k.idle_ms).share(k.wait_share).number(k.elapse_p50_ms)
          .number(k.elapse_p90_ms).number(k.elapse_max_ms).integer(static_cast<std::int64_t>(k.rows.size()))
          .ids(c.rank_files(r)).end_row();
  if (s.rows() == 0) s.note("No HCCL op data: no communication.json (or DB communication tables) was read.");
  s.finish();
}

void sheet_hccl_bandwidth(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "HCCL bandwidth",
              {{"rank", K::kInteger}, {"transport", K::kText}, {"ops", K::kInteger}, {"transit size (MB)", K::kNumber},
               {"transit (ms)", K::kNumber}, {"bandwidth (GB/s)", K::kNumber}, {"expected (GB/s)", K::kNumber},
               {"expected from link", K::kText}, {"utilization", K::kShare}});
  for (const auto& h : c.analysis.ops.hccl)
    for (const auto& t : h.transports) {
      s.integer(h.rank).text(t.transport).integer(t.ops).number(t.transit_size_mb).number(t.transit_ms)
          .number(t.bandwidth_gbps).number(t.expected_gbps).text(t.expected_link);
      if (t.utilization) s.share(*t.utilization); else s.blank();
      s.end_row();
    }
  if (s.rows() == 0) s.note("No HCCL bandwidth data (communication.json absent or without bandwidth info).");
  s.finish();
}

void sheet_nccl(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "NCCL collective",
              {{"rank", K::kInteger}, {"process group", K::kText}, {"group ranks", K::kText}, {"collective", K::kText},
               {"group size", K::kInteger}, {"dtype", K::kText}, {"in (MB)", K::kNumber}, {"out (MB)", K::kNumber},
               {"stream", K::kInteger}, {"count", K::kInteger}, {"duration sum (µs)", K::kNumber},
               {"duration mean (µs)", K::kNumber}, {"duration std (µs)", K::kNumber}, {"duration min (µs)", K::kNumber},
               {"duration max (µs)", K::kNumber}, {"algbw (GB/s)", K::kNumber}, {"busbw (GB/s)", K::kNumber},
               {"evidence", K::kText}});
  for (std::size_t r = 0; r < c.analysis.ops.nccl.size(); ++r)
    for (const auto& g : c.analysis.ops.nccl[r].groups)
      s.integer(c.analysis.ops.nccl[r].rank).text(g.process_group).text(g.process_group_ranks).text(g.collective)
          .integer(g.group_size).text(g.dtype).number(g.in_msg_mb).number(g.out_msg_mb).integer(g.stream)
          .integer(g.count).number(g.dur_sum_us).number(g.dur_mean_us).number(g.dur_std_us).number(g.dur_min_us)
          .number(g.dur_max_us).number(g.algbw_gbps).number(g.busbw_gbps).ids(c.rank_files(r)).end_row();
  if (s.rows() == 0) s.note("No NCCL/RCCL collective with Kineto size arguments in this capture.");
  s.finish();
}

void sheet_wait_anchors(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "wait anchors",
              {{"rank", K::kInteger}, {"name", K::kWideText}, {"type", K::kText}, {"calls", K::kInteger},
               {"wait ratio", K::kShare}, {"wait sum (µs)", K::kNumber}, {"duration sum (µs)", K::kNumber},
               {"total cost avg (µs)", K::kNumber}, {"rank by total cost", K::kInteger},
               {"false hotspot risk", K::kText}, {"evidence", K::kText}});
  for (std::size_t r = 0; r < c.analysis.ops.operators.size(); ++r) {
    const auto& sum = c.analysis.ops.operators[r];
    for (std::size_t i = 0; i < sum.operators.size() && i < kXlsxMaxOperatorsPerRank; ++i) {
      const auto& a = sum.operators[i];
      if (!a.wait_anchor) continue;
      s.integer(sum.rank).text(a.name).text(a.type).integer(a.calls).share(a.wait_ratio).number(ns_to_us(a.wait_sum_ns))
          .number(ns_to_us(a.duration_sum_ns)).number(a.total_cost_avg_us).integer(a.rank_by_total_cost)
          .flag(a.false_hotspot_risk).ids(op_ids(c, r, i)).end_row();
    }
  }
  bool capped = false;
  for (const auto& sum : c.analysis.ops.operators) capped = capped || sum.operators.size() > kXlsxMaxOperatorsPerRank;
  if (s.rows() == 0) s.note("No wait anchor (no operator waits more than 80% of its cost, or no Wait Time column).");
  if (capped)
    s.note(fmt::format("… wait anchors among the first {} operators of each rank by duration; analysis.json and "
                       "findings.json hold the rest.",
                       kXlsxMaxOperatorsPerRank));
  s.finish();
}

void sheet_aicpu(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "AICPU",
              {{"rank", K::kInteger}, {"name", K::kWideText}, {"calls", K::kInteger}, {"duration sum (µs)", K::kNumber},
               {"covered by AI core (µs)", K::kNumber}, {"masked ratio", K::kShare}, {"classification", K::kText},
               {"evidence", K::kText}});
  for (std::size_t r = 0; r < c.analysis.ops.operators.size(); ++r) {
    const auto& sum = c.analysis.ops.operators[r];
    for (std::size_t i = 0; i < sum.aicpu.size(); ++i) {
      const auto& m = sum.aicpu[i];
      s.integer(sum.rank).text(m.name).integer(m.calls).number(ns_to_us(m.duration_sum_ns))
          .number(ns_to_us(m.overlap_with_ai_core_ns)).share(m.masked_ratio).text(m.classification);
      if (r < c.evidence.aicpu.size() && i < c.evidence.aicpu[r].size()) s.ids(c.evidence.aicpu[r][i]);
      s.end_row();
    }
  }
  if (s.rows() == 0) s.note("No AICPU operator in this capture.");
  s.finish();
}

void sheet_cross_rank(const XlsxContext& c) {
  const auto& x = c.analysis.ops.cross_rank;
  XlsxSheet s(c.wb, c.formats, "cross-rank alignment",
              {{"alignment", K::kText}, {"group", K::kText}, {"step", K::kText}, {"op", K::kWideText},
               {"kind", K::kText}, {"ranks", K::kText}, {"rank count", K::kInteger}, {"start skew (µs)", K::kNumber},
               {"duration min (ms)", K::kNumber}, {"duration max (ms)", K::kNumber}, {"duration mean (ms)", K::kNumber},
               {"duration skew (µs)", K::kNumber}, {"duration ratio (max/min)", K::kNumber},
               {"shortest (late) rank", K::kInteger}, {"longest rank", K::kInteger}, {"slow", K::kText},
               {"high severity", K::kText}, {"evidence", K::kText}});
  for (std::size_t i = 0; i < x.collectives.size(); ++i) {
    const auto& a = x.collectives[i];
    s.text("collective").text(a.group).text(a.step).text(a.op_name).text(a.kind).text(join_ints(a.ranks))
        .integer(static_cast<std::int64_t>(a.ranks.size())).number(a.start_skew_us).number(a.duration_min_ms)
        .number(a.duration_max_ms).number(a.duration_mean_ms).number(a.duration_skew_us).number(a.duration_ratio)
        .integer(a.shortest_rank).integer(a.longest_rank).flag(a.slow).flag(a.high_severity);
    if (i < c.evidence.collectives.size()) s.ids(c.evidence.collectives[i]);
    s.end_row();
  }
  for (const auto& st : x.steps)
    s.text("step").blank().text(st.step).blank().blank().text(join_ints(st.ranks))
        .integer(static_cast<std::int64_t>(st.ranks.size())).number(st.start_skew_us).number(st.duration_min_us / 1000)
        .number(st.duration_max_us / 1000).blank().number(st.duration_skew_us).end_row();
  for (const auto& [rank, votes] : x.slow_ranks.votes.slow_affect_count)
    s.text("slow-rank vote").blank().blank().text(fmt::format("slowAffectCount {} (source {})", votes, x.slow_ranks.vote_source))
        .blank().text(std::to_string(rank)).integer(1).end_row();
  if (s.rows() == 0) s.note("Nothing to align: fewer than two ranks, or no collective / step seen on several ranks.");
  s.finish();
}

void sheet_findings(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "findings",
              {{"#", K::kInteger}, {"finding id", K::kText}, {"severity", K::kText}, {"confidence", K::kText},
               {"type", K::kText}, {"scope", K::kText}, {"ranks", K::kText}, {"title", K::kWideText},
               {"metrics", K::kWideText}, {"limitation", K::kWideText}, {"evidence", K::kText}});
  const auto findings = evidence::sorted_findings(c.analysis.findings);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const auto& f = findings[i];
    std::string metrics;
    for (const auto& m : f.metrics) metrics += fmt::format("{}{} = {:.6g} {}", metrics.empty() ? "" : "; ", m.name, m.value, m.unit);
    s.integer(static_cast<std::int64_t>(i + 1)).text(evidence::finding_id(f)).text(evidence::severity_name(f.severity))
        .text(evidence::confidence_name(f.confidence)).text(f.type).text(f.scope).text(join_ints(f.ranks)).text(f.title)
        .text(metrics).text(f.limitation).ids(f.evidence_ids).end_row();
  }
  if (findings.empty()) s.note("No rule fired on this capture.");
  s.finish();
}

void sheet_evidence(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "evidence index",
              {{"evidence id", K::kText}, {"kind", K::kText}, {"rank", K::kInteger}, {"source path", K::kWideText},
               {"source format", K::kText}, {"row start", K::kInteger}, {"row end", K::kInteger},
               {"event count", K::kInteger}, {"event rows (first 100)", K::kText}, {"summary", K::kWideText}});
  // Every id a finding or a README limitation cites, then the first ids in id order up to
  // c.caps.evidence_rows; evidence_index.csv holds every entry (the other sheets' ids resolve there).
  std::unordered_set<std::string_view> cited;
  for (const auto& f : c.analysis.findings) cited.insert(f.evidence_ids.begin(), f.evidence_ids.end());
  for (const Limitation& l : c.limitations) cited.insert(l.evidence_ids.begin(), l.evidence_ids.end());
  const auto entries = c.evidence.index.sorted_entries();
  std::size_t room = 0;  // rows left for ids nobody cites, once every cited id has its row
  {
    std::size_t cited_present = 0;
    for (const auto& e : entries) cited_present += cited.count(e.first);
    room = c.caps.evidence_rows > cited_present ? c.caps.evidence_rows - cited_present : 0;
  }
  std::size_t left_out = 0;
  for (const auto& [id, ref] : entries) {
    if (!cited.count(id)) {
      if (room == 0) {
        ++left_out;
        continue;
      }
      --room;
    }
    std::string rows;
    for (std::size_t i = 0; i < ref->event_indices.size() && i < evidence::kMaxListedEventRows; ++i)
      rows += fmt::format("{}{}", i ? ";" : "", ref->event_indices[i]);
    s.text(id).text(evidence::evidence_kind_name(ref->kind));
    if (ref->rank >= 0) s.integer(ref->rank); else s.blank();
    s.text(ref->source_path).text(ref->source_format).integer(ref->rows.first).integer(ref->rows.last)
        .integer(static_cast<std::int64_t>(ref->event_indices.size())).text(rows).text(ref->summary).end_row();
  }
  if (left_out > 0)
    s.note(fmt::format("… cut at {} rows: every id a finding or limitation cites, then the first ids in id order; {} "
                       "more evidence ids are in evidence_index.csv (every id).",
                       entries.size() - left_out, left_out));
  s.finish();
}

void sheet_raw_kernels(const XlsxContext& c) {
  XlsxSheet s(c.wb, c.formats, "raw kernel index",
              {{"rank", K::kInteger}, {"event index", K::kInteger}, {"source file", K::kText},
               {"source format", K::kText}, {"source row", K::kInteger}, {"name", K::kWideText}, {"type", K::kText},
               {"core", K::kText}, {"role", K::kText}, {"stream", K::kInteger},
               {"start (µs from capture start)", K::kNumber}, {"duration (µs)", K::kNumber}, {"wait (µs)", K::kNumber}});
  std::size_t written = 0, left = 0;
  for (std::size_t r = 0; r < c.capture.ranks.size(); ++r) {
    const auto& ev = c.capture.ranks[r].events;
    analysis::EventClasses local;
    const analysis::EventClasses& classes = analysis::kept_or_classified(c.analysis.event_classes, r, ev, c.classifier, local);
    EscapedStrings text(ev.strings, &xlsx_text);  // names repeat across rows: made cell-safe once each
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!classes.counts(i)) continue;
      if (written >= c.caps.raw_rows) {
        ++left;
        continue;
      }
      ++written;
      const auto& src = ev.sources[ev.source[i]];
      s.integer(ev.rank).integer(static_cast<std::int64_t>(i)).text(base_name(src.path)).text(src.format)
          .integer(static_cast<std::int64_t>(ev.source_row[i])).checked_text(text(ev.name[i]))
          .checked_text(text(ev.type[i])).checked_text(text(ev.core[i]))
          .text(analysis::op_role_name(classes.of(i).role)).integer(ev.stream[i])
          .number(ns_to_us(ev.start_ns[i] - c.origin(r))).number(ns_to_us(ev.dur_ns[i]));
      if (ev.wait_ns[i] == trace::kMissing) s.blank(); else s.number(ns_to_us(ev.wait_ns[i]));
      s.end_row();
    }
  }
  if (left > 0)
    s.note(fmt::format("… cut at {} rows: {} more device events are in raw_kernel_index.csv (every row).", written, left));
  s.finish();
}

}  // namespace llmsa::report
