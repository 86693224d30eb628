#pragma once
// A model op: one component of one layer, with its parameters, and its FLOPs and bytes moved
// in both phases. The same vocabulary (OpKind) names modules on the measurement side, so that
// measured time and modeled work join on it; roofline, memory and training reuse these numbers.
#include <cstdint>

namespace llmsa::model {

enum class OpKind : std::uint8_t {
  kEmbedding,       // token embedding lookup
  kAttentionProj,   // Q/K/V/O (or MLA down/up) projections of an attention mixer
  kAttentionCore,   // score (QK^T) and weighting (AV) against the KV cache
  kIndexer,         // MSA lightning indexer: index projections, index scores, top-k
  kSsmProj,         // Mamba-2 in_proj, conv1d, out_proj
  kSsmScan,         // Mamba-2 SSD scan
  kLinearAttnProj,  // Gated DeltaNet projections and conv1d
  kLinearAttnCore,  // Gated DeltaNet delta-rule recurrence
  kFfn,             // dense FFN
  kMoeRouter,       // router (gate) logits
  kMoeExperts,      // routed expert GEMMs
  kMoeShared,       // shared experts (and their gate)
  kMoeLatentProj,   // LatentMoE down/up projections around the routed experts
  kNorm,            // RMSNorm/LayerNorm (only when norms are counted)
  kLmHead,          // output projection to the vocabulary
  kMtpProj,         // MTP input projection (concat(embedding, hidden) -> d)
  kVisionEncoder,   // ViT blocks and patch embedding
  kVisionProjector  // projector from the ViT into the language model
};
inline constexpr int kOpKindCount = 18;
const char* op_kind_name(OpKind k);  // "embedding", "attention_proj", ... (stable, used in JSON)

// Where an op sits: the main stack, an MTP module, the vision tower, or the model ends.
enum class OpScope : std::uint8_t { kModel, kLayer, kMtp, kVision };
const char* op_scope_name(OpScope s);  // "model", "layer", "mtp", "vision"

// The work of one op in one phase, for the whole batch.
struct PhaseCost {
  double flops = 0;
  double weight_bytes = 0;      // weights read (distinct experts touched, for MoE)
  double activation_bytes = 0;  // activations read and written by the op's GEMMs
  double kv_read_bytes = 0;     // KV cache or recurrent state read
  double kv_write_bytes = 0;    // KV cache or recurrent state written
  double bytes() const { return weight_bytes + activation_bytes + kv_read_bytes + kv_write_bytes; }
  PhaseCost& operator+=(const PhaseCost& o) {
    flops += o.flops;
    weight_bytes += o.weight_bytes;
    activation_bytes += o.activation_bytes;
    kv_read_bytes += o.kv_read_bytes;
    kv_write_bytes += o.kv_write_bytes;
    return *this;
  }
};

struct OpCost {
  OpKind kind = OpKind::kEmbedding;
  OpScope scope = OpScope::kModel;
  std::int32_t index = -1;       // layer (kLayer), module (kMtp); -1 otherwise
  const char* variant = "";      // static string: "gqa", "mla", "msa", "swiglu", "relu2", ...
  std::int64_t params_total = 0;
  std::int64_t params_active = 0;  // per token
  PhaseCost prefill;               // T new tokens after a cached prefix P, times B
  PhaseCost decode;                // one new token at context P+T, times B
  // attention_core only: the share of its FLOPs spent on scores (QK^T); the rest is the AV
  // weighting. Training applies different backward coefficients to each (methodology §4.3).
  double qk_fraction = 0;
};

}  // namespace llmsa::model
