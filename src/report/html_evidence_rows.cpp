#include "report/html_evidence_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <unordered_map>

#include "report/capture_source_paths.hpp"
#include "report/html_escape.hpp"

namespace llmsa::report {

using nlohmann::json;

namespace {

json opt_json(const trace::OptDouble& v) { return v ? json(*v) : json(nullptr); }

// A float metric as the double its shortest decimal names (0.123f -> 0.123, not 0.12300000339746475):
// the value the file printed, and a third of the bytes on the page.
double shortest_double(float v) {
  if (!std::isfinite(v)) return static_cast<double>(v);
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  double d = static_cast<double>(v);
  std::from_chars(buf, r.ptr, d);
  return d;
}

// Wanted rows of one file: the evidence ids (as indices into the cited list) that want each row.
// Hashed: the lookup runs once per event of the rank.
using RowWants = std::unordered_map<std::int64_t, std::vector<std::size_t>>;

json step_trace_fields(const trace::StepTraceRow& r) {
  return json::array({json::array({"step", r.step}),
                      json::array({"computing_us", opt_json(r.computing_us)}),
                      json::array({"comm_not_overlapped_us", opt_json(r.comm_not_overlapped_us)}),
                      json::array({"overlapped_us", opt_json(r.overlapped_us)}),
                      json::array({"communication_us", opt_json(r.communication_us)}),
                      json::array({"free_us", opt_json(r.free_us)}),
                      json::array({"stage_us", opt_json(r.stage_us)}),
                      json::array({"bubble_us", opt_json(r.bubble_us)})});
}

json comm_op_fields(const trace::CommOpRow& r) {
  return json::array({json::array({"step", r.step}), json::array({"kind", r.kind}), json::array({"op_name", r.op_name}),
                      json::array({"group", r.group}),
                      json::array({"start_ns", r.start_ns == trace::kMissing ? json(nullptr) : json(r.start_ns)}),
                      json::array({"elapse_ms", opt_json(r.elapse_ms)}), json::array({"transit_ms", opt_json(r.transit_ms)}),
                      json::array({"wait_ms", opt_json(r.wait_ms)}), json::array({"sync_ms", opt_json(r.sync_ms)}),
                      json::array({"idle_ms", opt_json(r.idle_ms)})});
}

json cluster_step_fields(const trace::ClusterStepTraceRow& r) {
  return json::array({json::array({"step", r.step}), json::array({"type", r.type}), json::array({"index", r.index}),
                      json::array({"computing_us", opt_json(r.computing_us)}),
                      json::array({"comm_not_overlapped_us", opt_json(r.comm_not_overlapped_us)}),
                      json::array({"free_us", opt_json(r.free_us)})});
}

json cluster_comm_fields(const trace::ClusterCommRow& r) {
  return json::array({json::array({"step", r.step}), json::array({"group", r.group_key}), json::array({"op_name", r.op_name}),
                      json::array({"rank", r.rank}), json::array({"elapse_ms", opt_json(r.elapse_ms)}),
                      json::array({"transit_ms", opt_json(r.transit_ms)}), json::array({"wait_ms", opt_json(r.wait_ms)}),
                      json::array({"sync_ms", opt_json(r.sync_ms)})});
}

// Adds an auxiliary row to every evidence entry that wants it.
template <class Row, class Fields>
void match_aux(const std::vector<Row>& rows, const std::map<std::uint16_t, RowWants>& wants,
               const std::vector<std::string>& ids, std::size_t max_rows, std::map<std::string, ResolvedEvidence>& out,
               Fields fields) {
  for (const Row& r : rows) {
    auto f = wants.find(r.from.source);
    if (f == wants.end()) continue;
    auto w = f->second.find(static_cast<std::int64_t>(r.from.row));
    if (w == f->second.end()) continue;
    for (const std::size_t k : w->second) {
      ResolvedEvidence& res = out[ids[k]];
      if (res.aux_rows.size() < max_rows)
        res.aux_rows.push_back(json{{"source_row", r.from.row}, {"fields", fields(r)}});
    }
  }
}

}  // namespace

json raw_event_fields(const trace::RankEvents& ev, std::uint32_t e, std::size_t name_bytes) {
  json f = json::array();
  auto add = [&](const char* k, json v) { f.push_back(json::array({k, std::move(v)})); };
  auto text = [&](const char* k, StringId id) {
    if (id != kEmptyString) add(k, truncate_utf8(ev.strings.view(id), name_bytes));
  };
  // JavaScript numbers are exact only up to 2^53; larger ids (and ns time stamps) go as decimal text.
  auto integer = [&](const char* k, std::int64_t v) {
    if (v == trace::kMissing) return;
    if (v > (std::int64_t{1} << 53) || v < -(std::int64_t{1} << 53)) add(k, std::to_string(v));
    else add(k, v);
  };
  // Times in µs as the profiler files print them, exact (no float rounding): "1764246877081204.200".
  auto micros = [&](const char* k, std::int64_t ns) {
    if (ns == trace::kMissing) return;
    const bool neg = ns < 0;
    const auto mag = neg ? 0ULL - static_cast<unsigned long long>(ns) : static_cast<unsigned long long>(ns);
    add(k, fmt::format("{}{}.{:03}", neg ? "-" : "", mag / 1000, mag % 1000));
  };
  add("event_index", e);
  text("name", ev.name[e]);
  text("type", ev.type[e]);
  text("core", ev.core[e]);
  add("kind", trace::event_kind_name(ev.kind[e]));
  add("side", ev.side[e] == trace::Side::kDevice ? "device" : "host");
  micros("start_us", ev.start_ns[e]);
  micros("dur_us", ev.dur_ns[e]);
  micros("wait_us", ev.wait_ns[e]);
  if (ev.stream[e] >= 0) add("stream", ev.stream[e]);
  if (ev.device[e] >= 0) add("device", ev.device[e]);
  if (ev.pid[e] >= 0) add("pid", ev.pid[e]);
  integer("step", ev.step[e]);
  integer("correlation", ev.correlation[e]);
  integer("external_id", ev.external_id[e]);
  integer("sequence", ev.sequence[e]);
  text("input_shapes", ev.input_shapes[e]);
  text("input_dtypes", ev.input_dtypes[e]);
  text("output_shapes", ev.output_shapes[e]);
  text("lane", ev.lane[e]);
  for (const trace::MetricColumn& m : ev.metrics)
    if (e < m.size() && m.has(e)) add(std::string(ev.strings.view(m.name)).c_str(), shortest_double(m.at(e)));
  const auto lo = std::lower_bound(ev.args.event.begin(), ev.args.event.end(), e);
  for (auto it = lo; it != ev.args.event.end() && *it == e; ++it) {
    const std::size_t k = static_cast<std::size_t>(it - ev.args.event.begin());
    f.push_back(json::array({"arg:" + truncate_utf8(ev.strings.view(ev.args.key[k]), name_bytes),
                             truncate_utf8(ev.strings.view(ev.args.value[k]), name_bytes)}));
  }
  return f;
}

std::map<std::string, ResolvedEvidence> resolve_finding_evidence(const trace::Capture& capture,
                                                                 const analysis::ProfileAnalysis& analysis,
                                                                 std::size_t max_rows, std::size_t max_range) {
  std::map<std::string, ResolvedEvidence> out;
  std::set<std::string> cited;
  for (const evidence::Finding& f : analysis.findings) cited.insert(f.evidence_ids.begin(), f.evidence_ids.end());
  const std::vector<std::string> ids(cited.begin(), cited.end());

  // Only the first max_rows rows of each evidence are looked up (an operator aggregate may name
  // every call of a kernel); `matched` is how many rows the evidence names in all.
  // wants[rank_pos + 1][source index][row] -> indices into `ids` (slot 0: cluster files).
  std::vector<std::map<std::uint16_t, RowWants>> wants(capture.ranks.size() + 1);
  // Evidence names files relative to the profile root, the capture by the paths ingestion reached them
  // through: the table of capture_source_paths.hpp maps one to the other.
  const CaptureSourcePaths source_paths = capture_source_paths(capture, analysis.evidence);
  const auto& rank_paths = source_paths.rank;
  const auto& cluster_paths = source_paths.cluster;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const evidence::EvidenceRef* ref = analysis.evidence.find(ids[k]);
    if (!ref) continue;
    int rank_pos = -1;
    int source = -1;
    if (ref->rank >= 0) {
      for (std::size_t p = 0; p < capture.ranks.size() && source < 0; ++p) {
        if (capture.ranks[p].events.rank != ref->rank) continue;
        const auto& paths = rank_paths[p];
        for (std::size_t s = 0; s < paths.size(); ++s)
          if (paths[s] == ref->source_path) rank_pos = static_cast<int>(p), source = static_cast<int>(s);
      }
    } else {
      for (std::size_t s = 0; s < cluster_paths.size(); ++s)
        if (cluster_paths[s] == ref->source_path) source = static_cast<int>(s);
    }
    ResolvedEvidence& res = out[ids[k]];
    res.rank_pos = rank_pos;
    if (source < 0) continue;
    RowWants& rw = wants[static_cast<std::size_t>(rank_pos + 1)][static_cast<std::uint16_t>(source)];
    if (!ref->event_indices.empty()) {
      res.matched = static_cast<std::int64_t>(ref->event_indices.size());
      for (std::size_t r = 0; r < ref->event_indices.size() && r < max_rows; ++r) rw[ref->event_indices[r]].push_back(k);
    } else if (ref->rows.last >= ref->rows.first &&
               static_cast<std::size_t>(ref->rows.last - ref->rows.first) < max_range) {
      res.matched = ref->rows.last - ref->rows.first + 1;
      for (std::int64_t row = ref->rows.first; row <= ref->rows.last && row < ref->rows.first + static_cast<std::int64_t>(max_rows); ++row)
        rw[row].push_back(k);
    }
  }

  for (std::size_t p = 0; p < capture.ranks.size(); ++p) {
    const auto& rank_wants = wants[p + 1];
    if (rank_wants.empty()) continue;
    const trace::RankProfile& rp = capture.ranks[p];
    const trace::RankEvents& ev = rp.events;
    // Every event is tested, so the test is a flag per wanted row of each source (a hash lookup per
    // event was most of this function on a million-event rank); only a flagged row is looked up.
    std::vector<const RowWants*> by_source(ev.sources.size(), nullptr);
    std::vector<std::vector<char>> flagged(ev.sources.size());
    for (const auto& [src, rows] : rank_wants) {
      if (src >= by_source.size()) continue;
      by_source[src] = &rows;
      std::int64_t top = -1;
      for (const auto& [row, ks] : rows) top = std::max(top, row);
      // Rows name events of this rank, so they stay below its event count; a table for a far larger
      // row (a hand-made index) is not built and every event of the source is looked up instead.
      if (top < 0 || static_cast<std::uint64_t>(top) > 4 * static_cast<std::uint64_t>(ev.size()) + 1024) continue;
      flagged[src].assign(static_cast<std::size_t>(top + 1), 0);
      for (const auto& [row, ks] : rows)
        if (row >= 0) flagged[src][static_cast<std::size_t>(row)] = 1;
    }
    for (std::uint32_t e = 0; e < ev.size(); ++e) {
      const RowWants* rows = by_source[ev.source[e]];
      if (!rows) continue;
      const std::vector<char>& flags = flagged[ev.source[e]];
      if (!flags.empty() && (ev.source_row[e] >= flags.size() || !flags[ev.source_row[e]])) continue;
      auto w = rows->find(static_cast<std::int64_t>(ev.source_row[e]));
      if (w == rows->end()) continue;
      for (const std::size_t k : w->second) {
        ResolvedEvidence& res = out[ids[k]];
        if (res.events.size() < max_rows) res.events.push_back(e);
      }
    }
    match_aux(rp.step_trace, rank_wants, ids, max_rows, out, step_trace_fields);
    match_aux(rp.comm_ops, rank_wants, ids, max_rows, out, comm_op_fields);
  }
  if (!wants[0].empty()) {
    match_aux(capture.cluster_step_trace, wants[0], ids, max_rows, out, cluster_step_fields);
    match_aux(capture.cluster_communication, wants[0], ids, max_rows, out, cluster_comm_fields);
  }
  return out;
}

}  // namespace llmsa::report
