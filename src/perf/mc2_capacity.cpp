#include "perf/mc2_capacity.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmsa::perf {

Mc2Capacity mc2_tokens_capacity(const Mc2CapacityRule& rule, const Mc2CapacityInput& in) {
  Mc2Capacity c;
  if (rule.kind == "fixed") {
    c.max_num_tokens = c.capacity = rule.fixed_tokens;
    c.per_tp_rank = rule.fixed_tokens;
    c.derivation = fmt::format("fixed mc2_tokens_capacity = {}", rule.fixed_tokens);
    return c;
  }
  std::string from;
  if (in.enable_prefill_mc2) {
    c.max_num_tokens = in.max_num_batched_tokens;
    from = fmt::format("max_num_batched_tokens {}", c.max_num_tokens);
  } else if (in.max_cudagraph_capture_size) {
    c.max_num_tokens = *in.max_cudagraph_capture_size;
    from = fmt::format("max_cudagraph_capture_size {}", c.max_num_tokens);
  } else {
    c.max_num_tokens = in.max_num_reqs * (1 + in.num_speculative_tokens);
    from = fmt::format("max_num_reqs {} x (1 + {} speculative)", in.max_num_reqs, in.num_speculative_tokens);
  }
  int tp = std::max(1, in.tp);
  std::int64_t limit = in.fused_mc2 ? rule.fused_per_rank_limit : rule.per_rank_limit;
  std::int64_t per_rank = (c.max_num_tokens + tp - 1) / tp;
  c.per_tp_rank = std::min(per_rank, limit);
  c.capacity = c.per_tp_rank * tp;
  c.derivation = fmt::format("{} -> ceil(/{} tp) = {} per TP rank, capped at {} -> {} x {} = {}", from, tp, per_rank,
                             limit, c.per_tp_rank, tp, c.capacity);
  return c;
}

}  // namespace llmsa::perf
