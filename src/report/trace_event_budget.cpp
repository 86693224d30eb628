#include "report/trace_event_budget.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>

#include "analysis/rank_parallel.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/report_text.hpp"
#include "report/trace_finding_spans.hpp"

namespace llmsa::report {

std::optional<std::int64_t> parse_trace_event_budget(std::string_view text) {
  if (text == "all") return kTraceEventsAll;
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
  return n;
}

bool TraceSelection::keeps(std::size_t r, std::int64_t t) const {
  return !cut || (r < windows.size() && windows[r].contains(t));
}

bool TraceSelection::shows(std::size_t r, std::int64_t start, std::int64_t end) const {
  if (!cut) return true;
  if (r >= windows.size()) return false;
  const auto& iv = windows[r].intervals();
  // The first window ending after `start`: the slice overlaps it when it starts before the slice's end
  // (a zero-length slice: when it holds `start`).
  auto it = std::upper_bound(iv.begin(), iv.end(), start, [](std::int64_t t, const Interval& w) { return t < w.end; });
  if (it == iv.end()) return false;
  return end > start ? it->start < end : it->start <= start;
}

namespace {

// One rank's step windows by start, each with the id of its label (shared across ranks).
struct RankSteps {
  std::vector<Interval> window;  // sorted by start
  std::vector<int> label;
  // The label whose window holds t (the latest-starting window with start <= t), -1 for none.
  int label_at(std::int64_t t) const {
    auto it = std::upper_bound(window.begin(), window.end(), t, [](std::int64_t v, const Interval& w) { return v < w.start; });
    if (it == window.begin()) return -1;
    const std::size_t k = static_cast<std::size_t>(it - window.begin()) - 1;
    return t < window[k].end ? label[k] : -1;
  }
};

struct Label {
  std::string name;
  std::int64_t first_start = INT64_MAX;  // earliest window start over ranks: the time order
  std::int64_t wall = 0;                 // longest window over ranks
  std::set<std::string> types;
  std::int64_t events = 0;               // original events whose start lies in its windows, all ranks
};

std::string steps_list(const std::vector<std::string>& steps, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < steps.size() && i < max; ++i) out += (i ? ", " : "") + steps[i];
  if (steps.size() > max) out += fmt::format(" (+{} more)", steps.size() - max);
  return out;
}

}  // namespace

TraceSelection select_trace_events(const trace::Capture& capture, const analysis::ProfileAnalysis& analysis,
                                   const ReportEvidence& evidence, std::int64_t budget, unsigned threads) {
  TraceSelection sel;
  sel.budget = budget;
  const std::size_t n = capture.ranks.size();
  std::vector<analysis::DeviceTaskSources> chosen(n);
  std::map<std::string, int> label_id;
  std::vector<Label> labels;
  std::vector<RankSteps> steps(n);
  for (std::size_t r = 0; r < n; ++r) {
    if (r >= analysis.ranks.size()) continue;
    std::vector<std::pair<Interval, int>> w;
    for (const auto& s : analysis.ranks[r].steps) {
      auto [it, inserted] = label_id.emplace(s.step, static_cast<int>(labels.size()));
      if (inserted) labels.emplace_back().name = s.step;
      Label& l = labels[it->second];
      l.first_start = std::min(l.first_start, s.time.window_start_ns);
      l.wall = std::max(l.wall, s.time.wall_ns);
      l.types.insert(s.step_type);
      w.push_back({{s.time.window_start_ns, s.time.window_end_ns}, it->second});
    }
    std::stable_sort(w.begin(), w.end(), [](const auto& a, const auto& b) { return a.first.start < b.first.start; });
    for (const auto& [iv, id] : w) steps[r].window.push_back(iv), steps[r].label.push_back(id);
  }
  // Per rank: every written event, and how many start in each label's windows.
  std::vector<std::int64_t> total(n, 0);
  std::vector<std::vector<std::int64_t>> per_label(n, std::vector<std::int64_t>(labels.size(), 0));
  analysis::for_each_rank(n, threads, [&](std::size_t r) {
    const trace::RankEvents& ev = capture.ranks[r].events;
    const std::vector<analysis::EventClasses>& kept = analysis.event_classes;  // their sources, when kept
    chosen[r] = r < kept.size() && kept[r].size() == ev.size() ? kept[r].sources() : analysis::DeviceTaskSources(ev);
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!trace_writes_event(ev, chosen[r], i)) continue;
      ++total[r];
      if (const int l = steps[r].label_at(ev.start_ns[i]); l >= 0) ++per_label[r][l];
    }
  });
  for (std::size_t r = 0; r < n; ++r) {
    sel.total_events += total[r];
    for (std::size_t l = 0; l < labels.size(); ++l) labels[l].events += per_label[r][l];
  }
  sel.kept_events = sel.total_events;
  if (budget < 0 || sel.total_events <= budget) return sel;
  sel.cut = true;

  // Candidates in order of preference (the header says why).
  std::vector<int> candidates;
  const std::vector<evidence::Finding> findings = evidence::sorted_findings(analysis.findings);
  if (!findings.empty()) {
    std::vector<std::vector<FindingSpan>>& spans = sel.finding_spans;
    spans.assign(n, {});
    analysis::for_each_rank(n, threads, [&](std::size_t r) {
      spans[r] = finding_spans(capture.ranks[r].events, r, evidence, findings);
    });
    for (std::size_t f = 0; f < findings.size(); ++f)
      for (std::size_t r = 0; r < n; ++r)
        if (spans[r][f].timed())
          if (const int l = steps[r].label_at(spans[r][f].lo); l >= 0) candidates.push_back(l);
  }
  std::vector<int> by_time(labels.size());
  for (std::size_t l = 0; l < labels.size(); ++l) by_time[l] = static_cast<int>(l);
  std::stable_sort(by_time.begin(), by_time.end(),
                   [&](int a, int b) { return std::tie(labels[a].first_start, labels[a].name) < std::tie(labels[b].first_start, labels[b].name); });
  if (!labels.empty()) {
    std::vector<int> by_wall = by_time;
    std::stable_sort(by_wall.begin(), by_wall.end(), [&](int a, int b) { return labels[a].wall < labels[b].wall; });
    candidates.push_back(by_wall.back());               // the slowest step
    candidates.push_back(by_wall[by_wall.size() / 2]);  // a median step
    std::set<std::string> types;
    for (int l : by_time)
      for (const auto& t : labels[l].types)
        if (types.insert(t).second) candidates.push_back(l);  // the first step of each type
  }
  candidates.insert(candidates.end(), by_time.begin(), by_time.end());

  std::vector<char> kept(labels.size(), 0);
  std::int64_t spent = 0;
  for (int l : candidates) {
    if (kept[l] || labels[l].events == 0 || spent + labels[l].events > budget) continue;
    kept[l] = 1;
    spent += labels[l].events;
  }
  sel.windows.assign(n, IntervalSet());
  if (spent > 0) {
    for (int l : by_time)
      if (kept[l]) sel.steps.push_back(labels[l].name);
    for (std::size_t r = 0; r < n; ++r) {
      std::vector<Interval> w;
      for (std::size_t k = 0; k < steps[r].window.size(); ++k)
        if (kept[steps[r].label[k]]) w.push_back(steps[r].window[k]);
      sel.windows[r] = IntervalSet::from_unsorted(std::move(w));
    }
  } else {
    // Not one step fits: the first candidate holding events (or, with no steps at all, the whole
    // capture from each rank's first event) keeps the same leading length on every rank.
    int pick = -1;
    for (int l : candidates)
      if (labels[l].events > 0) {
        pick = l;
        break;
      }
    std::vector<std::vector<Interval>> base(n);  // per rank: the windows the cut is measured from
    for (std::size_t r = 0; r < n; ++r) {
      if (pick >= 0) {
        for (std::size_t k = 0; k < steps[r].window.size(); ++k)
          if (steps[r].label[k] == pick) base[r].push_back(steps[r].window[k]);
      } else {
        const trace::RankEvents& ev = capture.ranks[r].events;
        std::int64_t first = INT64_MAX;
        for (std::size_t i = 0; i < ev.size(); ++i)
          if (trace_writes_event(ev, chosen[r], i)) first = std::min(first, ev.start_ns[i]);
        if (first != INT64_MAX) base[r].push_back({first, INT64_MAX});
      }
    }
    std::vector<std::int64_t> offsets;  // start - its window's start, every event in a base window
    std::int64_t longest = 0;
    for (std::size_t r = 0; r < n; ++r) {
      const trace::RankEvents& ev = capture.ranks[r].events;
      for (const Interval& w : base[r]) longest = std::max(longest, interval_length(w));
      for (std::size_t i = 0; i < ev.size(); ++i) {
        if (!trace_writes_event(ev, chosen[r], i)) continue;
        const std::int64_t t = ev.start_ns[i];
        for (const Interval& w : base[r])
          if (t >= w.start && t < w.end) {
            offsets.push_back(t - w.start);
            break;
          }
      }
    }
    // Events starting before the budget-th offset fit (ties at the cut are left out).
    std::int64_t cut_at = INT64_MAX;
    if (static_cast<std::int64_t>(offsets.size()) > budget) {
      std::nth_element(offsets.begin(), offsets.begin() + budget, offsets.end());
      cut_at = offsets[static_cast<std::size_t>(budget)];
    }
    for (std::size_t r = 0; r < n; ++r) {
      std::vector<Interval> w;
      for (const Interval& b : base[r]) w.push_back({b.start, b.start + std::min(cut_at, interval_length(b))});
      sel.windows[r] = IntervalSet::from_unsorted(std::move(w));
    }
    const std::string what = pick >= 0 ? "step " + labels[pick].name : "the capture";
    if (pick >= 0) sel.steps.push_back(labels[pick].name);
    sel.partial = fmt::format("{} alone holds more events than the budget: its first {} ms (of {} ms) on every rank",
                              what, fixed3(ns_to_ms(cut_at == INT64_MAX ? longest : cut_at)), fixed3(ns_to_ms(longest)));
  }
  // The exact count of what is kept (windows of one rank may overlap, and a cut keeps part of a step).
  std::vector<std::int64_t> kept_per_rank(n, 0);
  analysis::for_each_rank(n, threads, [&](std::size_t r) {
    const trace::RankEvents& ev = capture.ranks[r].events;
    if (sel.windows[r].empty()) return;
    for (std::size_t i = 0; i < ev.size(); ++i)
      if (trace_writes_event(ev, chosen[r], i) && sel.windows[r].contains(ev.start_ns[i])) ++kept_per_rank[r];
  });
  sel.kept_events = 0;
  for (std::int64_t k : kept_per_rank) sel.kept_events += k;
  return sel;
}

std::string trace_cut_sentence(const TraceSelection& s) {
  if (!s.cut) return "";
  std::string text = fmt::format(
      "trace.json holds {} of the capture's {} original events ({} left out): a bigger JSON trace does not open in "
      "ui.perfetto.dev (the browser's ~2 GB memory limit). ",
      s.kept_events, s.total_events, s.omitted_events());
  if (s.partial.empty()) text += "It keeps whole steps, the same on every rank: steps " + steps_list(s.steps, 20);
  else text += "It keeps part of one step: " + s.partial;
  text += ". Step spans and findings cover the whole capture. `llmsa profile --trace-events all` writes every event "
          "(open that file with trace_processor --httpd); raw_kernel_index.csv lists every device event.";
  return text;
}

}  // namespace llmsa::report
