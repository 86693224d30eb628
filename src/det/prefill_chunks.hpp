#pragma once
// Chunked prefill planning (reference §1.2, SGLang S3). A prefill step takes at most `budget` tokens from
// the queued sequences. The best-effort planner fills every step to the brim, so where a sequence is
// cut depends on the sequences before it — and with it the attention reduction boundaries. The aligned
// planner only cuts at multiples of `split` (the fixed split-KV size), so each sequence is reduced in
// the same units whatever it is batched with.
#include <cstddef>
#include <vector>

namespace llmsa::det {

struct PrefillPiece {
  std::size_t sequence = 0;  // index into the queued sequences
  std::size_t begin = 0;     // first token of the piece within its sequence
  std::size_t length = 0;
  bool operator==(const PrefillPiece&) const = default;
};
using PrefillChunk = std::vector<PrefillPiece>;

std::vector<PrefillChunk> plan_prefill_best_effort(const std::vector<std::size_t>& lengths, std::size_t budget);
// Throws internal error when split > budget (a unit could never fit).
std::vector<PrefillChunk> plan_prefill_aligned(const std::vector<std::size_t>& lengths, std::size_t budget,
                                               std::size_t split);

}  // namespace llmsa::det
