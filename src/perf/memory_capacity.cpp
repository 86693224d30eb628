#include "perf/memory_capacity.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

std::int64_t min_cards_for_weights(double weight_bytes, double bytes_per_card) {
  if (!(bytes_per_card > 0)) throw_bad_input(at("", "bytes_per_card"), "a card needs > 0 bytes");
  if (weight_bytes <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(weight_bytes / bytes_per_card));
}

std::int64_t max_batch_for_pool(double pool_bytes, double weight_bytes, double kv_bytes_per_sample,
                                double activation_bytes_per_sample) {
  double per_sample = kv_bytes_per_sample + activation_bytes_per_sample;
  if (!(per_sample > 0)) throw_bad_input(at("", "per_sample_bytes"), "per-sample KV + activations must be > 0");
  double free_bytes = pool_bytes - weight_bytes;
  if (free_bytes <= 0) return 0;
  return static_cast<std::int64_t>(std::floor(free_bytes / per_sample));
}

double weights_per_card(double expert_bytes, int ep, double dense_bytes, int dense_shards) {
  if (ep < 1 || dense_shards < 1) throw_bad_input(at("", "ep"), "ep and dense shards must be >= 1");
  return expert_bytes / ep + dense_bytes / dense_shards;
}

}  // namespace llmsa::perf
