#pragma once
// analysis.json: the ProfileAnalysis as JSON (keys sorted, ranks in rank order: deterministic).
// Layout: {schema, compat, definitions, profile_root, notes, ranks: [{rank, step_source, capture, steps[],
// notes, and hta | tracelens | ascend when that preset was asked for}]}. Internal ns values keep
// their _ns suffix; preset values use their tool's unit and names. Each step carries its structure
// (step_type, step_type_reason, underfeed_ratio, layers[] with blocks[], and its largest bubbles, at
// most 200 in time order, with bubble_window_count and host_bound_bubble_count for all of them).
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/profile_analysis.hpp"

namespace llmsa::report {

nlohmann::json analysis_json(const analysis::ProfileAnalysis& a);
// One TimeBreakdown as analysis.json writes it (also embedded in report.html).
nlohmann::json breakdown_json(const analysis::TimeBreakdown& b);
// A short human-readable table (per rank: capture breakdown, steps, and the preset's metrics).
std::string analysis_table(const analysis::ProfileAnalysis& a);

}  // namespace llmsa::report
