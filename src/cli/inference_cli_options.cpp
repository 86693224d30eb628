#include "cli/inference_cli_options.hpp"

#include <fmt/format.h>

#include <fstream>

#include "core/error.hpp"
#include "core/error_location.hpp"
#include "model/config_reader.hpp"

namespace llmsa::cli {

void InferenceFlags::add_model_device(CLI::App* app) {
  app->add_option("model", model, "config.json, a folder holding one, or a preset name")->required();
  app->add_option("--device", device, "Device from the hardware database (llmsa hw list)")->capture_default_str();
  app->add_option("--hw-file", hw_files, "Extra hardware JSON (llmsa.hardware/1)");
}

void InferenceFlags::add_layout(CLI::App* app) {
  app->add_option("--tp", tp, "Tensor-parallel size")->capture_default_str()->check(CLI::Range(1, 1024));
  app->add_option("--dp", dp, "Data-parallel replicas")->capture_default_str()->check(CLI::Range(1, 4096));
  app->add_option("--ep", ep, "Expert-parallel size (1: experts tensor-parallel)")->capture_default_str()->check(CLI::Range(1, 4096));
  app->add_option("--node-size", node_size, "Cards per scale-up domain (larger groups use the scale-out link)")
      ->capture_default_str()->check(CLI::Range(1, 4096));
  app->add_option("--link-gbps", link_gb_per_s, "Override the link bandwidth, GB/s per direction");
  app->add_option("--step-latency-us", step_latency_us, "Latency per collective step (us)")->capture_default_str();
}

void InferenceFlags::add_dtypes_efficiency(CLI::App* app) {
  app->add_option("--weight-dtype", weight_dtype, "Weights: bf16, fp16, fp8, int8, int4, fp4")->capture_default_str();
  app->add_option("--act-dtype", act_dtype, "Activations: bf16, fp16, fp8, int8")->capture_default_str();
  app->add_option("--kv-dtype", kv_dtype, "KV cache: bf16, fp8, int8, int4")->capture_default_str();
  app->add_option("--compute-dtype", compute_dtype, "Format of the peak FLOPs used (default: the activation dtype)");
  app->add_option("--efficiency", compute_efficiency, "Fraction of peak compute reached (methodology: 0.75)")
      ->capture_default_str();
  app->add_option("--mem-efficiency", memory_efficiency, "Fraction of HBM bandwidth reached")->capture_default_str();
  app->add_flag("--methodology", methodology, "The methodology's counting: no norms, no biases, full-square attention (Part 7)");
  app->add_option("--causal", causal, "Causal pair counting: exact, half, full")->check(CLI::IsMember({"exact", "half", "full"}));
}

void InferenceFlags::add_memory(CLI::App* app) {
  app->add_option("--overhead-gib", overhead_gib, "Framework overhead per card, GiB")->capture_default_str();
  app->add_option("--usable", usable_fraction, "Fraction of the card usable (vLLM gpu_memory_utilization)")->capture_default_str();
  app->add_option("--block-size", block_size, "PagedAttention block (tokens); 0: no block rounding")->capture_default_str();
  app->add_option("--kv-utilization", kv_utilization, "Pool-wide KV block utilisation instead of block rounding (methodology: 0.96)");
  app->add_option("--activation-gib", activation_gib,
                  "Activations per sequence, GiB (methodology ~5); default: a per-card buffer for --max-batched-tokens");
  app->add_option("--max-batched-tokens", max_batched_tokens, "Tokens per engine iteration sizing the activation buffer")
      ->capture_default_str()->check(CLI::Range(1, 1 << 24));
}

namespace {

model::DType dtype(const std::string& s, const char* flag) {
  auto d = model::parse_dtype(s);
  if (!d) throw_bad_input(at("", flag), fmt::format("unknown dtype '{}' (fp32, bf16, fp16, fp8, int8, int4, fp4)", s));
  return *d;
}

}  // namespace

model::AnalysisOptions InferenceFlags::analysis_options() const {
  model::AnalysisOptions o;
  if (methodology) {
    o.count_norms = false;
    o.count_biases = false;
    o.causal = model::CausalCounting::kFullSquare;
  }
  if (!causal.empty()) o.causal = *model::parse_causal_counting(causal);
  o.weight_dtype = dtype(weight_dtype, "--weight-dtype");
  o.activation_dtype = dtype(act_dtype, "--act-dtype");
  o.kv_dtype = dtype(kv_dtype, "--kv-dtype");
  return o;
}

perf::InferenceConfig InferenceFlags::config() const {
  perf::InferenceConfig c;
  c.layout = perf::InferenceLayout{tp, dp, ep};
  c.efficiency = perf::Efficiency{compute_efficiency, memory_efficiency};
  if (!compute_dtype.empty()) {
    auto d = hw::parse_dtype(compute_dtype);
    if (!d) throw_bad_input(at("", "--compute-dtype"), fmt::format("unknown dtype '{}'", compute_dtype));
    c.compute_dtype = *d;
  }
  c.comm.node_size = node_size;
  c.comm.step_latency_seconds = step_latency_us * 1e-6;
  if (link_gb_per_s > 0) c.comm.link_bytes_per_s = link_gb_per_s * 1e9;
  return c;
}

perf::MemoryOptions InferenceFlags::memory_options() const {
  perf::MemoryOptions m;
  m.framework_overhead_bytes = overhead_gib * (1 << 30);
  m.usable_fraction = usable_fraction;
  m.block_size = block_size;
  if (kv_utilization > 0) m.kv_utilization = kv_utilization;
  if (activation_gib >= 0) m.activation_bytes_per_sequence = activation_gib * (1 << 30);
  m.max_batched_tokens = max_batched_tokens;
  return m;
}

InferenceInputs load_inference_inputs(const InferenceFlags& f) {
  InferenceInputs in;
  in.spec = model::load_model(f.model);
  in.db = hw::HardwareDb::builtin();
  for (const auto& file : f.hw_files) in.db.merge_file(file);
  in.device = &in.db.require(f.device);
  return in;
}

std::int64_t parse_tokens(const std::string& text, const char* flag) {
  auto t = model::parse_token_count(text, model::TokenSuffix::kBinary);
  if (!t || *t < 1) throw_bad_input(at("", flag), fmt::format("'{}' is not a token count (e.g. 4096, 128K, 1M)", text));
  return *t;
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw_bad_input(at(path, ""), "cannot open for writing");
  out << text;
  if (!out) throw_bad_input(at(path, ""), "write failed");
}

}  // namespace llmsa::cli
