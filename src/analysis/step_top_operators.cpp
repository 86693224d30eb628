#include "analysis/step_top_operators.hpp"

#include <algorithm>
#include <numeric>

namespace llmsa::analysis {

std::vector<std::vector<StepOperator>> step_top_operators(const trace::RankEvents& ev,
                                                          const std::vector<std::uint32_t>& events,
                                                          std::span<const StepAnalysis> steps,
                                                          std::size_t per_step) {
  const std::size_t n_steps = steps.size();
  std::vector<std::vector<StepOperator>> out(n_steps);
  if (n_steps == 0 || per_step == 0) return out;
  // Steps by window start, to find an event's step by binary search.
  std::vector<std::size_t> by_start(n_steps);
  std::iota(by_start.begin(), by_start.end(), std::size_t{0});
  std::stable_sort(by_start.begin(), by_start.end(), [&](std::size_t a, std::size_t b) {
    return steps[a].time.window_start_ns < steps[b].time.window_start_ns;
  });
  std::vector<std::int64_t> starts(n_steps);
  for (std::size_t k = 0; k < n_steps; ++k) starts[k] = steps[by_start[k]].time.window_start_ns;

  // Bucket the events by step (counting sort, so each step's events are contiguous).
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> step_of(events.size(), kNone);
  std::vector<std::size_t> count(n_steps + 1, 0);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::int64_t t = ev.start_ns[events[i]];
    const auto it = std::upper_bound(starts.begin(), starts.end(), t);
    if (it == starts.begin()) continue;
    const std::size_t s = by_start[static_cast<std::size_t>(it - starts.begin()) - 1];
    if (t >= steps[s].time.window_end_ns && steps[s].time.window_end_ns > steps[s].time.window_start_ns) continue;
    step_of[i] = s;
    ++count[s + 1];
  }
  for (std::size_t s = 0; s < n_steps; ++s) count[s + 1] += count[s];
  std::vector<std::uint32_t> bucketed(count[n_steps]);
  {
    std::vector<std::size_t> fill(count.begin(), count.end() - 1);
    for (std::size_t i = 0; i < events.size(); ++i)
      if (step_of[i] != kNone) bucketed[fill[step_of[i]]++] = events[i];
  }

  // Per step: aggregate by name through a dense slot array stamped with the step it belongs to.
  std::vector<std::uint32_t> slot(ev.strings.size(), 0);
  std::vector<std::size_t> stamp(ev.strings.size(), kNone);
  std::vector<StepOperator> agg;
  for (std::size_t s = 0; s < n_steps; ++s) {
    agg.clear();
    for (std::size_t k = count[s]; k < count[s + 1]; ++k) {
      const std::uint32_t e = bucketed[k];
      const StringId name = ev.name[e];
      if (name >= slot.size()) continue;  // cannot happen: names are interned in ev.strings
      if (stamp[name] != s) {
        stamp[name] = s;
        slot[name] = static_cast<std::uint32_t>(agg.size());
        agg.push_back({name, 0, 0, e});
      }
      StepOperator& op = agg[slot[name]];
      const std::int64_t dur = std::max<std::int64_t>(0, ev.dur_ns[e]);
      op.calls += 1;
      op.duration_sum_ns += dur;
      if (dur > std::max<std::int64_t>(0, ev.dur_ns[op.longest])) op.longest = e;
    }
    auto heavier = [](const StepOperator& a, const StepOperator& b) {
      return a.duration_sum_ns != b.duration_sum_ns ? a.duration_sum_ns > b.duration_sum_ns : a.name < b.name;
    };
    const std::size_t keep = std::min(per_step, agg.size());
    std::partial_sort(agg.begin(), agg.begin() + static_cast<std::ptrdiff_t>(keep), agg.end(), heavier);
    out[s].assign(agg.begin(), agg.begin() + static_cast<std::ptrdiff_t>(keep));
  }
  return out;
}

}  // namespace llmsa::analysis
