#pragma once
// Renders a CompareReport as JSON (every number) or as a table for a terminal.
#include <nlohmann/json.hpp>
#include <string>

#include "det/compare.hpp"

namespace llmsa::det {

nlohmann::json compare_report_json(const CompareReport& report);
// `max_prompts`: prompts listed per run in the completions section (the busiest first).
std::string compare_report_table(const CompareReport& report, std::size_t max_prompts = 10);

}  // namespace llmsa::det
