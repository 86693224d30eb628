#pragma once
// Mamba-2 (SSD, chunked scan). Parameters and projection FLOPs are exact; the scan counts either
// the SSD algorithm's matmuls (default) or the methodology's estimate (Part 2 §3.5): intra-chunk
// T*C*H*P plus state passing 2*(T/C)*H*N^2 in prefill, 2*C*H*P + 2*H*N^2/C per decode token
// (AnalysisOptions::ssm_scan_methodology).
// The cached state is [H, P, N] (flag F8: the methodology's H*N omits the head dim) plus the
// conv state.
#include <cstdint>
#include <vector>

#include "model/cost_context.hpp"
#include "model/kv_cache.hpp"

namespace llmsa::model {

struct Mamba2Params {
  std::int64_t in_proj = 0;   // d x (2*d_inner + 2*n_groups*N + H)
  std::int64_t conv = 0;      // conv_dim x kernel (+ conv_dim bias)
  std::int64_t scalars = 0;   // A_log, D, dt_bias: H each
  std::int64_t out_proj = 0;  // d_inner x d
  std::int64_t total() const { return in_proj + conv + scalars + out_proj; }
};
Mamba2Params mamba2_params(const Mamba2Spec& m, std::int64_t hidden);

struct Mamba2ScanFlops {
  double diagonal = 0;
  double off_diagonal = 0;
};
// Per sequence: prefill of `tokens`, or (decode = true) one decode step. `methodology` picks the
// methodology's estimate; otherwise "diagonal" is the intra-chunk work and "off_diagonal" the
// chunk-state work (or, in decode, the state update and the read-out).
Mamba2ScanFlops mamba2_scan_flops(const Mamba2Spec& m, std::int64_t tokens, bool decode, bool methodology);

void append_mamba2_ops(const CostContext& c, OpScope scope, std::int32_t index, std::vector<OpCost>& out,
                       NormTally& norms);

LayerCache mamba2_layer_cache(const Mamba2Spec& m, const AnalysisOptions& o);

}  // namespace llmsa::model
