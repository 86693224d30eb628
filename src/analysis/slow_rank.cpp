#include "analysis/slow_rank.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/embedded_data.hpp"
#include "core/error.hpp"

namespace llmsa::analysis {

namespace {

struct DixonTable {
  std::size_t max_n = 0;
  std::size_t r10_up_to = 0, r11_up_to = 0, r21_up_to = 0;
  std::vector<double> critical;  // index n
};

const DixonTable& dixon_table() {
  static const DixonTable table = [] {
    const auto doc = nlohmann::json::parse(require_embedded_file("slow_rank/dixon_table_995.json"));
    DixonTable t;
    t.max_n = doc.at("max_n").get<std::size_t>();
    t.r10_up_to = doc.at("statistic_breaks").at("r10_up_to").get<std::size_t>();
    t.r11_up_to = doc.at("statistic_breaks").at("r11_up_to").get<std::size_t>();
    t.r21_up_to = doc.at("statistic_breaks").at("r21_up_to").get<std::size_t>();
    t.critical.assign(t.max_n + 1, 0.0);
    for (const auto& e : doc.at("critical_995")) {
      const auto n = e.at("n").get<std::size_t>();
      if (n > t.max_n) throw_internal("dixon_table_995.json: n above max_n");
      t.critical[n] = e.at("q").get<double>();
    }
    for (std::size_t n = 3; n <= t.max_n; ++n)
      if (t.critical[n] <= 0.0) throw_internal("dixon_table_995.json: missing n = " + std::to_string(n));
    return t;
  }();
  return table;
}

std::size_t first_min_index(std::span<const double> v) {
  return static_cast<std::size_t>(std::min_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

double dixon_critical_995(std::size_t n) {
  const auto& t = dixon_table();
  return (n >= 3 && n <= t.max_n) ? t.critical[n] : 0.0;
}

std::vector<std::size_t> dixon_slow_ranks(std::span<const double> times) {
  const auto& t = dixon_table();
  const std::size_t n = times.size();
  if (n < 3 || n > t.max_n) return {};
  std::vector<double> s(times.begin(), times.end());
  std::sort(s.begin(), s.end());
  // At most 3 distinct values would make the denominator possibly zero: never flagged.
  if (std::set<double>(s.begin(), s.end()).size() <= 3) return {};
  auto ratio = [](double num, double den) { return den != 0.0 ? num / den : 0.0; };
  double q = 0.0;
  if (n <= t.r10_up_to) q = ratio(s[1] - s[0], s[n - 1] - s[0]);
  else if (n <= t.r11_up_to) q = ratio(s[1] - s[0], s[n - 2] - s[0]);
  else if (n <= t.r21_up_to) q = ratio(s[2] - s[0], s[n - 2] - s[0]);
  else q = ratio(s[2] - s[0], s[n - 3] - s[0]);
  if (q > t.critical[n]) return {first_min_index(times)};
  return {};
}

std::vector<std::size_t> three_sigma_slow_ranks(std::span<const double> times, double sigmas) {
  if (times.empty()) return {};
  const double n = static_cast<double>(times.size());
  double mean = 0.0;
  for (double x : times) mean += x;
  mean /= n;
  double var = 0.0;
  for (double x : times) var += (x - mean) * (x - mean);
  const double sd = std::sqrt(var / n);  // ddof 0, as np.std
  const double high = mean + sigmas * sd, low = mean - sigmas * sd;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < times.size(); ++i)
    if (times[i] < low) out.push_back(i);
  // Someone far above the mean waited for a late rank: the shortest one is the late rank.
  if (*std::max_element(times.begin(), times.end()) > high) {
    const std::size_t m = first_min_index(times);
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

std::vector<std::size_t> judge_slow_ranks(std::span<const double> times) {
  if (times.size() <= dixon_table().max_n) return dixon_slow_ranks(times);
  return three_sigma_slow_ranks(times);
}

SlowRankVotes vote_slow_ranks(std::span<const CollectiveTime> ops) {
  SlowRankVotes out;
  // Keep input order inside each collective: ties for the minimum go to the first rank seen.
  std::map<std::string, std::map<std::string, std::vector<const CollectiveTime*>>> by_group;
  for (const auto& op : ops) {
    if (op.op_name.find("send") != std::string::npos || op.op_name.find("receive") != std::string::npos) {
      ++out.skipped_send_receive;
      continue;
    }
    by_group[op.group][op.op_name].push_back(&op);
  }
  std::map<int, std::int64_t> votes;
  for (const auto& [group, by_op] : by_group) {
    std::set<std::size_t> counts;
    for (const auto& [name, list] : by_op) counts.insert(list.size());
    if (counts.size() > 1) {
      out.excluded_groups.push_back(group);
      continue;
    }
    for (const auto& [name, list] : by_op) {
      std::vector<double> times;
      times.reserve(list.size());
      for (const auto* op : list) times.push_back(op->duration_us);
      ++out.collectives_tested;
      const auto slow = judge_slow_ranks(times);
      if (!slow.empty()) ++out.collectives_flagged;
      for (std::size_t i : slow) ++votes[list[i]->rank];
    }
  }
  out.slow_affect_count.assign(votes.begin(), votes.end());
  return out;
}

std::vector<StepTraceColumnVerdict> step_trace_slow_rank(std::span<const StepTraceRank> ranks, double threshold) {
  std::vector<StepTraceColumnVerdict> out;
  if (ranks.size() < 2) return out;
  double mean_total = 0.0;
  for (const auto& r : ranks) mean_total += r.computing_us + r.comm_not_overlapped_us + r.free_us;
  mean_total /= static_cast<double>(ranks.size());
  if (!(mean_total > 0.0)) return out;
  struct Column {
    const char* name;
    double StepTraceRank::*field;
  };
  for (const Column c : {Column{"Computing", &StepTraceRank::computing_us},
                         Column{"Communication(Not Overlapped)", &StepTraceRank::comm_not_overlapped_us},
                         Column{"Free", &StepTraceRank::free_us}}) {
    StepTraceColumnVerdict v;
    v.column = c.name;
    std::size_t imax = 0, imin = 0;
    for (std::size_t i = 1; i < ranks.size(); ++i) {
      if (ranks[i].*c.field > ranks[imax].*c.field) imax = i;
      if (ranks[i].*c.field < ranks[imin].*c.field) imin = i;
    }
    v.max_us = ranks[imax].*c.field;
    v.min_us = ranks[imin].*c.field;
    v.max_rank = ranks[imax].rank;
    v.min_rank = ranks[imin].rank;
    v.ratio = (v.max_us - v.min_us) / mean_total;
    v.flagged = v.ratio > threshold;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace llmsa::analysis
