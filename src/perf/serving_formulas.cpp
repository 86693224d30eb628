#include "perf/serving_formulas.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

double gqa_kv_bytes(std::int64_t layers, std::int64_t kv_heads, std::int64_t head_dim, std::int64_t tokens,
                    double bytes_per_element) {
  return 2.0 * static_cast<double>(layers) * static_cast<double>(kv_heads) * static_cast<double>(head_dim) *
         static_cast<double>(tokens) * bytes_per_element;
}

double paged_block_utilization(std::int64_t tokens, std::int64_t block_size) {
  if (block_size < 1) throw_bad_input(at("", "block_size"), "block size must be >= 1");
  if (tokens <= 0) return 1.0;
  std::int64_t blocks = (tokens + block_size - 1) / block_size;
  return static_cast<double>(tokens) / static_cast<double>(blocks * block_size);
}

double mean_wasted_slots_per_sequence(std::int64_t block_size) {
  if (block_size < 1) throw_bad_input(at("", "block_size"), "block size must be >= 1");
  return static_cast<double>(block_size - 1) / 2.0;
}

double paged_kv_bytes(double raw_kv_bytes, double utilization) {
  if (!(utilization > 0) || utilization > 1) throw_bad_input(at("", "utilization"), "utilisation must be in (0, 1]");
  return raw_kv_bytes / utilization;
}

std::int64_t max_batch_kv_limited(double free_bytes, double per_request_bytes) {
  if (!(per_request_bytes > 0)) throw_bad_input(at("", "per_request_bytes"), "KV per request must be > 0");
  if (free_bytes <= 0) return 0;
  return static_cast<std::int64_t>(std::floor(free_bytes / per_request_bytes));
}

std::int64_t max_concurrency(std::int64_t sla_limited, std::int64_t kv_limited) { return std::min(sla_limited, kv_limited); }

std::int64_t max_batch_under_tpot(const std::vector<BatchTpot>& table, double tpot_target_seconds) {
  std::int64_t best = 0;
  for (const auto& row : table) {
    if (row.tpot_seconds <= tpot_target_seconds) best = std::max(best, row.batch);
  }
  return best;
}

double end_to_end_seconds(double ttft_seconds, double tpot_seconds, std::int64_t output_tokens) {
  if (output_tokens < 1) throw_bad_input(at("", "output_tokens"), "a request produces at least one token");
  return ttft_seconds + tpot_seconds * static_cast<double>(output_tokens - 1);
}

double decode_step_seconds(double weight_bytes, double kv_read_bytes_per_sequence, double flops_per_sequence,
                           std::int64_t batch, double flops_per_s, double bytes_per_s) {
  double b = static_cast<double>(batch);
  return std::max((weight_bytes + b * kv_read_bytes_per_sequence) / bytes_per_s, b * flops_per_sequence / flops_per_s);
}

double decode_compute_crossover_batch(double weight_bytes, double flops_per_sequence, double flops_per_s,
                                      double bytes_per_s) {
  return weight_bytes / bytes_per_s * flops_per_s / flops_per_sequence;
}

double batch_tokens_per_second(std::int64_t batch, double tpot_seconds) {
  return static_cast<double>(batch) / tpot_seconds;
}

bool meets_sla(const RequestTiming& r, const SlaTargets& sla) {
  return r.ttft_seconds <= sla.ttft_seconds && r.tpot_seconds <= sla.tpot_seconds;
}

double goodput_requests_per_second(const std::vector<RequestTiming>& requests, double window_seconds,
                                   const SlaTargets& sla) {
  if (!(window_seconds > 0)) throw_bad_input(at("", "window_seconds"), "the window must be > 0 s");
  auto good = std::count_if(requests.begin(), requests.end(), [&](const RequestTiming& r) { return meets_sla(r, sla); });
  return static_cast<double>(good) / window_seconds;
}

double kv_transfer_seconds(double kv_bytes, double link_bytes_per_s) {
  if (!(link_bytes_per_s > 0)) throw_bad_input(at("", "link"), "link bandwidth must be > 0");
  return kv_bytes / link_bytes_per_s;
}

double speculative_expected_tokens(double acceptance, int draft_length) {
  if (acceptance >= 1.0) return draft_length + 1.0;
  return (1.0 - std::pow(acceptance, draft_length + 1)) / (1.0 - acceptance);
}

double speculative_speedup(double acceptance, int draft_length, double cost_ratio) {
  if (!(acceptance >= 0 && acceptance <= 1)) throw_bad_input(at("", "acceptance"), "acceptance rate must be in [0, 1]");
  if (draft_length < 0) throw_bad_input(at("", "draft_length"), "draft length must be >= 0");
  if (!(cost_ratio >= 0)) throw_bad_input(at("", "cost_ratio"), "draft/target cost ratio must be >= 0");
  return speculative_expected_tokens(acceptance, draft_length) / (draft_length * cost_ratio + 1.0);
}

}  // namespace llmsa::perf
