#include "analysis/cross_rank_summary.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>

#include "analysis/comm_hccl.hpp"
#include "analysis/operator_summary.hpp"

namespace llmsa::analysis {

namespace {

std::optional<int> parse_rank(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

struct OpObs {
  int rank;
  double elapse_ms;
  std::int64_t start_ns;
  RankRow row;
};

void align_collectives(const std::map<std::tuple<std::string, std::string, std::string>, std::vector<OpObs>>& ops,
                       const Thresholds& th, CrossRankSummary& out) {
  const double ratio_slow = th.value("collective_duration_ratio_slow");
  const double skew_slow = th.value("collective_duration_skew_slow_us");
  const double ratio_high = th.value("collective_duration_ratio_high_severity");
  for (const auto& [key, obs] : ops) {
    std::set<int> distinct;
    for (const auto& o : obs) distinct.insert(o.rank);
    if (distinct.size() < 2 || distinct.size() != obs.size()) continue;  // one observation per rank
    CollectiveAlignment a;
    std::tie(a.group, a.step, a.op_name) = key;
    a.kind = hccl_op_kind(a.op_name);
    auto mn = std::min_element(obs.begin(), obs.end(), [](const OpObs& x, const OpObs& y) { return x.elapse_ms < y.elapse_ms; });
    auto mx = std::max_element(obs.begin(), obs.end(), [](const OpObs& x, const OpObs& y) { return x.elapse_ms < y.elapse_ms; });
    a.duration_min_ms = mn->elapse_ms;
    a.duration_max_ms = mx->elapse_ms;
    a.shortest_rank = mn->rank;
    a.longest_rank = mx->rank;
    double sum = 0;
    bool starts = true;
    std::int64_t s_min = INT64_MAX, s_max = INT64_MIN;
    for (const auto& o : obs) {
      a.ranks.push_back(o.rank);
      a.rows.push_back(o.row);
      sum += o.elapse_ms;
      if (o.start_ns == trace::kMissing) starts = false;
      else s_min = std::min(s_min, o.start_ns), s_max = std::max(s_max, o.start_ns);
    }
    std::sort(a.ranks.begin(), a.ranks.end());
    a.duration_mean_ms = sum / static_cast<double>(obs.size());
    a.duration_skew_us = (a.duration_max_ms - a.duration_min_ms) * 1000.0;
    if (a.duration_min_ms > 0) a.duration_ratio = a.duration_max_ms / a.duration_min_ms;
    if (starts) a.start_skew_us = static_cast<double>(s_max - s_min) / 1000.0;
    a.slow = (a.duration_ratio && *a.duration_ratio >= ratio_slow) || a.duration_skew_us >= skew_slow;
    a.high_severity = a.slow && a.duration_ratio && *a.duration_ratio >= ratio_high;
    out.collectives.push_back(std::move(a));
  }
}

}  // namespace

CrossRankSummary analyze_cross_rank(const trace::Capture& capture, const KernelClassifier& classifier,
                                    const Thresholds& th) {
  std::vector<EventClasses> classes;
  classes.reserve(capture.ranks.size());
  for (const auto& r : capture.ranks) classes.emplace_back(r.events, classifier);
  return analyze_cross_rank(capture, classes, th);
}

CrossRankSummary analyze_cross_rank(const trace::Capture& capture, const std::vector<EventClasses>& classes,
                                    const Thresholds& th) {
  CrossRankSummary out;
  for (const auto& r : capture.ranks) out.ranks.push_back(r.events.rank);

  // --- Collectives: cluster file first (one clock per rank as msprof-analyze saw it), else per rank.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<OpObs>> ops;
  std::vector<CollectiveTime> times;
  if (!capture.cluster_communication.empty()) {
    out.slow_ranks.vote_source = "cluster_communication.json";
    for (const auto& c : capture.cluster_communication) {
      const auto rank = parse_rank(c.rank);
      if (!rank || !c.elapse_ms || is_total_entry(c.op_name)) continue;
      const std::string group = c.group.empty() ? c.group_key : c.group;
      const RankRow row{*rank, c.from, true};
      ops[{group, c.step, c.op_name}].push_back({*rank, *c.elapse_ms, c.start_ns, row});
      times.push_back({group, c.op_name, *rank, *c.elapse_ms * 1000.0});
      out.slow_ranks.vote_rows.push_back(row);
    }
  } else {
    for (const auto& r : capture.ranks) {
      if (r.comm_ops.empty()) continue;
      out.slow_ranks.vote_source = "communication.json";
      for (const auto& c : r.comm_ops) {
        if (!c.elapse_ms || is_total_entry(c.op_name)) continue;
        const RankRow row{r.events.rank, c.from, false};
        ops[{c.group, c.step, c.op_name}].push_back({r.events.rank, *c.elapse_ms, c.start_ns, row});
        times.push_back({c.group, c.op_name, r.events.rank, *c.elapse_ms * 1000.0});
        out.slow_ranks.vote_rows.push_back(row);
      }
    }
  }
  align_collectives(ops, th, out);
  if (!times.empty()) out.slow_ranks.votes = vote_slow_ranks(times);

  // --- 5% step-trace rule: per-rank mean over steps.
  struct Acc {
    double comp = 0, comm = 0, free = 0;
    int n = 0;
  };
  std::map<int, Acc> acc;
  const double st_threshold = th.value("cluster_step_trace_slow_rank_ratio");
  for (const auto& row : capture.cluster_step_trace) {
    const auto rank = parse_rank(row.index);
    if (row.type != "rank" || !rank) continue;
    auto& a = acc[*rank];
    a.comp += row.computing_us.value_or(0);
    a.comm += row.comm_not_overlapped_us.value_or(0);
    a.free += row.free_us.value_or(0);
    ++a.n;
    out.slow_ranks.step_trace_rows.push_back({*rank, row.from, true});
  }
  if (!acc.empty()) {
    out.slow_ranks.step_trace_source = "cluster_step_trace_time.csv";
  } else {
    for (const auto& r : capture.ranks)
      for (const auto& row : r.step_trace) {
        auto& a = acc[r.events.rank];
        a.comp += row.computing_us.value_or(0);
        a.comm += row.comm_not_overlapped_us.value_or(0);
        a.free += row.free_us.value_or(0);
        ++a.n;
        out.slow_ranks.step_trace_rows.push_back({r.events.rank, row.from, false});
      }
    if (!acc.empty()) out.slow_ranks.step_trace_source = "step_trace_time.csv";
  }
  std::vector<StepTraceRank> st;
  for (const auto& [rank, a] : acc)
    if (a.n > 0) st.push_back({rank, a.comp / a.n, a.comm / a.n, a.free / a.n});
  out.slow_ranks.step_trace = step_trace_slow_rank(st, st_threshold);

  // --- Step skew from the ranks' step windows.
  std::map<std::string, std::vector<std::pair<int, const trace::StepWindow*>>> steps;
  for (const auto& r : capture.ranks)
    for (const auto& w : r.steps)
      if (w.start_ns != trace::kMissing && w.end_ns != trace::kMissing) steps[w.step].push_back({r.events.rank, &w});
  for (const auto& [name, list] : steps) {
    std::set<int> distinct;
    for (const auto& [rank, w] : list) distinct.insert(rank);
    if (distinct.size() < 2 || distinct.size() != list.size()) continue;
    StepSkew s;
    s.step = name;
    std::int64_t smin = INT64_MAX, smax = INT64_MIN, dmin = INT64_MAX, dmax = INT64_MIN;
    for (const auto& [rank, w] : list) {
      s.ranks.push_back(rank);
      s.rows.push_back({rank, w->from, false});
      smin = std::min(smin, w->start_ns), smax = std::max(smax, w->start_ns);
      dmin = std::min(dmin, w->end_ns - w->start_ns), dmax = std::max(dmax, w->end_ns - w->start_ns);
    }
    s.start_skew_us = static_cast<double>(smax - smin) / 1000.0;
    s.duration_min_us = static_cast<double>(dmin) / 1000.0;
    s.duration_max_us = static_cast<double>(dmax) / 1000.0;
    s.duration_skew_us = s.duration_max_us - s.duration_min_us;
    out.steps.push_back(std::move(s));
  }

  // --- EP load (MoE dispatch/combine work) and attention presence per rank.
  for (std::size_t ri = 0; ri < capture.ranks.size(); ++ri) {
    const auto& ev = capture.ranks[ri].events;
    const EventClasses& cls = classes[ri];
    RankLoad moe{ev.rank, 0, {}}, attn{ev.rank, 0, {}};
    bool any_ops = false;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!cls.counts(i)) continue;
      any_ops = true;
      const auto& k = cls.of(i);
      if (k.role == OpRole::kMoeDispatch || k.role == OpRole::kMoeCombine || k.role == OpRole::kMoeFusedMc2 ||
          k.collective == CollectiveKind::kCommAivFused) {
        moe.ns += ev.dur_ns[i];
        moe.events.push_back(static_cast<std::uint32_t>(i));
      }
      if (k.role == OpRole::kAttention) {
        attn.ns += ev.dur_ns[i];
        attn.events.push_back(static_cast<std::uint32_t>(i));
      }
    }
    if (!moe.events.empty()) out.ep.ranks.push_back(std::move(moe));
    if (!any_ops) continue;  // a rank without device operators says nothing about attention
    if (attn.events.empty()) out.dummy.without_attention.push_back(ev.rank);
    else {
      out.dummy.with_attention.push_back(ev.rank);
      out.dummy.attention.push_back(std::move(attn));
    }
  }
  std::vector<std::vector<std::int64_t>> iterations;
  for (const auto& r : capture.ranks) iterations.push_back(kernel_iterations(r.events));
  out.stragglers = hta_stragglers(capture, iterations, 1);
  out.dummy.flagged = !out.dummy.with_attention.empty() && !out.dummy.without_attention.empty();
  if (out.ep.ranks.size() >= 2) {
    double sum = 0;
    const RankLoad* mx = &out.ep.ranks.front();
    const RankLoad* mn = mx;
    for (const auto& l : out.ep.ranks) {
      sum += static_cast<double>(l.ns);
      if (l.ns > mx->ns) mx = &l;
      if (l.ns < mn->ns) mn = &l;
    }
    out.ep.max_us = static_cast<double>(mx->ns) / 1000.0;
    out.ep.min_us = static_cast<double>(mn->ns) / 1000.0;
    out.ep.max_rank = mx->rank;
    out.ep.min_rank = mn->rank;
    out.ep.mean_us = sum / static_cast<double>(out.ep.ranks.size()) / 1000.0;
    out.ep.flagged = out.ep.mean_us > 0 && (out.ep.max_us - out.ep.min_us) >= th.value("comm_skew_of_mean") * out.ep.mean_us;
  }
  return out;
}

}  // namespace llmsa::analysis
