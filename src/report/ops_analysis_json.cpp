#include "report/ops_analysis_json.hpp"

namespace llmsa::report {

using nlohmann::json;

namespace {
json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
double us(std::int64_t ns) { return static_cast<double>(ns) / 1000.0; }
json str_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
}  // namespace

json bound_to_json(const analysis::BoundClass& b) {
  return {{"op_type", b.op_type},
          {"bound_stage", str_or_null(b.bound_stage)},
          {"bound_family", str_or_null(b.bound_family)},
          {"dominant_core", str_or_null(b.dominant_core)},
          {"memory_bound", opt(b.memory_bound)},
          {"memory_verdict", str_or_null(b.memory_verdict)},
          {"mac_ratio", opt(b.mac_ratio)},
          {"vec_ratio", opt(b.vec_ratio)},
          {"mte2_ratio", opt(b.mte2_ratio)}};
}

namespace {
json pipeline_json(const analysis::PipelineTotals& p) {
  if (!p.any_time) return nullptr;
  json j = json::object();
  for (int s = 0; s < analysis::kPipeStageCount; ++s) j[std::string(analysis::pipe_stage_name(s)) + "_time_us"] = p.time_us[s];
  return j;
}
}  // namespace

json operators_to_json(const analysis::OperatorSummary& s, std::size_t max_operators) {
  json ops = json::array();
  for (std::size_t i = 0; i < s.operators.size() && i < max_operators; ++i) {
    const auto& a = s.operators[i];
    ops.push_back({{"name", a.name},
                   {"type", a.type},
                   {"core", a.core},
                   {"role", a.role},
                   {"categories", a.categories},
                   {"calls", a.calls},
                   {"duration_sum_us", us(a.duration_sum_ns)},
                   {"wait_sum_us", a.has_wait ? json(us(a.wait_sum_ns)) : json(nullptr)},
                   {"total_cost_sum_us", us(a.total_cost_sum_ns)},
                   {"duration_avg_us", a.duration_avg_us},
                   {"total_cost_avg_us", a.total_cost_avg_us},
                   {"wait_ratio", a.has_wait ? json(a.wait_ratio) : json(nullptr)},
                   {"stream_count", a.stream_count},
                   {"rank_by_duration", a.rank_by_duration},
                   {"rank_by_total_cost", a.rank_by_total_cost},
                   {"wait_anchor", a.wait_anchor},
                   {"false_hotspot_risk", a.false_hotspot_risk},
                   {"bound", bound_to_json(a.bound)},
                   {"pipeline", pipeline_json(a.pipeline)}});
  }
  json by_cost = json::array();
  for (std::size_t i = 0; i < s.by_total_cost.size() && i < max_operators; ++i) {
    const auto& a = s.operators[s.by_total_cost[i]];
    by_cost.push_back({{"name", a.name}, {"type", a.type}, {"core", a.core}, {"total_cost_avg_us", a.total_cost_avg_us}});
  }
  json aicpu = json::array();
  for (const auto& m : s.aicpu)
    aicpu.push_back({{"name", m.name},
                     {"calls", m.calls},
                     {"duration_sum_us", us(m.duration_sum_ns)},
                     {"overlap_with_ai_core_us", us(m.overlap_with_ai_core_ns)},
                     {"masked_ratio", m.masked_ratio},
                     {"classification", m.classification}});
  json types = json::array();
  for (const auto& t : s.op_type_bounds)
    types.push_back({{"op_type", t.op_type},
                     {"calls", t.calls},
                     {"duration_sum_us", us(t.duration_sum_ns)},
                     {"bound", bound_to_json(t.bound)},
                     {"pipeline", pipeline_json(t.pipeline)}});
  return {{"rank", s.rank},
          {"operator_count", s.operators.size()},
          {"operators_written", std::min(s.operators.size(), max_operators)},
          {"by_duration", ops},
          {"by_total_cost", by_cost},
          {"aicpu", aicpu},
          {"op_type_bounds", types},
          {"rank_bound", bound_to_json(s.rank_bound)},
          {"pipeline_available", s.pipeline_available},
          {"attention_family", str_or_null(s.attention_family)},
          {"attention_family_heuristic", s.attention_family_heuristic},
          {"wait_anchor_calls", s.wait_anchor_calls},
          {"device_op_calls", s.device_op_calls}};
}

json hccl_to_json(const analysis::HcclSummary& s) {
  json kinds = json::array(), transports = json::array(), links = json::array();
  for (const auto& k : s.kinds)
    kinds.push_back({{"kind", k.kind},       {"calls", k.calls},         {"elapse_ms", k.elapse_ms},
                     {"transit_ms", k.transit_ms}, {"wait_ms", k.wait_ms}, {"sync_ms", k.sync_ms},
                     {"idle_ms", k.idle_ms}, {"elapse_p50_ms", k.elapse_p50_ms}, {"elapse_p90_ms", k.elapse_p90_ms},
                     {"elapse_max_ms", k.elapse_max_ms}, {"wait_share", k.wait_share}});
  for (const auto& t : s.transports)
    transports.push_back({{"transport", t.transport},
                          {"ops", t.ops},
                          {"transit_size_mb", t.transit_size_mb},
                          {"transit_ms", t.transit_ms},
                          {"bandwidth_gbps", opt(t.bandwidth_gbps)},
                          {"expected_gbps", opt(t.expected_gbps)},
                          {"expected_link", str_or_null(t.expected_link)},
                          {"utilization", opt(t.utilization)}});
  for (const auto& l : s.links)
    links.push_back({{"transport", l.transport}, {"src_rank", l.src_rank}, {"dst_rank", l.dst_rank}, {"ops", l.ops},
                     {"transit_size_mb", l.transit_size_mb}, {"transit_ms", l.transit_ms},
                     {"bandwidth_gbps", opt(l.bandwidth_gbps)}});
  return {{"rank", s.rank}, {"available", s.available}, {"op_kinds", kinds}, {"transports", transports}, {"links", links}};
}

json nccl_to_json(const analysis::NcclSummary& s) {
  json groups = json::array();
  for (const auto& g : s.groups)
    groups.push_back({{"process_group", g.process_group},
                      {"process_group_ranks", g.process_group_ranks},
                      {"collective", g.collective},
                      {"group_size", g.group_size},
                      {"dtype", g.dtype},
                      {"in_nelems", g.in_nelems},
                      {"out_nelems", g.out_nelems},
                      {"in_split", g.in_split},
                      {"out_split", g.out_split},
                      {"stream", g.stream},
                      {"in_msg_mb", opt(g.in_msg_mb)},
                      {"out_msg_mb", opt(g.out_msg_mb)},
                      {"count", g.count},
                      {"dur_sum_us", g.dur_sum_us},
                      {"dur_mean_us", g.dur_mean_us},
                      {"dur_std_us", g.dur_std_us},
                      {"dur_min_us", g.dur_min_us},
                      {"dur_max_us", g.dur_max_us},
                      {"algbw_gbps", opt(g.algbw_gbps)},
                      {"busbw_gbps", opt(g.busbw_gbps)}});
  return {{"rank", s.rank},
          {"collective_events", s.collective_events},
          {"events_without_size", s.events_without_size},
          {"groups", groups}};
}

json overlap_to_json(const analysis::CommOverlap& s) {
  return {{"rank", s.rank},
          {"communication_us", us(s.communication_ns)},
          {"computation_us", us(s.computation_ns)},
          {"overlapped_us", us(s.overlapped_ns)},
          {"exposed_communication_us", us(s.exposed_communication_ns)},
          {"overlap_ratio", opt(s.overlap_ratio)},
          {"communication_events", s.communication_events}};
}

json cross_rank_to_json(const analysis::CrossRankSummary& s) {
  json coll = json::array();
  for (const auto& c : s.collectives)
    coll.push_back({{"group", c.group},
                    {"step", c.step},
                    {"op_name", c.op_name},
                    {"kind", c.kind},
                    {"ranks", c.ranks},
                    {"start_skew_us", opt(c.start_skew_us)},
                    {"duration_min_ms", c.duration_min_ms},
                    {"duration_max_ms", c.duration_max_ms},
                    {"duration_mean_ms", c.duration_mean_ms},
                    {"duration_skew_us", c.duration_skew_us},
                    {"duration_ratio", opt(c.duration_ratio)},
                    {"shortest_rank", c.shortest_rank},
                    {"longest_rank", c.longest_rank},
                    {"slow", c.slow},
                    {"high_severity", c.high_severity}});
  json votes = json::array();
  for (const auto& [rank, n] : s.slow_ranks.votes.slow_affect_count) votes.push_back({{"rank", rank}, {"slow_affect_count", n}});
  json st = json::array();
  for (const auto& v : s.slow_ranks.step_trace)
    st.push_back({{"column", v.column}, {"ratio", v.ratio}, {"max_rank", v.max_rank}, {"min_rank", v.min_rank},
                  {"max_us", v.max_us}, {"min_us", v.min_us}, {"flagged", v.flagged}});
  json steps = json::array();
  for (const auto& x : s.steps)
    steps.push_back({{"step", x.step}, {"ranks", x.ranks}, {"start_skew_us", x.start_skew_us},
                     {"duration_min_us", x.duration_min_us}, {"duration_max_us", x.duration_max_us},
                     {"duration_skew_us", x.duration_skew_us}});
  json ep = json::array();
  for (const auto& l : s.ep.ranks) ep.push_back({{"rank", l.rank}, {"moe_dispatch_combine_us", us(l.ns)}, {"events", l.events.size()}});
  return {{"ranks", s.ranks},
          {"collectives", coll},
          {"slow_ranks",
           {{"vote",
             {{"method", "msprof-analyze slow_rank: Dixon Q (99.5%) up to 100 ranks, 3 sigma above; shortest duration = late rank"},
              {"source", str_or_null(s.slow_ranks.vote_source)},
              {"slow_affect_count", votes},
              {"collectives_tested", s.slow_ranks.votes.collectives_tested},
              {"collectives_flagged", s.slow_ranks.votes.collectives_flagged},
              {"excluded_groups", s.slow_ranks.votes.excluded_groups},
              {"skipped_send_receive", s.slow_ranks.votes.skipped_send_receive}}},
            {"step_trace",
             {{"method", "msprof-analyze advisor: (max - min) / mean(Computing + Communication(Not Overlapped) + Free) > 5%"},
              {"source", str_or_null(s.slow_ranks.step_trace_source)},
              {"columns", st}}}}},
          {"steps", steps},
          {"ep_load", {{"ranks", ep}, {"max_us", s.ep.max_us}, {"min_us", s.ep.min_us}, {"mean_us", s.ep.mean_us},
                       {"max_rank", s.ep.max_rank}, {"min_rank", s.ep.min_rank}, {"flagged", s.ep.flagged}}},
          {"hta_stragglers",
           {{"method", "HTA get_potential_stragglers (num_candidates 1); ncclDevKernel names included"},
            {"stragglers", s.stragglers.stragglers},
            {"kernel", str_or_null(s.stragglers.kernel_name)},
            {"stream", s.stragglers.stream},
            {"iterations", s.stragglers.iterations},
            {"mean_iter_time_us", s.stragglers.mean_iter_time_us}}},
          {"dummy_ranks", {{"with_attention", s.dummy.with_attention}, {"without_attention", s.dummy.without_attention},
                           {"flagged", s.dummy.flagged}}}};
}

json ops_analysis_to_json(const analysis::OpsAnalysis& a) {
  json ranks = json::array();
  for (std::size_t i = 0; i < a.operators.size(); ++i) {
    json r = {{"rank", a.operators[i].rank}, {"operators", operators_to_json(a.operators[i])}};
    if (i < a.hccl.size()) r["hccl"] = hccl_to_json(a.hccl[i]);
    if (i < a.nccl.size()) r["nccl"] = nccl_to_json(a.nccl[i]);
    if (i < a.overlap.size()) r["comm_overlap"] = overlap_to_json(a.overlap[i]);
    ranks.push_back(std::move(r));
  }
  return {{"ranks", ranks}, {"cross_rank", cross_rank_to_json(a.cross_rank)}};
}

}  // namespace llmsa::report
