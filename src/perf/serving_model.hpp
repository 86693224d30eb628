#pragma once
// Continuous-batching serving of one model on one layout (methodology.md s11, Part 7), built on the
// inference step times and the memory model:
// - TPOT at concurrency B: the decode step at batch B (mean context prompt + output / 2) plus the
//   prefills that continuous batching slips in: every request is prefilled once per `output` steps,
//   so each step carries B / output prompt prefills on average.
// - TTFT: the prefill of one prompt; with chunked prefill, one chunk per iteration next to the decode
//   batch, so TTFT = sum over chunks of (chunk + decode step at B).
// - Throughput B x dp / TPOT; requests/s = B x dp / (TTFT + TPOT (N_out - 1)); goodput counts them
//   only when TTFT and TPOT meet the targets.
// - Max concurrency = min(SLA-limited, KV-limited) (s11).
// - PD disaggregation: TTFT gains the KV transfer of the prompt; decode steps carry no prefills.
// - Speculative decoding: Leviathan's speedup, with the verification step priced at batch B x (g + 1)
//   tokens, which reduces to the closed form while decode is memory-bound.
#include <cstdint>
#include <optional>
#include <vector>

#include "hw/device.hpp"
#include "model/analysis.hpp"
#include "perf/inference_memory.hpp"
#include "perf/inference_step.hpp"
#include "perf/serving_formulas.hpp"

namespace llmsa::perf {

struct SpeculativeOptions {
  double acceptance = 0.8;  // alpha, per drafted token
  int draft_length = 4;     // gamma
  double cost_ratio = 0.1;  // c: draft step time / target step time
};

struct ServingScenario {
  std::int64_t prompt = 1024;
  std::int64_t output = 256;
  SlaTargets sla;
  MemoryOptions memory;
  std::optional<std::int64_t> chunk_tokens;      // chunked prefill with this chunk size
  std::optional<SpeculativeOptions> speculative;  // report speculative decoding on top
  bool prefill_interference = true;               // false: PD-disaggregated decode (no prefills in the step)
};

struct ConcurrencyPoint {
  std::int64_t batch = 0;        // concurrent sequences per replica
  std::int64_t concurrency = 0;  // batch x dp
  double ttft_seconds = 0;
  double decode_step_seconds = 0;  // pure decode step at batch
  double tpot_seconds = 0;         // with prefill interference (if enabled)
  double tokens_per_second = 0;    // all replicas
  double requests_per_second = 0;
  double goodput_requests_per_second = 0;
  bool meets_sla = false;
  bool fits_memory = true;
  Bound decode_bound = Bound::kMemory;
  // Speculative decoding (when requested).
  double speculative_speedup = 0;
  double speculative_tpot_seconds = 0;
};

struct PdDisaggregation {
  double kv_bytes_per_request = 0;
  double link_bytes_per_s = 0;
  double transfer_seconds = 0;
  double ttft_seconds = 0;  // prefill + transfer
};

struct ServingReport {
  InferenceLayout layout;
  std::vector<ConcurrencyPoint> curve;
  std::int64_t kv_limited_batch = 0;   // per replica
  std::int64_t sla_limited_batch = 0;  // per replica, within the KV limit
  std::int64_t max_concurrency = 0;    // min(SLA, KV) x dp
  std::optional<ConcurrencyPoint> best_goodput;
  double prefill_seconds = 0;           // unchunked prompt prefill
  std::vector<std::int64_t> chunk_sizes;  // chunked prefill schedule (empty when off)
  PdDisaggregation pd;
  std::vector<std::string> violations;  // layout or memory constraints that fail (then the curve is empty)
};

// Evaluates serving points for one (model, device, layout, dtypes); keeps the prefill profile and
// analysis buffers so that many points cost one analysis each.
class ServingEvaluator {
 public:
  ServingEvaluator(const model::ModelSpec& spec, const hw::Device& device, const model::AnalysisOptions& options,
                   const InferenceConfig& config, const ServingScenario& scenario);
  ConcurrencyPoint point(std::int64_t batch);
  std::int64_t kv_limited_batch() const { return kv_limited_; }
  // Largest batch <= the KV limit whose TTFT and TPOT meet the targets (0 if none), by bisection.
  std::int64_t sla_limited_batch();
  double prefill_seconds() const { return prefill_.seconds; }
  const std::vector<std::string>& violations() const { return violations_; }
  PdDisaggregation pd() const;

 private:
  double decode_step(std::int64_t batch, StepTime* out);
  const model::ModelSpec& spec_;
  model::AnalysisOptions options_;
  InferenceConfig config_;
  ServingScenario scenario_;
  DeviceRates rates_;
  ShardPlan plan_;
  model::ModelAnalysis analysis_;
  StepProfile profile_;
  StepTime prefill_;
  std::vector<StepTime> chunks_;  // one per chunk, at batch 1
  std::vector<std::int64_t> chunk_sizes_;
  std::int64_t kv_limited_ = 0;
  bool layout_ok_ = false;
  std::vector<std::string> violations_;
  double kv_bytes_per_request_ = 0;
};

// The curve at `batches` (per replica; empty: powers of two up to the KV limit) and the limits.
ServingReport evaluate_serving(const model::ModelSpec& spec, const hw::Device& device,
                               const model::AnalysisOptions& options, const InferenceConfig& config,
                               const ServingScenario& scenario, std::vector<std::int64_t> batches = {});

}  // namespace llmsa::perf
