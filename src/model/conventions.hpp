#pragma once
// Counting conventions. Published numbers disagree mostly because they count differently, so
// every choice is an explicit option with a documented default, and every output echoes them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmsa::model {

// Storage type of weights, KV cache, recurrent state or activations.
enum class DType : std::uint8_t { kFp32, kBf16, kFp16, kFp8, kInt8, kInt4, kFp4 };

// Bits per element (bytes = elements * bits / 8; INT4/FP4 are half a byte).
int dtype_bits(DType t);
double dtype_bytes(DType t);
const char* dtype_name(DType t);               // "fp32", "bf16", ...
std::optional<DType> parse_dtype(std::string_view name);  // also accepts torch names ("float32", "bfloat16")

// How the query-key pairs of causal attention over T new tokens are counted.
enum class CausalCounting : std::uint8_t {
  kExactPairs,  // sum over queries of the keys each really sees: s(s+1)/2 for a plain prefill (default)
  kHalfSquare,  // s^2/2: the methodology's Part 2 convention
  kFullSquare,  // s^2: no causal saving (the methodology's Part 7 and training formulas)
};
const char* causal_counting_name(CausalCounting c);  // "exact", "half", "full"
std::optional<CausalCounting> parse_causal_counting(std::string_view name);

// GB = 10^9 bytes, GiB = 2^30 bytes: for display only; the numbers stay in bytes.
enum class ByteUnit : std::uint8_t { kGiB, kGB };
// What the suffixes K and M mean when a token count is written "128K" or "1M".
enum class TokenSuffix : std::uint8_t { kBinary, kDecimal };  // 2^10, 2^20 / 10^3, 10^6

struct AnalysisOptions {
  CausalCounting causal = CausalCounting::kExactPairs;
  // RMSNorm/LayerNorm weights (and their 4*d FLOPs per token). Official parameter counts
  // include them; the methodology ignores them.
  bool count_norms = true;
  // Bias vectors and per-expert router correction biases (DeepSeek-V3 e_score_correction_bias).
  // Official counts include them; the methodology ignores them.
  bool count_biases = true;
  // The methodology's MLA (Part 1 §2.4): a separate W_q_rope from the hidden state next to a
  // nope-only W_q_b. Default false: the weights DeepSeek/Kimi checkpoints really have
  // (q_b_proj emits nope and rope parts; the shared k_rope comes from kv_a_proj_with_mqa).
  bool mla_q_rope_from_hidden = false;
  // MSA: the methodology never caps the selected keys at the context (T_sel = 2048 even at
  // T < 2048). Default true caps them, as the kernel does.
  bool msa_cap_selected_to_context = true;
  // Sliding-window layers keep only the window in the KV cache. Default false: the methodology's
  // Part 3 §4.5 convention (stores all T); Part 4 §6.4 and paged engines prune (flag F7).
  bool swa_kv_cap_to_window = false;
  // Mamba-2 scan FLOPs. Default false counts the SSD algorithm's matmuls: per token and head
  // 2*C*N (C·B^T) + 2*C*P (masked weights · X) + 4*N*P (chunk states, state read-out) in prefill,
  // and the recurrence 5*P*N (decay, x⊗B update, C·h read-out) per decode token. True: the
  // methodology's estimate (Part 2 §3.5): T*C*H*P + 2*(T/C)*H*N^2, and 2*C*H*P + 2*H*N^2/C per
  // decode token.
  bool ssm_scan_methodology = false;
  // Conv state keeps kernel-1 columns (vLLM, SGLang, Qwen3.5 post) rather than kernel (HF Mamba2 cache).
  bool conv_state_kernel_minus_one = true;
  // Prefill computes logits for every new token (training, scoring) instead of only the last
  // one per sequence (generation; default).
  bool logits_for_all_tokens = false;

  DType weight_dtype = DType::kBf16;
  DType activation_dtype = DType::kBf16;
  DType kv_dtype = DType::kBf16;
  DType state_dtype = DType::kFp32;      // Mamba-2 SSM state and GDN recurrent state
  DType conv_state_dtype = DType::kBf16;

  // Display only.
  ByteUnit byte_unit = ByteUnit::kGiB;
  TokenSuffix token_suffix = TokenSuffix::kBinary;
};

// One line naming every convention in force, for table and csv headers.
std::string describe_conventions(const AnalysisOptions& o);

// "4096", "128K", "1M", "2.5M" -> tokens, with K/M read per `suffix`. Nullopt when malformed.
std::optional<std::int64_t> parse_token_count(std::string_view text, TokenSuffix suffix);

}  // namespace llmsa::model
