#pragma once
// Chunked prefill (vLLM --enable-chunked-prefill): a prompt of S tokens is prefilled in chunks of at
// most C tokens, one chunk per scheduler iteration, each chunk attending to the prefix already cached.
// The schedule gives each chunk's token count and prefix length, so a cost model can price the chunk's
// linear FLOPs (c tokens) and causal attention pairs c x p + c (c + 1) / 2 (modeling-tools.md s4).
#include <cstdint>
#include <vector>

namespace llmsa::perf {

struct PrefillChunk {
  std::int64_t tokens = 0;  // c
  std::int64_t prefix = 0;  // p: tokens already in the KV cache
  // Causal query-key pairs of this chunk: c x p + c (c + 1) / 2.
  double causal_pairs() const {
    return static_cast<double>(tokens) * static_cast<double>(prefix) +
           static_cast<double>(tokens) * static_cast<double>(tokens + 1) / 2.0;
  }
};

// Bad input for prompt < 0 or chunk < 1. An empty prompt has no chunks.
std::vector<PrefillChunk> chunked_prefill_schedule(std::int64_t prompt_tokens, std::int64_t chunk_tokens);

}  // namespace llmsa::perf
