#include "analysis/compat_tracelens.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/interval_set.hpp"

namespace llmsa::analysis {

double tracelens_us(std::int64_t ns) {
  // Formatting the exact decimal and letting strtod round once gives the parser's double, also
  // beyond 2^53 ns where converting the integer first would round twice.
  char buf[48];
  const bool neg = ns < 0;
  const std::uint64_t mag = neg ? ~static_cast<std::uint64_t>(ns) + 1 : static_cast<std::uint64_t>(ns);
  std::snprintf(buf, sizeof buf, "%s%llu.%03llu", neg ? "-" : "", static_cast<unsigned long long>(mag / 1000),
                static_cast<unsigned long long>(mag % 1000));
  return std::strtod(buf, nullptr);
}

namespace {

enum class TlClass { kNone, kComp, kComm, kMemcpy };

TlClass tracelens_class(std::string_view cat, std::string_view name) {
  const bool kernel = cat == "kernel" || cat == "Kernel";
  const bool memcpy = cat == "gpu_memcpy" || cat == "Memcpy";
  const bool memset = cat == "gpu_memset" || cat == "Memset";
  if (!kernel && !memcpy && !memset) return TlClass::kNone;
  if (memcpy) return TlClass::kMemcpy;
  if (name.find("nccl") != std::string_view::npos) return TlClass::kComm;
  return TlClass::kComp;
}

// Float64 µs values of interval endpoints, as TraceLens holds them: a start is the parsed ts; an end
// is ts + dur computed in double (the largest such double among events ending at that ns).
struct FloatEndpoints {
  std::unordered_map<std::int64_t, double> end_us;
  double start(std::int64_t ns) const { return tracelens_us(ns); }
  double end(std::int64_t ns) const {
    auto it = end_us.find(ns);
    return it != end_us.end() ? it->second : tracelens_us(ns);
  }
};

bool is_start_of(const IntervalSet& s, std::int64_t t) {
  const auto& v = s.intervals();
  auto it = std::lower_bound(v.begin(), v.end(), t, [](const Interval& iv, std::int64_t x) { return iv.start < x; });
  return it != v.end() && it->start == t;
}
bool is_end_of(const IntervalSet& s, std::int64_t t) {
  const auto& v = s.intervals();
  auto it = std::lower_bound(v.begin(), v.end(), t, [](const Interval& iv, std::int64_t x) { return iv.end < x; });
  return it != v.end() && it->end == t;
}

// Sum, in time order and in double µs, of a set whose endpoints are starts/ends of `owner`
// (the set the pieces were cut from) or ends/starts of the subtracted sets.
double float_length_us(const IntervalSet& pieces, const IntervalSet& owner, const FloatEndpoints& f) {
  double sum = 0;
  for (const Interval& iv : pieces.intervals()) {
    const double a = is_start_of(owner, iv.start) ? f.start(iv.start) : f.end(iv.start);
    const double b = is_end_of(owner, iv.end) ? f.end(iv.end) : f.start(iv.end);
    sum += b - a;
  }
  return sum;
}

}  // namespace

TraceLensMetrics tracelens_gpu_timeline(const trace::RankEvents& ev) {
  // Correlation ids of host events: a GPU event is "linked into the CPU tree" when its launch is there.
  std::unordered_set<std::int64_t> host_correlations;
  bool any_host = false;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.side[i] != trace::Side::kHost) continue;
    any_host = true;
    if (ev.correlation[i] != trace::kMissing) host_correlations.insert(ev.correlation[i]);
  }
  std::vector<Interval> all, comp, comm, copy;
  FloatEndpoints f;
  TraceLensMetrics m;
  m.linked_only = any_host;
  double first_us = 0, last_us = 0;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.side[i] != trace::Side::kDevice || ev.start_ns[i] == trace::kMissing) continue;
    const TlClass c = tracelens_class(ev.strings.view(ev.type[i]), ev.strings.view(ev.name[i]));
    if (c == TlClass::kNone) continue;
    if (any_host && (ev.correlation[i] == trace::kMissing || !host_correlations.count(ev.correlation[i]))) continue;
    const std::int64_t dur = std::max<std::int64_t>(ev.dur_ns[i], 0);
    const Interval iv{ev.start_ns[i], ev.start_ns[i] + dur};
    const double start_us = tracelens_us(iv.start);
    const double end_us = start_us + tracelens_us(dur);
    auto [it, fresh] = f.end_us.try_emplace(iv.end, end_us);
    if (!fresh) it->second = std::max(it->second, end_us);
    first_us = m.events == 0 ? start_us : std::min(first_us, start_us);
    last_us = m.events == 0 ? end_us : std::max(last_us, end_us);
    ++m.events;
    all.push_back(iv);
    (c == TlClass::kComm ? comm : c == TlClass::kMemcpy ? copy : comp).push_back(iv);
  }
  const IntervalSet all_set = IntervalSet::from_unsorted(std::move(all));
  const IntervalSet comp_set = IntervalSet::from_unsorted(std::move(comp));
  const IntervalSet comm_set = IntervalSet::from_unsorted(std::move(comm));
  const IntervalSet copy_set = IntervalSet::from_unsorted(std::move(copy));
  const double total_us = m.events > 0 ? last_us - first_us : 0.0;
  const double busy_us = float_length_us(all_set, all_set, f);
  m.total_time_ms = total_us / 1e3;
  m.busy_time_ms = busy_us / 1e3;
  m.idle_time_ms = (total_us - busy_us) / 1e3;
  m.computation_time_ms = float_length_us(comp_set, comp_set, f) / 1e3;
  m.total_comm_time_ms = float_length_us(comm_set, comm_set, f) / 1e3;
  m.exposed_comm_time_ms = float_length_us(set_difference(comm_set, comp_set), comm_set, f) / 1e3;
  m.total_memcpy_time_ms = float_length_us(copy_set, copy_set, f) / 1e3;
  m.exposed_memcpy_time_ms =
      float_length_us(set_difference(copy_set, set_union(comp_set, comm_set)), copy_set, f) / 1e3;
  return m;
}

}  // namespace llmsa::analysis
