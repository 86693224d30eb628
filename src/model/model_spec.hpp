#pragma once
// ModelSpec: everything the analysis needs to know about a model, read from a HuggingFace
// config.json (model/config_reader.hpp). Sizes are int64 element counts; a block that the
// model does not have keeps `present = false`. Layers are listed one by one, because hybrid
// models (Nemotron, Qwen3.5, MiniMax-M3) choose the mixer and the FFN per layer.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace llmsa::model {

// Which token mixer a layer runs.
enum class MixerKind : std::uint8_t {
  kNone,              // an FFN-only block (Nemotron's "moe" blocks)
  kAttention,         // full softmax attention: MHA / GQA / MQA
  kSlidingAttention,  // the same weights, attending to the last `sliding_window` keys
  kMla,               // multi-head latent attention (DeepSeek-V2/V3, Kimi)
  kMsa,               // MiniMax sparse attention: GQA + a lightning indexer choosing key blocks
  kMamba2,            // Mamba-2 SSD
  kGatedDeltaNet,     // Gated DeltaNet linear attention (Qwen3-Next, Qwen3.5)
};

enum class FfnKind : std::uint8_t { kNone, kDense, kMoe };

// SwiGLU (gate, up, down: 3 matrices); ReLU² and GELU (up, down: 2 matrices).
enum class Activation : std::uint8_t { kSwiGlu, kRelu2, kGelu };

struct LayerSpec {
  MixerKind mixer = MixerKind::kNone;
  FfnKind ffn = FfnKind::kNone;
};

struct AttentionSpec {
  bool present = false;
  std::int64_t num_heads = 0;
  std::int64_t num_kv_heads = 0;
  std::int64_t qk_head_dim = 0;  // head_dim of Q and K
  std::int64_t v_head_dim = 0;   // head_dim of V (and of the output heads)
  bool gated_output = false;     // Qwen3-Next / Qwen3.5: q_proj also emits a sigmoid output gate
  bool qk_norm = false;          // per-head RMSNorm on Q and K (counted as norms)
  bool bias = false;             // q/k/v biases (Qwen2 `attention_bias`)
  std::int64_t sliding_window = 0;  // keys a sliding layer attends to; 0 = no sliding layers
};

struct MlaSpec {
  bool present = false;
  std::int64_t num_heads = 0;
  std::int64_t q_lora_rank = 0;  // 0: queries are projected straight from the hidden state
  std::int64_t kv_lora_rank = 0;
  std::int64_t qk_nope_head_dim = 0;
  std::int64_t qk_rope_head_dim = 0;
  std::int64_t v_head_dim = 0;
};

// MiniMax sparse attention: the main attention is GQA (AttentionSpec); the indexer scores key
// blocks with its own heads, and each query attends to `topk_blocks` blocks of `block_size`.
struct MsaSpec {
  bool present = false;
  std::int64_t index_heads = 0;
  std::int64_t index_dim = 0;
  std::int64_t index_kv_heads = 1;  // one index-K head shared by all index heads
  std::int64_t block_size = 0;
  std::int64_t topk_blocks = 0;
  bool index_qk_norm = true;
  std::int64_t selected_keys() const { return block_size * topk_blocks; }
};

struct Mamba2Spec {
  bool present = false;
  std::int64_t num_heads = 0;
  std::int64_t head_dim = 0;
  std::int64_t state_size = 0;  // N
  std::int64_t n_groups = 0;
  std::int64_t conv_kernel = 0;
  std::int64_t chunk_size = 0;
  bool conv_bias = true;
  std::int64_t inner() const { return num_heads * head_dim; }
  std::int64_t conv_dim() const { return inner() + 2 * n_groups * state_size; }
};

struct GdnSpec {
  bool present = false;
  std::int64_t num_key_heads = 0;
  std::int64_t key_head_dim = 0;
  std::int64_t num_value_heads = 0;
  std::int64_t value_head_dim = 0;
  std::int64_t conv_kernel = 0;
  std::int64_t chunk_size = 64;  // chunked delta rule (flash-linear-attention default)
  std::int64_t key_dim() const { return num_key_heads * key_head_dim; }
  std::int64_t value_dim() const { return num_value_heads * value_head_dim; }
  std::int64_t conv_dim() const { return 2 * key_dim() + value_dim(); }
};

struct DenseFfnSpec {
  bool present = false;
  std::int64_t intermediate = 0;
  Activation activation = Activation::kSwiGlu;
};

struct MoeSpec {
  bool present = false;
  std::int64_t num_experts = 0;
  std::int64_t top_k = 0;
  std::int64_t expert_intermediate = 0;
  Activation activation = Activation::kSwiGlu;
  std::int64_t num_shared = 0;             // shared experts (0: none)
  std::int64_t shared_intermediate = 0;    // width of one shared expert
  bool shared_gate = false;                // Qwen: a d -> 1 sigmoid gate on the shared expert
  std::int64_t latent_size = 0;            // Nemotron LatentMoE: routed experts work in this width
  bool router_bias = false;                // DeepSeek-V3 e_score_correction_bias (E scalars)
};

// Multi-token-prediction modules: each is an input projection (2d -> d, unless
// `input_projection` is false) plus these layers; embedding and LM head are shared.
struct MtpSpec {
  std::int64_t num_modules = 0;
  std::vector<LayerSpec> layers;  // the layers of one module
  bool input_projection = true;
};

struct VisionSpec {
  bool present = false;
  std::int64_t num_layers = 0;
  std::int64_t hidden = 0;
  std::int64_t num_heads = 0;
  std::int64_t intermediate = 0;
  Activation activation = Activation::kGelu;
  std::int64_t patch_size = 0;
  std::int64_t in_channels = 3;
  std::int64_t temporal_patch_size = 1;
  std::int64_t tokens_per_image = 0;  // tokens the ViT encodes per image
  std::int64_t merge_factor = 1;      // ViT tokens merged into one projector token (spatial_merge_size^2)
  // Linear layers of the projector into the language model, [in, out] each.
  std::vector<std::pair<std::int64_t, std::int64_t>> projector;
  std::int64_t head_dim() const { return num_heads > 0 ? hidden / num_heads : 0; }
};

struct ModelSpec {
  std::string name;        // preset name or file stem
  std::string source;      // file or "preset:<name>" it was read from
  std::string model_type;  // HF model_type of the language model
  std::int64_t hidden = 0;
  std::int64_t vocab = 0;
  bool tie_embeddings = false;
  std::vector<LayerSpec> layers;  // the main decoder stack, in order

  AttentionSpec attention;  // used by kAttention, kSlidingAttention and kMsa layers
  MlaSpec mla;
  MsaSpec msa;
  Mamba2Spec mamba2;
  GdnSpec gdn;
  DenseFfnSpec dense_ffn;
  MoeSpec moe;
  MtpSpec mtp;
  VisionSpec vision;

  std::int64_t num_layers() const { return static_cast<std::int64_t>(layers.size()); }
};

const char* mixer_name(MixerKind kind);    // "attention", "swa", "mla", "msa", "mamba2", "gdn", "none"
const char* ffn_name(FfnKind kind);        // "dense", "moe", "none"
const char* activation_name(Activation a);  // "swiglu", "relu2", "gelu"

}  // namespace llmsa::model
