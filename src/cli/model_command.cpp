// llmsa model: parameters, FLOPs, bytes and KV cache of a model from its config.json or a preset.
#include <fmt/format.h>

#include <cstdio>

#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "model/analysis.hpp"
#include "model/analysis_render.hpp"
#include "model/config_reader.hpp"

namespace llmsa::cli {
namespace {

using namespace llmsa::model;

class ModelCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("model", "Parameters, FLOPs, bytes and KV cache of a model, per layer and component");
    sub->add_option("config", config_, "config.json, a folder holding one, or a preset name")->required();
    sub->add_option("--seq", seq_, "New tokens T per sequence in the prefill (4096, 128K, 1M)")->capture_default_str();
    sub->add_option("--prefix", prefix_, "Tokens P already cached before the prefill (chunked prefill)")->capture_default_str();
    sub->add_option("--batch", batch_, "Sequences B")->capture_default_str()->check(CLI::Range(1, 1 << 24));
    sub->add_option("--images", images_, "Images per sequence, encoded by the vision tower in prefill")
        ->capture_default_str()->check(CLI::Range(0, 1 << 20));
    sub->add_option("--phase", phase_, "Phases to show")->check(CLI::IsMember({"prefill", "decode", "both"}))->capture_default_str();
    sub->add_flag("--per-layer", per_layer_, "Show every layer (identical consecutive layers grouped in the table)");
    add_format_option(sub, format_, {"table", "json", "csv"});
    sub->add_option("--causal", causal_, "Causal pair counting: exact s(s+1)/2, half s^2/2, full s^2")
        ->check(CLI::IsMember({"exact", "half", "full"}))->capture_default_str();
    sub->add_flag("--no-norms", no_norms_, "Do not count norm weights and FLOPs (the methodology ignores them)");
    sub->add_flag("--no-biases", no_biases_, "Do not count biases and router correction biases");
    sub->add_flag("--mla-q-rope-from-hidden", mla_split_, "MLA as in the methodology: separate W_q_rope from the hidden state");
    sub->add_flag("--msa-uncapped", msa_uncapped_, "MSA selects block*topk keys even when the context is shorter (methodology)");
    sub->add_flag("--ssm-scan-methodology", ssm_methodology_,
                  "Mamba-2 scan FLOPs by the methodology's estimate instead of the SSD matmuls");
    sub->add_flag("--swa-kv-window", swa_window_, "Sliding-window layers keep only the window in the KV cache");
    sub->add_option("--conv-state", conv_state_, "Conv-state columns kept: kernel-1 (vLLM) or kernel (HF Mamba2 cache)")
        ->check(CLI::IsMember({"kernel-1", "kernel"}))->capture_default_str();
    sub->add_option("--logits", logits_, "Prefill logits for the last token per sequence or for all tokens")
        ->check(CLI::IsMember({"last", "all"}))->capture_default_str();
    sub->add_flag("--methodology", methodology_,
                  "The methodology's conventions: no norms, no biases, half-square causal, MLA q_rope from hidden, MSA uncapped, "
                  "its Mamba-2 scan estimate");
    sub->add_option("--weight-dtype", weight_dtype_, "Weight dtype (fp32, bf16, fp16, fp8, int8, int4, fp4)")->capture_default_str();
    sub->add_option("--act-dtype", act_dtype_, "Activation dtype")->capture_default_str();
    sub->add_option("--kv-dtype", kv_dtype_, "KV-cache dtype")->capture_default_str();
    sub->add_option("--state-dtype", state_dtype_, "Mamba-2 / GDN recurrent state dtype")->capture_default_str();
    sub->add_option("--conv-dtype", conv_dtype_, "Conv-state dtype")->capture_default_str();
    sub->add_option("--units", units_, "Byte units shown: GiB (2^30) or GB (10^9)")->check(CLI::IsMember({"GiB", "GB"}))->capture_default_str();
    sub->add_option("--million", million_, "What K and M mean in --seq/--prefix: binary (2^10, 2^20) or decimal (10^3, 10^6)")
        ->check(CLI::IsMember({"binary", "decimal"}))->capture_default_str();
    std::string presets;
    for (const auto& p : preset_names()) presets += (presets.empty() ? "" : ", ") + p;
    sub->footer(fmt::format(
        "Examples:\n"
        "  llmsa model DeepSeek-V3 --per-layer\n"
        "  llmsa model path/to/config.json --seq 32K --prefix 96K --batch 8 --format json\n"
        "  llmsa model MiniMax-M3 --seq 1M --million decimal --methodology --phase decode\n"
        "Presets: {}",
        presets));
    return sub;
  }

  int run() override {
    AnalysisOptions o;
    o.token_suffix = million_ == "decimal" ? TokenSuffix::kDecimal : TokenSuffix::kBinary;
    if (methodology_) {
      o.count_norms = false;
      o.count_biases = false;
      o.causal = CausalCounting::kHalfSquare;
      o.mla_q_rope_from_hidden = true;
      o.msa_cap_selected_to_context = false;
      o.ssm_scan_methodology = true;
    }
    if (ssm_methodology_) o.ssm_scan_methodology = true;
    if (causal_) o.causal = *parse_causal_counting(*causal_);
    if (no_norms_) o.count_norms = false;
    if (no_biases_) o.count_biases = false;
    if (mla_split_) o.mla_q_rope_from_hidden = true;
    if (msa_uncapped_) o.msa_cap_selected_to_context = false;
    o.swa_kv_cap_to_window = swa_window_;
    o.conv_state_kernel_minus_one = conv_state_ == "kernel-1";
    o.logits_for_all_tokens = logits_ == "all";
    o.weight_dtype = dtype("--weight-dtype", weight_dtype_);
    o.activation_dtype = dtype("--act-dtype", act_dtype_);
    o.kv_dtype = dtype("--kv-dtype", kv_dtype_);
    o.state_dtype = dtype("--state-dtype", state_dtype_);
    o.conv_state_dtype = dtype("--conv-dtype", conv_dtype_);
    o.byte_unit = units_ == "GB" ? ByteUnit::kGB : ByteUnit::kGiB;

    Workload w;
    w.seq = tokens("--seq", seq_, o.token_suffix);
    w.prefix = tokens("--prefix", prefix_, o.token_suffix);
    w.batch = batch_;
    w.images = images_;

    const ModelSpec spec = load_model(config_);
    const ModelAnalysis a = analyze(spec, w, o);
    RenderOptions r;
    r.per_layer = per_layer_;
    r.phase = phase_ == "prefill" ? PhaseFilter::kPrefill : phase_ == "decode" ? PhaseFilter::kDecode : PhaseFilter::kBoth;
    const std::string text = format_ == "json" ? render_json(spec, a, r) : format_ == "csv" ? render_csv(spec, a, r)
                                                                                          : render_table(spec, a, r);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }

 private:
  static DType dtype(const char* flag, const std::string& v) {
    auto t = parse_dtype(v);
    if (!t) throw_bad_input({"", -1, -1, flag}, fmt::format("unknown dtype \"{}\" (fp32, bf16, fp16, fp8, int8, int4, fp4)", v));
    return *t;
  }
  static std::int64_t tokens(const char* flag, const std::string& v, TokenSuffix s) {
    auto t = parse_token_count(v, s);
    if (!t) throw_bad_input({"", -1, -1, flag}, fmt::format("expected a token count such as 4096, 128K or 1M, found \"{}\"", v));
    return *t;
  }

  std::string config_;
  std::string seq_ = "4096";
  std::string prefix_ = "0";
  std::int64_t batch_ = 1;
  std::int64_t images_ = 0;
  std::string phase_ = "both";
  bool per_layer_ = false;
  std::string format_;
  std::optional<std::string> causal_;
  bool no_norms_ = false, no_biases_ = false, mla_split_ = false, msa_uncapped_ = false, swa_window_ = false;
  bool methodology_ = false, ssm_methodology_ = false;
  std::string conv_state_ = "kernel-1";
  std::string logits_ = "last";
  std::string weight_dtype_ = "bf16", act_dtype_ = "bf16", kv_dtype_ = "bf16", state_dtype_ = "fp32", conv_dtype_ = "bf16";
  std::string units_ = "GiB";
  std::string million_ = "binary";
};

const bool kRegistered = register_subcommand("model", [] { return std::make_unique<ModelCommand>(); });

}  // namespace
}  // namespace llmsa::cli
