#include "analysis/compat_hta.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analysis/hta_kernel_type.hpp"
#include "analysis/step_windows.hpp"
#include "core/interval_set.hpp"

namespace llmsa::analysis {
namespace {

constexpr std::int64_t kUs = 1000;
constexpr std::int64_t kConsecutiveKernelDelayNs = 30 * kUs;  // HTA default 30, in trace units (µs)

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
std::int64_t floor_us(std::int64_t ns) { return floor_div(ns, kUs) * kUs; }
std::int64_t ceil_us(std::int64_t ns) { return -floor_div(-ns, kUs) * kUs; }

bool idle_breakdown_cat(std::string_view cat) {
  return cat == "kernel" || cat == "Kernel" || cat == "gpu_memset" || cat == "Memset" || cat == "gpu_memcpy" ||
         cat == "Memcpy" || cat == "mtia_ccp_events";
}

double us(std::int64_t ns) { return static_cast<double>(ns) / 1e3; }

}  // namespace

HtaMetrics hta_metrics(const trace::RankEvents& ev) {
  HtaMetrics m;
  const std::size_t n = ev.size();
  // 5.1.2: rounding applies to the whole trace when any timestamp has a fractional µs.
  for (std::size_t i = 0; i < n && !m.ns_rounding_applied; ++i)
    if (ev.start_ns[i] != trace::kMissing && ev.start_ns[i] % kUs != 0) m.ns_rounding_applied = true;
  std::vector<std::int64_t> ts(n), end(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t e = ev.start_ns[i] + std::max<std::int64_t>(ev.dur_ns[i], 0);
    ts[i] = m.ns_rounding_applied ? ceil_us(ev.start_ns[i]) : ev.start_ns[i];
    end[i] = m.ns_rounding_applied ? floor_us(e) : e;
  }

  // 5.1.6: window filter with two or more ProfilerSteps.
  std::set<std::string> step_names;
  std::int64_t last_step_start = INT64_MIN;
  for (std::size_t i = 0; i < n; ++i) {
    if (ev.side[i] != trace::Side::kHost || profiler_step_number(ev.strings.view(ev.name[i])).empty()) continue;
    step_names.insert(std::string(ev.strings.view(ev.name[i])));
    last_step_start = std::max(last_step_start, ts[i]);
  }
  m.last_step_excluded = step_names.size() >= 2;
  std::unordered_set<std::int64_t> kept_correlations;
  std::unordered_map<std::int64_t, std::int64_t> runtime_ts;  // correlation -> launching runtime event ts
  for (std::size_t i = 0; i < n; ++i) {
    if (ev.side[i] != trace::Side::kHost || ev.correlation[i] == trace::kMissing) continue;
    if (!m.last_step_excluded || ts[i] < last_step_start) kept_correlations.insert(ev.correlation[i]);
    if (ev.kind[i] == trace::EventKind::kRuntime) runtime_ts.emplace(ev.correlation[i], ts[i]);
  }

  std::vector<Interval> g, comp, comm;
  std::map<std::int32_t, std::vector<std::size_t>> by_stream;
  for (std::size_t i = 0; i < n; ++i) {
    if (ev.side[i] != trace::Side::kDevice || ev.stream[i] == -1 || ev.kind[i] == trace::EventKind::kOverlap) continue;
    if (ev.start_ns[i] == trace::kMissing) continue;
    if (m.last_step_excluded && (ev.correlation[i] == trace::kMissing || !kept_correlations.count(ev.correlation[i])))
      continue;
    if (end[i] - ts[i] < 0) ++m.negative_duration_events;
    const Interval iv{ts[i], end[i]};
    g.push_back(iv);
    const HtaKernelType type = hta_kernel_type(ev.strings.view(ev.name[i]));
    if (type == HtaKernelType::kComputation) comp.push_back(iv);
    if (type == HtaKernelType::kCommunication) comm.push_back(iv);
    if (idle_breakdown_cat(ev.strings.view(ev.type[i]))) by_stream[ev.stream[i]].push_back(i);
  }
  const IntervalSet g_set = IntervalSet::from_unsorted(std::move(g));
  const IntervalSet comp_set = IntervalSet::from_unsorted(std::move(comp));
  const IntervalSet comm_set = IntervalSet::from_unsorted(std::move(comm));
  const Interval hull = g_set.hull();
  const std::int64_t kernel_time = hull.end - hull.start;
  const std::int64_t busy = g_set.total_length();
  const std::int64_t compute = comp_set.total_length();
  m.kernel_time_us = us(kernel_time);
  m.idle_time_us = us(kernel_time - busy);
  m.compute_time_us = us(compute);
  m.non_compute_time_us = us(busy - compute);
  if (!comm_set.empty())
    m.comm_comp_overlap_pct =
        100.0 * static_cast<double>(intersection_length(comp_set, comm_set)) / static_cast<double>(comm_set.total_length());

  // 5.5: per-stream gaps, previous row = shift(1) after a stable sort by ts.
  std::int64_t host_wait = 0, kernel_wait = 0, other = 0;
  for (auto& [stream, rows] : by_stream) {
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return ts[a] < ts[b]; });
    for (std::size_t k = 1; k < rows.size(); ++k) {
      const std::int64_t prev_end = end[rows[k - 1]];
      const std::int64_t gap = std::max<std::int64_t>(ts[rows[k]] - prev_end, 0);
      auto rt = ev.correlation[rows[k]] == trace::kMissing ? runtime_ts.end() : runtime_ts.find(ev.correlation[rows[k]]);
      if (rt != runtime_ts.end() && rt->second > prev_end) {
        host_wait += gap;
      } else if (ts[rows[k]] - prev_end < kConsecutiveKernelDelayNs) {
        kernel_wait += gap;
      } else {
        other += gap;
      }
    }
  }
  m.idle_breakdown_us = {us(host_wait), us(kernel_wait), us(other)};
  return m;
}

}  // namespace llmsa::analysis
