#include "model/conventions.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace llmsa::model {

namespace {
struct DTypeInfo {
  DType type;
  int bits;
  const char* name;
};
constexpr std::array<DTypeInfo, 7> kDTypes{{{DType::kFp32, 32, "fp32"},
                                            {DType::kBf16, 16, "bf16"},
                                            {DType::kFp16, 16, "fp16"},
                                            {DType::kFp8, 8, "fp8"},
                                            {DType::kInt8, 8, "int8"},
                                            {DType::kInt4, 4, "int4"},
                                            {DType::kFp4, 4, "fp4"}}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

int dtype_bits(DType t) {
  for (const auto& d : kDTypes)
    if (d.type == t) return d.bits;
  return 16;
}
double dtype_bytes(DType t) { return dtype_bits(t) / 8.0; }
const char* dtype_name(DType t) {
  for (const auto& d : kDTypes)
    if (d.type == t) return d.name;
  return "?";
}

std::optional<DType> parse_dtype(std::string_view name) {
  const std::string n = lower(name);
  for (const auto& d : kDTypes)
    if (n == d.name) return d.type;
  if (n == "float32" || n == "float") return DType::kFp32;
  if (n == "bfloat16") return DType::kBf16;
  if (n == "float16" || n == "half") return DType::kFp16;
  if (n == "float8" || n == "fp8_e4m3" || n == "e4m3") return DType::kFp8;
  if (n == "nvfp4") return DType::kFp4;
  return std::nullopt;
}

const char* causal_counting_name(CausalCounting c) {
  switch (c) {
    case CausalCounting::kExactPairs: return "exact";
    case CausalCounting::kHalfSquare: return "half";
    case CausalCounting::kFullSquare: return "full";
  }
  return "?";
}

std::optional<CausalCounting> parse_causal_counting(std::string_view name) {
  const std::string n = lower(name);
  if (n == "exact") return CausalCounting::kExactPairs;
  if (n == "half") return CausalCounting::kHalfSquare;
  if (n == "full") return CausalCounting::kFullSquare;
  return std::nullopt;
}

std::string describe_conventions(const AnalysisOptions& o) {
  return fmt::format(
      "causal={} norms={} biases={} mla={} msa_cap={} swa_kv={} ssm_scan={} conv_state={} logits={} "
      "weights={} act={} kv={} state={} conv={} units={} K/M={}",
      causal_counting_name(o.causal), o.count_norms ? "counted" : "ignored",
      o.count_biases ? "counted" : "ignored", o.mla_q_rope_from_hidden ? "q_rope_from_hidden" : "checkpoint",
      o.msa_cap_selected_to_context ? "on" : "off", o.swa_kv_cap_to_window ? "window" : "all",
      o.ssm_scan_methodology ? "methodology" : "ssd",
      o.conv_state_kernel_minus_one ? "kernel-1" : "kernel", o.logits_for_all_tokens ? "all" : "last",
      dtype_name(o.weight_dtype), dtype_name(o.activation_dtype), dtype_name(o.kv_dtype),
      dtype_name(o.state_dtype), dtype_name(o.conv_state_dtype),
      o.byte_unit == ByteUnit::kGiB ? "GiB" : "GB", o.token_suffix == TokenSuffix::kBinary ? "2^10/2^20" : "10^3/10^6");
}

std::optional<std::int64_t> parse_token_count(std::string_view text, TokenSuffix suffix) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  double scale = 1;
  char last = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  if (last == 'K' || last == 'M') {
    const bool bin = suffix == TokenSuffix::kBinary;
    scale = last == 'K' ? (bin ? 1024.0 : 1e3) : (bin ? 1048576.0 : 1e6);
    text.remove_suffix(1);
  }
  if (text.empty()) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value) || value < 0) return std::nullopt;
  const double tokens = value * scale;
  if (tokens > 1e15 || tokens != std::floor(tokens)) return std::nullopt;
  return static_cast<std::int64_t>(tokens);
}

}  // namespace llmsa::model
