#pragma once
// Small CPU reference kernels, each in two policies (reference §1.2):
//  - batch-variant: the reduction strategy is picked from the batch size to keep `cores` busy, as
//    cuBLAS split-K, split-reduction RMSNorm and FlashDecoding's split count do;
//  - batch-invariant: one strategy for every batch size (no split-K, one row per worker, fixed-size
//    KV chunks), as thinking-machines-lab/batch_invariant_ops and SGLang's deterministic mode do.
// All arithmetic is float32, compiled with -ffp-contract=off so that no FMA contraction changes an
// order the code spells out. `threads` only executes work items; results never depend on it.
#include <cstddef>
#include <vector>

namespace llmsa::det {

struct KernelShape {
  std::size_t cores = 16;    // the machine the variant policies try to fill (a model, not real threads)
  std::size_t threads = 1;   // std::threads actually used
};

// C[M×N] = A[M×K]·B[K×N], row-major. Output tiles are tile_m × tile_n.
struct MatmulProblem {
  std::size_t m = 1, n = 64, k = 4096;
  std::size_t tile_m = 4, tile_n = 16;
};
// Split-K count the variant policy picks: cores / tiles when the tiles cannot fill the cores, else 1,
// and never splits below 256 K elements.
std::size_t matmul_split_k(const MatmulProblem& p, std::size_t cores);
std::vector<float> matmul_split_k_variant(const MatmulProblem& p, const std::vector<float>& a,
                                          const std::vector<float>& b, const KernelShape& shape);
std::vector<float> matmul_fixed_tiles(const MatmulProblem& p, const std::vector<float>& a,
                                      const std::vector<float>& b, const KernelShape& shape);

// y = x / sqrt(mean(x²) + eps) · w over rows of `hidden` elements.
// Variant: with fewer rows than cores, each row's sum of squares is split into cores / rows partial
// sums (at least 64 elements each) added in order. Invariant: each row on one worker, one sequential sum.
std::size_t rmsnorm_row_splits(std::size_t rows, std::size_t hidden, std::size_t cores);
std::vector<float> rmsnorm_split_row_variant(std::size_t rows, std::size_t hidden, const std::vector<float>& x,
                                             const std::vector<float>& w, const KernelShape& shape);
std::vector<float> rmsnorm_row_per_worker(std::size_t rows, std::size_t hidden, const std::vector<float>& x,
                                          const std::vector<float>& w, const KernelShape& shape);

// Single-query decode attention per request: out = softmax(q·Kᵀ/√d)·V. Request r has kv_len[r] cached
// entries; keys/values are stored per request back to back ([sum kv_len] × d).
// Variant: the KV of each request is cut into a fixed *count* of chunks, max(1, cores / batch), like a
// FlashDecoding split count chosen to fill the machine. Invariant: fixed-*size* chunks of `chunk` entries.
// Chunks are merged with the online-softmax rescaling, in chunk order.
struct DecodeProblem {
  std::vector<std::size_t> kv_len;
  std::size_t head_dim = 128;
  std::size_t chunk = 256;
};
std::vector<float> attention_fixed_count_variant(const DecodeProblem& p, const std::vector<float>& q,
                                                 const std::vector<float>& k, const std::vector<float>& v,
                                                 const KernelShape& shape);
std::vector<float> attention_fixed_size(const DecodeProblem& p, const std::vector<float>& q,
                                        const std::vector<float>& k, const std::vector<float>& v,
                                        const KernelShape& shape);

// Evenly spaced values lo..hi inclusive, like torch.linspace (used by batch_invariant_ops' test).
std::vector<float> linspace(float lo, float hi, std::size_t count);
// Reproducible pseudo-random values in [-1, 1) from a 64-bit seed (splitmix64), independent of platform.
std::vector<float> uniform_values(std::size_t count, unsigned long long seed);

}  // namespace llmsa::det
