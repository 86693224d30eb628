#include "analysis/time_breakdown.hpp"

#include <algorithm>

namespace llmsa::analysis {

TimeBreakdown time_breakdown(const DeviceTimeline& t, Interval window) {
  TimeBreakdown b;
  b.window_start_ns = window.start;
  b.window_end_ns = window.end;
  b.wall_ns = interval_length(window);
  const IntervalSet compute = t.compute.clipped(window);
  const IntervalSet comm = t.communication.clipped(window);
  const IntervalSet copy = t.memcpy.clipped(window);
  const IntervalSet busy = t.busy.clipped(window);
  b.busy_ns = busy.total_length();
  b.compute_ns = compute.total_length();
  b.communication_ns = comm.total_length();
  b.overlapped_ns = intersection_length(compute, comm);
  b.exposed_communication_ns = b.communication_ns - b.overlapped_ns;
  b.memcpy_ns = copy.total_length();
  b.exposed_memcpy_ns = set_difference(copy, set_union(compute, comm)).total_length();
  b.idle_ns = b.wall_ns - b.busy_ns;
  const IntervalSet bubbles = busy.internal_gaps();
  b.bubble_count = static_cast<std::int64_t>(bubbles.size());
  for (const Interval& g : bubbles.intervals()) b.longest_bubble_ns = std::max(b.longest_bubble_ns, interval_length(g));
  if (busy.empty()) {
    b.head_ns = b.wall_ns;
  } else {
    const Interval h = busy.hull();
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
