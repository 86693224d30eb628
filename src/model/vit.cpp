#include "model/vit.hpp"

namespace llmsa::model {

VitLayerParams vit_layer_params(const VisionSpec& v) {
  return {4 * v.hidden * v.hidden, ffn_matrices(v.activation) * v.hidden * v.intermediate};
}

std::int64_t vit_patch_embed_params(const VisionSpec& v) {
  return v.in_channels * v.temporal_patch_size * v.patch_size * v.patch_size * v.hidden;
}

std::int64_t vision_projector_params(const VisionSpec& v) {
  std::int64_t n = 0;
  for (const auto& [in, out] : v.projector) n += in * out;
  return n;
}

VitLayerFlops vit_layer_flops(const VisionSpec& v, std::int64_t tokens) {
  const double n = static_cast<double>(tokens);
  const double d = static_cast<double>(v.hidden);
  VitLayerFlops f;
  f.qkvo = 2.0 * 4.0 * d * d * n;
  f.qk = 2.0 * d * n * n;  // 2 * H * n^2 * D with H*D = d
  f.av = f.qk;
  f.mlp = 2.0 * static_cast<double>(ffn_matrices(v.activation)) * d * static_cast<double>(v.intermediate) * n;
  return f;
}

void append_vision_ops(const CostContext& c, std::vector<OpCost>& out) {
  const VisionSpec& v = c.spec.vision;
  const double images = static_cast<double>(c.work.batch * c.work.images);
  const double n = static_cast<double>(v.tokens_per_image);
  const double wb = c.wb;

  OpCost enc = make_op(OpKind::kVisionEncoder, OpScope::kVision, -1, "vit");
  const VitLayerParams lp = vit_layer_params(v);
  std::int64_t params = v.num_layers * lp.total() + vit_patch_embed_params(v);
  if (c.opt.count_biases)  // qkv, proj, fc1, fc2 biases per layer; patch-embed bias
    params += v.num_layers * (4 * v.hidden + (ffn_matrices(v.activation) - 1) * v.intermediate + v.hidden) + v.hidden;
  if (c.opt.count_norms) params += v.num_layers * 2 * v.hidden + v.hidden;
  enc.params_total = enc.params_active = params;
  if (images > 0) {
    const VitLayerFlops lf = vit_layer_flops(v, v.tokens_per_image);
    const double patch = 2.0 * static_cast<double>(vit_patch_embed_params(v)) * n;
    enc.prefill.flops = (static_cast<double>(v.num_layers) * lf.total() + patch) * images;
    enc.prefill.weight_bytes = static_cast<double>(params) * wb;
    // Each layer reads and writes the token activations about six times (attention, MLP).
    enc.prefill.activation_bytes =
        static_cast<double>(v.num_layers) * 6.0 * n * static_cast<double>(v.hidden) * c.ab * images;
  }
  out.push_back(enc);

  if (!v.projector.empty()) {
    OpCost proj = make_op(OpKind::kVisionProjector, OpScope::kVision, -1, "mlp");
    proj.params_total = proj.params_active = vision_projector_params(v);
    if (images > 0) {
      const double tokens = n / static_cast<double>(v.merge_factor > 0 ? v.merge_factor : 1);
      for (const auto& [in, o] : v.projector) {
        proj.prefill.flops += 2.0 * static_cast<double>(in * o) * tokens * images;
        proj.prefill.activation_bytes += static_cast<double>(in + o) * c.ab * tokens * images;
      }
      proj.prefill.weight_bytes = static_cast<double>(proj.params_total) * wb;
    }
    out.push_back(proj);
  }
}

}  // namespace llmsa::model
