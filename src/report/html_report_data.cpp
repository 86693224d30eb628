#include "report/html_report_data.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "analysis/device_tasks.hpp"
#include "analysis/operator_summary.hpp"
#include "report/analysis_json.hpp"
#include "report/html_escape.hpp"
#include "report/html_evidence_rows.hpp"
#include "report/html_report_parts.hpp"
#include "report/html_step_operators.hpp"
#include "report/html_timeline.hpp"
#include "report/ops_analysis_json.hpp"

namespace llmsa::report {

using nlohmann::json;

namespace {

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }


// A string table: names are stored once and referred to by index.
class NameTable {
 public:
  explicit NameTable(std::size_t name_bytes) : name_bytes_(name_bytes) {}
  std::size_t id(std::string_view s) {
    auto [it, inserted] = ids_.try_emplace(std::string(s), names_.size());
    if (inserted) names_.push_back(truncate_utf8(s, name_bytes_));
    return it->second;
  }
  json to_json() const { return names_; }

 private:
  std::size_t name_bytes_;
  std::map<std::string, std::size_t, std::less<>> ids_;
  std::vector<std::string> names_;
};

json capture_json(const trace::Capture& c) {
  json ranks = json::array();
  for (const trace::RankProfile& r : c.ranks) {
    json files = json::array();
    for (const trace::FileReadReport& f : r.files)
      files.push_back({{"path", f.path}, {"format", f.format}, {"rows_read", f.rows_read}, {"kept", f.events},
                       {"rejected", f.rejected}, {"read", f.read}, {"error", f.error}});
    ranks.push_back({{"rank", r.events.rank},
                     {"rank_source", r.events.rank_source},
                     {"root", r.root},
                     {"events", r.events.size()},
                     {"profiler_level", r.config.profiler_level},
                     {"files", files},
                     {"notes", r.notes}});
  }
  json cluster = json::array();
  for (const trace::FileReadReport& f : c.cluster_files)
    cluster.push_back({{"path", f.path}, {"format", f.format}, {"rows_read", f.rows_read}, {"read", f.read}});
  return {{"ranks", ranks}, {"cluster_files", cluster}};
}

// Layers, blocks and bubbles are arrays, not objects: a 1M-event capture has ~10^5 layers, and the keys
// of an object per layer were most of the page (the column order is in the page's data header).
// What the step inspector needs from the rank's events: each step's heaviest operators and their roles.
struct StepSide {
  const trace::RankEvents* events = nullptr;
  std::vector<std::vector<StepOperator>> top;
  std::vector<std::vector<int>> roles;  // op role of each top operator's longest call
};

json steps_json(const analysis::RankAnalysis& r, const StepSide& side, const HtmlReportCaps& caps, std::int64_t origin,
                NameTable& names, bool& cut) {
  json steps = json::array();
  std::size_t layers_left = caps.layers_per_rank, bubbles_left = caps.bubbles_per_rank;
  for (std::size_t k = 0; k < r.steps.size(); ++k) {
    const analysis::StepAnalysis& s = r.steps[k];
    if (steps.size() >= caps.steps_per_rank) {
      cut = true;
      break;
    }
    json roles = json::array();
    for (const analysis::RoleTime& t : s.where_time_goes)
      roles.push_back(json::array({t.role, t.time_ns, t.share_of_wall, t.share_of_busy, t.events}));
    json layers = json::array();
    for (const analysis::LayerSpan& l : s.layers) {
      if (layers_left == 0) {
        cut = true;
        break;
      }
      --layers_left;
      json blocks = json::array();
      for (const analysis::BlockSpan& b : l.blocks)
        blocks.push_back(json::array({b.kind, b.family, b.start_ns - origin, b.end_ns - origin, b.busy_ns, b.event_count}));
      layers.push_back(json::array({l.index, l.anchor_kind, l.start_ns - origin, l.end_ns - origin, l.busy_ns,
                                    l.event_count, std::move(blocks)}));
    }
    json bubbles = json::array();
    for (const analysis::BubbleWindow& b : s.bubbles) {
      if (bubbles_left == 0) {
        cut = true;
        break;
      }
      --bubbles_left;
      bubbles.push_back(json::array({b.start_ns - origin, b.end_ns - origin, b.location, b.host_bound, b.cause,
                                     b.before_name.empty() ? json(nullptr) : json(names.id(b.before_name)),
                                     b.after_name.empty() ? json(nullptr) : json(names.id(b.after_name)), b.before_row,
                                     b.after_row}));
    }
    json top = json::array();
    if (side.events && k < side.top.size())
      for (const StepOperator& op : side.top[k])
        top.push_back(json::array({names.id(side.events->strings.view(op.name)), op.calls, op.duration_sum_ns,
                                   side.roles[k][top.size()], op.longest}));
    steps.push_back({{"step", s.step},
                     {"type", s.step_type},
                     {"type_reason", s.step_type_reason},
                     {"time", breakdown_json(s.time)},
                     {"start", s.time.window_start_ns - origin},
                     {"end", s.time.window_end_ns - origin},
                     {"roles", roles},
                     {"layers", layers},
                     {"bubbles", bubbles},
                     {"top_ops", top},
                     {"underfeed_ratio", s.underfeed_ratio}});
  }
  return steps;
}

// `ev`: the rank's events, for each operator's card (its call of median duration, field by field);
// nullptr when the rank is not in the capture (no cards).
json operators_json(const analysis::OperatorSummary& s, const trace::RankEvents* ev, const std::string& profile_root,
                    const HtmlReportCaps& caps, NameTable& names) {
  json rows = json::array(), cards = json::array();
  for (std::size_t i = 0; i < s.operators.size() && i < caps.operators_per_rank; ++i) {
    const analysis::OperatorAggregate& a = s.operators[i];
    const analysis::BoundClass& b = a.bound;
    rows.push_back(json::array({names.id(a.name), a.type, a.core, a.role, a.calls, a.duration_sum_ns / 1000.0,
                                a.duration_avg_us, a.has_wait ? json(a.wait_sum_ns / 1000.0) : json(nullptr),
                                a.has_wait ? json(a.wait_ratio) : json(nullptr), a.total_cost_avg_us, a.rank_by_duration,
                                a.rank_by_total_cost, b.op_type, b.bound_stage, b.bound_family, b.dominant_core,
                                opt(b.memory_bound), opt(b.mac_ratio), opt(b.vec_ratio), opt(b.mte2_ratio),
                                b.memory_verdict, a.wait_anchor, a.false_hotspot_risk, a.stream_count}));
    if (!ev || a.events.empty()) {
      cards.push_back(nullptr);
      continue;
    }
    const std::uint32_t e = representative_call(*ev, a.events);
    json card = operator_card_json(*ev, e, profile_root, caps.name_bytes);
    // Field names go through the name table too: the same ~40 keys repeat on every card.
    for (json& f : card["fields"]) f[0] = names.id(f[0].get<std::string>());
    card["event"] = e;
    cards.push_back(std::move(card));
  }
  return {{"rank", s.rank},
          {"operator_count", s.operators.size()},
          {"rows", rows},
          {"cards", cards},
          {"pipeline_available", s.pipeline_available},
          {"rank_bound", bound_to_json(s.rank_bound)},
          {"attention_family", s.attention_family},
          {"attention_family_heuristic", s.attention_family_heuristic},
          {"wait_anchor_calls", s.wait_anchor_calls},
          {"device_op_calls", s.device_op_calls}};
}

const json kOperatorColumns = json::array(
    {"name", "type", "core", "role", "calls", "duration_sum_us", "duration_avg_us", "wait_sum_us", "wait_ratio",
     "total_cost_avg_us", "rank_by_duration", "rank_by_total_cost", "op_type", "bound_stage", "bound_family",
     "dominant_core", "memory_bound", "mac_ratio", "vec_ratio", "mte2_ratio", "memory_verdict", "wait_anchor",
     "false_hotspot_risk", "stream_count"});

}  // namespace

json html_report_data(const ReportInputs& in, const HtmlReportCaps& caps) {
  const trace::Capture& capture = in.capture;
  const analysis::ProfileAnalysis& a = in.analysis;
  NameTable names(caps.name_bytes);

  // Common time origin: the earliest analysed window start, so ranks line up on one axis.
  std::int64_t origin = std::numeric_limits<std::int64_t>::max();
  // Empty windows (a rank without device events) carry a zero start that is not a time; skip them.
  for (const analysis::RankAnalysis& r : a.ranks) {
    if (r.capture.wall_ns > 0) origin = std::min(origin, r.capture.window_start_ns);
    for (const analysis::StepAnalysis& s : r.steps)
      if (s.time.wall_ns > 0) origin = std::min(origin, s.time.window_start_ns);
  }
  if (origin == std::numeric_limits<std::int64_t>::max()) origin = 0;

  // The device operator events of each rank (one source format per rank, as the operator view): drawn
  // on the timeline and aggregated per step for the inspector.
  std::vector<std::vector<std::uint32_t>> device_events(capture.ranks.size());
  std::vector<analysis::KernelClassCache> classes;
  classes.reserve(capture.ranks.size());
  for (std::size_t p = 0; p < capture.ranks.size(); ++p) {
    const trace::RankEvents& ev = capture.ranks[p].events;
    const analysis::DeviceTaskSources sources(ev);
    for (std::size_t i = 0; i < ev.size(); ++i)
      if (sources.counts(ev, i)) device_events[p].push_back(static_cast<std::uint32_t>(i));
    classes.emplace_back(in.classifier, ev.strings);
  }
  auto role_of = [&](std::size_t p, std::uint32_t e) {
    const trace::RankEvents& ev = capture.ranks[p].events;
    return static_cast<int>(classes[p].get(ev.name[e], ev.type[e], ev.core[e]).role);
  };

  bool steps_cut = false;
  json ranks = json::array();
  for (std::size_t i = 0; i < a.ranks.size(); ++i) {
    const analysis::RankAnalysis& r = a.ranks[i];
    StepSide side;
    // Analysis ranks are in capture order (analyze_capture); the check guards a hand-built analysis.
    if (i < capture.ranks.size() && capture.ranks[i].events.rank == r.rank) {
      const trace::RankEvents& ev = capture.ranks[i].events;
      side.events = &ev;
      const std::size_t steps = std::min(r.steps.size(), caps.steps_per_rank);
      const std::vector<analysis::StepAnalysis> shown(r.steps.begin(), r.steps.begin() + static_cast<std::ptrdiff_t>(steps));
      side.top = step_top_operators(ev, device_events[i], shown, caps.operators_per_step);
      for (const auto& ops : side.top) {
        side.roles.emplace_back();
        for (const StepOperator& op : ops) side.roles.back().push_back(role_of(i, op.longest));
      }
    }
    ranks.push_back({{"rank", r.rank},
                     {"step_source", r.step_source},
                     {"capture", breakdown_json(r.capture)},
                     {"steps", steps_json(r, side, caps, origin, names, steps_cut)},
                     {"notes", r.notes}});
  }

  json operators = json::array();
  for (std::size_t i = 0; i < a.ops.operators.size(); ++i) {
    const analysis::OperatorSummary& s = a.ops.operators[i];
    const trace::RankEvents* ev = nullptr;
    for (const trace::RankProfile& rp : capture.ranks)
      if (rp.events.rank == s.rank) ev = &rp.events;
    operators.push_back(operators_json(s, ev, a.profile_root, caps, names));
  }
  json overlap = json::array();
  for (const analysis::CommOverlap& o : a.ops.overlap) overlap.push_back(overlap_to_json(o));
  json hccl = json::array();
  for (const analysis::HcclSummary& h : a.ops.hccl)
    if (h.available) hccl.push_back(hccl_to_json(h));

  // Findings and the rows behind them.
  const std::map<std::string, ResolvedEvidence> resolved =
      resolve_finding_evidence(capture, a, std::max(caps.raw_rows_per_evidence, caps.kept_events_per_finding),
                               caps.evidence_range_rows);
  std::vector<std::vector<std::uint32_t>> kept(capture.ranks.size());
  std::size_t kept_total = 0;
  json findings = json::array();
  for (const evidence::Finding& f : a.findings) {
    json metrics = json::array();
    for (const evidence::Metric& m : f.metrics) metrics.push_back(json::array({m.name, m.value, m.unit}));
    json events = json::array();  // [rank_pos, event index] drawn on the timeline
    for (const std::string& id : f.evidence_ids) {
      auto it = resolved.find(id);
      if (it == resolved.end() || it->second.rank_pos < 0) continue;
      for (const std::uint32_t e : it->second.events) {
        if (events.size() >= caps.kept_events_per_finding || kept_total >= caps.kept_events) break;
        events.push_back(json::array({it->second.rank_pos, e}));
        kept[static_cast<std::size_t>(it->second.rank_pos)].push_back(e);
        ++kept_total;
      }
    }
    findings.push_back({{"id", evidence::finding_id(f)},
                        {"type", f.type},
                        {"scope", f.scope},
                        {"title", f.title},
                        {"severity", evidence::severity_name(f.severity)},
                        {"confidence", evidence::confidence_name(f.confidence)},
                        {"ranks", f.ranks},
                        {"metrics", metrics},
                        {"evidence", f.evidence_ids},
                        {"limitation", f.limitation},
                        {"events", events}});
  }
  json evidence = json::object();
  for (const auto& [id, res] : resolved) {
    const evidence::EvidenceRef* ref = a.evidence.find(id);
    if (!ref) continue;
    json raw = json::array();
    if (res.rank_pos >= 0) {
      const trace::RankEvents& ev = capture.ranks[static_cast<std::size_t>(res.rank_pos)].events;
      for (std::size_t k = 0; k < res.events.size() && k < caps.raw_rows_per_evidence; ++k) {
        const std::uint32_t e = res.events[k];
        raw.push_back({{"source_row", ev.source_row[e]}, {"fields", raw_event_fields(ev, e, caps.name_bytes)}});
      }
    }
    for (std::size_t k = 0; k < res.aux_rows.size() && raw.size() < caps.raw_rows_per_evidence; ++k)
      raw.push_back(res.aux_rows[k]);
    evidence[id] = {{"kind", evidence::evidence_kind_name(ref->kind)},
                    {"rank", ref->rank},
                    {"source", ref->source_path},
                    {"format", ref->source_format},
                    {"rows", json::array({ref->rows.first, ref->rows.last})},
                    {"rows_listed", ref->event_indices.size()},
                    {"summary", ref->summary},
                    {"raw", raw},
                    {"matched", res.matched}};
  }

  // Timeline: device operator events of each rank (one source format per rank, as the operator view),
  // downsampled to a share of the box budget.
  json tl_ranks = json::array();
  json roles = json::array();
  for (int k = 0; k < analysis::kOpRoleCount; ++k) roles.push_back(analysis::op_role_name(static_cast<analysis::OpRole>(k)));
  const std::size_t rank_budget = capture.ranks.empty() ? caps.timeline_boxes : caps.timeline_boxes / capture.ranks.size();
  std::int64_t drawn_events = 0, boxes_total = 0;
  for (std::size_t p = 0; p < capture.ranks.size(); ++p) {
    const trace::RankEvents& ev = capture.ranks[p].events;
    const std::vector<std::uint32_t>& events = device_events[p];
    std::vector<std::uint32_t>& keep = kept[p];
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    const DownsampledTimeline t = downsample_timeline(ev, events, keep, rank_budget);
    json lanes = json::array();
    for (const TimelineLane& lane : t.lanes) {
      // Columns per lane (one array per field), filled as plain vectors and converted once.
      const std::size_t nb = lane.boxes.size();
      std::vector<std::int64_t> s(nb), d(nb), u(nb);
      std::vector<std::size_t> n(nb), kept_boxes;
      std::vector<int> r(nb);
      std::vector<std::uint32_t> c(nb), e(nb);
      for (std::size_t b = 0; b < nb; ++b) {
        const TimelineBox& box = lane.boxes[b];
        s[b] = box.start_ns - origin;
        d[b] = box.end_ns - box.start_ns;
        n[b] = names.id(ev.strings.view(ev.name[box.event]));
        r[b] = role_of(p, box.event);
        c[b] = box.count;
        u[b] = box.busy_ns;
        e[b] = box.event;
        if (box.kept) kept_boxes.push_back(b);
      }
      lanes.push_back({{"stream", lane.stream}, {"events", lane.events}, {"s", s}, {"d", d}, {"n", n}, {"r", r},
                       {"c", c}, {"u", u}, {"e", e}, {"kept", kept_boxes}});
    }
    drawn_events += t.events;
    boxes_total += t.boxes;
    tl_ranks.push_back({{"rank", ev.rank}, {"bucket_ns", t.bucket_ns}, {"events", t.events}, {"lanes", lanes}});
  }

  json caps_json = {{"timeline_boxes", caps.timeline_boxes},
                    {"kept_events", caps.kept_events},
                    {"kept_events_per_finding", caps.kept_events_per_finding},
                    {"raw_rows_per_evidence", caps.raw_rows_per_evidence},
                    {"evidence_range_rows", caps.evidence_range_rows},
                    {"operators_per_rank", caps.operators_per_rank},
                    {"operators_per_step", caps.operators_per_step},
                    {"steps_per_rank", caps.steps_per_rank},
                    {"layers_per_rank", caps.layers_per_rank},
                    {"bubbles_per_rank", caps.bubbles_per_rank},
                    {"name_bytes", caps.name_bytes},
                    {"steps_cut", steps_cut},
                    {"kept_events_used", kept_total}};

  const json cross_rank = cross_rank_to_json(a.ops.cross_rank);
  return {{"schema", "llmsa.report_html/2"},
          {"key_findings", key_findings_json(a)},
          {"caps", caps_json},
          {"compat", analysis::compat_name(a.compat)},
          {"definitions", a.definitions},
          {"notes", a.notes},
          {"capture", capture_json(capture)},
          {"ranks", ranks},
          {"operator_columns", kOperatorColumns},
          {"operators", operators},
          {"comm_overlap", overlap},
          {"hccl", hccl},
          {"slow_ranks", cross_rank["slow_ranks"]},
          {"ep_load", cross_rank["ep_load"]},
          {"dummy_ranks", cross_rank["dummy_ranks"]},
          {"findings", findings},
          {"evidence", evidence},
          {"timeline", {{"origin_ns", origin}, {"roles", roles}, {"ranks", tl_ranks}, {"events", drawn_events},
                        {"boxes", boxes_total}}},
          {"names", names.to_json()}};
}

}  // namespace llmsa::report
