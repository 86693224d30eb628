#include "analysis/cross_rank_stragglers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace llmsa::analysis {

std::vector<std::int64_t> kernel_iterations(const trace::RankEvents& ev) {
  std::vector<std::int64_t> it(ev.size(), trace::kMissing);
  struct Win {
    std::int64_t start, end, step;
  };
  std::vector<Win> wins;
  constexpr std::string_view kPrefix = "ProfilerStep#";
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.side[i] != trace::Side::kHost || ev.dur_ns[i] == trace::kMissing) continue;
    const auto n = ev.strings.view(ev.name[i]);
    if (n.rfind(kPrefix, 0) != 0) continue;
    std::int64_t step = 0;
    const auto digits = n.substr(kPrefix.size());
    if (std::from_chars(digits.data(), digits.data() + digits.size(), step).ec != std::errc()) continue;
    wins.push_back({ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i], step});
  }
  if (wins.empty()) return {};  // nothing to attribute: spare 8 bytes per event and two scans
  std::sort(wins.begin(), wins.end(), [](const Win& a, const Win& b) { return a.start < b.start; });
  auto step_at = [&](std::int64_t t) -> std::int64_t {
    auto p = std::upper_bound(wins.begin(), wins.end(), t, [](std::int64_t v, const Win& w) { return v < w.start; });
    if (p == wins.begin()) return trace::kMissing;
    --p;
    return t < p->end ? p->step : trace::kMissing;
  };
  std::unordered_map<std::int64_t, std::int64_t> launch_step;  // correlation -> step of the host launch
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.side[i] != trace::Side::kHost || ev.start_ns[i] == trace::kMissing) continue;
    it[i] = step_at(ev.start_ns[i]);
    if (ev.kind[i] == trace::EventKind::kRuntime && ev.correlation[i] != trace::kMissing)
      launch_step[ev.correlation[i]] = it[i];
  }
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.side[i] != trace::Side::kDevice || ev.correlation[i] == trace::kMissing) continue;
    if (auto f = launch_step.find(ev.correlation[i]); f != launch_step.end()) it[i] = f->second;
  }
  return it;
}

StragglerResult hta_stragglers(const trace::Capture& capture, const std::vector<std::vector<std::int64_t>>& iterations,
                               int num_candidates) {
  StragglerResult out;
  struct K {
    int rank;
    std::int32_t stream;
    std::int64_t iter, start, dur;
    std::string name;
  };
  std::vector<K> ks;
  std::set<std::int64_t> iters;
  std::int64_t tmin = INT64_MAX, tmax = INT64_MIN;
  for (std::size_t r = 0; r < capture.ranks.size() && r < iterations.size(); ++r) {
    const auto& ev = capture.ranks[r].events;
    if (iterations[r].empty()) continue;  // no iteration known for any event of this rank
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (ev.side[i] != trace::Side::kDevice || ev.kind[i] == trace::EventKind::kCpuOp || ev.dur_ns[i] == trace::kMissing)
        continue;
      const auto n = ev.strings.view(ev.name[i]);
      if (n.rfind("ncclKernel", 0) != 0 && n.rfind("ncclDevKernel", 0) != 0) continue;
      const auto iter = i < iterations[r].size() ? iterations[r][i] : trace::kMissing;
      if (iter == trace::kMissing) continue;
      ks.push_back({ev.rank, ev.stream[i], iter, ev.start_ns[i], ev.dur_ns[i], std::string(n)});
      iters.insert(iter);
      tmin = std::min(tmin, ev.start_ns[i]);
      tmax = std::max(tmax, ev.start_ns[i] + ev.dur_ns[i]);
    }
  }
  if (ks.empty() || iters.empty()) return out;
  out.iterations = static_cast<std::int64_t>(iters.size());
  const double mean_iter = static_cast<double>(tmax - tmin) / static_cast<double>(iters.size());
  out.mean_iter_time_us = mean_iter / 1000.0;
  if (mean_iter <= 0) return out;
  // Filter, then keep the last kernel per (rank, stream, iteration, name).
  std::map<std::tuple<std::int32_t, std::string, std::int64_t, int>, K> last;
  for (const auto& k : ks) {
    if (k.stream <= 0 || static_cast<double>(k.dur) < 0.01 * mean_iter) continue;
    auto key = std::make_tuple(k.stream, k.name, k.iter, k.rank);
    auto f = last.find(key);
    if (f == last.end() || k.start >= f->second.start) last[key] = k;
  }
  // Choose (stream, name): largest mean over iterations of the std across ranks of dur / mean_iter.
  std::map<std::pair<std::int32_t, std::string>, std::map<std::int64_t, std::vector<double>>> norm;
  for (const auto& [key, k] : last) norm[{k.stream, k.name}][k.iter].push_back(static_cast<double>(k.dur) / mean_iter);
  double best = -1;
  std::pair<std::int32_t, std::string> chosen;
  for (const auto& [sn, by_iter] : norm) {
    double sum = 0;
    int n = 0;
    for (const auto& [iter, v] : by_iter) {
      if (v.size() < 2) continue;
      double m = 0;
      for (double x : v) m += x;
      m /= static_cast<double>(v.size());
      double ss = 0;
      for (double x : v) ss += (x - m) * (x - m);
      sum += std::sqrt(ss / static_cast<double>(v.size() - 1));  // pandas std, ddof 1
      ++n;
    }
    if (n == 0) continue;
    if (sum / n > best) best = sum / n, chosen = sn;
  }
  if (best < 0) return out;
  out.stream = chosen.first;
  out.kernel_name = chosen.second;
  std::map<int, std::int64_t> flags;
  for (std::int64_t iter : iters) {
    std::vector<std::pair<double, int>> metric;
    std::int64_t t0 = INT64_MAX;
    for (const auto& [key, k] : last)
      if (k.stream == chosen.first && k.name == chosen.second && k.iter == iter) t0 = std::min(t0, k.start);
    for (const auto& [key, k] : last)
      if (k.stream == chosen.first && k.name == chosen.second && k.iter == iter)
        metric.push_back({static_cast<double>(k.start - t0) / mean_iter, k.rank});
    if (metric.empty()) continue;
    std::vector<double> vals;
    for (const auto& m : metric) vals.push_back(m.first);
    std::sort(vals.begin(), vals.end(), std::greater<>());
    const double cut = vals[std::min<std::size_t>(vals.size(), static_cast<std::size_t>(std::max(1, num_candidates))) - 1];
    for (const auto& [v, rank] : metric)
      if (v >= cut) ++flags[rank];
  }
  for (const auto& f : flags) out.flags.push_back(f);
  auto order = out.flags;
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < order.size() && static_cast<int>(i) < num_candidates; ++i) out.stragglers.push_back(order[i].first);
  return out;
}

}  // namespace llmsa::analysis
