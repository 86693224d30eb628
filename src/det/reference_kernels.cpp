#include "det/reference_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/error.hpp"
#include "det/fixed_partition.hpp"
#include "det/split_plan.hpp"

namespace llmsa::det {

namespace {

std::size_t ceil_div(std::size_t a, std::size_t b) { return (a + b - 1) / b; }

// out[j - j0] = sum over k in [k0, k1) of a_row[k] * b[k][j], for j in [j0, j1). Each output is one
// sequential sum in increasing k; looping k outside j only makes B's rows contiguous (the order per
// output is unchanged, so vectorizing across j cannot change a result).
void row_tile_range(const float* a_row, const float* b, std::size_t n, std::size_t j0, std::size_t j1, std::size_t k0,
                    std::size_t k1, float* out) {
  const std::size_t width = j1 - j0;
  for (std::size_t j = 0; j < width; ++j) out[j] = 0.0f;
  for (std::size_t kk = k0; kk < k1; ++kk) {
    const float x = a_row[kk];
    const float* b_row = b + kk * n + j0;
    for (std::size_t j = 0; j < width; ++j) out[j] += x * b_row[j];
  }
}

void check_matmul(const MatmulProblem& p, const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() < p.m * p.k || b.size() < p.k * p.n || p.tile_m == 0 || p.tile_n == 0) {
    throw_internal("matmul: operand sizes do not match the problem");
  }
}

}  // namespace

std::size_t matmul_split_k(const MatmulProblem& p, std::size_t cores) {
  const std::size_t tiles = ceil_div(p.m, p.tile_m) * ceil_div(p.n, p.tile_n);
  if (tiles >= cores) return 1;
  return std::max<std::size_t>(1, std::min(cores / tiles, p.k / 256));
}

std::vector<float> matmul_split_k_variant(const MatmulProblem& p, const std::vector<float>& a,
                                          const std::vector<float>& b, const KernelShape& shape) {
  check_matmul(p, a, b);
  const std::size_t splits = matmul_split_k(p, shape.cores);
  const auto plan = fixed_count_split(p.k, splits);
  const std::size_t tiles_m = ceil_div(p.m, p.tile_m), tiles_n = ceil_div(p.n, p.tile_n);
  // partial[s][i][j]: split s's sum over its K range; combined in split order afterwards.
  std::vector<float> partial(plan.size() * p.m * p.n, 0.0f);
  run_fixed_partition(shape.threads, tiles_m * tiles_n * plan.size(), [&](std::size_t item) {
    const std::size_t s = item % plan.size(), tile = item / plan.size();
    const std::size_t i0 = (tile / tiles_n) * p.tile_m, j0 = (tile % tiles_n) * p.tile_n;
    std::size_t k0 = 0;
    for (std::size_t t = 0; t < s; ++t) k0 += plan[t];
    const std::size_t k1 = k0 + plan[s];
    const std::size_t j1 = std::min(j0 + p.tile_n, p.n);
    for (std::size_t i = i0; i < std::min(i0 + p.tile_m, p.m); ++i) {
      row_tile_range(&a[i * p.k], b.data(), p.n, j0, j1, k0, k1, &partial[(s * p.m + i) * p.n + j0]);
    }
  });
  std::vector<float> c(p.m * p.n, 0.0f);
  for (std::size_t idx = 0; idx < p.m * p.n; ++idx) {
    float acc = partial[idx];
    for (std::size_t s = 1; s < plan.size(); ++s) acc += partial[s * p.m * p.n + idx];
    c[idx] = acc;
  }
  return c;
}

std::vector<float> matmul_fixed_tiles(const MatmulProblem& p, const std::vector<float>& a,
                                      const std::vector<float>& b, const KernelShape& shape) {
  check_matmul(p, a, b);
  const std::size_t tiles_m = ceil_div(p.m, p.tile_m), tiles_n = ceil_div(p.n, p.tile_n);
  std::vector<float> c(p.m * p.n, 0.0f);
  run_fixed_partition(shape.threads, tiles_m * tiles_n, [&](std::size_t tile) {
    const std::size_t i0 = (tile / tiles_n) * p.tile_m, j0 = (tile % tiles_n) * p.tile_n;
    const std::size_t j1 = std::min(j0 + p.tile_n, p.n);
    for (std::size_t i = i0; i < std::min(i0 + p.tile_m, p.m); ++i) {
      row_tile_range(&a[i * p.k], b.data(), p.n, j0, j1, 0, p.k, &c[i * p.n + j0]);
    }
  });
  return c;
}

std::size_t rmsnorm_row_splits(std::size_t rows, std::size_t hidden, std::size_t cores) {
  if (rows == 0 || rows >= cores) return 1;
  return std::max<std::size_t>(1, std::min(cores / rows, hidden / 64));
}

namespace {

constexpr float kRmsEps = 1e-6f;

void normalize_row(const float* x, const float* w, float* y, std::size_t hidden, float sum_squares) {
  const float scale = 1.0f / std::sqrt(sum_squares / static_cast<float>(hidden) + kRmsEps);
  for (std::size_t i = 0; i < hidden; ++i) y[i] = x[i] * scale * w[i];
}

float sum_squares(const float* x, std::size_t begin, std::size_t end) {
  float acc = 0.0f;
  for (std::size_t i = begin; i < end; ++i) acc += x[i] * x[i];
  return acc;
}

}  // namespace

std::vector<float> rmsnorm_split_row_variant(std::size_t rows, std::size_t hidden, const std::vector<float>& x,
                                             const std::vector<float>& w, const KernelShape& shape) {
  if (x.size() < rows * hidden || w.size() < hidden) throw_internal("rmsnorm: operand sizes do not match");
  const auto plan = fixed_count_split(hidden, rmsnorm_row_splits(rows, hidden, shape.cores));
  std::vector<float> partial(rows * plan.size(), 0.0f);
  run_fixed_partition(shape.threads, rows * plan.size(), [&](std::size_t item) {
    const std::size_t row = item / plan.size(), s = item % plan.size();
    std::size_t begin = 0;
    for (std::size_t t = 0; t < s; ++t) begin += plan[t];
    partial[item] = sum_squares(&x[row * hidden], begin, begin + plan[s]);
  });
  std::vector<float> y(rows * hidden);
  run_fixed_partition(shape.threads, rows, [&](std::size_t row) {
    float total = partial[row * plan.size()];
    for (std::size_t s = 1; s < plan.size(); ++s) total += partial[row * plan.size() + s];
    normalize_row(&x[row * hidden], w.data(), &y[row * hidden], hidden, total);
  });
  return y;
}

std::vector<float> rmsnorm_row_per_worker(std::size_t rows, std::size_t hidden, const std::vector<float>& x,
                                          const std::vector<float>& w, const KernelShape& shape) {
  if (x.size() < rows * hidden || w.size() < hidden) throw_internal("rmsnorm: operand sizes do not match");
  std::vector<float> y(rows * hidden);
  run_fixed_partition(shape.threads, rows, [&](std::size_t row) {
    normalize_row(&x[row * hidden], w.data(), &y[row * hidden], hidden, sum_squares(&x[row * hidden], 0, hidden));
  });
  return y;
}

namespace {

// Online-softmax state of one KV chunk: running max, sum of exp, and exp-weighted sum of values.
struct SoftmaxPartial {
  float max = -std::numeric_limits<float>::infinity();
  float sum = 0.0f;
  std::vector<float> acc;
};

SoftmaxPartial attend_chunk(const float* q, const float* k, const float* v, std::size_t begin, std::size_t end,
                            std::size_t d) {
  SoftmaxPartial part;
  part.acc.assign(d, 0.0f);
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  std::vector<float> scores(end - begin);
  for (std::size_t j = begin; j < end; ++j) {
    float s = 0.0f;
    for (std::size_t c = 0; c < d; ++c) s += q[c] * k[j * d + c];
    scores[j - begin] = s * scale;
    part.max = std::max(part.max, scores[j - begin]);
  }
  for (std::size_t j = begin; j < end; ++j) {
    const float p = std::exp(scores[j - begin] - part.max);
    part.sum += p;
    for (std::size_t c = 0; c < d; ++c) part.acc[c] += p * v[j * d + c];
  }
  return part;
}

// Merges chunk states in chunk order, rescaling to the common max, then normalizes.
void merge_chunks(const std::vector<SoftmaxPartial>& parts, std::size_t d, float* out) {
  float max = -std::numeric_limits<float>::infinity();
  for (const auto& p : parts) max = std::max(max, p.max);
  float sum = 0.0f;
  std::vector<float> acc(d, 0.0f);
  for (const auto& p : parts) {
    const float rescale = std::exp(p.max - max);
    sum += p.sum * rescale;
    for (std::size_t c = 0; c < d; ++c) acc[c] += p.acc[c] * rescale;
  }
  for (std::size_t c = 0; c < d; ++c) out[c] = acc[c] / sum;
}

std::vector<float> attention_with_plans(const DecodeProblem& p, const std::vector<float>& q,
                                        const std::vector<float>& k, const std::vector<float>& v,
                                        const std::vector<std::vector<std::size_t>>& plans, std::size_t threads) {
  const std::size_t batch = p.kv_len.size(), d = p.head_dim;
  std::vector<std::size_t> kv_offset(batch + 1, 0);
  for (std::size_t r = 0; r < batch; ++r) kv_offset[r + 1] = kv_offset[r] + p.kv_len[r];
  if (q.size() < batch * d || k.size() < kv_offset[batch] * d || v.size() < kv_offset[batch] * d) {
    throw_internal("attention: operand sizes do not match");
  }
  // Work items are (request, chunk) pairs, like the thread blocks of a split-KV decode kernel.
  std::vector<std::pair<std::size_t, std::size_t>> items;
  std::vector<std::vector<SoftmaxPartial>> parts(batch);
  for (std::size_t r = 0; r < batch; ++r) {
    parts[r].resize(plans[r].size());
    for (std::size_t c = 0; c < plans[r].size(); ++c) items.emplace_back(r, c);
  }
  run_fixed_partition(threads, items.size(), [&](std::size_t item) {
    const auto [r, c] = items[item];
    std::size_t begin = 0;
    for (std::size_t t = 0; t < c; ++t) begin += plans[r][t];
    parts[r][c] = attend_chunk(&q[r * d], &k[kv_offset[r] * d], &v[kv_offset[r] * d], begin, begin + plans[r][c], d);
  });
  std::vector<float> out(batch * d);
  for (std::size_t r = 0; r < batch; ++r) merge_chunks(parts[r], d, &out[r * d]);
  return out;
}

}  // namespace

std::vector<float> attention_fixed_count_variant(const DecodeProblem& p, const std::vector<float>& q,
                                                 const std::vector<float>& k, const std::vector<float>& v,
                                                 const KernelShape& shape) {
  const std::size_t batch = p.kv_len.size();
  const std::size_t count = std::max<std::size_t>(1, batch ? shape.cores / batch : 1);
  std::vector<std::vector<std::size_t>> plans;
  for (std::size_t len : p.kv_len) plans.push_back(fixed_count_split(len, count));
  return attention_with_plans(p, q, k, v, plans, shape.threads);
}

std::vector<float> attention_fixed_size(const DecodeProblem& p, const std::vector<float>& q,
                                        const std::vector<float>& k, const std::vector<float>& v,
                                        const KernelShape& shape) {
  std::vector<std::vector<std::size_t>> plans;
  for (std::size_t len : p.kv_len) plans.push_back(fixed_size_split(len, p.chunk));
  return attention_with_plans(p, q, k, v, plans, shape.threads);
}

std::vector<float> linspace(float lo, float hi, std::size_t count) {
  std::vector<float> out(count);
  if (count == 1) out[0] = lo;
  for (std::size_t i = 0; count > 1 && i < count; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(count - 1);
    out[i] = static_cast<float>(lo + (static_cast<double>(hi) - lo) * t);
  }
  return out;
}

std::vector<float> uniform_values(std::size_t count, unsigned long long seed) {
  std::vector<float> out(count);
  std::uint64_t state = seed;
  for (auto& x : out) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    // Top 24 bits → a float in [-1, 1) exactly.
    x = static_cast<float>(static_cast<std::int64_t>(z >> 40) - (1 << 23)) / static_cast<float>(1 << 23);
  }
  return out;
}

}  // namespace llmsa::det
