#include "analysis/key_findings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace llmsa::analysis {

namespace {

using evidence::Finding;

const evidence::Metric* metric(const Finding& f, std::string_view name) {
  for (const auto& m : f.metrics)
    if (m.name == name) return &m;
  return nullptr;
}

// A time metric in ns, from its unit ("us" or "ms", as the finding rules write them).
std::optional<double> metric_ns(const Finding& f, std::string_view name) {
  const evidence::Metric* m = metric(f, name);
  if (!m) return std::nullopt;
  if (m->unit == "us") return m->value * 1e3;
  if (m->unit == "ms") return m->value * 1e6;
  if (m->unit == "ns") return m->value;
  return std::nullopt;
}

std::optional<double> metric_ratio(const Finding& f, std::string_view name) {
  const evidence::Metric* m = metric(f, name);
  if (!m || m->unit != "ratio") return std::nullopt;
  return m->value;
}

const RankAnalysis* rank_of(const ProfileAnalysis& a, int rank) {
  for (const auto& r : a.ranks)
    if (r.rank == rank) return &r;
  return nullptr;
}

int first_rank(const Finding& f) { return f.ranks.empty() ? -1 : f.ranks.front(); }

// `time_ns` over the step time of the finding's first rank.
FindingImpact over_rank_steps(const ProfileAnalysis& a, const Finding& f, std::optional<double> time_ns,
                              std::string_view what) {
  const int rank = first_rank(f);
  const std::int64_t base = rank_step_time_ns(a, rank);
  if (!time_ns || base <= 0) return {std::nullopt, fmt::format("{}: no step time to compare with", what)};
  return {std::max(0.0, *time_ns) / static_cast<double>(base), fmt::format("{} over rank {}'s summed step wall", what, rank)};
}

double mean_step_ns(const RankAnalysis& r) {
  std::int64_t sum = 0, n = 0;
  for (const auto& s : r.steps)
    if (s.time.wall_ns > 0) sum += s.time.wall_ns, ++n;
  return n > 0 ? static_cast<double>(sum) / static_cast<double>(n) : static_cast<double>(r.capture.wall_ns);
}

std::string percent(double share) { return fmt::format("{:.1f}%", share * 100); }

// Rule 1's order, on precomputed keys.
struct Ranked {
  std::size_t index = 0;
  std::string id;
  FindingImpact impact;
};

bool before(const Finding& x, const Ranked& a, const Finding& y, const Ranked& b) {
  if (x.severity != y.severity) return x.severity > y.severity;
  if (x.confidence != y.confidence) return x.confidence > y.confidence;
  const auto& sa = a.impact.share_of_step_time;
  const auto& sb = b.impact.share_of_step_time;
  if (sa.has_value() != sb.has_value()) return sa.has_value();
  if (sa && *sa != *sb) return *sa > *sb;
  return a.id < b.id;
}

std::vector<KeyFinding> measured_facts(const ProfileAnalysis& a) {
  std::vector<KeyFinding> facts;
  auto fact = [](KeyFact kind, std::size_t rank_pos, double share, std::string basis) {
    KeyFinding k;
    k.kind = KeyItemKind::kFact;
    k.fact = kind;
    k.rank_pos = rank_pos;
    k.impact = {share, std::move(basis)};
    return k;
  };
  // The rank whose device sat idle for the largest share of its capture window.
  std::optional<std::size_t> idle;
  double idle_share = -1;
  for (std::size_t r = 0; r < a.ranks.size(); ++r) {
    const TimeBreakdown& t = a.ranks[r].capture;
    if (t.wall_ns <= 0) continue;
    const double share = static_cast<double>(t.idle_ns) / static_cast<double>(t.wall_ns);
    if (share > idle_share) idle_share = share, idle = r;
  }
  if (idle)
    facts.push_back(fact(KeyFact::kDeviceIdle, *idle, idle_share,
                         fmt::format("idle time over rank {}'s capture window", a.ranks[*idle].rank)));
  // The role that covers the largest share of the longest step of any rank.
  std::optional<std::pair<std::size_t, std::size_t>> longest;
  for (std::size_t r = 0; r < a.ranks.size(); ++r)
    for (std::size_t s = 0; s < a.ranks[r].steps.size(); ++s) {
      const StepAnalysis& st = a.ranks[r].steps[s];
      if (st.where_time_goes.empty()) continue;
      if (!longest || st.time.wall_ns > a.ranks[longest->first].steps[longest->second].time.wall_ns) longest = {r, s};
    }
  if (longest) {
    const StepAnalysis& st = a.ranks[longest->first].steps[longest->second];
    KeyFinding k = fact(KeyFact::kTopRoleOfLongestStep, longest->first, st.where_time_goes.front().share_of_wall,
                        fmt::format("time of role {} over the wall of step {} on rank {}", st.where_time_goes.front().role,
                                    st.step, a.ranks[longest->first].rank));
    k.step_pos = longest->second;
    facts.push_back(std::move(k));
  }
  // Exposed communication of the rank with the most of it.
  std::optional<std::size_t> comm;
  for (std::size_t r = 0; r < a.ranks.size(); ++r)
    if (a.ranks[r].capture.exposed_communication_ns > 0 &&
        (!comm || a.ranks[r].capture.exposed_communication_ns > a.ranks[*comm].capture.exposed_communication_ns))
      comm = r;
  if (comm) {
    const TimeBreakdown& t = a.ranks[*comm].capture;
    const double share = t.wall_ns > 0 ? static_cast<double>(t.exposed_communication_ns) / static_cast<double>(t.wall_ns) : 0;
    facts.push_back(fact(KeyFact::kExposedCommunication, *comm, share,
                         fmt::format("exposed communication over rank {}'s capture window", a.ranks[*comm].rank)));
  }
  std::stable_sort(facts.begin(), facts.end(), [](const KeyFinding& x, const KeyFinding& y) {
    return *x.impact.share_of_step_time > *y.impact.share_of_step_time;
  });
  for (KeyFinding& k : facts)
    k.reason = fmt::format("a measured fact ({} of the time: {}), shown because fewer findings than places fired",
                           percent(*k.impact.share_of_step_time), k.impact.basis);
  return facts;
}

}  // namespace

const char* key_fact_name(KeyFact f) {
  switch (f) {
    case KeyFact::kDeviceIdle: return "device_idle";
    case KeyFact::kTopRoleOfLongestStep: return "top_role_of_longest_step";
    case KeyFact::kExposedCommunication: return "exposed_communication";
  }
  return "device_idle";
}

std::int64_t rank_step_time_ns(const ProfileAnalysis& a, int rank) {
  const RankAnalysis* r = rank_of(a, rank);
  if (!r) return 0;
  std::int64_t sum = 0;
  for (const auto& s : r->steps) sum += std::max<std::int64_t>(0, s.time.wall_ns);
  return sum > 0 ? sum : r->capture.wall_ns;
}

// One rule per finding type, from the metrics its rule writes (findings_ops.cpp, findings_structure.cpp).
// A ratio the finding already states is used as it is; a time is divided by the rank's step time.
FindingImpact finding_impact(const ProfileAnalysis& a, const Finding& f) {
  const std::string& t = f.type;
  if (t == "device_idle_bubble") {
    if (auto r = metric_ratio(f, "underfeed_ratio")) return {*r, "idle share of the step's wall (underfeed_ratio)"};
  } else if (t == "host_dispatch_bound_suspected") {
    if (auto r = metric_ratio(f, "head_ratio_mean")) return {*r, "mean step head (time before the first kernel) share of the step wall"};
  } else if (t == "slow_rank_step_trace") {
    if (auto r = metric_ratio(f, "ratio")) return {*r, "max - min of the step-trace column over the mean step"};
  } else if (t == "recurring_bubble") {
    return over_rank_steps(a, f, metric_ns(f, "total_gap_us"), "the summed recurring gaps");
  } else if (t == "aicpu_exposed") {
    const auto d = metric_ns(f, "duration_sum_us");
    const auto o = metric_ns(f, "overlap_with_ai_core_us");
    // Only the part AI-core work does not cover holds the device back.
    return over_rank_steps(a, f, d ? std::optional<double>(*d - o.value_or(0)) : std::nullopt,
                           "AICPU time not covered by AI-core work");
  } else if (t == "wait_anchor_op") {
    return over_rank_steps(a, f, metric_ns(f, "wait_sum_us"), "the operator's summed wait");
  } else if (t == "operator_memory_bound") {
    return over_rank_steps(a, f, metric_ns(f, "duration_sum_us"), "the operator's summed duration");
  } else if (t == "notify_wait_dominant") {
    return over_rank_steps(a, f, metric_ns(f, "wait_ms"), "the op kind's summed peer wait");
  } else if (t == "ep_load_imbalance_suspected") {
    const auto hi = metric_ns(f, "max_us"), lo = metric_ns(f, "min_us");
    return over_rank_steps(a, f, hi && lo ? std::optional<double>(*hi - *lo) : std::nullopt,
                           "the dispatch/combine time the busiest rank spends beyond the least busy");
  } else if (t == "communication_collective_slow") {
    // One collective in one step: its skew against a step of the ranks it spans.
    const auto skew = metric_ns(f, "duration_skew_us");
    const RankAnalysis* r = rank_of(a, first_rank(f));
    if (skew && r && mean_step_ns(*r) > 0)
      return {*skew / mean_step_ns(*r), fmt::format("the collective's duration skew over rank {}'s mean step", r->rank)};
  }
  return {std::nullopt, "the finding carries no time to compare with step time"};
}

std::vector<KeyFinding> key_findings(const ProfileAnalysis& a, std::size_t count) {
  std::vector<Ranked> ranked;
  ranked.reserve(a.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i)
    ranked.push_back({i, evidence::finding_id(a.findings[i]), finding_impact(a, a.findings[i])});
  std::sort(ranked.begin(), ranked.end(), [&](const Ranked& x, const Ranked& y) {
    return before(a.findings[x.index], x, a.findings[y.index], y);
  });
  // Rule 2: the best of each type first, then the rest in order.
  std::map<std::string, int> per_type, seen;
  for (const Ranked& r : ranked) ++per_type[a.findings[r.index].type];
  std::vector<int> place_in_type(ranked.size());  // 1-based place among findings of its type
  std::vector<std::size_t> chosen;
  for (std::size_t k = 0; k < ranked.size(); ++k) {
    const int place = ++seen[a.findings[ranked[k].index].type];
    place_in_type[k] = place;
    if (place == 1 && chosen.size() < count) chosen.push_back(k);
  }
  for (std::size_t k = 0; k < ranked.size() && chosen.size() < count; ++k)
    if (place_in_type[k] > 1) chosen.push_back(k);
  std::sort(chosen.begin(), chosen.end());  // back to rule 1's order

  std::vector<KeyFinding> out;
  for (const std::size_t k : chosen) {
    const Ranked& r = ranked[k];
    const Finding& f = a.findings[r.index];
    KeyFinding kf;
    kf.finding = r.index;
    kf.finding_id = r.id;
    kf.same_type = per_type[f.type];
    kf.rank_in_type = place_in_type[k];
    kf.impact = r.impact;
    const std::string share = r.impact.share_of_step_time
                                  ? fmt::format("{} of the step time ({})", percent(*r.impact.share_of_step_time), r.impact.basis)
                                  : std::string("no share of step time (") + r.impact.basis + ")";
    const std::string place = kf.same_type == 1 ? fmt::format("the only {} finding", f.type)
                              : kf.rank_in_type == 1
                                  ? fmt::format("the first of {} {} findings", kf.same_type, f.type)
                                  : fmt::format("#{} of {} {} findings (fewer other types than places)", kf.rank_in_type,
                                                kf.same_type, f.type);
    kf.reason = fmt::format("{} severity, {} confidence; {}; {}", evidence::severity_name(f.severity),
                            evidence::confidence_name(f.confidence), share, place);
    out.push_back(std::move(kf));
  }
  if (out.size() < count)
    for (KeyFinding& fact : measured_facts(a)) {
      if (out.size() >= count) break;
      out.push_back(std::move(fact));
    }
  return out;
}

}  // namespace llmsa::analysis
