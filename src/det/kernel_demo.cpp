#include "det/kernel_demo.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

#include "det/float_bits.hpp"

namespace llmsa::det {

namespace {

using Row0 = std::function<std::vector<float>(std::size_t batch)>;

bool bitwise_equal(const std::vector<float>& x, const std::vector<float>& y) {
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (bits_of(x[i]) != bits_of(y[i])) return false;
  }
  return true;
}

double max_abs_diff(const std::vector<float>& x, const std::vector<float>& y) {
  double m = 0;
  for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    m = std::max(m, std::abs(static_cast<double>(x[i]) - static_cast<double>(y[i])));
  }
  return m;
}

double median_seconds(const std::function<void()>& call, std::size_t repeats) {
  std::vector<double> times;
  for (std::size_t r = 0; r < repeats; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    call();
    auto t1 = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double>(t1 - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

KernelDemo check(std::string name, std::string variant_policy, std::string invariant_policy,
                 const KernelDemoOptions& o, const Row0& variant, const Row0& invariant,
                 const std::function<std::size_t(std::size_t)>& plan) {
  KernelDemo d{std::move(name), std::move(variant_policy), std::move(invariant_policy), {}, false, true};
  const auto base_v = variant(1), base_i = invariant(1);
  for (std::size_t batch = 1; batch <= o.max_batch; ++batch) {
    const auto v = variant(batch), i = invariant(batch);
    BatchCheck c{batch, plan(batch), bitwise_equal(v, base_v), bitwise_equal(i, base_i), max_abs_diff(v, base_v)};
    d.variant_ever_differs |= !c.variant_identical;
    d.invariant_always_identical &= c.invariant_identical;
    d.batches.push_back(c);
  }
  if (o.timing_repeats) {
    d.variant_seconds_max_batch = median_seconds([&] { variant(o.max_batch); }, o.timing_repeats);
    d.invariant_seconds_max_batch = median_seconds([&] { invariant(o.max_batch); }, o.timing_repeats);
    d.variant_seconds_batch1 = median_seconds([&] { variant(1); }, o.timing_repeats);
    d.invariant_seconds_batch1 = median_seconds([&] { invariant(1); }, o.timing_repeats);
  }
  return d;
}

}  // namespace

double slowdown_percent(double normal, double deterministic) { return (deterministic / normal - 1.0) * 100.0; }

std::vector<KernelDemo> run_kernel_demo(const KernelDemoOptions& o) {
  std::vector<KernelDemo> out;
  const std::size_t n_max = std::max<std::size_t>(1, o.max_batch);

  // Matmul with batch_invariant_ops' test inputs: linspace(-100, 100) for both operands.
  {
    MatmulProblem base;
    const auto a = linspace(-100.0f, 100.0f, n_max * base.k);
    const auto b = linspace(-100.0f, 100.0f, base.k * base.n);
    auto row0 = [&, base](bool variant, std::size_t batch) {
      MatmulProblem p = base;
      p.m = batch;
      auto c = variant ? matmul_split_k_variant(p, a, b, o.shape) : matmul_fixed_tiles(p, a, b, o.shape);
      c.resize(p.n);
      return c;
    };
    out.push_back(check(
        "matmul", "split-K count = cores / output tiles when tiles < cores", "fixed tiles, full K per output",
        o, [&](std::size_t m) { return row0(true, m); }, [&](std::size_t m) { return row0(false, m); },
        [&](std::size_t m) {
          MatmulProblem p = base;
          p.m = m;
          return matmul_split_k(p, o.shape.cores);
        }));
  }
  // RMSNorm over a hidden size of 8192 with reproducible pseudo-random activations.
  {
    const std::size_t hidden = 8192;
    const auto x = uniform_values(n_max * hidden, 1);
    const auto w = uniform_values(hidden, 2);
    auto row0 = [&](bool variant, std::size_t rows) {
      auto y = variant ? rmsnorm_split_row_variant(rows, hidden, x, w, o.shape)
                       : rmsnorm_row_per_worker(rows, hidden, x, w, o.shape);
      y.resize(hidden);
      return y;
    };
    out.push_back(check(
        "rmsnorm", "row reduction split cores / rows ways when rows < cores", "one row per worker, one sum",
        o, [&](std::size_t m) { return row0(true, m); }, [&](std::size_t m) { return row0(false, m); },
        [&](std::size_t m) { return rmsnorm_row_splits(m, hidden, o.shape.cores); }));
  }
  // Decode attention: request 0 holds 1000 cached entries (the reference's example); the others vary.
  {
    DecodeProblem base;
    std::vector<std::size_t> lens(n_max);
    std::size_t total = 0;
    for (std::size_t r = 0; r < n_max; ++r) {
      lens[r] = r == 0 ? 1000 : 300 + 97 * r;
      total += lens[r];
    }
    const auto q = uniform_values(n_max * base.head_dim, 3);
    const auto k = uniform_values(total * base.head_dim, 4);
    const auto v = uniform_values(total * base.head_dim, 5);
    auto row0 = [&, base](bool variant, std::size_t batch) {
      DecodeProblem p = base;
      p.kv_len.assign(lens.begin(), lens.begin() + static_cast<std::ptrdiff_t>(batch));
      auto y = variant ? attention_fixed_count_variant(p, q, k, v, o.shape) : attention_fixed_size(p, q, k, v, o.shape);
      y.resize(p.head_dim);
      return y;
    };
    out.push_back(check(
        "attention_decode", "KV split into max(1, cores / batch) chunks", "KV split into chunks of 256",
        o, [&](std::size_t m) { return row0(true, m); }, [&](std::size_t m) { return row0(false, m); },
        [&](std::size_t m) { return std::max<std::size_t>(1, o.shape.cores / m); }));
  }
  return out;
}

}  // namespace llmsa::det
