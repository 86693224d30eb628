#pragma once
// JSON views of the training estimates and of a planner search, for `--format json`.
#include <nlohmann/json.hpp>

#include "perf/plan_search.hpp"
#include "perf/train_memory.hpp"
#include "perf/train_step.hpp"

namespace llmsa::perf {

nlohmann::json train_layout_json(const TrainLayout& l);
nlohmann::json train_memory_json(const TrainMemory& m, double capacity_bytes);
nlohmann::json train_step_json(const StepBreakdown& s);
nlohmann::json comm_lines_json(const std::vector<CommLine>& lines);
nlohmann::json plan_result_json(const PlanResult& r, const PlanRequest& req);

}  // namespace llmsa::perf
