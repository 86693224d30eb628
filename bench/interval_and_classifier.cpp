// Throughput of the interval algebra and of kernel classification on synthetic inputs shaped like a
// large capture (millions of kernels, a few thousand distinct names). Each measurement prints a ratio
// against a baseline measured in the same run:
//   interval build      vs std::sort of the same (start, end) pairs (the unavoidable cost)
//   set operations      vs one linear pass summing the interval lengths
//   classification      vs std::hash over each event's name (the cheapest possible per-event lookup)
// Usage: interval_and_classifier [events=5000000] [distinct_names=3000]
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "analysis/kernel_classifier.hpp"
#include "core/interval_set.hpp"
#include "core/string_pool.hpp"

using namespace llmsa;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// Kernels on several streams: starts advance, durations 1..200 us, some overlap and gaps.
std::vector<Interval> synthetic_kernels(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> gap(-50'000, 150'000), dur(1'000, 200'000);
  std::vector<Interval> v;
  v.reserve(n);
  std::int64_t t = 1'736'408'883'704'643'212;  // epoch-ns magnitudes as in Ascend captures
  for (std::size_t i = 0; i < n; ++i) {
    t += gap(rng);
    const std::int64_t d = dur(rng);
    v.push_back({t, t + d});
  }
  std::shuffle(v.begin(), v.end(), rng);  // readers do not promise order across streams
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 5'000'000;
  const std::size_t names = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 3000;

  // --- interval algebra ---
  auto a_raw = synthetic_kernels(n, 1), b_raw = synthetic_kernels(n / 4, 2);
  auto sort_copy = a_raw;
  auto t0 = Clock::now();
  std::sort(sort_copy.begin(), sort_copy.end(), [](const Interval& x, const Interval& y) { return x.start < y.start; });
  const double t_sort = seconds_since(t0);

  t0 = Clock::now();
  auto a = IntervalSet::from_unsorted(a_raw);
  const double t_build = seconds_since(t0);
  auto b = IntervalSet::from_unsorted(b_raw);

  t0 = Clock::now();
  std::int64_t baseline_sum = 0;
  for (const auto& iv : a.intervals()) baseline_sum += iv.end - iv.start;
  const double t_pass = seconds_since(t0);

  t0 = Clock::now();
  auto u = set_union(a, b);
  auto i = set_intersection(a, b);
  auto d = set_difference(a, b);
  auto g = a.internal_gaps();
  const double t_ops = seconds_since(t0);

  std::vector<IntervalSet> sets{a, b};
  t0 = Clock::now();
  auto segs = label_overlaps(sets);
  const double t_label = seconds_since(t0);

  std::printf("intervals: %zu raw -> %zu merged (sum check %lld)\n", n, a.size(), static_cast<long long>(baseline_sum));
  std::printf("  build from unsorted  %.3f s  %.1f M intervals/s  ratio vs std::sort %.2fx\n", t_build,
              static_cast<double>(n) / t_build / 1e6, t_build / t_sort);
  std::printf("  union+intersection+difference+gaps  %.4f s  ratio vs one linear pass %.1fx  (|u|=%zu |i|=%zu |d|=%zu |g|=%zu)\n",
              t_ops, t_ops / std::max(t_pass, 1e-9), u.size(), i.size(), d.size(), g.size());
  std::printf("  label_overlaps(2 sets)  %.4f s  %zu segments\n", t_label, segs.size());

  // --- classification ---
  static const char* kPatterns[][3] = {
      {"aclnnMatmul_MatMulV3Common_MatMulV3_", "MatMulV3", "AI_CORE"},
      {"aclnnFlashAttentionScore_FlashAttentionScore_FlashAttentionScore_", "FlashAttentionScore", "MIX_AIC"},
      {"hcom_allReduce__586_", "hcom_allReduce_", "COMMUNICATION"},
      {"aclnnAdd_AddAiCore_Add_", "Add", "AI_VECTOR_CORE"},
      {"void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<float>>_", "", "kernel"},
      {"sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_", "", "kernel"},
      {"ncclDevKernel_AllGather_RING_LL_", "", "kernel"},
      {"Memcpy DtoD (Device -> Device)_", "", "gpu_memcpy"},
  };
  StringPool pool;
  std::vector<std::array<StringId, 3>> distinct;
  for (std::size_t k = 0; k < names; ++k) {
    const auto& p = kPatterns[k % std::size(kPatterns)];
    distinct.push_back({pool.intern(std::string(p[0]) + std::to_string(k)), pool.intern(p[1]), pool.intern(p[2])});
  }
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<std::size_t> pick(0, names - 1);
  std::vector<std::uint32_t> events(n);
  for (auto& e : events) e = static_cast<std::uint32_t>(pick(rng));

  t0 = Clock::now();
  std::size_t hash_acc = 0;
  for (auto e : events) hash_acc ^= std::hash<std::string_view>()(pool.view(distinct[e][0]));
  const double t_hash = seconds_since(t0);

  t0 = Clock::now();
  const auto classifier = analysis::KernelClassifier::builtin();
  const double t_compile = seconds_since(t0);

  const std::size_t uncached = std::min<std::size_t>(n, 200'000);
  t0 = Clock::now();
  std::size_t roles = 0;
  for (std::size_t k = 0; k < uncached; ++k) {
    const auto& id = distinct[events[k]];
    roles += static_cast<std::size_t>(classifier.classify(pool.view(id[0]), pool.view(id[1]), pool.view(id[2])).role);
  }
  const double t_uncached = seconds_since(t0);

  t0 = Clock::now();
  analysis::KernelClassCache cache(classifier, pool);
  std::array<std::size_t, analysis::kOpRoleCount> per_role{};
  for (auto e : events) {
    const auto& id = distinct[e];
    ++per_role[static_cast<std::size_t>(cache.get(id[0], id[1], id[2]).role)];
  }
  const double t_cached = seconds_since(t0);

  std::printf("classification: %zu rules compiled in %.4f s; %zu events over %zu distinct names (checks %zu %zu)\n",
              classifier.rule_count(), t_compile, n, names, hash_acc & 1, roles & 1);
  std::printf("  uncached classify  %.2f M events/s\n", static_cast<double>(uncached) / t_uncached / 1e6);
  std::printf("  KernelClassCache   %.2f M events/s  ratio vs std::hash of the name %.2fx\n",
              static_cast<double>(n) / t_cached / 1e6, t_cached / t_hash);
  for (int r = 0; r < analysis::kOpRoleCount; ++r)
    if (per_role[static_cast<std::size_t>(r)])
      std::printf("    %-16s %zu\n", analysis::op_role_name(static_cast<analysis::OpRole>(r)), per_role[static_cast<std::size_t>(r)]);
  std::printf("peak RSS %ld MB\n", peak_rss_mb());
  return 0;
}
