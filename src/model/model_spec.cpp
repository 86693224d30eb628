#include "model/model_spec.hpp"

namespace llmsa::model {

const char* mixer_name(MixerKind kind) {
  switch (kind) {
    case MixerKind::kNone: return "none";
    case MixerKind::kAttention: return "attention";
    case MixerKind::kSlidingAttention: return "swa";
    case MixerKind::kMla: return "mla";
    case MixerKind::kMsa: return "msa";
    case MixerKind::kMamba2: return "mamba2";
    case MixerKind::kGatedDeltaNet: return "gdn";
  }
  return "?";
}

const char* ffn_name(FfnKind kind) {
  switch (kind) {
    case FfnKind::kNone: return "none";
    case FfnKind::kDense: return "dense";
    case FfnKind::kMoe: return "moe";
  }
  return "?";
}

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::kSwiGlu: return "swiglu";
    case Activation::kRelu2: return "relu2";
    case Activation::kGelu: return "gelu";
  }
  return "?";
}

}  // namespace llmsa::model
