#include "model/analysis.hpp"

#include <algorithm>
#include <array>

#include "model/attention.hpp"
#include "model/cost_context.hpp"
#include "model/ffn.hpp"
#include "model/gdn.hpp"
#include "model/mamba2.hpp"
#include "model/mla.hpp"
#include "model/moe.hpp"
#include "model/msa.hpp"
#include "model/swa.hpp"
#include "model/vit.hpp"

namespace llmsa::model {

namespace {

void append_layer(const CostContext& c, OpScope scope, std::int32_t index, const LayerSpec& l,
                  std::vector<OpCost>& out) {
  NormTally norms;
  switch (l.mixer) {
    case MixerKind::kNone: break;
    case MixerKind::kAttention: append_attention_ops(c, scope, index, 0, out, norms); break;
    case MixerKind::kSlidingAttention: append_sliding_attention_ops(c, scope, index, out, norms); break;
    case MixerKind::kMla: append_mla_ops(c, scope, index, out, norms); break;
    case MixerKind::kMsa: append_msa_ops(c, scope, index, out, norms); break;
    case MixerKind::kMamba2: append_mamba2_ops(c, scope, index, out, norms); break;
    case MixerKind::kGatedDeltaNet: append_gdn_ops(c, scope, index, out, norms); break;
  }
  switch (l.ffn) {
    case FfnKind::kNone: break;
    case FfnKind::kDense: append_dense_ffn_ops(c, scope, index, out); break;
    case FfnKind::kMoe: append_moe_ops(c, scope, index, out); break;
  }
  // One pre-norm per sub-block (mixer, FFN).
  const std::int64_t blocks = (l.mixer != MixerKind::kNone ? 1 : 0) + (l.ffn != FfnKind::kNone ? 1 : 0);
  norms.add(blocks * c.spec.hidden, blocks * c.spec.hidden);
  flush_norms(out, c, scope, index, norms);
}

OpCost embedding_op(const CostContext& c) {
  const ModelSpec& s = c.spec;
  OpCost op = make_op(OpKind::kEmbedding, OpScope::kModel, -1, "lookup");
  op.params_total = op.params_active = s.vocab * s.hidden;
  const double row = static_cast<double>(s.hidden);
  const double vocab = static_cast<double>(s.vocab);
  op.prefill.weight_bytes = std::min(c.prefill_tokens(), vocab) * row * c.wb;  // rows gathered
  op.decode.weight_bytes = std::min(c.decode_tokens(), vocab) * row * c.wb;
  op.prefill.activation_bytes = c.prefill_tokens() * row * c.ab;
  op.decode.activation_bytes = c.decode_tokens() * row * c.ab;
  return op;
}

OpCost lm_head_op(const CostContext& c) {
  const ModelSpec& s = c.spec;
  OpCost op = make_op(OpKind::kLmHead, OpScope::kModel, -1, s.tie_embeddings ? "tied" : "untied");
  const std::int64_t n = s.vocab * s.hidden;
  op.params_total = op.params_active = s.tie_embeddings ? 0 : n;
  const double fl = 2.0 * static_cast<double>(n);
  const double logits_prefill =
      c.work.seq <= 0 ? 0 : (c.opt.logits_for_all_tokens ? c.prefill_tokens() : c.batch());
  const double io = static_cast<double>(s.hidden + s.vocab) * c.ab;
  op.prefill.flops = fl * logits_prefill;
  op.decode.flops = fl * c.decode_tokens();
  op.prefill.weight_bytes = static_cast<double>(n) * c.wb;
  op.decode.weight_bytes = static_cast<double>(n) * c.wb;
  op.prefill.activation_bytes = io * logits_prefill;
  op.decode.activation_bytes = io * c.decode_tokens();
  return op;
}

void append_mtp(const CostContext& c, std::vector<OpCost>& out) {
  const MtpSpec& m = c.spec.mtp;
  const std::int64_t d = c.spec.hidden;
  for (std::int64_t i = 0; i < m.num_modules; ++i) {
    const auto idx = static_cast<std::int32_t>(i);
    if (m.input_projection) {
      OpCost proj = make_op(OpKind::kMtpProj, OpScope::kMtp, idx, "concat");
      add_linear(proj, c, 2 * d, d);
      out.push_back(proj);
      NormTally n;
      n.add(3 * d, 3 * d);  // embedding norm, hidden norm, output norm
      flush_norms(out, c, OpScope::kMtp, idx, n);
    }
    for (const LayerSpec& l : m.layers) append_layer(c, OpScope::kMtp, idx, l, out);
  }
}

}  // namespace

LayerCache layer_cache(const ModelSpec& spec, const LayerSpec& layer, const AnalysisOptions& o) {
  switch (layer.mixer) {
    case MixerKind::kAttention: return attention_layer_cache(spec.attention, o, 0);
    case MixerKind::kSlidingAttention: return sliding_attention_layer_cache(spec, o);
    case MixerKind::kMla: return mla_layer_cache(spec.mla, o);
    case MixerKind::kMsa: return msa_layer_cache(spec, o);
    case MixerKind::kMamba2: return mamba2_layer_cache(spec.mamba2, o);
    case MixerKind::kGatedDeltaNet: return gdn_layer_cache(spec.gdn, o);
    case MixerKind::kNone: break;
  }
  return {};
}

double cache_bytes_at_context(const ModelAnalysis& a, std::int64_t context) {
  double total = 0;
  for (const LayerCache& lc : a.layer_cache) total += lc.bytes_at_context(context);
  return total;
}

void analyze_into(const ModelSpec& spec, const Workload& work, const AnalysisOptions& options, ModelAnalysis& out) {
  out.workload = work;
  out.options = options;
  out.ops.clear();
  out.layer_cache.clear();
  const CostContext c(spec, options, work);

  out.ops.push_back(embedding_op(c));
  if (spec.vision.present) append_vision_ops(c, out.ops);
  // A layer's ops depend only on its (mixer, FFN) kinds, so each distinct kind pair is costed once
  // and later layers of the same kinds copy its ops: most of the per-call time in deep models.
  struct Seen {
    std::size_t first = 0, count = 0;
    bool done = false;
  };
  static_assert(static_cast<int>(MixerKind::kGatedDeltaNet) == 6 && static_cast<int>(FfnKind::kMoe) == 2);
  std::array<Seen, 7 * 3> seen{};
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    Seen& s = seen[static_cast<std::size_t>(l.mixer) * 3 + static_cast<std::size_t>(l.ffn)];
    const auto index = static_cast<std::int32_t>(i);
    if (s.done) {
      for (std::size_t k = 0; k < s.count; ++k) {
        OpCost op = out.ops[s.first + k];  // a copy: push_back may move the storage
        op.index = index;
        out.ops.push_back(op);
      }
      continue;
    }
    s.first = out.ops.size();
    append_layer(c, OpScope::kLayer, index, l, out.ops);
    s.count = out.ops.size() - s.first;
    s.done = true;
  }
  NormTally final_norm;
  final_norm.add(spec.hidden, spec.hidden);
  flush_norms(out.ops, c, OpScope::kModel, -1, final_norm);
  out.ops.push_back(lm_head_op(c));
  append_mtp(c, out.ops);

  out.params = {};
  out.prefill = out.decode = out.mtp_prefill = out.mtp_decode = {};
  for (const OpCost& op : out.ops) {
    if (op.scope == OpScope::kMtp) {
      out.params.mtp += op.params_total;
      out.params.mtp_active += op.params_active;
      out.mtp_prefill += op.prefill;
      out.mtp_decode += op.decode;
      continue;
    }
    out.params.total += op.params_total;
    if (op.scope == OpScope::kVision)
      out.params.vision += op.params_total;
    else
      out.params.active += op.params_active;
    out.prefill += op.prefill;
    out.decode += op.decode;
  }

  out.kv = {};
  const std::int64_t context = work.decode_context();
  for (const LayerSpec& l : spec.layers) {
    const LayerCache lc = layer_cache(spec, l, options);
    out.layer_cache.push_back(lc);
    (lc.kv_window > 0 ? out.kv.window_capped_bytes_per_token : out.kv.bytes_per_token) += lc.kv_bytes_per_token;
    out.kv.state_bytes_per_sequence += lc.state_bytes;
    out.kv.bytes_per_sequence += lc.bytes_at_context(context);
  }
  out.kv.bytes_total = out.kv.bytes_per_sequence * static_cast<double>(work.batch);
}

ModelAnalysis analyze(const ModelSpec& spec, const Workload& work, const AnalysisOptions& options) {
  ModelAnalysis a;
  a.ops.reserve(16 + spec.layers.size() * 8);
  a.layer_cache.reserve(spec.layers.size());
  analyze_into(spec, work, options, a);
  return a;
}

}  // namespace llmsa::model
