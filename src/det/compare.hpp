#pragma once
// `det compare`: streams two runs and reports how far apart they are. Samples are paired by prompt id
// and by their order among that prompt's samples (the k-th sample of prompt p in run A with the k-th
// in run B). Runs written in the same order stream in constant memory; out-of-order samples wait in
// memory until their partner arrives.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "det/completion_stats.hpp"
#include "det/logprob_diff.hpp"
#include "det/mismatch_metrics.hpp"
#include "det/run_reader.hpp"

namespace llmsa::det {

struct RunInput {
  std::string jsonl;
  std::string raw_logprobs;  // optional little-endian float32 file
};

struct CompareOptions {
  MismatchThresholds thresholds;
  // Which run the trainer (π) is; the other is the rollout engine (μ). Default: A rollout, B trainer.
  bool trainer_is_a = false;
  std::size_t keep_largest = 10;     // largest logprob differences listed
  std::size_t keep_divergences = 20; // individual token divergences listed
};

struct TokenDivergence {
  std::string prompt_id;
  std::int64_t sample = 0;
  std::int64_t position = 0;  // 0-based first position where the token ids differ
  std::int64_t token_a = -1;  // -1: run A's completion ended there
  std::int64_t token_b = -1;
};

struct RunSideSummary {
  std::string path;
  RunReaderCounts counts;
  std::int64_t unpaired = 0;  // samples with no partner in the other run
  std::vector<PromptCompletions> prompts;
};

struct CompareReport {
  RunSideSummary a, b;
  std::int64_t pairs = 0;
  std::int64_t pairs_identical_tokens = 0;
  // First token divergence of each pair that differs: position → pairs.
  std::map<std::int64_t, std::int64_t> divergence_positions;
  std::int64_t pairs_diverged = 0;
  std::vector<TokenDivergence> first_divergences;  // the first `keep_divergences`, in input order
  LogprobDiffSummary logprobs;
  MismatchMetrics mismatch;
  CompareOptions options;
};

CompareReport compare_runs(const RunInput& a, const RunInput& b, const CompareOptions& options);

}  // namespace llmsa::det
