#pragma once
// Query-key pairs scored by causal attention, under each counting convention. Every attention
// family (full, sliding, MLA, MSA main and index) multiplies its per-pair FLOPs by these.
#include <cstdint>

#include "model/conventions.hpp"

namespace llmsa::model {

// Pairs scored when `new_tokens` queries follow `prefix` cached tokens and each query sees at
// most `window` keys (0: unbounded). Exact: sum over i = 1..T of min(P + i, W).
// Half: T*P + T^2/2, at most T*W. Full: T * min(P + T, W).
double attended_pairs(std::int64_t prefix, std::int64_t new_tokens, std::int64_t window, CausalCounting c);

// Keys one decode query sees at context `context` (including itself): min(context, window).
std::int64_t decode_keys(std::int64_t context, std::int64_t window);

}  // namespace llmsa::model
