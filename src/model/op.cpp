#include "model/op.hpp"

namespace llmsa::model {

const char* op_kind_name(OpKind k) {
  switch (k) {
    case OpKind::kEmbedding: return "embedding";
    case OpKind::kAttentionProj: return "attention_proj";
    case OpKind::kAttentionCore: return "attention_core";
    case OpKind::kIndexer: return "indexer";
    case OpKind::kSsmProj: return "ssm_proj";
    case OpKind::kSsmScan: return "ssm_scan";
    case OpKind::kLinearAttnProj: return "linear_attn_proj";
    case OpKind::kLinearAttnCore: return "linear_attn_core";
    case OpKind::kFfn: return "ffn";
    case OpKind::kMoeRouter: return "moe_router";
    case OpKind::kMoeExperts: return "moe_experts";
    case OpKind::kMoeShared: return "moe_shared";
    case OpKind::kMoeLatentProj: return "moe_latent_proj";
    case OpKind::kNorm: return "norm";
    case OpKind::kLmHead: return "lm_head";
    case OpKind::kMtpProj: return "mtp_proj";
    case OpKind::kVisionEncoder: return "vision_encoder";
    case OpKind::kVisionProjector: return "vision_projector";
  }
  return "?";
}

const char* op_scope_name(OpScope s) {
  switch (s) {
    case OpScope::kModel: return "model";
    case OpScope::kLayer: return "layer";
    case OpScope::kMtp: return "mtp";
    case OpScope::kVision: return "vision";
  }
  return "?";
}

}  // namespace llmsa::model
