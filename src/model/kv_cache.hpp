#pragma once
// What one layer keeps between decode steps: KV cache that grows with the context (possibly
// capped at a window), and fixed per-sequence recurrent state (Mamba-2, Gated DeltaNet).
#include <cstdint>

namespace llmsa::model {

struct LayerCache {
  double kv_bytes_per_token = 0;  // K, V (or MLA latent, MSA index K) per cached token
  std::int64_t kv_window = 0;     // 0: grows with the context; else at most this many tokens kept
  double state_bytes = 0;         // SSM / delta-rule state plus conv state, per sequence

  double bytes_at_context(std::int64_t context) const {
    const std::int64_t kept = (kv_window > 0 && kv_window < context) ? kv_window : context;
    return kv_bytes_per_token * static_cast<double>(kept) + state_bytes;
  }
};

}  // namespace llmsa::model
