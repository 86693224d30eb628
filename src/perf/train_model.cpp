#include "perf/train_model.hpp"

namespace llmsa::perf {
namespace {

using model::OpKind;
using model::OpScope;

// Forward-to-training multiplier per op (methodology s4.3).
double training_coefficient(const model::OpCost& op) {
  switch (op.kind) {
    case OpKind::kEmbedding: return 0;
    case OpKind::kAttentionCore: return 4 * op.qk_fraction + 3 * (1 - op.qk_fraction);
    case OpKind::kIndexer: return 1;  // the indexer runs under torch.no_grad()
    default: return 3;                // fwd + dX + dW
  }
}

}  // namespace

TrainModel train_model_from_spec(const model::ModelSpec& spec, std::int64_t seq_len, model::ModelAnalysis& scratch) {
  model::AnalysisOptions opt;
  opt.causal = model::CausalCounting::kHalfSquare;
  opt.logits_for_all_tokens = true;
  opt.count_norms = false;
  opt.count_biases = false;
  model::Workload work;
  work.seq = seq_len;
  work.batch = 1;
  model::analyze_into(spec, work, opt, scratch);

  TrainModel m;
  m.name = spec.name;
  m.layers = spec.num_layers();
  m.hidden = spec.hidden;
  if (spec.attention.present) {
    m.heads = spec.attention.num_heads;
    m.kv_heads = spec.attention.num_kv_heads;
    m.head_dim = spec.attention.qk_head_dim;
  } else if (spec.mla.present) {
    m.heads = spec.mla.num_heads;
    m.kv_heads = spec.mla.num_heads;
    m.head_dim = spec.mla.qk_nope_head_dim + spec.mla.qk_rope_head_dim;
  }
  if (spec.moe.present) {
    m.experts = spec.moe.num_experts;
    m.top_k = spec.moe.top_k;
  }
  for (const auto& l : spec.layers)
    if (l.ffn == model::FfnKind::kMoe) ++m.moe_layers;
  m.flops_seq_len = seq_len;
  double layer_flops = 0;
  for (const auto& op : scratch.ops) {
    if (op.scope == OpScope::kVision || op.scope == OpScope::kMtp) continue;
    double f = op.prefill.flops * training_coefficient(op);
    if (op.kind == OpKind::kMoeExperts) m.params_expert += static_cast<double>(op.params_total);
    if (op.scope == OpScope::kModel) {
      m.head_params += static_cast<double>(op.params_total);
      m.head_flops_per_seq += f;
    } else {
      layer_flops += f;
    }
    m.params_total += static_cast<double>(op.params_total);
    m.params_active += static_cast<double>(op.params_active);
  }
  m.layer_flops_per_seq = m.layers > 0 ? layer_flops / static_cast<double>(m.layers) : 0;
  return m;
}

TrainModel train_model_from_spec(const model::ModelSpec& spec, std::int64_t seq_len) {
  model::ModelAnalysis scratch;
  return train_model_from_spec(spec, seq_len, scratch);
}

}  // namespace llmsa::perf
