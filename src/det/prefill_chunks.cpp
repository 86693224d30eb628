#include "det/prefill_chunks.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "det/split_plan.hpp"

namespace llmsa::det {

namespace {

// Appends `length` tokens of `sequence` to the last chunk, merging with a piece it continues.
void append(std::vector<PrefillChunk>& chunks, std::size_t sequence, std::size_t begin, std::size_t length) {
  auto& chunk = chunks.back();
  if (!chunk.empty() && chunk.back().sequence == sequence && chunk.back().begin + chunk.back().length == begin) {
    chunk.back().length += length;
  } else {
    chunk.push_back({sequence, begin, length});
  }
}

}  // namespace

std::vector<PrefillChunk> plan_prefill_best_effort(const std::vector<std::size_t>& lengths, std::size_t budget) {
  if (budget == 0) throw_internal("plan_prefill_best_effort: budget must be positive");
  std::vector<PrefillChunk> chunks(1);
  std::size_t left = budget;
  for (std::size_t s = 0; s < lengths.size(); ++s) {
    for (std::size_t done = 0; done < lengths[s];) {
      if (left == 0) {
        chunks.emplace_back();
        left = budget;
      }
      const std::size_t take = std::min(left, lengths[s] - done);
      append(chunks, s, done, take);
      done += take;
      left -= take;
    }
  }
  if (chunks.back().empty()) chunks.pop_back();
  return chunks;
}

std::vector<PrefillChunk> plan_prefill_aligned(const std::vector<std::size_t>& lengths, std::size_t budget,
                                               std::size_t split) {
  if (split == 0 || split > budget) throw_internal("plan_prefill_aligned: need 0 < split <= budget");
  std::vector<PrefillChunk> chunks(1);
  std::size_t left = budget;
  for (std::size_t s = 0; s < lengths.size(); ++s) {
    std::size_t begin = 0;
    for (std::size_t unit : fixed_size_split(lengths[s], split)) {
      if (unit > left) {  // never cut inside a unit: defer it to the next step
        chunks.emplace_back();
        left = budget;
      }
      append(chunks, s, begin, unit);
      begin += unit;
      left -= unit;
    }
  }
  if (chunks.back().empty()) chunks.pop_back();
  return chunks;
}

}  // namespace llmsa::det
