#include "model/msa.hpp"

#include "model/attention.hpp"
#include "model/attention_pairs.hpp"

namespace llmsa::model {

MsaIndexerParams msa_indexer_params(const MsaSpec& m, std::int64_t hidden) {
  return {hidden * m.index_heads * m.index_dim, hidden * m.index_kv_heads * m.index_dim};
}

void append_msa_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                    NormTally& norms) {
  const AttentionSpec& a = c.spec.attention;
  const MsaSpec& m = c.spec.msa;
  const std::int64_t d = c.spec.hidden;
  const std::int64_t sel = m.selected_keys();
  const std::int64_t context = c.work.decode_context();

  out.push_back(attention_proj_op(c, a, scope, index, "msa"));

  // Main attention over the selected keys. Uncapped, the methodology's T*T_sel and T_sel.
  AttentionCoreShape s;
  s.heads = a.num_heads;
  s.qk_dim = a.qk_head_dim;
  s.v_dim = a.v_head_dim;
  s.kv_bytes_per_token = static_cast<double>(attention_kv_elems_per_token(a)) * c.kvb;
  if (c.opt.msa_cap_selected_to_context) {
    s.prefill_pairs = attended_pairs(c.work.prefix, c.work.seq, sel, c.opt.causal);
    s.decode_keys = decode_keys(context, sel);
  } else {
    s.prefill_pairs = static_cast<double>(c.work.seq) * static_cast<double>(sel);
    s.decode_keys = sel;
  }
  s.prefix_read = c.work.prefix;
  OpCost core = attention_core_op(c, scope, index, "msa", s);
  // The main KV is written for every token, though only the selected keys are read in decode.
  out.push_back(core);

  // Indexer: projections, then one score per (query, cached key) per index head.
  OpCost idx = make_op(OpKind::kIndexer, scope, index, "msa");
  add_linear(idx, c, d, m.index_heads * m.index_dim);
  add_linear(idx, c, d, m.index_kv_heads * m.index_dim);
  const double per_pair = 2.0 * static_cast<double>(m.index_heads * m.index_dim);
  const double pairs = attended_pairs(c.work.prefix, c.work.seq, 0, c.opt.causal);
  idx.prefill.flops += per_pair * pairs * c.batch();
  idx.decode.flops += per_pair * static_cast<double>(context) * c.batch();
  // Block max-pool and top-k selection are compares, not multiply-adds: not counted (the methodology
  // estimates them at (T/128)*log(16), negligible, and leaves them out of its totals).
  const double index_k_bytes = static_cast<double>(m.index_kv_heads * m.index_dim) * c.kvb;
  idx.prefill.kv_read_bytes = index_k_bytes * static_cast<double>(c.work.prefix) * c.batch();
  idx.prefill.kv_write_bytes = index_k_bytes * c.prefill_tokens();
  idx.decode.kv_read_bytes = index_k_bytes * static_cast<double>(context) * c.batch();
  idx.decode.kv_write_bytes = index_k_bytes * c.decode_tokens();
  out.push_back(idx);

  if (a.qk_norm) norms.add(2 * a.qk_head_dim, (a.num_heads + a.num_kv_heads) * a.qk_head_dim);
  if (m.index_qk_norm) norms.add(2 * m.index_dim, (m.index_heads + m.index_kv_heads) * m.index_dim);
}

LayerCache msa_layer_cache(const ModelSpec& spec, const AnalysisOptions& o) {
  LayerCache lc;
  const std::int64_t elems = attention_kv_elems_per_token(spec.attention) + spec.msa.index_kv_heads * spec.msa.index_dim;
  lc.kv_bytes_per_token = static_cast<double>(elems) * dtype_bytes(o.kv_dtype);
  return lc;
}

}  // namespace llmsa::model
