#include "analysis/time_breakdown.hpp"

#include <algorithm>

namespace llmsa::analysis {

namespace {

// The intervals of a normalized set that overlap `w`, each read clamped to `w`: the clipped set without
// building it. Every step of a rank reads the same four sets, so a breakdown allocates nothing.
struct Clipped {
  const Interval* first = nullptr;
  const Interval* last = nullptr;  // one past
  Interval w;
  Clipped(const IntervalSet& set, Interval window) : w(window) {
    const auto& v = set.intervals();
    if (window.end <= window.start || v.empty()) return;
    auto lo = std::upper_bound(v.begin(), v.end(), window.start, [](std::int64_t x, const Interval& iv) { return x < iv.end; });
    auto hi = std::lower_bound(lo, v.end(), window.end, [](const Interval& iv, std::int64_t x) { return iv.start < x; });
    first = v.data() + (lo - v.begin());
    last = v.data() + (hi - v.begin());
  }
  std::size_t size() const { return static_cast<std::size_t>(last - first); }
  Interval at(std::size_t k) const { return {std::max(first[k].start, w.start), std::min(first[k].end, w.end)}; }
  std::int64_t length() const {
    std::int64_t total = 0;
    for (std::size_t k = 0; k < size(); ++k) total = saturating_add_length(total, interval_length(at(k)));
    return total;
  }
};

// intersection_length of the two clipped sets (the same merge).
std::int64_t intersection_length(const Clipped& a, const Clipped& b) {
  std::int64_t total = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const Interval x = a.at(i), y = b.at(j);
    const std::int64_t s = std::max(x.start, y.start), e = std::min(x.end, y.end);
    if (s < e) total = saturating_add_length(total, interval_length({s, e}));
    if (x.end < y.end) ++i; else ++j;
  }
  return total;
}

}  // namespace

TimeBreakdown time_breakdown(const DeviceTimeline& t, Interval window) {
  TimeBreakdown b;
  b.window_start_ns = window.start;
  b.window_end_ns = window.end;
  b.wall_ns = interval_length(window);
  const Clipped compute(t.compute, window), comm(t.communication, window), copy(t.memcpy, window),
      busy(t.busy, window);
  b.busy_ns = busy.length();
  b.compute_ns = compute.length();
  b.communication_ns = comm.length();
  b.overlapped_ns = intersection_length(compute, comm);
  b.exposed_communication_ns = b.communication_ns - b.overlapped_ns;
  b.memcpy_ns = copy.length();
  if (copy.size() > 0) {
    // Copies are few; only the part of compute and communication under their hull can cover them.
    const Interval h{copy.at(0).start, copy.at(copy.size() - 1).end};
    const IntervalSet copies = t.memcpy.clipped(h);
    b.exposed_memcpy_ns = set_difference(copies, set_union(t.compute.clipped(h), t.communication.clipped(h))).total_length();
  }
  b.idle_ns = b.wall_ns - b.busy_ns;
  // Bubbles: the gaps between consecutive busy intervals inside the window (clipping moves only the ends).
  if (busy.size() > 1) {
    b.bubble_count = static_cast<std::int64_t>(busy.size() - 1);
    for (std::size_t k = 1; k < busy.size(); ++k)
      b.longest_bubble_ns = std::max(b.longest_bubble_ns, interval_length({busy.first[k - 1].end, busy.first[k].start}));
  }
  if (busy.size() == 0) {
    b.head_ns = b.wall_ns;
  } else {
    const Interval h{busy.at(0).start, busy.at(busy.size() - 1).end};
    b.head_ns = h.start - window.start;
    b.tail_ns = window.end - h.end;
    b.main_ns = h.end - h.start;
  }
  return b;
}

std::vector<RoleTime> where_time_goes(const DeviceTimeline& t, Interval window, std::int64_t busy_ns) {
  std::vector<RoleTime> out;
  const std::int64_t wall = interval_length(window);
  auto add = [&](std::string role, const IntervalSet& s, std::int64_t events) {
    const std::int64_t len = s.length_within(window);
    if (len <= 0) return;
    RoleTime r;
    r.role = std::move(role);
    r.time_ns = len;
    r.share_of_wall = wall > 0 ? static_cast<double>(len) / static_cast<double>(wall) : 0.0;
    r.share_of_busy = busy_ns > 0 ? static_cast<double>(len) / static_cast<double>(busy_ns) : 0.0;
    r.events = events;
    out.push_back(std::move(r));
  };
  for (int r = 0; r < kOpRoleCount; ++r) {
    if (static_cast<OpRole>(r) == OpRole::kCommunication) continue;  // split by collective kind below
    add(op_role_name(static_cast<OpRole>(r)), t.by_role[r], t.events_by_role[r]);
  }
  for (const auto& [kind, set] : t.by_collective) add("communication." + kind, set, t.events_by_collective.at(kind));
  std::sort(out.begin(), out.end(), [](const RoleTime& a, const RoleTime& b) {
    return a.time_ns != b.time_ns ? a.time_ns > b.time_ns : a.role < b.role;
  });
  return out;
}

}  // namespace llmsa::analysis
