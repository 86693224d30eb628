#pragma once
// Parts of report.html's data (html_report_data.cpp assembles them): the key findings as the analysis
// ranked them, and the operator cards' representative raw rows. Internal to the report layer.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/profile_analysis.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

// analysis::key_findings() as the page shows it: findings by id, measured facts with a plain-text
// headline (the page puts every string in a text node).
nlohmann::json key_findings_json(const analysis::ProfileAnalysis& a, std::size_t count = 3);

// The call an operator card shows: the call of median duration (lower median; ties by event index),
// so the card is a typical call, not the outlier. `calls` must not be empty.
std::uint32_t representative_call(const trace::RankEvents& ev, const std::vector<std::uint32_t>& calls);

// The card of one call: where its row is (`source_path`: its source as the evidence names it,
// CaptureSourcePaths; format; 0-based row) and every field raw_event_fields() reads from it.
nlohmann::json operator_card_json(const trace::RankEvents& ev, std::uint32_t e, const std::string& source_path,
                                  std::size_t name_bytes);

}  // namespace llmsa::report
