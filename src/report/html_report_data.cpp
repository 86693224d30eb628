#include "report/html_report_data.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "analysis/event_classes.hpp"
#include "analysis/operator_summary.hpp"
#include "analysis/step_top_operators.hpp"
#include "report/analysis_json.hpp"
#include "report/html_escape.hpp"
#include "report/html_evidence_rows.hpp"
#include "report/capture_source_paths.hpp"
#include "report/html_report_parts.hpp"
#include "report/html_timeline.hpp"
#include "report/longest_items.hpp"
#include "report/ops_analysis_json.hpp"

namespace llmsa::report {

using nlohmann::json;

namespace {

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// A JSON object built by moving each value in. An initializer list copies its elements, and the values
// here are whole trees (every step's layers, every lane's boxes): the copies and their destruction were
// most of the page's build time.
class Obj {
 public:
  Obj& add(const char* key, json value) {
    o_[key] = std::move(value);
    return *this;
  }
  json done() { return std::move(o_); }

 private:
  json o_ = json::object();
};

// A JSON array of the values, moved in: json::array({...}) copies every element out of its
// initializer list, which was most of the page's build time on 10^5 layers.
template <class... T>
json row(T&&... values) {
  json::array_t a;
  a.reserve(sizeof...(T));
  (a.emplace_back(std::forward<T>(values)), ...);
  return json(std::move(a));
}


// A string table: names are stored once and referred to by index.
class NameTable {
 public:
  explicit NameTable(std::size_t name_bytes) : name_bytes_(name_bytes) {}
  std::size_t id(std::string_view s) {
    // Looked up without a temporary string: called for every layer, block and timeline box.
    if (auto it = ids_.find(s); it != ids_.end()) return it->second;
    const std::size_t id = names_.size();
    ids_.emplace(std::string(s), id);
    names_.push_back(truncate_utf8(s, name_bytes_));
    return id;
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

// What the step inspector needs from the rank's events: each step's heaviest operators and their roles.
struct StepSide {
  const trace::RankEvents* events = nullptr;
  std::vector<std::vector<analysis::StepOperator>> top;
  std::vector<std::vector<int>> roles;  // op role of each top operator's longest call
};

// Layers, blocks, bubbles and step operators are arrays, not objects: a 1M-event capture has ~10^5
// layers, and an object's keys per layer were most of the page. report_1_base.js unpacks them:
//   layer  [index, anchor name id, start, end (ns from the step start), busy_ns, events, blocks]
//   block  [kind name id, family name id, start, end (ns from the layer start), busy_ns, events]
//   bubble [start, end (ns from the origin), location, host_bound, cause, before name id | null,
//           after name id | null, before_row, after_row]
//   block_kinds [kind name id, family name id, blocks of the step]
// A step's layers and bubbles are the embedded ones (caps.layers_per_rank, caps.bubbles_per_rank);
// layer_count, block_kinds, bubble_windows and host_bound_bubbles count all of the step's.
//   top_op [name id, calls, summed duration ns, role index (timeline.roles), longest call's event]

json steps_json(const analysis::RankAnalysis& r, const StepSide& side, const HtmlReportCaps& caps, std::int64_t origin,
                NameTable& names, bool& cut) {
  json steps = json::array();
  const std::size_t step_count = std::min(r.steps.size(), caps.steps_per_rank);
  if (step_count < r.steps.size()) cut = true;
  // The rank's longest bubbles_per_rank bubbles (in the embedded steps), shown in time order: a
  // host-bound decode capture has a bubble between most kernels, and embedding the first ones filled
  // the page with the shortest gaps of the first steps. Every step still states how many it has.
  std::vector<std::vector<std::uint32_t>> listed(step_count);
  {
    LongestItems<std::pair<std::uint32_t, std::uint32_t>> longest(caps.bubbles_per_rank);
    for (std::uint32_t k = 0; k < step_count; ++k)
      for (std::uint32_t b = 0; b < r.steps[k].bubbles.size(); ++b) {
        const analysis::BubbleWindow& w = r.steps[k].bubbles[b];
        longest.offer(w.end_ns - w.start_ns, {k, b});
      }
    for (const auto& [k, b] : longest.take()) listed[k].push_back(b);
  }
  std::size_t layers_left = caps.layers_per_rank;
  for (std::size_t k = 0; k < step_count; ++k) {
    const analysis::StepAnalysis& s = r.steps[k];
    json roles = json::array();
    for (const analysis::RoleTime& t : s.where_time_goes)
      roles.push_back(row(t.role, t.time_ns, t.share_of_wall, t.share_of_busy, t.events));
    json layers = json::array();
    // Block kinds of every layer of the step, embedded or not, as [kind id, family id, count] sorted by
    // kind and family name: the structure table counts them for the whole step.
    // A handful of distinct kinds: a linear search by equality (lengths differ first) is cheaper per
    // block than an ordered map's string comparisons, and a million-kernel rank has ~10^5 blocks.
    std::vector<std::pair<std::pair<std::string_view, std::string_view>, std::int64_t>> block_kinds;
    for (const analysis::LayerSpan& l : s.layers)
      for (const analysis::BlockSpan& b : l.blocks) {
        const std::pair<std::string_view, std::string_view> key{b.kind, b.family};
        auto it = std::find_if(block_kinds.begin(), block_kinds.end(), [&](const auto& e) { return e.first == key; });
        if (it == block_kinds.end()) block_kinds.push_back({key, 1});
        else ++it->second;
      }
    std::sort(block_kinds.begin(), block_kinds.end());
    for (const analysis::LayerSpan& l : s.layers) {
      if (layers_left == 0) {
        cut = true;
        break;
      }
      --layers_left;
      // Kinds and families by name-table index; times from the step's start (layer) and the layer's
      // start (block), which are short numbers.
      json blocks = json::array();
      for (const analysis::BlockSpan& b : l.blocks)
        blocks.push_back(row(names.id(b.kind), names.id(b.family), b.start_ns - l.start_ns, b.end_ns - l.start_ns,
                             b.busy_ns, b.event_count));
      layers.push_back(row(l.index, names.id(l.anchor_kind), l.start_ns - s.time.window_start_ns,
                           l.end_ns - s.time.window_start_ns, l.busy_ns, l.event_count, std::move(blocks)));
    }
    json kinds = json::array();
    for (const auto& [kf, count] : block_kinds) kinds.push_back(row(names.id(kf.first), names.id(kf.second), count));
    std::int64_t host_bound = 0;
    for (const analysis::BubbleWindow& b : s.bubbles) host_bound += b.host_bound ? 1 : 0;
    json bubbles = json::array();
    for (const std::uint32_t i : listed[k]) {
      const analysis::BubbleWindow& b = s.bubbles[i];
      bubbles.push_back(row(b.start_ns - origin, b.end_ns - origin, b.location, b.host_bound, b.cause,
                            b.before_name.empty() ? json(nullptr) : json(names.id(b.before_name)),
                            b.after_name.empty() ? json(nullptr) : json(names.id(b.after_name)), b.before_row,
                            b.after_row));
    }
    json top = json::array();
    if (side.events && k < side.top.size())
      for (const analysis::StepOperator& op : side.top[k])
        top.push_back(row(names.id(side.events->strings.view(op.name)), op.calls, op.duration_sum_ns,
                          side.roles[k][top.size()], op.longest));
    steps.push_back(Obj()
                        .add("step", s.step)
                        .add("type", s.step_type)
                        .add("type_reason", s.step_type_reason)
                        .add("time", breakdown_json(s.time))
                        .add("start", s.time.window_start_ns - origin)
                        .add("end", s.time.window_end_ns - origin)
                        .add("roles", std::move(roles))
                        .add("layers", std::move(layers))
                        .add("layer_count", s.layers.size())
                        .add("block_kinds", std::move(kinds))
                        .add("bubbles", std::move(bubbles))
                        .add("bubble_windows", s.bubbles.size())
                        .add("host_bound_bubbles", host_bound)
                        .add("top_ops", std::move(top))
                        .add("underfeed_ratio", s.underfeed_ratio)
                        .done());
  }
  return steps;
}

// `ev`: the rank's events, for each operator's card (its call of median duration, field by field), and
// `source_paths` its sources as the evidence names them; nullptr when the rank is not in the capture (no cards).
json operators_json(const analysis::OperatorSummary& s, const trace::RankEvents* ev,
                    const std::vector<std::string>* source_paths, const HtmlReportCaps& caps, NameTable& names) {
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
    json card = operator_card_json(*ev, e, (*source_paths)[ev->source[e]], caps.name_bytes);
    // Field names go through the name table too: the same ~40 keys repeat on every card.
    for (json& f : card["fields"]) f[0] = names.id(f[0].get<std::string>());
    card["event"] = e;
    cards.push_back(std::move(card));
  }
  return Obj()
      .add("rank", s.rank)
      .add("operator_count", s.operators.size())
      .add("rows", std::move(rows))
      .add("cards", std::move(cards))
      .add("pipeline_available", s.pipeline_available)
      .add("rank_bound", bound_to_json(s.rank_bound))
      .add("attention_family", s.attention_family)
      .add("attention_family_heuristic", s.attention_family_heuristic)
      .add("wait_anchor_calls", s.wait_anchor_calls)
      .add("device_op_calls", s.device_op_calls)
      .done();
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
  // Their classes: the analysis' table (ProfileAnalysis::event_classes), classified here when absent.
  std::vector<analysis::EventClasses> local(capture.ranks.size());
  std::vector<const analysis::EventClasses*> classes(capture.ranks.size());
  for (std::size_t p = 0; p < capture.ranks.size(); ++p) {
    const trace::RankEvents& ev = capture.ranks[p].events;
    classes[p] = &analysis::kept_or_classified(a.event_classes, p, ev, in.classifier, local[p]);
    for (std::size_t i = 0; i < ev.size(); ++i)
      if (classes[p]->counts(i)) device_events[p].push_back(static_cast<std::uint32_t>(i));
  }
  auto role_of = [&](std::size_t p, std::uint32_t e) { return static_cast<int>(classes[p]->of(e).role); };

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
      side.top = analysis::step_top_operators(ev, device_events[i], std::span(r.steps.data(), steps), caps.operators_per_step);
      for (const auto& ops : side.top) {
        side.roles.emplace_back();
        for (const analysis::StepOperator& op : ops) side.roles.back().push_back(role_of(i, op.longest));
      }
    }
    ranks.push_back(Obj()
                        .add("rank", r.rank)
                        .add("step_source", r.step_source)
                        .add("capture", breakdown_json(r.capture))
                        .add("steps", steps_json(r, side, caps, origin, names, steps_cut))
                        .add("notes", r.notes)
                        .done());
  }

  json operators = json::array();
  const CaptureSourcePaths source_paths = capture_source_paths(capture, a.evidence);
  for (std::size_t i = 0; i < a.ops.operators.size(); ++i) {
    const analysis::OperatorSummary& s = a.ops.operators[i];
    const trace::RankEvents* ev = nullptr;
    const std::vector<std::string>* paths = nullptr;
    for (std::size_t p = 0; p < capture.ranks.size(); ++p)
      if (capture.ranks[p].events.rank == s.rank) {
        ev = &capture.ranks[p].events;
        paths = &source_paths.rank[p];
      }
    operators.push_back(operators_json(s, ev, paths, caps, names));
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
    // Field names go through the name table, as on the operator cards: the same ~40 keys repeat on
    // every raw row, and they were half of the page's evidence bytes.
    for (json& r : raw)
      for (json& f : r["fields"])
        if (f[0].is_string()) f[0] = names.id(f[0].get<std::string>());
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
      lanes.push_back(Obj()
                          .add("stream", lane.stream)
                          .add("events", lane.events)
                          .add("s", s)
                          .add("d", d)
                          .add("n", n)
                          .add("r", r)
                          .add("c", c)
                          .add("u", u)
                          .add("e", e)
                          .add("kept", kept_boxes)
                          .done());
    }
    drawn_events += t.events;
    boxes_total += t.boxes;
    tl_ranks.push_back(Obj()
                           .add("rank", ev.rank)
                           .add("bucket_ns", t.bucket_ns)
                           .add("events", t.events)
                           .add("lanes", std::move(lanes))
                           .done());
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

  json cross_rank = cross_rank_to_json(a.ops.cross_rank);
  return Obj()
      .add("schema", "llmsa.report_html/2")
      .add("key_findings", key_findings_json(a))
      .add("caps", std::move(caps_json))
      .add("compat", analysis::compat_name(a.compat))
      .add("definitions", a.definitions)
      .add("notes", a.notes)
      .add("capture", capture_json(capture))
      .add("ranks", std::move(ranks))
      .add("operator_columns", kOperatorColumns)
      .add("operators", std::move(operators))
      .add("comm_overlap", std::move(overlap))
      .add("hccl", std::move(hccl))
      .add("slow_ranks", std::move(cross_rank["slow_ranks"]))
      .add("ep_load", std::move(cross_rank["ep_load"]))
      .add("dummy_ranks", std::move(cross_rank["dummy_ranks"]))
      .add("findings", std::move(findings))
      .add("evidence", std::move(evidence))
      .add("timeline", Obj()
                           .add("origin_ns", origin)
                           .add("roles", std::move(roles))
                           .add("ranks", std::move(tl_ranks))
                           .add("events", drawn_events)
                           .add("boxes", boxes_total)
                           .done())
      .add("names", names.to_json())
      .done();
}

}  // namespace llmsa::report
