#pragma once
// JSON for the inference model's results (`llmsa roofline|memory|serve --format json`). Seconds and
// bytes as plain numbers; names as in the tables.
#include <nlohmann/json.hpp>

#include "perf/inference_memory.hpp"
#include "perf/inference_planner.hpp"
#include "perf/inference_step.hpp"
#include "perf/serving_model.hpp"

namespace llmsa::perf {

nlohmann::json to_json(const InferenceLayout& l);
nlohmann::json to_json(const DeviceRates& r);
nlohmann::json to_json(const StepTime& t);
nlohmann::json to_json(const OpRoofline& r);
nlohmann::json to_json(const CardMemory& m);
nlohmann::json to_json(const BatchCapacity& c);
nlohmann::json to_json(const ConcurrencyPoint& p);
nlohmann::json to_json(const ServingReport& r);
nlohmann::json to_json(const LayoutCandidate& c);

}  // namespace llmsa::perf
