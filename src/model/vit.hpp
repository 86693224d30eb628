#pragma once
// Vision encoder (ViT blocks with bidirectional attention, GELU or SwiGLU MLP, patch embedding)
// and the projector into the language model. Encoded once per image during prefill.
#include <cstdint>
#include <vector>

#include "model/cost_context.hpp"

namespace llmsa::model {

struct VitLayerParams {
  std::int64_t attention = 0;  // 4 * d_vit * H*D (H*D = d_vit)
  std::int64_t mlp = 0;        // matrices * d_vit * d_ff
  std::int64_t total() const { return attention + mlp; }
};
VitLayerParams vit_layer_params(const VisionSpec& v);
std::int64_t vit_patch_embed_params(const VisionSpec& v);
std::int64_t vision_projector_params(const VisionSpec& v);

struct VitLayerFlops {
  double qkvo = 0;
  double qk = 0;
  double av = 0;
  double mlp = 0;
  double total() const { return qkvo + qk + av + mlp; }
};
// One ViT layer over `tokens` image tokens (no causal halving).
VitLayerFlops vit_layer_flops(const VisionSpec& v, std::int64_t tokens);

void append_vision_ops(const CostContext& c, std::vector<OpCost>& out);

}  // namespace llmsa::model
