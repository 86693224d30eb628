#include "perf/inference_memory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/error_location.hpp"
#include "perf/memory_capacity.hpp"
#include "perf/serving_formulas.hpp"

namespace llmsa::perf {

double model_weight_bytes(const model::ModelAnalysis& a) {
  double params = 0;
  for (const auto& op : a.ops)
    if (op.scope != model::OpScope::kMtp) params += static_cast<double>(op.params_total);
  return params * model::dtype_bytes(a.options.weight_dtype);
}

namespace {

void check_options(const MemoryOptions& o) {
  if (!(o.usable_fraction > 0 && o.usable_fraction <= 1)) throw_bad_input(at("", "usable_fraction"), "must be in (0, 1]");
  if (o.framework_overhead_bytes < 0) throw_bad_input(at("", "framework_overhead"), "must be >= 0");
  if (o.block_size < 0) throw_bad_input(at("", "block_size"), "must be >= 0");
  if (o.kv_utilization && !(*o.kv_utilization > 0 && *o.kv_utilization <= 1))
    throw_bad_input(at("", "kv_utilization"), "must be in (0, 1]");
  if (o.activation_bytes_per_sequence && *o.activation_bytes_per_sequence < 0)
    throw_bad_input(at("", "activation_bytes"), "must be >= 0");
  if (o.max_batched_tokens < 1) throw_bad_input(at("", "max_batched_tokens"), "must be >= 1");
}

// Largest input + output of one op in a forward pass of `tokens` tokens: the working set that must exist
// at once when layers are run one after another.
double activation_working_set(const model::ModelAnalysis& a, std::int64_t tokens) {
  double per_token = 0;
  const double tokens_in_analysis = static_cast<double>(std::max<std::int64_t>(1, a.workload.seq * a.workload.batch));
  for (const auto& op : a.ops)
    if (op.scope != model::OpScope::kMtp) per_token = std::max(per_token, op.prefill.activation_bytes / tokens_in_analysis);
  return per_token * static_cast<double>(tokens);
}

}  // namespace

CardMemory card_memory(const model::ModelSpec& spec, const model::ModelAnalysis& a, const hw::Device& d,
                       const InferenceLayout& layout, std::int64_t batch, std::int64_t context, const MemoryOptions& o) {
  check_options(o);
  if (context < 1 || batch < 0) throw_bad_input(at("", "context"), "context must be >= 1 and batch >= 0");
  const ShardPlan plan = make_shard_plan(spec, layout);
  CardMemory m;
  m.capacity_bytes = d.memory_capacity_bytes.value;
  m.usable_bytes = m.capacity_bytes * o.usable_fraction;
  const double wb = model::dtype_bytes(a.options.weight_dtype);
  for (const auto& op : a.ops)
    if (op.scope != model::OpScope::kMtp)
      m.weight_bytes += shard_resident_weight_bytes(static_cast<double>(op.params_total) * wb, op.kind, plan);
  // KV grows with the context (window-capped layers stop at their window); state is fixed.
  double kv = 0, state = 0;
  for (const auto& lc : a.layer_cache) {
    kv += lc.bytes_at_context(context) - lc.state_bytes;
    state += lc.state_bytes;
  }
  double util = 1;
  if (o.kv_utilization) util = *o.kv_utilization;
  else if (o.block_size > 0) util = paged_block_utilization(context, o.block_size);
  m.kv_bytes_per_sequence = paged_kv_bytes(kv, util) / plan.kv_split;
  const bool recurrent_split = spec.mamba2.present || spec.gdn.present;
  m.state_bytes_per_sequence = state / (recurrent_split ? plan.tp : 1.0);
  if (o.activation_bytes_per_sequence)
    m.activation_bytes_per_sequence = *o.activation_bytes_per_sequence / plan.tp;
  else
    m.activation_buffer_bytes = activation_working_set(a, o.max_batched_tokens) / plan.tp;
  m.framework_overhead_bytes = o.framework_overhead_bytes;
  m.batch = batch;
  return m;
}

BatchCapacity max_batch(const model::ModelSpec& spec, const model::ModelAnalysis& a, const hw::Device& d,
                        const InferenceLayout& layout, std::int64_t context, const MemoryOptions& o) {
  BatchCapacity c;
  c.violations = layout_violations(spec, layout);
  CardMemory one = card_memory(spec, a, d, layout, 1, context, o);
  if (!c.violations.empty()) {
    c.at_max = one;
    return c;
  }
  const double per_seq = one.kv_bytes_per_sequence + one.state_bytes_per_sequence + one.activation_bytes_per_sequence;
  const double free_bytes = one.usable_bytes - one.weight_bytes - one.framework_overhead_bytes - one.activation_buffer_bytes;
  c.per_replica = max_batch_kv_limited(free_bytes, per_seq);
  c.total = c.per_replica * layout.dp;
  c.at_max = one;
  c.at_max.batch = std::max<std::int64_t>(1, c.per_replica);
  if (c.per_replica == 0) {
    if (free_bytes <= 0)
      c.violations.push_back(fmt::format("weights {:.1f} GB + overhead {:.1f} GB + activation buffer {:.1f} GB per card "
                                         "fit in {:.1f} GB usable",
                                         one.weight_bytes / 1e9, one.framework_overhead_bytes / 1e9,
                                         one.activation_buffer_bytes / 1e9, one.usable_bytes / 1e9));
    else
      c.violations.push_back(fmt::format("one sequence at context {} ({:.2f} GB per card) fits in the {:.2f} GB left "
                                         "after weights and overhead",
                                         context, per_seq / 1e9, free_bytes / 1e9));
  }
  return c;
}

MinCards min_cards(const model::ModelSpec& spec, const model::ModelAnalysis& a, const hw::Device& d, std::int64_t context,
                   const MemoryOptions& o) {
  check_options(o);
  MinCards m;
  m.for_weights = min_cards_for_weights(model_weight_bytes(a), d.memory_capacity_bytes.value * o.usable_fraction);
  for (int tp = 1; tp <= 64; tp *= 2) {
    for (int ep : {1, tp}) {
      InferenceLayout l{tp, 1, ep};
      if (ep > 1 && !spec.moe.present) continue;
      if (!layout_violations(spec, l).empty()) continue;
      if (max_batch(spec, a, d, l, context, o).per_replica >= 1) {
        m.smallest_layout = l;
        return m;
      }
    }
  }
  return m;
}

}  // namespace llmsa::perf
