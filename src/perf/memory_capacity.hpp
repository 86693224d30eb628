#pragma once
// Card-count and batch-capacity arithmetic of methodology.md s6 (inference memory), as pure functions
// of byte counts, so the model analysis can feed them per-model weights, KV and activations.
#include <cstdint>

namespace llmsa::perf {

// Cards_min = ceil(weight_bytes / usable bytes per card). Bad input for a card of <= 0 bytes.
std::int64_t min_cards_for_weights(double weight_bytes, double bytes_per_card);

// B_max = floor((pool - weights) / (KV per sample + activations per sample)); 0 when the weights alone
// do not fit (callers report that as "does not fit", not as a batch).
std::int64_t max_batch_for_pool(double pool_bytes, double weight_bytes, double kv_bytes_per_sample,
                                double activation_bytes_per_sample);

// Weights one card holds when routed experts are split over `ep` ranks and the rest over `dense_shards`
// (tensor parallel or replicated = 1): expert_bytes / ep + dense_bytes / dense_shards.
double weights_per_card(double expert_bytes, int ep, double dense_bytes, int dense_shards);

}  // namespace llmsa::perf
