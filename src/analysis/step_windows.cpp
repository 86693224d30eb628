#include "analysis/step_windows.hpp"

#include <algorithm>
#include <map>


namespace llmsa::analysis {

std::string profiler_step_number(std::string_view name) {
  constexpr std::string_view kPrefix = "ProfilerStep#";
  if (name.substr(0, kPrefix.size()) != kPrefix) return {};
  std::string_view rest = name.substr(kPrefix.size());
  if (rest.empty() || !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
  return std::string(rest);
}

namespace {

void sort_steps(std::vector<StepSpan>& steps) {
  std::sort(steps.begin(), steps.end(), [](const StepSpan& a, const StepSpan& b) {
    return a.window.start != b.window.start ? a.window.start < b.window.start : a.step < b.step;
  });
}

// ProfilerStep# ranges on the host. The same step may appear twice (trace_view and a DB, or a
// nested re-record); the union of its ranges' hull is kept, once.
std::vector<StepSpan> profiler_steps(const trace::RankEvents& ev) {
  std::map<std::string, Interval> by_step;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.side[i] != trace::Side::kHost || ev.dur_ns[i] <= 0) continue;
    std::string n = profiler_step_number(ev.strings.view(ev.name[i]));
    if (n.empty()) continue;
    const Interval iv{ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i]};
    auto [it, fresh] = by_step.try_emplace(n, iv);
    if (!fresh) it->second = {std::min(it->second.start, iv.start), std::max(it->second.end, iv.end)};
  }
  std::vector<StepSpan> out;
  for (auto& [n, iv] : by_step) out.push_back({n, iv});
  return out;
}

std::vector<StepSpan> step_id_windows(const trace::RankEvents& ev, const DeviceTaskSources& sources) {
  std::map<std::int64_t, Interval> by_step;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.step[i] == trace::kMissing || !sources.counts(ev, i)) continue;
    const Interval iv{ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i]};
    auto [it, fresh] = by_step.try_emplace(ev.step[i], iv);
    if (!fresh) it->second = {std::min(it->second.start, iv.start), std::max(it->second.end, iv.end)};
  }
  std::vector<StepSpan> out;
  for (auto& [n, iv] : by_step) out.push_back({std::to_string(n), iv});
  return out;
}

}  // namespace

StepSegmentation segment_steps(const trace::RankProfile& rank, Interval device_hull) {
  return segment_steps(rank, DeviceTaskSources(rank.events), device_hull);
}

StepSegmentation segment_steps(const trace::RankProfile& rank, const DeviceTaskSources& sources, Interval device_hull) {
  StepSegmentation s;
  s.steps = profiler_steps(rank.events);
  if (!s.steps.empty()) {
    s.source = "profiler_step";
  } else if (!rank.steps.empty()) {
    s.source = "step_time";
    for (const trace::StepWindow& w : rank.steps)
      if (w.start_ns != trace::kMissing && w.end_ns != trace::kMissing && w.end_ns > w.start_ns)
        s.steps.push_back({w.step, {w.start_ns, w.end_ns}});
  }
  if (s.steps.empty()) {
    s.steps = step_id_windows(rank.events, sources);
    if (!s.steps.empty()) s.source = "step_id";
  }
  if (s.steps.empty()) {
    s.source = "whole_capture";
    s.steps.push_back({"all", device_hull});
  }
  sort_steps(s.steps);
  return s;
}

}  // namespace llmsa::analysis
