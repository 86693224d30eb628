#pragma once
// One sampled completion as the determinism tools see it.
#include <cstdint>
#include <string>
#include <vector>

namespace llmsa::det {

struct GenerationRecord {
  std::string prompt_id;            // a JSON string, or an integer written in decimal
  std::vector<std::int32_t> tokens; // sampled token ids
  std::vector<double> logprobs;     // log-probability of each sampled token (same length as tokens)
  std::int64_t line = 0;            // 1-based line in the JSONL file, for messages
};

}  // namespace llmsa::det
