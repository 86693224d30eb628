#include "report/html_timeline.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace llmsa::report {
namespace {

std::int64_t end_of(const trace::RankEvents& ev, std::uint32_t e) { return ev.start_ns[e] + std::max<std::int64_t>(0, ev.dur_ns[e]); }

// One pass over a lane sorted by start: long and kept events stay single, runs of short events that
// start within `width` of the run's first event become one box.
// `kept[i]`: lane[i] is an evidence event (looked up once per lane, not once per widening pass).
std::vector<TimelineBox> merge_lane(const trace::RankEvents& ev, const std::vector<std::uint32_t>& lane,
                                    const std::vector<char>& kept_at, std::int64_t width) {
  std::vector<TimelineBox> out;
  TimelineBox run;
  bool open = false;
  std::int64_t longest = -1;
  auto close = [&] {
    if (open) out.push_back(run);
    open = false;
  };
  for (std::size_t i = 0; i < lane.size(); ++i) {
    const std::uint32_t e = lane[i];
    const std::int64_t start = ev.start_ns[e], end = end_of(ev, e), dur = end - start;
    const bool kept = kept_at[i] != 0;
    if (kept || dur >= width) {
      close();
      out.push_back({start, end, e, 1, dur, kept});
      continue;
    }
    if (open && start < run.start_ns + width) {
      run.end_ns = std::max(run.end_ns, end);
      run.count += 1;
      run.busy_ns += dur;
      if (dur > longest) longest = dur, run.event = e;
      continue;
    }
    close();
    run = {start, end, e, 1, dur, false};
    longest = dur;
    open = true;
  }
  close();
  return out;
}

}  // namespace

DownsampledTimeline downsample_timeline(const trace::RankEvents& ev, const std::vector<std::uint32_t>& events,
                                        const std::vector<std::uint32_t>& keep, std::size_t box_budget) {
  DownsampledTimeline result;
  std::map<std::int32_t, std::vector<std::uint32_t>> by_stream;
  std::int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (const std::uint32_t e : events) {
    by_stream[ev.stream[e]].push_back(e);
    lo = std::min(lo, ev.start_ns[e]);
    hi = std::max(hi, end_of(ev, e));
  }
  if (by_stream.empty()) return result;
  const std::int64_t span = std::max<std::int64_t>(1, hi - lo);
  const std::size_t lane_budget = std::max<std::size_t>(16, box_budget / by_stream.size());
  const std::int64_t base_width = std::max<std::int64_t>(1, span / static_cast<std::int64_t>(lane_budget));
  for (auto& [stream, lane] : by_stream) {
    auto before = [&](std::uint32_t a, std::uint32_t b) {
      if (ev.start_ns[a] != ev.start_ns[b]) return ev.start_ns[a] < ev.start_ns[b];
      if (end_of(ev, a) != end_of(ev, b)) return end_of(ev, a) < end_of(ev, b);
      return a < b;
    };
    // Readers keep a stream's events in time order, so the sort is usually a check. When it is not,
    // the keys are read once into (start, end, event) triples and those are sorted: comparing through
    // the event columns read four values per comparison.
    if (!std::is_sorted(lane.begin(), lane.end(), before)) {
      std::vector<std::tuple<std::int64_t, std::int64_t, std::uint32_t>> keyed;
      keyed.reserve(lane.size());
      for (const std::uint32_t e : lane) keyed.emplace_back(ev.start_ns[e], end_of(ev, e), e);
      std::sort(keyed.begin(), keyed.end());
      for (std::size_t i = 0; i < lane.size(); ++i) lane[i] = std::get<2>(keyed[i]);
    }
    std::size_t kept_here = 0;
    std::vector<char> kept_at(lane.size(), 0);
    if (!keep.empty())
      for (std::size_t i = 0; i < lane.size(); ++i)
        if (std::binary_search(keep.begin(), keep.end(), lane[i])) kept_at[i] = 1, ++kept_here;
    std::int64_t width = base_width;
    std::vector<TimelineBox> boxes = merge_lane(ev, lane, kept_at, width);
    // Kept boxes are outside the budget (the caller bounds them); everything else must fit.
    // A width beyond the span makes every unkept event short and merges the lane into one run.
    while (boxes.size() > lane_budget + kept_here && width <= span) {
      width = width > span / 2 ? span + 1 : width * 2;
      boxes = merge_lane(ev, lane, kept_at, width);
    }
    const bool merged = boxes.size() < lane.size();
    if (merged) result.bucket_ns = std::max(result.bucket_ns, width);
    result.events += static_cast<std::int64_t>(lane.size());
    result.boxes += static_cast<std::int64_t>(boxes.size());
    result.lanes.push_back({stream, static_cast<std::int64_t>(lane.size()), std::move(boxes)});
  }
  return result;
}

}  // namespace llmsa::report
