#pragma once
// Shared arithmetic for the per-family cost builders: one GEMM's params, FLOPs and bytes in both
// phases, and a tally of norm weights. Header-only and allocation-free: the analysis runs in
// the planner's inner loop.
#include <cstdint>
#include <vector>

#include "model/conventions.hpp"
#include "model/model_spec.hpp"
#include "model/op.hpp"
#include "model/workload.hpp"

namespace llmsa::model {

struct CostContext {
  const ModelSpec& spec;
  const AnalysisOptions& opt;
  const Workload& work;
  double wb;   // bytes per weight element
  double ab;   // bytes per activation element
  double kvb;  // bytes per KV-cache element

  CostContext(const ModelSpec& s, const AnalysisOptions& o, const Workload& w)
      : spec(s),
        opt(o),
        work(w),
        wb(dtype_bytes(o.weight_dtype)),
        ab(dtype_bytes(o.activation_dtype)),
        kvb(dtype_bytes(o.kv_dtype)) {}

  double batch() const { return static_cast<double>(work.batch); }
  double prefill_tokens() const { return static_cast<double>(work.batch) * static_cast<double>(work.seq); }
  double decode_tokens() const { return static_cast<double>(work.batch); }
};

inline OpCost make_op(OpKind kind, OpScope scope, std::int32_t index, const char* variant) {
  OpCost op;
  op.kind = kind;
  op.scope = scope;
  op.index = index;
  op.variant = variant;
  return op;
}

// A weight matrix [in, out] applied to every token (`active` false: counted in total params
// only, e.g. a routed expert's share is added by the MoE builder itself).
inline void add_linear(OpCost& op, const CostContext& c, std::int64_t in, std::int64_t out) {
  const std::int64_t n = in * out;
  op.params_total += n;
  op.params_active += n;
  const double fl = 2.0 * static_cast<double>(n);
  const double io = static_cast<double>(in + out) * c.ab;
  op.prefill.flops += fl * c.prefill_tokens();
  op.decode.flops += fl * c.decode_tokens();
  op.prefill.weight_bytes += static_cast<double>(n) * c.wb;
  op.decode.weight_bytes += static_cast<double>(n) * c.wb;
  op.prefill.activation_bytes += io * c.prefill_tokens();
  op.decode.activation_bytes += io * c.decode_tokens();
}

// Parameters with no per-token matmul work (biases, scalars, conv taps are handled by callers).
inline void add_small_params(OpCost& op, const CostContext& c, std::int64_t n) {
  op.params_total += n;
  op.params_active += n;
  op.prefill.weight_bytes += static_cast<double>(n) * c.wb;
  op.decode.weight_bytes += static_cast<double>(n) * c.wb;
}

// The causal short convolution of recurrent layers (Mamba-2, Gated DeltaNet): `channels` depthwise
// filters of `kernel` taps, one multiply-add per tap per channel per token.
inline void add_short_conv_flops(OpCost& op, const CostContext& c, std::int64_t channels, std::int64_t kernel) {
  const double fl = 2.0 * static_cast<double>(channels * kernel);
  op.prefill.flops += fl * c.prefill_tokens();
  op.decode.flops += fl * c.decode_tokens();
}

// Bytes of a short convolution's rolling input window kept per sequence between decode steps:
// kernel-1 past columns (vLLM) or kernel columns (HF cache layout), by option.
inline double conv_state_bytes(std::int64_t channels, std::int64_t kernel, const AnalysisOptions& o) {
  const std::int64_t cols = o.conv_state_kernel_minus_one ? kernel - 1 : kernel;
  return static_cast<double>(channels * cols) * dtype_bytes(o.conv_state_dtype);
}

// The recurrent state of one layer (`state_bytes` per sequence) and the per-token activations its
// core reads and writes (`io_bytes_per_token`): the state is read when prefill resumes from a
// prefix, written once per step, and read and written on every decode step.
inline void set_recurrent_state_traffic(OpCost& op, const CostContext& c, double state_bytes,
                                        double io_bytes_per_token) {
  op.prefill.activation_bytes = io_bytes_per_token * c.prefill_tokens();
  op.decode.activation_bytes = io_bytes_per_token * c.decode_tokens();
  op.prefill.kv_read_bytes = c.work.prefix > 0 ? state_bytes * c.batch() : 0;
  op.prefill.kv_write_bytes = state_bytes * c.batch();
  op.decode.kv_read_bytes = state_bytes * c.batch();
  op.decode.kv_write_bytes = state_bytes * c.batch();
}

// Norm weights met while building one layer: `params` weights, normalising `width` elements per
// token (4 FLOPs each: square, sum, scale, weight).
struct NormTally {
  std::int64_t params = 0;
  std::int64_t width = 0;
  void add(std::int64_t p, std::int64_t w) {
    params += p;
    width += w;
  }
};

// Appends the layer's norm op when norms are counted.
inline void flush_norms(std::vector<OpCost>& out, const CostContext& c, OpScope scope, std::int32_t index,
                        const NormTally& t) {
  if (!c.opt.count_norms || t.params == 0) return;
  OpCost op = make_op(OpKind::kNorm, scope, index, "rmsnorm");
  add_small_params(op, c, t.params);
  const double w = static_cast<double>(t.width);
  op.prefill.flops = 4 * w * c.prefill_tokens();
  op.decode.flops = 4 * w * c.decode_tokens();
  op.prefill.activation_bytes = 2 * w * c.ab * c.prefill_tokens();
  op.decode.activation_bytes = 2 * w * c.ab * c.decode_tokens();
  out.push_back(op);
}

inline int ffn_matrices(Activation a) { return a == Activation::kSwiGlu ? 3 : 2; }

}  // namespace llmsa::model
