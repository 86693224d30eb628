#pragma once
// analysis.json: the ProfileAnalysis as JSON (keys sorted, ranks in rank order: deterministic), written
// streaming (report/json_pretty.hpp) in the layout of a two-space-indented dump.
//
// Layout: {compat, definitions, findings, notes, ops, profile_root, ranks: [{rank, step_source, capture,
// steps[], notes, and hta | tracelens | ascend when that preset was asked for}], schema, slow_ranks}.
// Internal ns values keep their _ns suffix; preset values use their tool's unit and names.
//
// Each step carries its structure: step_type, step_type_reason, underfeed_ratio, its largest bubbles
// (at most 200, in time order, one object each, with bubble_window_count and host_bound_bubble_count
// for all of them), and its layers and blocks in COLUMNAR form (schema llmsa.analysis/2): an eager
// capture has a layer every few kernels, and an object per layer cost more to write and read than
// the analysis itself. Row i of a table is element i of every array of that table:
//   "layers": {"count": N, "index": [...], "anchor_kind": [...], "first_event": [...],
//              "last_event": [...], "start_ns": [...], "end_ns": [...], "busy_ns": [...],
//              "event_count": [...], "block_count": [...]}
//   "blocks": {"count": M, "layer": [...], "kind": [...], "family": [...], "first_event": [...],
//              "last_event": [...], "start_ns": [...], "end_ns": [...], "busy_ns": [...], "event_count": [...]}
// blocks.layer[j] is the row (position in "layers") of block j's layer; the blocks of layer i are the
// block_count[i] rows that follow those of layer i - 1. first_event / last_event are indices into the
// rank's events (raw_kernel_index.csv's event_index), null when none.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/profile_analysis.hpp"

namespace llmsa::report {

inline constexpr const char* kAnalysisJsonSchema = "llmsa.analysis/2";

// Writes analysis.json; throws llmsa::Error when the file cannot be written.
void write_analysis_json(const std::filesystem::path& path, const analysis::ProfileAnalysis& a);
// The same text in memory.
std::string render_analysis_json(const analysis::ProfileAnalysis& a);
// The same document parsed (small captures: tests, `profile --format json`).
nlohmann::json analysis_json(const analysis::ProfileAnalysis& a);
// One TimeBreakdown as analysis.json writes it (also embedded in report.html).
nlohmann::json breakdown_json(const analysis::TimeBreakdown& b);
// A short human-readable table (per rank: capture breakdown, steps, and the preset's metrics).
std::string analysis_table(const analysis::ProfileAnalysis& a);

}  // namespace llmsa::report
