#include "perf/inference_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

using model::OpKind;

std::string layout_name(const InferenceLayout& l) {
  std::string s = fmt::format("tp{}", l.tp);
  if (l.dp > 1) s += fmt::format("-dp{}", l.dp);
  if (l.ep > 1) s += fmt::format("-ep{}", l.ep);
  return s;
}

namespace {

void need(std::vector<std::string>& out, bool ok, std::string what) {
  if (!ok) out.push_back(std::move(what));
}

bool divides(std::int64_t d, std::int64_t n) { return d > 0 && n % d == 0; }

}  // namespace

std::vector<std::string> layout_violations(const model::ModelSpec& spec, const InferenceLayout& l) {
  std::vector<std::string> v;
  if (l.tp < 1 || l.dp < 1 || l.ep < 1) {
    v.push_back(fmt::format("tp ({}), dp ({}) and ep ({}) are >= 1", l.tp, l.dp, l.ep));
    return v;
  }
  const std::int64_t tp = l.tp;
  if (spec.attention.present) {
    need(v, divides(tp, spec.attention.num_heads),
         fmt::format("tp ({}) divides attention heads ({})", tp, spec.attention.num_heads));
    const std::int64_t kv = spec.attention.num_kv_heads;
    need(v, divides(tp, kv) || divides(kv, tp),
         fmt::format("tp ({}) divides the KV heads ({}) or is a multiple of them (replicated KV heads)", tp, kv));
  }
  if (spec.mla.present)
    need(v, divides(tp, spec.mla.num_heads), fmt::format("tp ({}) divides MLA heads ({})", tp, spec.mla.num_heads));
  if (spec.mamba2.present) {
    need(v, divides(tp, spec.mamba2.num_heads), fmt::format("tp ({}) divides Mamba-2 heads ({})", tp, spec.mamba2.num_heads));
    need(v, divides(tp, spec.mamba2.n_groups) || divides(spec.mamba2.n_groups, tp),
         fmt::format("tp ({}) divides Mamba-2 groups ({}) or is a multiple of them", tp, spec.mamba2.n_groups));
  }
  if (spec.gdn.present) {
    need(v, divides(tp, spec.gdn.num_value_heads),
         fmt::format("tp ({}) divides Gated DeltaNet value heads ({})", tp, spec.gdn.num_value_heads));
    need(v, divides(tp, spec.gdn.num_key_heads),
         fmt::format("tp ({}) divides Gated DeltaNet key heads ({})", tp, spec.gdn.num_key_heads));
  }
  if (spec.dense_ffn.present)
    need(v, divides(tp, spec.dense_ffn.intermediate),
         fmt::format("tp ({}) divides the FFN intermediate size ({})", tp, spec.dense_ffn.intermediate));
  if (spec.moe.present) {
    if (l.ep > 1) {
      need(v, divides(l.ep, spec.moe.num_experts),
           fmt::format("ep ({}) divides the routed experts ({})", l.ep, spec.moe.num_experts));
      need(v, divides(l.ep, l.cards()), fmt::format("ep ({}) divides the cards tp x dp ({})", l.ep, l.cards()));
    } else {
      need(v, divides(tp, spec.moe.expert_intermediate),
           fmt::format("tp ({}) divides the expert intermediate size ({}) (ep 1: experts are tensor-parallel)", tp,
                       spec.moe.expert_intermediate));
    }
  } else {
    need(v, l.ep == 1, fmt::format("ep ({}) is 1 for a model without routed experts", l.ep));
  }
  return v;
}

void require_valid_layout(const model::ModelSpec& spec, const InferenceLayout& l) {
  auto v = layout_violations(spec, l);
  if (v.empty()) return;
  std::string msg = fmt::format("layout {} cannot work for {}: ", layout_name(l), spec.name);
  for (std::size_t i = 0; i < v.size(); ++i) msg += (i ? "; " : "") + v[i];
  throw_bad_input(at("", "layout"), msg);
}

ShardPlan make_shard_plan(const model::ModelSpec& spec, const InferenceLayout& l) {
  ShardPlan p;
  p.layout = l;
  p.tp = l.tp;
  if (spec.mla.present && !spec.attention.present) {
    p.kv_split = 1;  // one latent "head": every TP rank keeps the whole latent KV (methodology s11)
  } else if (spec.attention.present) {
    p.kv_split = static_cast<double>(std::min<std::int64_t>(l.tp, spec.attention.num_kv_heads));
  } else {
    p.kv_split = l.tp;  // recurrent state heads split with tp
  }
  if (spec.moe.present && l.ep > 1) {
    p.expert_split = l.ep;
    // The EP group spans ep cards, i.e. ep / tp replicas' worth of tokens reach each expert shard.
    p.expert_replicas_served = std::max(1.0, static_cast<double>(l.ep) / l.tp);
  } else {
    p.expert_split = l.tp;
  }
  return p;
}

namespace {

bool tp_split(OpKind k) {
  switch (k) {
    case OpKind::kAttentionProj:
    case OpKind::kAttentionCore:
    case OpKind::kIndexer:
    case OpKind::kSsmProj:
    case OpKind::kSsmScan:
    case OpKind::kLinearAttnProj:
    case OpKind::kLinearAttnCore:
    case OpKind::kFfn:
    case OpKind::kMoeShared:
    case OpKind::kMoeLatentProj:
    case OpKind::kEmbedding:
    case OpKind::kLmHead:
    case OpKind::kMtpProj:
    case OpKind::kVisionEncoder:
    case OpKind::kVisionProjector:
      return true;
    case OpKind::kMoeRouter:
    case OpKind::kNorm:
    case OpKind::kMoeExperts:
      return false;
  }
  return false;
}

}  // namespace

model::PhaseCost shard_cost(const model::PhaseCost& c, OpKind kind, const ShardPlan& p, double expert_weight_bytes_total) {
  model::PhaseCost o = c;
  if (kind == OpKind::kMoeExperts) {
    // Tokens of `r` replicas reach this card's 1/split of the experts.
    const double r = p.expert_replicas_served, s = p.expert_split;
    o.flops = c.flops * r / s;
    o.activation_bytes = c.activation_bytes * r / s;
    // Distinct experts touched: one replica touches a fraction f; r replicas touch 1 - (1 - f)^r
    // (the analysis' E (1 - (1 - k/E)^tokens) with r times the tokens).
    if (expert_weight_bytes_total > 0 && r > 1) {
      const double f = std::min(1.0, c.weight_bytes / expert_weight_bytes_total);
      o.weight_bytes = expert_weight_bytes_total * (1 - std::pow(1 - f, r)) / s;
    } else {
      o.weight_bytes = c.weight_bytes / s;
    }
    return o;
  }
  if (!tp_split(kind)) return o;
  const double t = p.tp;
  o.flops /= t;
  o.weight_bytes /= t;
  o.activation_bytes /= t;
  // Recurrent state is split by heads like the rest of the mixer; attention KV only up to the KV heads.
  const bool recurrent = kind == OpKind::kSsmScan || kind == OpKind::kSsmProj || kind == OpKind::kLinearAttnCore ||
                         kind == OpKind::kLinearAttnProj;
  const double kv = recurrent ? t : p.kv_split;
  o.kv_read_bytes /= kv;
  o.kv_write_bytes /= kv;
  return o;
}

double shard_resident_weight_bytes(double weight_bytes, OpKind kind, const ShardPlan& p) {
  if (kind == OpKind::kMoeExperts) return weight_bytes / p.expert_split;
  return tp_split(kind) ? weight_bytes / p.tp : weight_bytes;
}

}  // namespace llmsa::perf
