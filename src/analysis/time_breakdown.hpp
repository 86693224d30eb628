#pragma once
// Temporal breakdown and "where time goes" of one window over a rank's DeviceTimeline.
#include <vector>

#include "analysis/device_timeline.hpp"
#include "analysis/profile_analysis.hpp"

namespace llmsa::analysis {

TimeBreakdown time_breakdown(const DeviceTimeline& t, Interval window);
std::vector<RoleTime> where_time_goes(const DeviceTimeline& t, Interval window, std::int64_t busy_ns);

}  // namespace llmsa::analysis
