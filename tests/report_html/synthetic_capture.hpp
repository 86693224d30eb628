#pragma once
// A synthetic Ascend-like capture built in memory for report.html tests and the report benchmark:
// `ranks` ranks, each with `kernels` device events on three streams (compute kernels with PMU ratios,
// a vector stream, HCCL allreduce), grouped into ProfilerStep-like steps by Step Id, plus one exposed
// AICPU operator per step whose name is `aicpu_name` (the tests pass a hostile name there) and one
// compute kernel per step named `kernel_name`. Every event has a source row, so evidence resolves.
#include <cstdint>
#include <string>

#include "trace/profile.hpp"

namespace llmsa::test {

struct SyntheticCaptureSpec {
  int ranks = 2;
  std::size_t kernels = 2000;  // device events per rank (approximate: whole steps)
  std::size_t kernels_per_step = 500;
  std::string kernel_name = "MatMulV3";
  std::string aicpu_name = "TopKV2";
};

inline trace::Capture make_synthetic_capture(const SyntheticCaptureSpec& spec) {
  using trace::EventKind;
  using trace::Side;
  trace::Capture capture;
  const char* compute_names[] = {"FusedInferAttentionScore", "GroupedMatmul", "MatMulV3", "RmsNorm", "Add"};
  const char* vector_names[] = {"Cast", "Mul", "SwiGlu", "TransData"};
  for (int r = 0; r < spec.ranks; ++r) {
    trace::RankProfile rp;
    trace::RankEvents& ev = rp.events;
    ev.rank = r;
    ev.rank_source = "profiler_info";
    rp.root = "synthetic/rank" + std::to_string(r);
    const std::string path = rp.root + "/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
    const std::uint16_t src = ev.add_source(path, "ascend.kernel_details.csv");
    ev.metric("aic_mac_ratio");  // metrics[0..4], in this order
    ev.metric("aiv_vec_ratio");
    ev.metric("aic_mte2_ratio");
    ev.metric("aic_mac_time(us)");
    ev.metric("aic_mte2_time(us)");
    const StringId ai_core = ev.strings.intern("AI_CORE"), ai_vec = ev.strings.intern("AI_VECTOR_CORE"),
                   hccl = ev.strings.intern("HCCL"), ai_cpu = ev.strings.intern("AI_CPU");
    const StringId allreduce = ev.strings.intern("hcom_allReduce__586_0_1"), allreduce_type = ev.strings.intern("hcom_allReduce_");
    std::uint64_t row = 0;
    std::int64_t t = 1'000'000'000 + r * 7'000;  // a small per-rank offset, as real clocks have
    const std::size_t steps = std::max<std::size_t>(1, spec.kernels / spec.kernels_per_step);
    for (std::size_t s = 0; s < steps; ++s) {
      std::int64_t vec_t = t;
      for (std::size_t k = 0; k < spec.kernels_per_step; ++k) {
        const bool special = k == spec.kernels_per_step / 2;
        const std::string_view nm = special ? std::string_view(spec.kernel_name) : compute_names[k % 5];
        const StringId name = ev.strings.intern(nm);
        const std::int64_t dur = special ? 90'000 : 2'000 + static_cast<std::int64_t>((k * 7919 + s * 31 + static_cast<std::size_t>(r) * 17) % 9'000);
        if (k % 4 == 3) {  // vector stream
          const std::uint32_t e = ev.add_event(EventKind::kKernel, Side::kDevice, vec_t, dur / 2,
                                               ev.strings.intern(vector_names[k % 4]), src, row++);
          ev.stream[e] = 3;
          ev.core[e] = ai_vec;
          ev.type[e] = ev.strings.intern(vector_names[k % 4]);
          ev.step[e] = static_cast<std::int64_t>(s);
          ev.set_metric(ev.metrics[1], e, 0.55);
          ev.set_metric(ev.metrics[2], e, 0.30);
          vec_t += dur;
          continue;
        }
        const std::uint32_t e = ev.add_event(EventKind::kKernel, Side::kDevice, t, dur, name, src, row++);
        ev.stream[e] = 2;
        ev.core[e] = ai_core;
        ev.type[e] = name;
        ev.wait_ns[e] = 1'000;
        ev.step[e] = static_cast<std::int64_t>(s);
        const double mac_ratio = 0.15 + 0.7 * static_cast<double>(k % 5) / 5.0;
        ev.set_metric(ev.metrics[0], e, mac_ratio);
        ev.set_metric(ev.metrics[2], e, 0.9 - mac_ratio);
        ev.set_metric(ev.metrics[3], e, mac_ratio * static_cast<double>(dur) / 1000.0);
        ev.set_metric(ev.metrics[4], e, (0.9 - mac_ratio) * static_cast<double>(dur) / 1000.0);
        t += dur + 1'000;
        if (k % 50 == 49) {  // an allreduce on the communication stream
          const std::uint32_t c = ev.add_event(EventKind::kCommunication, Side::kDevice, t - dur, 30'000, allreduce, src, row++);
          ev.stream[c] = 7;
          ev.core[c] = hccl;
          ev.type[c] = allreduce_type;
          ev.step[c] = static_cast<std::int64_t>(s);
        }
      }
      // A host gap, then an AICPU op that nothing overlaps (exposed).
      t += 200'000;
      const std::uint32_t a = ev.add_event(EventKind::kAicpu, Side::kDevice, t, 40'000, ev.strings.intern(spec.aicpu_name), src, row++);
      ev.stream[a] = 5;
      ev.core[a] = ai_cpu;
      ev.type[a] = ev.strings.intern(spec.aicpu_name);
      ev.step[a] = static_cast<std::int64_t>(s);
      t += 60'000;
    }
    trace::FileReadReport f;
    f.path = path;
    f.format = "ascend.kernel_details.csv";
    f.rank = r;
    f.rows_read = row;
    f.events = row;
    rp.files.push_back(f);
    capture.ranks.push_back(std::move(rp));
  }
  return capture;
}

}  // namespace llmsa::test
