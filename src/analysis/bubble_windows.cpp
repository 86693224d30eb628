#include "analysis/bubble_windows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace llmsa::analysis {

std::vector<BubbleGap> find_bubbles(const trace::RankEvents& ev, const StructureEvents& s, std::int64_t min_ns) {
  std::vector<BubbleGap> out;
  if (s.device.empty()) return out;
  auto is_primary = [&](std::uint32_t i) { return s.primary_source[ev.source[i]] != 0; };
  // Two sweeps: count, then fill (the vector is allocated once, at its final size).
  auto sweep = [&](auto&& on_gap) {
    std::uint32_t before = s.device.front();
    std::int64_t run_end = ev.start_ns[before] + ev.dur_ns[before];
    for (std::size_t k = 1; k < s.device.size(); ++k) {
      const std::uint32_t i = s.device[k];
      const std::int64_t st = ev.start_ns[i], en = st + ev.dur_ns[i];
      if (st > run_end && st - run_end >= min_ns) on_gap(run_end, st, before, i);
      // The event that ends the busy run last opens the next gap; at equal ends an operator-source row wins.
      if (en > run_end || (en == run_end && !is_primary(before) && is_primary(i))) {
        run_end = std::max(run_end, en);
        before = i;
      }
    }
  };
  std::size_t n = 0;
  sweep([&](std::int64_t, std::int64_t, std::uint32_t, std::uint32_t) { ++n; });
  out.reserve(n);
  sweep([&](std::int64_t a, std::int64_t b, std::uint32_t before, std::uint32_t after) {
    BubbleGap g;
    g.start_ns = a;
    g.end_ns = b;
    g.event_before = before;
    g.event_after = after;
    out.push_back(g);
  });
  return out;
}

std::int64_t mark_host_bound(const trace::RankEvents& ev, const StructureEvents& s, std::vector<BubbleGap>& bubbles) {
  if (bubbles.empty()) return 0;
  // Without host rows that carry a link (correlation / connection id) or flows there is nothing to link.
  bool host_links = !ev.flows.from.empty();
  for (std::size_t i = 0; i < ev.size() && !host_links; ++i)
    host_links = ev.side[i] == trace::Side::kHost && ev.correlation[i] != trace::kMissing;
  if (!host_links) return 0;

  // The delayed kernels' start times, ascending (bubbles are in time order, so their ends are too).
  std::vector<std::int64_t> starts;
  starts.reserve(bubbles.size());
  for (const auto& b : bubbles) starts.push_back(ev.start_ns[b.event_after]);
  auto wanted_start = [&](std::int64_t t) { return std::binary_search(starts.begin(), starts.end(), t); };

  // Link id per delayed kernel: its own, else that of a device event starting at the same time (its twin in
  // another file). One merge of two start-ordered lists.
  std::vector<std::int64_t> corr(bubbles.size(), trace::kMissing);
  std::size_t d = 0;
  for (std::size_t k = 0; k < bubbles.size(); ++k) {
    const std::uint32_t after = bubbles[k].event_after;
    if (ev.correlation[after] != trace::kMissing) {
      corr[k] = ev.correlation[after];
      continue;
    }
    while (d < s.device.size() && ev.start_ns[s.device[d]] < starts[k]) ++d;
    for (std::size_t j = d; j < s.device.size() && ev.start_ns[s.device[j]] == starts[k]; ++j)
      if (ev.correlation[s.device[j]] != trace::kMissing) {
        corr[k] = ev.correlation[s.device[j]];
        break;
      }
  }
  std::vector<std::int64_t> wanted;
  for (auto c : corr)
    if (c != trace::kMissing) wanted.push_back(c);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

  // Host launches by link id: the runtime call (cudaLaunchKernel, AscendCL@...) wins over other host rows.
  std::unordered_map<std::int64_t, std::pair<std::int64_t, std::uint32_t>> host_by_corr;
  if (!wanted.empty())
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (ev.side[i] != trace::Side::kHost || ev.correlation[i] == trace::kMissing) continue;
      if (!std::binary_search(wanted.begin(), wanted.end(), ev.correlation[i])) continue;
      auto [it, fresh] = host_by_corr.try_emplace(ev.correlation[i], ev.start_ns[i], static_cast<std::uint32_t>(i));
      if (!fresh && ev.kind[i] == trace::EventKind::kRuntime && ev.kind[it->second.second] != trace::EventKind::kRuntime)
        it->second = {ev.start_ns[i], static_cast<std::uint32_t>(i)};
    }
  // Flows from a host event to a device event at a wanted start (the runtime call preferred, then the latest).
  std::unordered_map<std::int64_t, std::pair<std::int64_t, std::uint32_t>> host_by_flow;  // start -> launch
  for (std::size_t f = 0; f < ev.flows.from.size(); ++f) {
    const std::uint32_t from = ev.flows.from[f], to = ev.flows.to[f];
    if (from >= ev.size() || to >= ev.size()) continue;
    if (ev.side[from] != trace::Side::kHost || ev.side[to] != trace::Side::kDevice || !wanted_start(ev.start_ns[to]))
      continue;
    auto [it, fresh] = host_by_flow.try_emplace(ev.start_ns[to], ev.start_ns[from], from);
    const bool runtime = ev.kind[from] == trace::EventKind::kRuntime;
    const bool had_runtime = ev.kind[it->second.second] == trace::EventKind::kRuntime;
    if (!fresh && ((runtime && !had_runtime) || (runtime == had_runtime && ev.start_ns[from] > it->second.first)))
      it->second = {ev.start_ns[from], from};
  }
  std::int64_t linked = 0;
  for (std::size_t k = 0; k < bubbles.size(); ++k) {
    BubbleGap& b = bubbles[k];
    std::optional<std::pair<std::int64_t, std::uint32_t>> host;
    if (corr[k] != trace::kMissing)
      if (auto it = host_by_corr.find(corr[k]); it != host_by_corr.end()) host = it->second;
    if (!host)
      if (auto it = host_by_flow.find(starts[k]); it != host_by_flow.end()) host = it->second;
    if (!host) continue;
    ++linked;
    if (host->first > b.start_ns) {
      b.host_bound = true;
      b.launch = host->second;
    }
  }
  return linked;
}

std::string host_bound_cause(const trace::RankEvents& ev, const BubbleGap& g) {
  if (!g.host_bound || g.launch == kNoEvent) return {};
  return fmt::format("host launch '{}' began {:.3f} us after the device went idle", ev.strings.view(ev.name[g.launch]),
                     static_cast<double>(ev.start_ns[g.launch] - g.start_ns) / 1e3);
}

}  // namespace llmsa::analysis
