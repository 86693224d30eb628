#include "analysis/operator_bound.hpp"

#include <algorithm>
#include <cmath>

namespace llmsa::analysis {

const char* pipe_stage_name(int stage) {
  static constexpr const char* kNames[kPipeStageCount] = {"aic_mac",   "aic_fixpipe", "aic_mte1",
                                                          "aic_mte2",  "aic_scalar",  "aiv_vec",
                                                          "aiv_mte2",  "aiv_mte3",    "aiv_scalar"};
  return stage >= 0 && stage < kPipeStageCount ? kNames[stage] : "";
}

void PipelineTotals::add(const PipelineTotals& o) {
  for (int i = 0; i < kPipeStageCount; ++i) time_us[i] += o.time_us[i];
  any_time = any_time || o.any_time;
  mac_ratio_w += o.mac_ratio_w;
  vec_ratio_w += o.vec_ratio_w;
  aic_mte2_ratio_w += o.aic_mte2_ratio_w;
  aiv_mte2_ratio_w += o.aiv_mte2_ratio_w;
  mac_w += o.mac_w;
  vec_w += o.vec_w;
  aic_mte2_w += o.aic_mte2_w;
  aiv_mte2_w += o.aiv_mte2_w;
}

namespace {
std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}
bool has(const std::string& s, std::string_view t) { return s.find(t) != std::string::npos; }
std::optional<double> weighted(double sum, double weight) {
  if (weight <= 0) return std::nullopt;
  return sum / weight;
}
}  // namespace

std::string op_type_from_core(std::string_view accelerator_core, bool aiv_time_positive) {
  const std::string c = upper(accelerator_core);
  if (c == "AI_CORE" || c == "AICORE") return "aic";
  if (c == "AI_VECTOR_CORE") return "aiv";
  if (c == "MIX_AIC" || c == "MIX_AIV") return "mix_cv";
  if (c == "COMMUNICATION" || c == "HCCL") return aiv_time_positive ? "mix_comm_aiv" : "communication";
  if (c == "AI_CPU") return "aicpu";
  if (c == "DSA_SQE") return "dsa";
  // Fallback of the reference: contains MIX / COMM / HCCL / VECTOR / CORE.
  if (has(c, "MIX")) return "mix_cv";
  if (has(c, "COMM") || has(c, "HCCL")) return aiv_time_positive ? "mix_comm_aiv" : "communication";
  if (has(c, "VECTOR")) return "aiv";
  if (has(c, "CORE")) return "aic";
  return "unknown";
}

BoundClass classify_bound(std::string_view accelerator_core, const PipelineTotals& p, double mixed_margin,
                          double memory_bound_threshold) {
  BoundClass b;
  const auto& t = p.time_us;
  const double aiv_total = t[kAivVec] + t[kAivMte2] + t[kAivMte3] + t[kAivScalar];
  b.op_type = op_type_from_core(accelerator_core, aiv_total > 0);

  b.mac_ratio = weighted(p.mac_ratio_w, p.mac_w);
  b.vec_ratio = weighted(p.vec_ratio_w, p.vec_w);
  const auto aic_mte2 = weighted(p.aic_mte2_ratio_w, p.aic_mte2_w);
  const auto aiv_mte2 = weighted(p.aiv_mte2_ratio_w, p.aiv_mte2_w);
  if (aic_mte2 || aiv_mte2) b.mte2_ratio = std::max(aic_mte2.value_or(0.0), aiv_mte2.value_or(0.0));
  if (b.mte2_ratio && (b.mac_ratio || b.vec_ratio)) {
    const double denom = std::max(b.mac_ratio.value_or(0.0), b.vec_ratio.value_or(0.0));
    if (denom > 0) {
      b.memory_bound = *b.mte2_ratio / denom;
      b.memory_verdict = *b.memory_bound > memory_bound_threshold ? "memory" : "compute";
    }
  }

  if (b.op_type == "aicpu" || b.op_type == "dsa" || b.op_type == "communication" || !p.any_time) return b;
  if (b.op_type == "mix_comm_aiv") {
    int best = kAivVec;
    for (int s = kAivVec; s <= kAivScalar; ++s)
      if (t[s] > t[best]) best = s;
    if (t[best] > 0) b.bound_stage = pipe_stage_name(best);
    b.bound_family = "comm_aiv_mix";
    return b;
  }
  int best = 0;
  for (int s = 1; s < kPipeStageCount; ++s)
    if (t[s] > t[best]) best = s;
  double total = 0;
  for (double v : t) total += v;
  if (total <= 0) return b;
  b.bound_stage = pipe_stage_name(best);
  struct Fam {
    const char* name;
    double v;
  };
  std::array<Fam, 5> fam{{{"cube", t[kAicMac] + t[kAicFixpipe]},
                          {"vector", t[kAivVec]},
                          {"aic_mte", t[kAicMte1] + t[kAicMte2]},
                          {"aiv_mte", t[kAivMte2] + t[kAivMte3]},
                          {"scalar", t[kAicScalar] + t[kAivScalar]}}};
  // Stable: ties keep the listed order, so the verdict never depends on sort internals.
  std::stable_sort(fam.begin(), fam.end(), [](const Fam& a, const Fam& c) { return a.v > c.v; });
  b.bound_family = (fam[0].v - fam[1].v) / total < mixed_margin ? "mixed" : fam[0].name;
  const double aic = t[kAicMac] + t[kAicFixpipe] + t[kAicMte1] + t[kAicMte2] + t[kAicScalar];
  const double hi = std::max(aic, aiv_total);
  if (hi > 0) b.dominant_core = std::abs(aic - aiv_total) / hi < mixed_margin ? "mix" : (aic > aiv_total ? "aic" : "aiv");
  return b;
}

}  // namespace llmsa::analysis
