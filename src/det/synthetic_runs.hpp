#pragma once
// Writes two runs (JSONL) of the same prompts with divergences injected at known places, so that
// `det compare` can be checked against what was put in. Used by the tests and by bench/gen_det_runs.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "det/generation_record.hpp"

namespace llmsa::det {

struct InjectedDivergence {
  std::size_t prompt = 0;    // 0-based prompt index
  std::size_t sample = 0;    // 0-based sample index within the prompt
  std::size_t position = 0;  // run B's token differs from run A's from this position on
};

struct SyntheticRunsSpec {
  std::size_t prompts = 4;
  std::size_t samples_per_prompt = 2;
  std::size_t length = 32;            // tokens per completion
  std::uint64_t seed = 1;
  // Added to run B's log-prob at every position before its divergence: r = log π − log μ when B is
  // the trainer. 0 keeps the shared prefix bitwise identical.
  double logprob_shift = 0.0;
  std::vector<InjectedDivergence> divergences;
};

// Record i of each run: prompt "p<prompt>", samples in order, prompts interleaved sample-major.
// A's log-probs are float32 values in (-8, 0].
void make_synthetic_pair(const SyntheticRunsSpec& spec, std::size_t prompt, std::size_t sample,
                         GenerationRecord& a, GenerationRecord& b);

// Writes both runs; returns the number of records written to each.
std::size_t write_synthetic_runs(const SyntheticRunsSpec& spec, const std::string& path_a, const std::string& path_b);

// One JSONL line (with the trailing newline), log-probs printed with 17 significant digits so that
// doubles round-trip exactly.
std::string generation_line(const GenerationRecord& r);

}  // namespace llmsa::det
