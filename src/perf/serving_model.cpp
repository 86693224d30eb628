#include "perf/serving_model.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/error_location.hpp"
#include "perf/chunked_prefill.hpp"

namespace llmsa::perf {

ServingEvaluator::ServingEvaluator(const model::ModelSpec& spec, const hw::Device& device,
                                   const model::AnalysisOptions& options, const InferenceConfig& config,
                                   const ServingScenario& scenario)
    : spec_(spec), options_(options), config_(config), scenario_(scenario) {
  if (scenario.prompt < 1 || scenario.output < 1)
    throw_bad_input(at("", "prompt"), "prompt and output tokens must be >= 1");
  if (scenario.sla.ttft_seconds <= 0 || scenario.sla.tpot_seconds <= 0)
    throw_bad_input(at("", "sla"), "TTFT and TPOT targets must be > 0");
  rates_ = device_rates(device, options, config);
  violations_ = layout_violations(spec, config.layout);
  layout_ok_ = violations_.empty();
  if (!layout_ok_) return;
  plan_ = make_shard_plan(spec, config.layout);

  model::Workload w;
  w.seq = scenario.prompt;
  model::analyze_into(spec, w, options, analysis_);
  kv_bytes_per_request_ = model::cache_bytes_at_context(analysis_, scenario.prompt);
  build_step_profile(spec, analysis_, Phase::kPrefill, profile_);
  prefill_ = evaluate_step(profile_, plan_, rates_, config_);

  if (scenario.chunk_tokens) {
    for (const auto& ch : chunked_prefill_schedule(scenario.prompt, *scenario.chunk_tokens)) {
      model::Workload cw;
      cw.seq = ch.tokens;
      cw.prefix = ch.prefix;
      model::analyze_into(spec, cw, options, analysis_);
      build_step_profile(spec, analysis_, Phase::kPrefill, profile_);
      chunks_.push_back(evaluate_step(profile_, plan_, rates_, config_));
      chunk_sizes_.push_back(ch.tokens);
    }
  }
  // KV-limited batch at the longest context a request reaches.
  model::analyze_into(spec, w, options, analysis_);
  BatchCapacity cap = max_batch(spec, analysis_, device, config.layout, scenario.prompt + scenario.output, scenario.memory);
  kv_limited_ = cap.per_replica;
  if (kv_limited_ == 0) violations_ = cap.violations;
}

double ServingEvaluator::decode_step(std::int64_t batch, StepTime* out) {
  model::Workload w;
  w.seq = scenario_.prompt + scenario_.output / 2;  // mean context over the generation
  w.batch = batch;
  model::analyze_into(spec_, w, options_, analysis_);
  build_step_profile(spec_, analysis_, Phase::kDecode, profile_);
  *out = evaluate_step(profile_, plan_, rates_, config_);
  return out->seconds;
}

ConcurrencyPoint ServingEvaluator::point(std::int64_t batch) {
  if (batch < 1) throw_bad_input(at("", "batch"), "batch must be >= 1");
  if (!layout_ok_) require_valid_layout(spec_, config_.layout);
  ConcurrencyPoint p;
  p.batch = batch;
  p.concurrency = batch * config_.layout.dp;
  StepTime step;
  p.decode_step_seconds = decode_step(batch, &step);
  p.decode_bound = step.compute_seconds >= step.memory_seconds ? Bound::kCompute : Bound::kMemory;
  const double prefills_per_step = static_cast<double>(batch) / static_cast<double>(scenario_.output);
  p.tpot_seconds = p.decode_step_seconds + (scenario_.prefill_interference ? prefills_per_step * prefill_.seconds : 0);
  if (chunks_.empty()) {
    p.ttft_seconds = prefill_.seconds;
  } else {
    for (const auto& c : chunks_) p.ttft_seconds += c.seconds + p.decode_step_seconds;
  }
  if (!scenario_.prefill_interference) p.ttft_seconds += pd().transfer_seconds;  // KV shipped to the decode cards
  p.tokens_per_second = batch_tokens_per_second(p.concurrency, p.tpot_seconds);
  p.requests_per_second =
      static_cast<double>(p.concurrency) / end_to_end_seconds(p.ttft_seconds, p.tpot_seconds, scenario_.output);
  p.meets_sla = meets_sla({p.ttft_seconds, p.tpot_seconds}, scenario_.sla);
  p.goodput_requests_per_second = p.meets_sla ? p.requests_per_second : 0;
  p.fits_memory = batch <= kv_limited_;
  if (scenario_.speculative) {
    const auto& s = *scenario_.speculative;
    // Verification scores g + 1 tokens per sequence: its FLOPs grow (g + 1)x, its weight and KV reads do not.
    const double verify = std::max(step.memory_seconds, (s.draft_length + 1) * step.compute_seconds) +
                          step.comm.seconds() * (s.draft_length + 1);
    const double ratio = step.seconds > 0 ? verify / step.seconds : 1;
    const double expected = speculative_expected_tokens(s.acceptance, s.draft_length);
    speculative_speedup(s.acceptance, s.draft_length, s.cost_ratio);  // validates the inputs
    p.speculative_speedup = expected / (s.draft_length * s.cost_ratio + ratio);
    p.speculative_tpot_seconds = p.tpot_seconds / p.speculative_speedup;
  }
  return p;
}

std::int64_t ServingEvaluator::sla_limited_batch() {
  if (kv_limited_ < 1) return 0;
  auto ok = [&](std::int64_t b) { return point(b).meets_sla; };
  if (!ok(1)) return 0;
  std::int64_t lo = 1, hi = kv_limited_;
  if (ok(hi)) return hi;
  while (hi - lo > 1) {  // ok(lo), !ok(hi): TPOT grows with the batch
    std::int64_t mid = lo + (hi - lo) / 2;
    (ok(mid) ? lo : hi) = mid;
  }
  return lo;
}

PdDisaggregation ServingEvaluator::pd() const {
  PdDisaggregation d;
  d.kv_bytes_per_request = kv_bytes_per_request_;
  d.link_bytes_per_s = rates_.scale_out_bytes_per_s > 0 ? rates_.scale_out_bytes_per_s : rates_.scale_up_bytes_per_s;
  if (d.link_bytes_per_s > 0) d.transfer_seconds = kv_transfer_seconds(d.kv_bytes_per_request, d.link_bytes_per_s);
  d.ttft_seconds = prefill_.seconds + d.transfer_seconds;
  return d;
}

ServingReport evaluate_serving(const model::ModelSpec& spec, const hw::Device& device,
                               const model::AnalysisOptions& options, const InferenceConfig& config,
                               const ServingScenario& scenario, std::vector<std::int64_t> batches) {
  ServingReport r;
  r.layout = config.layout;
  ServingEvaluator ev(spec, device, options, config, scenario);
  r.violations = ev.violations();
  if (!r.violations.empty()) return r;
  r.prefill_seconds = ev.prefill_seconds();
  r.kv_limited_batch = ev.kv_limited_batch();
  r.sla_limited_batch = ev.sla_limited_batch();
  r.max_concurrency = max_concurrency(r.sla_limited_batch, r.kv_limited_batch) * config.layout.dp;
  if (batches.empty()) {
    for (std::int64_t b = 1; b <= r.kv_limited_batch; b *= 2) batches.push_back(b);
    if (r.kv_limited_batch > 0 && batches.back() != r.kv_limited_batch) batches.push_back(r.kv_limited_batch);
    if (r.sla_limited_batch > 0) batches.push_back(r.sla_limited_batch);
    std::sort(batches.begin(), batches.end());
    batches.erase(std::unique(batches.begin(), batches.end()), batches.end());
  }
  for (auto b : batches) {
    r.curve.push_back(ev.point(b));
    const auto& p = r.curve.back();
    if (p.fits_memory && p.meets_sla &&
        (!r.best_goodput || p.goodput_requests_per_second > r.best_goodput->goodput_requests_per_second))
      r.best_goodput = p;
  }
  if (scenario.chunk_tokens)
    for (const auto& c : chunked_prefill_schedule(scenario.prompt, *scenario.chunk_tokens)) r.chunk_sizes.push_back(c.tokens);
  r.pd = ev.pd();
  return r;
}

}  // namespace llmsa::perf
