#include "perf/chunked_prefill.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

std::vector<PrefillChunk> chunked_prefill_schedule(std::int64_t prompt_tokens, std::int64_t chunk_tokens) {
  if (prompt_tokens < 0) throw_bad_input(at("", "prompt_tokens"), "prompt length must be >= 0");
  if (chunk_tokens < 1) throw_bad_input(at("", "chunk_tokens"), "chunk size must be >= 1");
  std::vector<PrefillChunk> out;
  out.reserve(static_cast<size_t>((prompt_tokens + chunk_tokens - 1) / chunk_tokens));
  for (std::int64_t done = 0; done < prompt_tokens; done += chunk_tokens)
    out.push_back({std::min(chunk_tokens, prompt_tokens - done), done});
  return out;
}

}  // namespace llmsa::perf
