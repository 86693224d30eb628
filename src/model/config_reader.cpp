#include "model/config_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/json_document.hpp"
#include "model/config_fields.hpp"

namespace llmsa::model {

namespace {

// Which layer families a model_type may use; the fields then decide per layer.
enum class Family { kDecoder, kMla, kMsa, kNemotronH, kQwenNext };

struct KnownType {
  const char* model_type;
  Family family;
};
constexpr std::array<KnownType, 17> kKnownTypes{{
    {"deepseek_v2", Family::kMla},      {"deepseek_v3", Family::kMla},     {"kimi_k2", Family::kMla},
    {"llama", Family::kDecoder},        {"minimax_m2", Family::kDecoder},  {"minimax_m3", Family::kMsa},
    {"mistral", Family::kDecoder},      {"mixtral", Family::kDecoder},     {"nemotron_h", Family::kNemotronH},
    {"qwen2", Family::kDecoder},        {"qwen2_moe", Family::kDecoder},   {"qwen3", Family::kDecoder},
    {"qwen3_5_moe", Family::kQwenNext}, {"qwen3_5_moe_text", Family::kQwenNext},
    {"qwen3_moe", Family::kDecoder},    {"qwen3_next", Family::kQwenNext}, {"mistral3", Family::kDecoder},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The first present field of `names`, required positive.
std::int64_t first_positive(const ConfigObject& o, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (o.has(n)) return o.positive(n);
  o.fail(*names.begin(), fmt::format("required field is missing (also looked for {})",
                                     fmt::join(names.begin() + 1, names.end(), ", ")));
}

std::optional<std::int64_t> first_opt_positive(const ConfigObject& o, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (o.has(n)) return o.positive(n);
  return std::nullopt;
}

Activation activation_of(const ConfigObject& o, std::string_view field, Activation fallback) {
  const auto s = o.opt_string(field);
  if (!s) return fallback;
  const std::string a = lower(*s);
  if (a == "silu" || a == "swish" || a == "swiglu" || a == "swigluoai" || a == "swiglu_oai" || a == "swiglu-oai")
    return Activation::kSwiGlu;
  if (a == "relu2" || a == "relu_squared" || a == "squared_relu") return Activation::kRelu2;
  if (a.rfind("gelu", 0) == 0 || a == "quick_gelu") return Activation::kGelu;
  o.fail(field, fmt::format("unsupported activation \"{}\" (expected silu/swiglu, relu2 or gelu)", *s));
}

// A per-layer array of length `n` (`what` says what its entries are, for messages).
const nlohmann::json& layer_array(const ConfigObject& o, std::string_view field, std::int64_t n) {
  const nlohmann::json* v = o.raw(field);
  if (!v->is_array()) o.fail(field, fmt::format("expected an array, found {}", json_type_name(*v)));
  if (static_cast<std::int64_t>(v->size()) != n)
    o.fail(field, fmt::format("expected {} entries (num_hidden_layers), found {}", n, v->size()));
  return *v;
}

int flag_entry(const ConfigObject& o, std::string_view field, const nlohmann::json& e, std::size_t i) {
  if (e.is_number_integer() && (e.get<std::int64_t>() == 0 || e.get<std::int64_t>() == 1))
    return static_cast<int>(e.get<std::int64_t>());
  if (e.is_boolean()) return e.get<bool>() ? 1 : 0;
  o.fail(field, fmt::format("entry {}: expected 0 or 1, found {}", i, json_type_name(e)));
}

LayerSpec block_of(const ConfigObject& o, std::string_view field, std::string_view type, std::size_t i) {
  const std::string t = lower(type);
  if (t == "mamba" || t == "m") return {MixerKind::kMamba2, FfnKind::kNone};
  if (t == "attention" || t == "*") return {MixerKind::kAttention, FfnKind::kNone};
  if (t == "moe" || t == "e") return {MixerKind::kNone, FfnKind::kMoe};
  if (t == "mlp" || t == "-") return {MixerKind::kNone, FfnKind::kDense};
  o.fail(field, fmt::format("entry {}: unknown block type \"{}\" (expected mamba, attention, moe or mlp)", i, type));
}

std::vector<LayerSpec> blocks_of(const ConfigObject& o, std::string_view field, const nlohmann::json& v) {
  std::vector<LayerSpec> out;
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    for (std::size_t i = 0; i < s.size(); ++i) out.push_back(block_of(o, field, std::string_view(&s[i], 1), i));
    return out;
  }
  if (!v.is_array()) o.fail(field, fmt::format("expected an array or a pattern string, found {}", json_type_name(v)));
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) o.fail(field, fmt::format("entry {}: expected a string, found {}", i, json_type_name(v[i])));
    out.push_back(block_of(o, field, v[i].get<std::string>(), i));
  }
  return out;
}

AttentionSpec read_attention(const ConfigObject& o, std::int64_t hidden, Family family, std::string_view model_type) {
  AttentionSpec a;
  a.present = true;
  a.num_heads = o.positive("num_attention_heads");
  a.num_kv_heads = o.opt_positive("num_key_value_heads").value_or(a.num_heads);
  if (a.num_kv_heads > a.num_heads || a.num_heads % a.num_kv_heads != 0)
    o.fail("num_key_value_heads", fmt::format("inconsistent heads: {} KV heads do not divide {} attention heads",
                                              a.num_kv_heads, a.num_heads));
  if (auto hd = first_opt_positive(o, {"head_dim", "attention_head_dim"})) {
    a.qk_head_dim = *hd;
  } else {
    if (hidden % a.num_heads != 0)
      o.fail("num_attention_heads", fmt::format("inconsistent heads: hidden_size {} is not divisible by {} heads and "
                                                "no head_dim is given", hidden, a.num_heads));
    a.qk_head_dim = hidden / a.num_heads;
  }
  a.v_head_dim = o.opt_positive("v_head_dim").value_or(a.qk_head_dim);
  a.gated_output = family == Family::kQwenNext && o.bool_or("attn_output_gate", true);
  a.qk_norm = model_type == "qwen3" || model_type == "qwen3_moe" || family == Family::kQwenNext;
  if (const nlohmann::json* q = o.raw("use_qk_norm")) a.qk_norm = q->is_boolean() ? q->get<bool>() : q->is_string();
  a.bias = model_type == "qwen2" ? true : o.bool_or("attention_bias", false);
  if (o.has("sliding_window")) a.sliding_window = o.non_negative_or("sliding_window", 0);
  return a;
}

MlaSpec read_mla(const ConfigObject& o) {
  MlaSpec m;
  m.present = true;
  m.num_heads = o.positive("num_attention_heads");
  m.q_lora_rank = o.non_negative_or("q_lora_rank", 0);
  m.kv_lora_rank = o.positive("kv_lora_rank");
  m.qk_nope_head_dim = o.positive("qk_nope_head_dim");
  m.qk_rope_head_dim = o.positive("qk_rope_head_dim");
  m.v_head_dim = o.positive("v_head_dim");
  return m;
}

MsaSpec read_msa(const ConfigObject& o) {
  const auto sub = o.child("sparse_attention_config");
  if (!sub) o.fail("sparse_attention_config", "required for MiniMax sparse attention, but missing");
  MsaSpec m;
  m.present = true;
  m.index_heads = sub->positive("sparse_num_index_heads");
  m.index_dim = sub->positive("sparse_index_dim");
  m.block_size = sub->positive("sparse_block_size");
  m.topk_blocks = sub->positive("sparse_topk_blocks");
  return m;
}

Mamba2Spec read_mamba2(const ConfigObject& o, std::int64_t hidden) {
  Mamba2Spec m;
  m.present = true;
  m.num_heads = o.positive("mamba_num_heads");
  m.head_dim = o.positive("mamba_head_dim");
  m.state_size = o.positive("ssm_state_size");
  m.n_groups = o.positive("n_groups");
  m.conv_kernel = o.positive("conv_kernel");
  m.chunk_size = o.opt_positive("chunk_size").value_or(128);  // HF NemotronHConfig default
  m.conv_bias = o.bool_or("use_conv_bias", true);
  if (m.num_heads % m.n_groups != 0)
    o.fail("n_groups", fmt::format("inconsistent heads: {} groups do not divide {} mamba heads", m.n_groups, m.num_heads));
  // Compared in double: the sizes are not yet known to be small enough for int64 products.
  if (auto e = o.opt_positive("expand");
      e && static_cast<double>(*e) * static_cast<double>(hidden) !=
               static_cast<double>(m.num_heads) * static_cast<double>(m.head_dim))
    o.fail("mamba_num_heads", fmt::format("inconsistent: mamba_num_heads x mamba_head_dim = {:.0f}, but expand x "
                                          "hidden_size = {:.0f}", static_cast<double>(m.num_heads) * static_cast<double>(m.head_dim),
                                          static_cast<double>(*e) * static_cast<double>(hidden)));
  return m;
}

GdnSpec read_gdn(const ConfigObject& o) {
  GdnSpec g;
  g.present = true;
  g.num_key_heads = o.positive("linear_num_key_heads");
  g.key_head_dim = o.positive("linear_key_head_dim");
  g.num_value_heads = o.positive("linear_num_value_heads");
  g.value_head_dim = o.positive("linear_value_head_dim");
  g.conv_kernel = o.positive("linear_conv_kernel_dim");
  if (g.num_value_heads % g.num_key_heads != 0)
    o.fail("linear_num_value_heads", fmt::format("inconsistent heads: {} key heads do not divide {} value heads",
                                                 g.num_key_heads, g.num_value_heads));
  return g;
}

MoeSpec read_moe(const ConfigObject& o, Family family, std::string_view model_type) {
  MoeSpec m;
  auto experts = first_opt_positive(o, {"n_routed_experts", "num_local_experts", "num_experts"});
  if (!experts) return m;
  m.present = true;
  m.num_experts = *experts;
  m.top_k = o.positive("num_experts_per_tok");
  if (m.top_k > m.num_experts)
    o.fail("num_experts_per_tok", fmt::format("{} experts per token exceed the {} experts", m.top_k, m.num_experts));
  // MiniMax names the routed-expert width intermediate_size (the dense one dense_intermediate_size).
  m.expert_intermediate =
      family == Family::kMsa ? o.positive("intermediate_size") : first_positive(o, {"moe_intermediate_size", "intermediate_size"});
  m.activation = activation_of(o, o.has("mlp_hidden_act") ? "mlp_hidden_act" : "hidden_act", Activation::kSwiGlu);
  m.latent_size = o.non_negative_or("moe_latent_size", 0);
  if (o.has("shared_expert_intermediate_size")) {  // Qwen: one gated shared expert
    m.num_shared = 1;
    m.shared_intermediate = o.non_negative_or("shared_expert_intermediate_size", 0);
    m.shared_gate = m.shared_intermediate > 0;
  } else if (const std::int64_t n = o.non_negative_or("n_shared_experts", 0); n > 0) {
    m.num_shared = n;
    m.shared_intermediate = o.has("moe_shared_expert_intermediate_size")
                                ? o.positive("moe_shared_expert_intermediate_size") / n  // total width given
                            : o.has("shared_intermediate_size") ? o.positive("shared_intermediate_size")
                                                                : m.expert_intermediate;
  }
  const auto topk_method = o.opt_string("topk_method");
  m.router_bias = (topk_method && *topk_method == "noaux_tc") || o.bool_or("use_routing_bias", false) ||
                  model_type == "nemotron_h";
  return m;
}

VisionSpec read_vision(const ConfigObject& v, std::int64_t lm_hidden) {
  VisionSpec s;
  s.present = true;
  s.num_layers = first_positive(v, {"num_hidden_layers", "depth", "vt_num_hidden_layers"});
  s.hidden = first_positive(v, {"hidden_size", "embed_dim", "vt_hidden_size"});
  s.num_heads = first_positive(v, {"num_attention_heads", "num_heads", "vt_num_attention_heads"});
  if (s.hidden % s.num_heads != 0)
    v.fail("num_attention_heads", fmt::format("inconsistent heads: hidden size {} is not divisible by {} heads",
                                              s.hidden, s.num_heads));
  s.intermediate = first_positive(v, {"intermediate_size", "vt_intermediate_size"});
  s.activation = activation_of(v, "hidden_act", Activation::kGelu);
  s.patch_size = first_positive(v, {"patch_size", "vt_patch_size"});
  s.in_channels = v.opt_positive("in_channels").value_or(3);
  s.temporal_patch_size = v.opt_positive("temporal_patch_size").value_or(1);
  std::int64_t merge = v.opt_positive("spatial_merge_size").value_or(1);
  if (const nlohmann::json* mk = v.raw("merge_kernel_size"); mk && mk->is_array() && mk->size() == 2 &&
                                                              (*mk)[0].is_number_integer() && (*mk)[1].is_number_integer()) {
    const auto a = (*mk)[0].get<std::int64_t>(), b = (*mk)[1].get<std::int64_t>();
    if (a <= 0 || b <= 0 || a > 64 || b > 64) v.fail("merge_kernel_size", "expected two positive sizes");
    s.merge_factor = a * b;
  } else {
    if (merge > 64) v.fail("spatial_merge_size", "expected at most 64");
    s.merge_factor = merge * merge;
  }
  if (auto t = v.opt_positive("tokens_per_image")) {
    s.tokens_per_image = *t;
  } else if (auto img = v.opt_positive("image_size")) {
    if (*img > (1 << 20)) v.fail("image_size", fmt::format("expected at most {} pixels a side, found {}", 1 << 20, *img));
    const std::int64_t side = *img / s.patch_size;
    s.tokens_per_image = side * side;
  }
  if (const nlohmann::json* p = v.raw("projector_layers")) {  // llmsa extension: explicit [in, out] pairs
    if (!p->is_array()) v.fail("projector_layers", "expected an array of [in, out] pairs");
    for (std::size_t i = 0; i < p->size(); ++i) {
      const auto& e = (*p)[i];
      if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() || !e[1].is_number_integer() ||
          e[0].get<std::int64_t>() <= 0 || e[1].get<std::int64_t>() <= 0 || e[0].get<std::int64_t>() > (1 << 24) ||
          e[1].get<std::int64_t>() > (1 << 24))
        v.fail("projector_layers", fmt::format("entry {}: expected [in, out] with positive sizes", i));
      s.projector.emplace_back(e[0].get<std::int64_t>(), e[1].get<std::int64_t>());
    }
  } else {
    // Qwen2-VL / MoonViT style merger: merge m^2 patches, then Linear -> GELU -> Linear.
    const std::int64_t merged = s.hidden * s.merge_factor;
    const std::int64_t out = first_opt_positive(v, {"out_hidden_size", "projection_dim"}).value_or(lm_hidden);
    s.projector = {{merged, merged}, {merged, out}};
  }
  return s;
}

std::vector<LayerSpec> mtp_layers(const ConfigObject& o, Family family, const ModelSpec& s, std::int64_t& modules) {
  const MixerKind main_mixer = family == Family::kMla   ? MixerKind::kMla
                               : family == Family::kMsa ? MixerKind::kMsa
                                                        : MixerKind::kAttention;
  const FfnKind ffn = s.moe.present ? FfnKind::kMoe : FfnKind::kDense;
  modules = 0;
  if (const nlohmann::json* v = o.raw("mtp_layers_block_type")) {
    modules = o.non_negative_or("num_nextn_predict_layers", 1);
    return blocks_of(o, "mtp_layers_block_type", *v);
  }
  if (o.has("num_nextn_predict_layers")) {
    modules = o.non_negative_or("num_nextn_predict_layers", 0);
    return {{main_mixer, ffn}};
  }
  if (o.has("mtp_num_hidden_layers")) {  // Qwen3-Next / Qwen3.5: one module of n layers
    const std::int64_t n = o.non_negative_or("mtp_num_hidden_layers", 0);
    if (n > 64) o.fail("mtp_num_hidden_layers", "expected at most 64");
    modules = n > 0 ? 1 : 0;
    return std::vector<LayerSpec>(static_cast<std::size_t>(n), LayerSpec{main_mixer, ffn});
  }
  if (o.has("num_mtp_modules")) {
    modules = o.non_negative_or("num_mtp_modules", 0);
    return {{main_mixer, ffn}};
  }
  return {};
}

// Sizes are int64 and products of sizes must not overflow: refuse configs whose weights would
// exceed 10^17 parameters (five orders of magnitude above any real model), estimated in double.
void check_magnitudes(const ModelSpec& s, const ConfigObject& lm) {
  auto D = [](std::int64_t x) { return static_cast<double>(x); };
  const double d = D(s.hidden);
  double layer = 0;
  const AttentionSpec& a = s.attention;
  layer += d * D(a.num_heads) * D(a.qk_head_dim) * 2 + d * D(a.num_kv_heads) * D(a.qk_head_dim + a.v_head_dim) +
           D(a.num_heads) * D(a.v_head_dim) * d + D(a.num_heads) * D(a.qk_head_dim + a.v_head_dim) * 2;
  const MlaSpec& m = s.mla;
  const double q_in = m.q_lora_rank > 0 ? D(m.q_lora_rank) : d;
  layer += d * q_in + q_in * D(m.num_heads) * D(m.qk_nope_head_dim + m.qk_rope_head_dim) +
           d * D(m.num_heads) * D(m.qk_rope_head_dim) + d * D(m.kv_lora_rank + m.qk_rope_head_dim) +
           D(m.kv_lora_rank) * D(m.num_heads) * D(m.qk_nope_head_dim + m.v_head_dim) + D(m.num_heads) * D(m.v_head_dim) * d;
  layer += 2 * d * D(s.msa.index_heads + s.msa.index_kv_heads) * D(s.msa.index_dim) + D(s.msa.block_size) * D(s.msa.topk_blocks);
  const Mamba2Spec& mb = s.mamba2;
  layer += d * (2 * D(mb.num_heads) * D(mb.head_dim) + 2 * D(mb.n_groups) * D(mb.state_size) + D(mb.num_heads)) * 2 +
           (D(mb.num_heads) * D(mb.head_dim) + 2 * D(mb.n_groups) * D(mb.state_size)) * D(mb.conv_kernel + 2) +
           D(mb.num_heads) * D(mb.head_dim) * D(mb.state_size) + D(mb.chunk_size);
  const GdnSpec& g = s.gdn;
  const double conv = 2 * D(g.num_key_heads) * D(g.key_head_dim) + D(g.num_value_heads) * D(g.value_head_dim);
  layer += d * conv * 3 + conv * D(g.conv_kernel + 1) + 3 * d * D(g.num_value_heads) +
           D(g.num_value_heads) * D(g.key_head_dim) * D(g.value_head_dim);
  layer += 3 * d * D(s.dense_ffn.intermediate);
  const MoeSpec& e = s.moe;
  layer += D(e.num_experts) * 3 * std::max(d, D(e.latent_size)) * D(e.expert_intermediate) +
           D(e.num_shared) * 3 * d * D(e.shared_intermediate) + 2 * d * D(e.num_experts) + 2 * d * D(e.latent_size) + d;
  const VisionSpec& v = s.vision;
  double vision = D(v.num_layers) * (4 * D(v.hidden) * D(v.hidden) + 3 * D(v.hidden) * D(v.intermediate) + 8 * D(v.hidden)) +
                  D(v.in_channels) * D(v.temporal_patch_size) * D(v.patch_size) * D(v.patch_size) * D(v.hidden) +
                  D(v.tokens_per_image) * D(v.hidden);
  for (const auto& [in, out] : v.projector) vision += D(in) * D(out);
  const double layers = D(s.num_layers()) + D(s.mtp.num_modules) * (D(static_cast<std::int64_t>(s.mtp.layers.size())) + 1) + 1;
  const double total = layers * layer + 2 * D(s.vocab) * d + vision;
  if (!(total < 1e17))
    lm.fail("hidden_size", fmt::format("the sizes multiply to about {:.3g} parameters; no real model is that large", total));
}

std::string preset_path(std::string_view name) { return fmt::format("models/{}.json", name); }

}  // namespace

std::vector<std::string> supported_model_types() {
  std::vector<std::string> out;
  for (const auto& k : kKnownTypes) out.emplace_back(k.model_type);
  std::sort(out.begin(), out.end());
  return out;
}

ModelSpec read_model_config(std::string_view json_text, const std::string& file, const std::string& name) {
  nlohmann::json root = parse_json_document(json_text, file);
  if (!root.is_object()) throw_bad_input({file, -1, -1, ""}, "expected a JSON object at the top level");

  const ConfigObject top(root, file, "");
  std::optional<ConfigObject> text;
  if (auto tc = top.child("text_config")) text.emplace(*root.find("text_config"), file, "text_config", &top);
  const ConfigObject& lm = text ? *text : top;

  const auto model_type = lm.opt_string("model_type");
  if (!model_type) lm.fail("model_type", "required field is missing: cannot tell the architecture");
  const auto known = std::find_if(kKnownTypes.begin(), kKnownTypes.end(),
                                  [&](const KnownType& k) { return *model_type == k.model_type; });
  if (known == kKnownTypes.end())
    lm.fail("model_type", fmt::format("unknown architecture \"{}\"; supported: {}", *model_type, join(supported_model_types())));
  const Family family = known->family;

  ModelSpec s;
  s.name = name;
  s.source = file;
  s.model_type = *model_type;
  s.hidden = lm.positive("hidden_size");
  s.vocab = lm.positive("vocab_size");
  const std::int64_t L = lm.positive("num_hidden_layers");
  if (L > 100000) lm.fail("num_hidden_layers", fmt::format("expected at most 100000 layers, found {}", L));
  s.tie_embeddings = lm.bool_or("tie_word_embeddings", false);

  if (family == Family::kMla) {
    s.mla = read_mla(lm);
  } else {
    s.attention = read_attention(lm, s.hidden, family, *model_type);
  }
  if (family == Family::kMsa) s.msa = read_msa(lm);
  if (family == Family::kNemotronH) s.mamba2 = read_mamba2(lm, s.hidden);
  if (family == Family::kQwenNext) s.gdn = read_gdn(lm);
  s.moe = read_moe(lm, family, *model_type);

  // Mixer per layer.
  const MixerKind full = family == Family::kMla ? MixerKind::kMla : MixerKind::kAttention;
  s.layers.assign(static_cast<std::size_t>(L), LayerSpec{full, FfnKind::kNone});
  bool blocks = false;  // Nemotron-H: each entry is a mixer-only or FFN-only block
  if (family == Family::kNemotronH) {
    const char* field = lm.has("layers_block_type") ? "layers_block_type" : "hybrid_override_pattern";
    if (!lm.has(field)) lm.fail("layers_block_type", "required for nemotron_h (or hybrid_override_pattern), but missing");
    s.layers = blocks_of(lm, field, *lm.raw(field));
    if (static_cast<std::int64_t>(s.layers.size()) != L)
      lm.fail(field, fmt::format("expected {} entries (num_hidden_layers), found {}", L, s.layers.size()));
    blocks = true;
  } else if (lm.has("layer_types")) {
    const auto& v = layer_array(lm, "layer_types", L);
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string t = v[i].is_string() ? v[i].get<std::string>() : std::string();
      MixerKind k;
      if (t == "full_attention" || t == "attention") k = full;
      else if (t == "sliding_attention") k = MixerKind::kSlidingAttention;
      else if (t == "linear_attention" && s.gdn.present) k = MixerKind::kGatedDeltaNet;
      else lm.fail("layer_types", fmt::format("entry {}: unsupported layer type {}", i, json_type_name(v[i])));
      s.layers[i].mixer = k;
    }
  } else if (s.gdn.present) {
    const std::int64_t every = lm.positive("full_attention_interval");
    for (std::int64_t i = 0; i < L; ++i)
      s.layers[static_cast<std::size_t>(i)].mixer = (i + 1) % every == 0 ? MixerKind::kAttention : MixerKind::kGatedDeltaNet;
  } else if (family == Family::kMsa) {
    if (lm.has("sparse_disable_index_value")) {
      // 0: full attention (the first layers); 1: MSA.
      const auto& v = layer_array(lm, "sparse_disable_index_value", L);
      for (std::size_t i = 0; i < v.size(); ++i)
        s.layers[i].mixer = flag_entry(lm, "sparse_disable_index_value", v[i], i) ? MixerKind::kMsa : MixerKind::kAttention;
    } else {
      for (auto& l : s.layers) l.mixer = MixerKind::kMsa;
    }
  } else if (family == Family::kDecoder && s.attention.sliding_window > 0 && lm.bool_or("use_sliding_window", true)) {
    for (auto& l : s.layers) l.mixer = MixerKind::kSlidingAttention;
  }
  for (std::size_t i = 0; i < s.layers.size(); ++i)
    if (s.layers[i].mixer == MixerKind::kSlidingAttention && s.attention.sliding_window <= 0)
      lm.fail("sliding_window", fmt::format("layer {} is a sliding-window layer but no positive sliding_window is given", i));

  // FFN per layer.
  if (!blocks) {
    if (!s.moe.present) {
      for (auto& l : s.layers) l.ffn = FfnKind::kDense;
    } else if (const nlohmann::json* f = lm.raw("moe_layer_freq"); f && f->is_array()) {
      const auto& v = layer_array(lm, "moe_layer_freq", L);
      for (std::size_t i = 0; i < v.size(); ++i)
        s.layers[i].ffn = flag_entry(lm, "moe_layer_freq", v[i], i) ? FfnKind::kMoe : FfnKind::kDense;
    } else {
      const std::int64_t freq = lm.has("moe_layer_freq") ? lm.positive("moe_layer_freq") : 1;
      const std::int64_t first_dense = lm.non_negative_or("first_k_dense_replace", 0);
      const std::int64_t step = lm.has("decoder_sparse_step") ? lm.positive("decoder_sparse_step") : 1;
      std::vector<std::int64_t> mlp_only;
      if (const nlohmann::json* m = lm.raw("mlp_only_layers")) {
        if (!m->is_array()) lm.fail("mlp_only_layers", fmt::format("expected an array, found {}", json_type_name(*m)));
        for (const auto& e : *m) {
          if (!e.is_number_integer()) lm.fail("mlp_only_layers", fmt::format("expected layer indices, found {}", json_type_name(e)));
          mlp_only.push_back(e.get<std::int64_t>());
        }
      }
      for (std::int64_t i = 0; i < L; ++i) {
        const bool moe = i >= first_dense && i % freq == 0 && (i + 1) % step == 0 &&
                         std::find(mlp_only.begin(), mlp_only.end(), i) == mlp_only.end();
        s.layers[static_cast<std::size_t>(i)].ffn = moe ? FfnKind::kMoe : FfnKind::kDense;
      }
    }
  }

  s.mtp.layers = mtp_layers(lm, family, s, s.mtp.num_modules);
  if (s.mtp.num_modules > 64) lm.fail("num_nextn_predict_layers", "expected at most 64 MTP modules");

  const bool needs_dense = std::any_of(s.layers.begin(), s.layers.end(), [](const LayerSpec& l) { return l.ffn == FfnKind::kDense; }) ||
                           (s.mtp.num_modules > 0 && std::any_of(s.mtp.layers.begin(), s.mtp.layers.end(),
                                                                 [](const LayerSpec& l) { return l.ffn == FfnKind::kDense; }));
  if (needs_dense) {
    s.dense_ffn.present = true;
    s.dense_ffn.intermediate = family == Family::kMsa ? lm.positive("dense_intermediate_size") : lm.positive("intermediate_size");
    s.dense_ffn.activation = activation_of(lm, lm.has("mlp_hidden_act") ? "mlp_hidden_act" : "hidden_act", Activation::kSwiGlu);
  }
  const bool needs_mamba = std::any_of(s.layers.begin(), s.layers.end(), [](const LayerSpec& l) { return l.mixer == MixerKind::kMamba2; });
  if (!needs_mamba) s.mamba2.present = false;

  if (auto v = top.child("vision_config")) s.vision = read_vision(*v, s.hidden);
  check_magnitudes(s, lm);
  return s;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> out;
  for (const auto& f : embedded_files("models/")) {
    std::string_view p = f.path;
    if (p.size() < 12 || p.substr(p.size() - 5) != ".json") continue;
    out.emplace_back(p.substr(7, p.size() - 12));
  }
  std::sort(out.begin(), out.end());
  return out;
}

ModelSpec load_model(const std::string& arg) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path path(arg);
  if (fs::is_directory(path, ec)) {
    path /= "config.json";
    if (!fs::is_regular_file(path, ec)) throw_bad_input({arg, -1, -1, ""}, "folder holds no config.json");
  }
  if (fs::is_regular_file(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_bad_input({path.string(), -1, -1, ""}, "cannot open the file");
    if (fs::file_size(path, ec) > (64u << 20)) throw_bad_input({path.string(), -1, -1, ""}, "file is over 64 MiB: not a config.json");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string name = path.filename() == "config.json" && path.has_parent_path()
                                 ? fs::absolute(path, ec).parent_path().filename().string()
                                 : path.stem().string();
    return read_model_config(ss.str(), path.string(), name);
  }
  const std::string wanted = lower(arg);
  for (const std::string& p : preset_names()) {
    if (lower(p) != wanted) continue;
    return read_model_config(require_embedded_file(preset_path(p)), "preset:" + p, p);
  }
  throw_bad_input({arg, -1, -1, ""},
                  fmt::format("not a file, a folder holding config.json, or a built-in preset (presets: {})", join(preset_names())));
}

}  // namespace llmsa::model
