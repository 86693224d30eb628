#pragma once
// The inference-side layout search (issue 7): for a model, a device and a card count, every TP/DP/EP
// layout is tried; layouts that cannot work carry the constraints that fail; the others get the
// largest batch that meets the TTFT/TPOT targets within the KV-limited batch, and are ranked by the
// throughput they sustain at that batch (tokens/s over all cards), then by lower TPOT.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/device.hpp"
#include "model/analysis.hpp"
#include "perf/serving_model.hpp"

namespace llmsa::perf {

struct InferencePlanRequest {
  int cards = 8;
  ServingScenario scenario;  // prompt, output, SLA targets, memory options
  Efficiency efficiency;
  CommOptions comm;
  std::vector<int> tp_choices;  // empty: every divisor of `cards`
};

struct LayoutCandidate {
  InferenceLayout layout;
  std::vector<std::string> violations;  // non-empty: the layout cannot work, nothing else is set
  std::int64_t kv_limited_batch = 0;    // per replica
  std::int64_t batch = 0;               // chosen: the SLA-limited batch per replica (0: SLA unreachable)
  double ttft_seconds = 0;
  double tpot_seconds = 0;
  double tokens_per_second = 0;  // all cards
  double goodput_requests_per_second = 0;
  double weight_bytes_per_card = 0;
  bool feasible() const { return violations.empty() && batch > 0; }
};

// Feasible candidates first, best throughput first; then the infeasible ones, by layout.
std::vector<LayoutCandidate> search_inference_layouts(const model::ModelSpec& spec, const hw::Device& device,
                                                      const model::AnalysisOptions& options,
                                                      const InferencePlanRequest& request);

}  // namespace llmsa::perf
