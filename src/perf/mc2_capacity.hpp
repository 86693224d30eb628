#pragma once
// How many tokens vllm-ascend sizes MC2 for (mc2_tokens_capacity). A forward with more tokens than
// this cannot take the MC2 path. The rule changed between engine versions, so the kind of rule and
// its limits come from the versioned rule data (data/moe/vllm_ascend_moe_comm_rules.json).
// Source: determinism-mc2-rl.md s2.4.
#include <cstdint>
#include <optional>
#include <string>

namespace llmsa::perf {

struct Mc2CapacityRule {
  std::string kind;  // "fixed" or "per_tp_rank_capped"
  std::int64_t fixed_tokens = 0;
  std::int64_t per_rank_limit = 0;
  std::int64_t fused_per_rank_limit = 0;
};

struct Mc2CapacityInput {
  std::int64_t max_num_reqs = 256;
  int num_speculative_tokens = 0;
  int tp = 1;
  std::int64_t max_num_batched_tokens = 0;
  bool enable_prefill_mc2 = false;
  std::optional<std::int64_t> max_cudagraph_capture_size;
  bool fused_mc2 = false;
};

struct Mc2Capacity {
  std::int64_t max_num_tokens = 0;  // the token count the rule starts from
  std::int64_t per_tp_rank = 0;
  std::int64_t capacity = 0;
  std::string derivation;           // the arithmetic, for the report
};

// "current": max_num_tokens = max_num_batched_tokens if enable_prefill_mc2, else the largest CUDA-graph
// capture size if set, else max_num_reqs * (1 + num_speculative_tokens); per_tp_rank =
// min(ceil(max_num_tokens / tp), limit); capacity = per_tp_rank * tp. "fixed": the constant.
Mc2Capacity mc2_tokens_capacity(const Mc2CapacityRule& rule, const Mc2CapacityInput& in);

}  // namespace llmsa::perf
