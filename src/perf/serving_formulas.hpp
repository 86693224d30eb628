#pragma once
// Closed-form serving formulas of methodology.md s11 (Part 7), as pure functions of numbers, so that
// the model analysis can feed them per-model FLOPs and bytes. Seconds and bytes throughout.
#include <cstdint>
#include <vector>

namespace llmsa::perf {

// --- KV cache -------------------------------------------------------------------------------
// GQA/MHA KV bytes for `tokens` tokens: 2 (K and V) x layers x kv_heads x head_dim x tokens x bytes.
double gqa_kv_bytes(std::int64_t layers, std::int64_t kv_heads, std::int64_t head_dim, std::int64_t tokens,
                    double bytes_per_element);

// PagedAttention: fraction of allocated KV slots holding tokens when a sequence of `tokens` tokens is
// stored in blocks of `block_size` (tokens / (ceil(tokens / block) x block)).
double paged_block_utilization(std::int64_t tokens, std::int64_t block_size);
// Mean slots wasted per sequence when lengths are uniform modulo the block: (block - 1) / 2
// (the methodology's "~8 tokens" at block 16, "~16" at block 32).
double mean_wasted_slots_per_sequence(std::int64_t block_size);
// KV bytes a request really takes at a pool-wide utilisation (methodology: ~96%): raw / utilisation.
double paged_kv_bytes(double raw_kv_bytes, double utilization);

// --- Capacity and concurrency ----------------------------------------------------------------
// floor(free / per_request); 0 when nothing fits (free < per_request or free <= 0).
std::int64_t max_batch_kv_limited(double free_bytes, double per_request_bytes);
// Max concurrency = min(B_SLA, B_KV) (methodology s11).
std::int64_t max_concurrency(std::int64_t sla_limited, std::int64_t kv_limited);
// The largest batch in a measured/modelled (batch, TPOT) table whose TPOT meets `tpot_target`; 0 if none.
struct BatchTpot {
  std::int64_t batch = 0;
  double tpot_seconds = 0;
};
std::int64_t max_batch_under_tpot(const std::vector<BatchTpot>& table, double tpot_target_seconds);

// --- Latency and throughput ------------------------------------------------------------------
// End-to-end latency = TTFT + TPOT x (N_out - 1).
double end_to_end_seconds(double ttft_seconds, double tpot_seconds, std::int64_t output_tokens);
// Decode step at batch B: weights read once, KV read per sequence, FLOPs per sequence:
// max((weight_bytes + B x kv_bytes_per_seq) / BW, B x flops_per_seq / FLOPS).
double decode_step_seconds(double weight_bytes, double kv_read_bytes_per_sequence, double flops_per_sequence,
                           std::int64_t batch, double flops_per_s, double bytes_per_s);
// Batch at which decode turns compute-bound when KV reads are ignored: (weight_bytes / BW) x FLOPS / flops_per_seq.
double decode_compute_crossover_batch(double weight_bytes, double flops_per_sequence, double flops_per_s,
                                      double bytes_per_s);
// Continuous batching: tokens per second across the batch = B / TPOT.
double batch_tokens_per_second(std::int64_t batch, double tpot_seconds);

// --- SLA and goodput -------------------------------------------------------------------------
struct SlaTargets {
  double ttft_seconds = 0.2;   // methodology s11: TTFT < 200 ms (the value it uses)
  double tpot_seconds = 0.05;  // TPOT < 50 ms (> 20 tok/s)
};
struct RequestTiming {
  double ttft_seconds = 0;
  double tpot_seconds = 0;
};
bool meets_sla(const RequestTiming& r, const SlaTargets& sla);
// Goodput = completed requests that meet the SLA, per second of `window_seconds`.
double goodput_requests_per_second(const std::vector<RequestTiming>& requests, double window_seconds,
                                   const SlaTargets& sla);

// --- Disaggregation and speculation ----------------------------------------------------------
// PD disaggregation: time to ship a request's KV from prefill to decode over a link (per direction).
double kv_transfer_seconds(double kv_bytes, double link_bytes_per_s);
// Expected tokens per verification step: (1 - a^(g+1)) / (1 - a); g + 1 when a = 1.
double speculative_expected_tokens(double acceptance, int draft_length);
// Speculative decoding speedup (Leviathan et al., methodology s11):
// (1 - a^(g+1)) / ((1 - a) x (g x c + 1)), a = per-token acceptance, g = draft length, c = draft/target cost.
// Bad input for a outside [0, 1], g < 0 or c < 0.
double speculative_speedup(double acceptance, int draft_length, double cost_ratio);

}  // namespace llmsa::perf
