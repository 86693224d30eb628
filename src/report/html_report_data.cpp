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

json steps_json(const analysis::RankAnalysis& r, const HtmlReportCaps& caps, std::int64_t origin, bool& cut) {
  json steps = json::array();
  std::size_t layers_left = caps.layers_per_rank, bubbles_left = caps.bubbles_per_rank;
  for (const analysis::StepAnalysis& s : r.steps) {
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
        blocks.push_back({{"kind", b.kind}, {"family", b.family}, {"start", b.start_ns - origin},
                          {"end", b.end_ns - origin}, {"busy_ns", b.busy_ns}, {"events", b.event_count}});
      layers.push_back({{"index", l.index}, {"anchor", l.anchor_kind}, {"start", l.start_ns - origin},
                        {"end", l.end_ns - origin}, {"busy_ns", l.busy_ns}, {"events", l.event_count},
                        {"blocks", blocks}});
    }
    json bubbles = json::array();
    for (const analysis::BubbleWindow& b : s.bubbles) {
      if (bubbles_left == 0) {
        cut = true;
        break;
      }
      --bubbles_left;
      bubbles.push_back({{"start", b.start_ns - origin}, {"end", b.end_ns - origin}, {"location", b.location},
                         {"host_bound", b.host_bound}, {"cause", b.cause}});
    }
    steps.push_back({{"step", s.step},
                     {"type", s.step_type},
                     {"type_reason", s.step_type_reason},
                     {"time", breakdown_json(s.time)},
                     {"start", s.time.window_start_ns - origin},
                     {"end", s.time.window_end_ns - origin},
                     {"roles", roles},
                     {"layers", layers},
                     {"bubbles", bubbles},
                     {"underfeed_ratio", s.underfeed_ratio}});
  }
  return steps;
}

json operators_json(const analysis::OperatorSummary& s, std::size_t max_rows, NameTable& names) {
  json rows = json::array();
  for (std::size_t i = 0; i < s.operators.size() && i < max_rows; ++i) {
    const analysis::OperatorAggregate& a = s.operators[i];
    const analysis::BoundClass& b = a.bound;
    rows.push_back(json::array({names.id(a.name), a.type, a.core, a.role, a.calls, a.duration_sum_ns / 1000.0,
                                a.duration_avg_us, a.has_wait ? json(a.wait_sum_ns / 1000.0) : json(nullptr),
                                a.has_wait ? json(a.wait_ratio) : json(nullptr), a.total_cost_avg_us, a.rank_by_duration,
                                a.rank_by_total_cost, b.op_type, b.bound_stage, b.bound_family, b.dominant_core,
                                opt(b.memory_bound), opt(b.mac_ratio), opt(b.vec_ratio), opt(b.mte2_ratio),
                                b.memory_verdict, a.wait_anchor, a.false_hotspot_risk, a.stream_count}));
  }
  return {{"rank", s.rank},
          {"operator_count", s.operators.size()},
          {"rows", rows},
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

  bool steps_cut = false;
  json ranks = json::array();
  for (const analysis::RankAnalysis& r : a.ranks)
    ranks.push_back({{"rank", r.rank},
                     {"step_source", r.step_source},
                     {"capture", breakdown_json(r.capture)},
                     {"steps", steps_json(r, caps, origin, steps_cut)},
                     {"notes", r.notes}});

  json operators = json::array();
  for (const analysis::OperatorSummary& s : a.ops.operators) operators.push_back(operators_json(s, caps.operators_per_rank, names));
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
    const analysis::DeviceTaskSources sources(ev);
    std::vector<std::uint32_t> events;
    for (std::size_t i = 0; i < ev.size(); ++i)
      if (sources.counts(ev, i)) events.push_back(static_cast<std::uint32_t>(i));
    std::vector<std::uint32_t>& keep = kept[p];
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    const DownsampledTimeline t = downsample_timeline(ev, events, keep, rank_budget);
    analysis::KernelClassCache cache(in.classifier, ev.strings);
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
        r[b] = static_cast<int>(cache.get(ev.name[box.event], ev.type[box.event], ev.core[box.event]).role);
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
                    {"steps_per_rank", caps.steps_per_rank},
                    {"layers_per_rank", caps.layers_per_rank},
                    {"bubbles_per_rank", caps.bubbles_per_rank},
                    {"name_bytes", caps.name_bytes},
                    {"steps_cut", steps_cut},
                    {"kept_events_used", kept_total}};

  const json cross_rank = cross_rank_to_json(a.ops.cross_rank);
  return {{"schema", "llmsa.report_html/1"},
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
