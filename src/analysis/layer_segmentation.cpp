#include "analysis/layer_segmentation.hpp"

#include <algorithm>
#include <set>

#include "analysis/op_families.hpp"
#include "analysis/structural_steps.hpp"

namespace llmsa::analysis {

std::string BlockFamilyCache::resolve(const std::vector<CategoryId>& cats, bool attention) {
  auto& memo = memo_[attention ? 1 : 0];
  if (auto it = memo.find(cats); it != memo.end()) return it->second;  // no key copy on a hit
  std::set<std::string> names;
  for (CategoryId c : cats) names.emplace(classifier_.category_name(c));
  return memo.emplace(cats, (attention ? FamilyRules::attention() : FamilyRules::moe()).resolve(names).id)
      .first->second;
}
std::string BlockFamilyCache::attention(const std::vector<CategoryId>& c) { return resolve(c, true); }
std::string BlockFamilyCache::ffn(const std::vector<CategoryId>& c) { return resolve(c, false); }

namespace {

enum class AnchorKind { kNone, kAttention, kMoe, kMatmul, kBlockHead };

const char* anchor_name(AnchorKind k) {
  switch (k) {
    case AnchorKind::kAttention: return "attention";
    case AnchorKind::kMoe: return "moe";
    case AnchorKind::kMatmul: return "matmul";
    case AnchorKind::kBlockHead: return "block_head";
    case AnchorKind::kNone: break;
  }
  return "";
}

bool is_anchor(std::uint16_t f, AnchorKind k) {
  if (f & kSfSampling) return false;
  switch (k) {
    case AnchorKind::kAttention: return (f & kSfAttention) != 0;
    case AnchorKind::kMoe: return (f & kSfMoe) != 0;
    case AnchorKind::kMatmul: return (f & kSfMatmul) != 0;
    case AnchorKind::kBlockHead: return (f & kSfBlockHead) != 0;
    case AnchorKind::kNone: break;
  }
  return false;
}

bool is_separator(std::uint16_t f, AnchorKind k) {
  switch (k) {
    case AnchorKind::kAttention:
      return ((f & kSfMatmul) && !(f & (kSfAttention | kSfAttentionAux))) || (f & kSfMoe);
    case AnchorKind::kMoe: return (f & kSfMatmul) && !(f & kSfMoe);
    case AnchorKind::kMatmul: return (f & (kSfNormalization | kSfBlockHead)) != 0;
    case AnchorKind::kBlockHead: return !(f & kSfBlockHead);
    case AnchorKind::kNone: break;
  }
  return false;
}

// Time span, busy union (events are in start order, so one sweep) and count of positions [b, e).
template <typename Span>
void measure(const trace::RankEvents& ev, const StructureEvents& s, std::size_t b, std::size_t e, Span& out) {
  out.first_event = s.primary[b];
  out.last_event = s.primary[e - 1];
  out.event_count = static_cast<std::int64_t>(e - b);
  std::int64_t lo = INT64_MAX, hi = INT64_MIN, busy = 0, run_start = 0, run_end = INT64_MIN;
  for (std::size_t p = b; p < e; ++p) {
    const std::uint32_t i = s.primary[p];
    const std::int64_t st = ev.start_ns[i], en = st + ev.dur_ns[i];
    lo = std::min(lo, st);
    hi = std::max(hi, en);
    if (st > run_end) {
      if (run_end != INT64_MIN) busy += run_end - run_start;
      run_start = st;
      run_end = en;
    } else {
      run_end = std::max(run_end, en);
    }
  }
  if (run_end != INT64_MIN) busy += run_end - run_start;
  out.start_ns = lo;
  out.end_ns = hi;
  out.busy_ns = busy;
}

std::vector<CategoryId> categories_of(const StructureEvents& s, std::size_t b, std::size_t e) {
  // A block holds a few distinct categories over many kernels: keep them unique as they come (a run
  // of kernels with the same class adds nothing), sort once.
  std::vector<CategoryId> cats;
  const KernelClass* prev = nullptr;
  for (std::size_t p = b; p < e; ++p) {
    if (s.cls[p] == prev) continue;
    prev = s.cls[p];
    for (CategoryId c : prev->categories)
      if (std::find(cats.begin(), cats.end(), c) == cats.end()) cats.push_back(c);
  }
  std::sort(cats.begin(), cats.end());
  return cats;
}

BlockSpan make_block(const trace::RankEvents& ev, const StructureEvents& s, std::size_t b, std::size_t e,
                     const char* kind, BlockFamilyCache& families) {
  BlockSpan blk;
  blk.kind = kind;
  measure(ev, s, b, e, blk);
  const auto cats = categories_of(s, b, e);
  blk.family = blk.kind == "attention" ? families.attention(cats) : families.ffn(cats);
  return blk;
}

void split_blocks(const trace::RankEvents& ev, const StructureEvents& s, std::size_t b, std::size_t e,
                  AnchorKind anchor, BlockFamilyCache& families, LayerSpan& layer) {
  if (anchor != AnchorKind::kAttention) {
    layer.blocks.push_back(make_block(ev, s, b, e, "companion", families));
    return;
  }
  std::size_t last_attn = b;
  for (std::size_t p = b; p < e; ++p)
    if (s.flags[p] & kSfAttention) last_attn = p;
  std::size_t first_moe = e;
  for (std::size_t p = last_attn + 1; p < e; ++p)
    if (s.flags[p] & kSfMoe) {
      first_moe = p;
      break;
    }
  // Attention block: [b, split]; the rest from split + 1.
  const std::size_t split = first_moe < e ? (last_attn + first_moe) / 2 : last_attn;
  layer.blocks.push_back(make_block(ev, s, b, split + 1, "attention", families));
  if (split + 1 < e) {
    bool moe = false;
    for (std::size_t p = split + 1; p < e && !moe; ++p) moe = (s.flags[p] & kSfMoe) != 0;
    layer.blocks.push_back(make_block(ev, s, split + 1, e, moe ? "moe" : "ffn", families));
  }
}

// Where the layer whose first attention kernel is at `anchor` begins, looking back no further than `lo`.
// Two layouts put the pre-attention norm at different places relative to the projections:
//   projections as matmuls:  norm -> [quant] -> QKV matmul(s) [-> q/k norms, rope, layout] -> attention
//                            (the level-2 sample's RmsNorm, MatMulV3, RmsNorm x2, RoPE, FlashAttentionScore)
//   fused preprocessing:     norm -> MLA preprocess / rope -> attention, with the FFN's matmuls before the norm
//                            (vllm-ascend's MlaPreprocess)
// Walking back from the anchor over kernels other than matmuls, communication, MoE and sampling: if a
// matmul is reached, the chain of matmuls, norms and quantization that ends there holds the projections,
// and the layer begins at the chain's earliest norm (MLA without fusion: norm, q_a_proj, q_a_norm,
// q_b_proj, kv_a_proj, the earliest norm is the input norm). Otherwise (no norm in that chain, or no
// matmul before a communication, MoE or sampling kernel) the layer begins at the earliest norm walked
// over. Without any norm, projections cannot be told from the previous layer's FFN matmuls: the layer
// begins at the attention-side kernels (rope, KV-cache IO) right before the anchor.
std::size_t attention_prelude_start(const StructureEvents& s, std::size_t lo, std::size_t anchor) {
  auto stops = [&](std::uint16_t f) { return (f & (kSfSampling | kSfMoe | kSfCommunication)) != 0; };
  auto earliest_norm = [&](std::size_t b, std::size_t e) {
    for (std::size_t p = b; p < e; ++p)
      if (s.flags[p] & kSfNormalization) return p;
    return e;
  };
  std::size_t p = anchor;  // walk back: positions [p, anchor) are walked over
  while (p > lo && !stops(s.flags[p - 1]) && !(s.flags[p - 1] & kSfMatmul)) --p;
  if (p > lo && (s.flags[p - 1] & kSfMatmul) && !stops(s.flags[p - 1])) {
    const std::size_t m = p - 1;  // last projection matmul
    std::size_t c = m;
    while (c > lo && !stops(s.flags[c - 1]) && (s.flags[c - 1] & (kSfMatmul | kSfNormalization | kSfQuant))) --c;
    if (const std::size_t n = earliest_norm(c, m); n < m) return n;
  }
  if (const std::size_t n = earliest_norm(p, anchor); n < anchor) return n;
  std::size_t start = anchor;
  while (start > lo && (s.flags[start - 1] & kSfAttentionAux) && !stops(s.flags[start - 1])) --start;
  return start;
}

}  // namespace

std::vector<LayerSpan> segment_layers(const trace::RankEvents& ev, const StructureEvents& s, std::size_t begin,
                                      std::size_t end, BlockFamilyCache& families) {
  std::vector<LayerSpan> layers;
  if (begin >= end) return layers;
  std::uint16_t present = 0;
  for (std::size_t p = begin; p < end; ++p)
    if (!(s.flags[p] & kSfSampling)) present |= s.flags[p];
  const AnchorKind anchor = (present & kSfAttention)   ? AnchorKind::kAttention
                            : (present & kSfMoe)       ? AnchorKind::kMoe
                            : (present & kSfMatmul)    ? AnchorKind::kMatmul
                            : (present & kSfBlockHead) ? AnchorKind::kBlockHead
                                                       : AnchorKind::kNone;
  if (anchor == AnchorKind::kNone) return layers;

  // Layer starts, and where the tail begins (the first sampling kernel after the last anchor).
  std::vector<std::size_t> starts;
  bool separated = true;
  std::size_t last_anchor = begin;
  for (std::size_t p = begin; p < end; ++p) {
    const std::uint16_t f = s.flags[p];
    if (is_anchor(f, anchor)) {
      if (separated) starts.push_back(p);
      separated = false;
      last_anchor = p;
    } else if (is_separator(f, anchor)) {
      separated = true;
    }
  }
  // An attention layer begins before its first attention kernel: its pre-attention norm and the
  // projections and helpers that feed the attention (A.7 block split: the attention block is the layer's
  // rows up to the attention/MoE midpoint, so those rows are the attention block's, not the previous
  // layer's FFN). Never past the previous layer's last attention kernel, nor before the step.
  if (anchor == AnchorKind::kAttention) {
    std::size_t lo = begin;  // first position the layer may take
    for (std::size_t k = 0; k < starts.size(); ++k) {
      const std::size_t start = attention_prelude_start(s, lo, starts[k]);
      // The next layer may reach back to just after this layer's last attention kernel.
      const std::size_t next = k + 1 < starts.size() ? starts[k + 1] : end;
      for (std::size_t p = starts[k]; p < next; ++p)
        if (s.flags[p] & kSfAttention) lo = p + 1;
      starts[k] = start;
    }
  }
  std::size_t tail = end;
  for (std::size_t p = last_anchor + 1; p < end; ++p)
    if (s.flags[p] & kSfSampling) {
      tail = p;
      break;
    }
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t b = starts[k], e = k + 1 < starts.size() ? starts[k + 1] : tail;
    LayerSpan layer;
    layer.index = static_cast<int>(k);
    layer.anchor_kind = anchor_name(anchor);
    measure(ev, s, b, e, layer);
    split_blocks(ev, s, b, e, anchor, families, layer);
    layers.push_back(std::move(layer));
  }
  return layers;
}

}  // namespace llmsa::analysis
