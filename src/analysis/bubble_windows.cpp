#include "analysis/bubble_windows.hpp"

#include <fmt/format.h>

#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace llmsa::analysis {

std::vector<BubbleWindow> find_bubbles(const trace::RankEvents& ev, const StructureEvents& s, std::int64_t min_ns) {
  std::vector<BubbleWindow> out;
  if (s.device.empty()) return out;
  auto is_primary = [&](std::uint32_t i) { return s.primary_source[ev.source[i]] != 0; };
  std::uint32_t before = s.device.front();
  std::int64_t run_end = ev.start_ns[before] + ev.dur_ns[before];
  for (std::size_t k = 1; k < s.device.size(); ++k) {
    const std::uint32_t i = s.device[k];
    const std::int64_t st = ev.start_ns[i], en = st + ev.dur_ns[i];
    if (st > run_end && st - run_end >= min_ns) {
      BubbleWindow b;
      b.start_ns = run_end;
      b.end_ns = st;
      b.event_before = before;
      b.event_after = i;
      out.push_back(std::move(b));
    }
    // The event that ends the busy run last opens the next gap; at equal ends an operator-source row wins.
    if (en > run_end || (en == run_end && !is_primary(before) && is_primary(i))) {
      run_end = std::max(run_end, en);
      before = i;
    }
  }
  return out;
}

std::int64_t mark_host_bound(const trace::RankEvents& ev, std::vector<BubbleWindow>& bubbles) {
  if (bubbles.empty()) return 0;
  // What to look for: the delayed kernels, their correlation ids, and the start times of their twins.
  std::unordered_map<std::uint32_t, std::int64_t> launch;  // device event -> host launch start
  std::unordered_set<std::int64_t> twin_starts;
  for (const auto& b : bubbles) {
    twin_starts.insert(ev.start_ns[b.event_after]);
  }
  // Device events at those start times that carry a link id (the delayed kernel itself or its twin).
  std::unordered_map<std::int64_t, std::int64_t> corr_at_start;  // start -> correlation
  std::unordered_set<std::int64_t> wanted_corr;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.side[i] != trace::Side::kDevice || !twin_starts.count(ev.start_ns[i])) continue;
    if (ev.correlation[i] != trace::kMissing) {
      corr_at_start.try_emplace(ev.start_ns[i], ev.correlation[i]);
      wanted_corr.insert(ev.correlation[i]);
    }
  }
  // Host launches by correlation: the runtime call (cudaLaunchKernel, AscendCL@...) wins over others.
  std::unordered_map<std::int64_t, std::pair<std::int64_t, std::uint32_t>> host_by_corr;
  if (!wanted_corr.empty())
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (ev.side[i] != trace::Side::kHost || ev.correlation[i] == trace::kMissing) continue;
      if (!wanted_corr.count(ev.correlation[i])) continue;
      auto [it, fresh] = host_by_corr.try_emplace(ev.correlation[i], ev.start_ns[i], static_cast<std::uint32_t>(i));
      if (!fresh && ev.kind[i] == trace::EventKind::kRuntime && ev.kind[it->second.second] != trace::EventKind::kRuntime)
        it->second = {ev.start_ns[i], static_cast<std::uint32_t>(i)};
    }
  // Flows from a host event to a device event at a wanted start (the runtime call preferred, then the latest).
  std::unordered_map<std::int64_t, std::pair<std::int64_t, std::uint32_t>> host_by_flow;  // start -> launch
  for (std::size_t f = 0; f < ev.flows.from.size(); ++f) {
    const std::uint32_t from = ev.flows.from[f], to = ev.flows.to[f];
    if (from >= ev.size() || to >= ev.size()) continue;
    if (ev.side[from] != trace::Side::kHost || ev.side[to] != trace::Side::kDevice) continue;
    if (!twin_starts.count(ev.start_ns[to])) continue;
    auto [it, fresh] = host_by_flow.try_emplace(ev.start_ns[to], ev.start_ns[from], from);
    const bool runtime = ev.kind[from] == trace::EventKind::kRuntime;
    const bool had_runtime = ev.kind[it->second.second] == trace::EventKind::kRuntime;
    if (!fresh && ((runtime && !had_runtime) || (runtime == had_runtime && ev.start_ns[from] > it->second.first)))
      it->second = {ev.start_ns[from], from};
  }
  std::int64_t linked = 0;
  for (auto& b : bubbles) {
    const std::int64_t t = ev.start_ns[b.event_after];
    std::optional<std::pair<std::int64_t, std::uint32_t>> host;
    std::int64_t corr = ev.correlation[b.event_after];
    if (corr == trace::kMissing)
      if (auto it = corr_at_start.find(t); it != corr_at_start.end()) corr = it->second;
    if (corr != trace::kMissing)
      if (auto it = host_by_corr.find(corr); it != host_by_corr.end()) host = it->second;
    if (!host)
      if (auto it = host_by_flow.find(t); it != host_by_flow.end()) host = it->second;
    if (!host) continue;
    ++linked;
    if (host->first > b.start_ns) {
      b.host_bound = true;
      b.cause = fmt::format("host launch '{}' began {:.3f} us after the device went idle",
                            ev.strings.view(ev.name[host->second]), static_cast<double>(host->first - b.start_ns) / 1e3);
    }
  }
  return linked;
}

}  // namespace llmsa::analysis
