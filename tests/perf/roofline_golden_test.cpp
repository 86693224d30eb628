// Roofline primitives against the worked numbers of methodology.md s8 and s11 (Llama-70B on H100 and
// H200, MiniMax-M3 decode). FLOPs and bytes are the reference's own inputs (the model analysis is not
// wired in yet); device figures are the ones the methodology uses, taken from the hardware database.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "hw/hardware_db.hpp"
#include "perf/roofline.hpp"

namespace llmsa::perf {
namespace {

const hw::HardwareDb& db() {
  static const hw::HardwareDb d = hw::HardwareDb::builtin();
  return d;
}
double method(const char* device, const char* key) { return db().require(device).methodology->values.at(key); }

// methodology.md s11: H100 3.35 TB/s, TFLOPS_eff 742 (= 989 x 0.75, s1.7).
double h100_bw() { return method("H100-SXM", "hbm_bandwidth_tb_per_s") * 1e12; }
double h100_eff() { return method("H100-SXM", "bf16_tflops_effective") * 1e12; }

// Llama-70B (d 8192, L 80, H_q 64, D 128), prefill FLOPs = 2*N*S + 4*S^2*H_q*D*L (s11, not causal-halved).
double llama70b_prefill_flops(double s) { return 2 * 70e9 * s + 4 * s * s * 64 * 128 * 80; }

TEST(RooflineGolden, Llama70bPrefill2048IsComputeBoundAt400ms) {
  // s11 / V.1: 2.9772e14 FLOPs -> 401.2 ms at 742 TFLOPS; memory 140 GB / 3.35 TB/s = 41.8 ms.
  double flops = llama70b_prefill_flops(2048);
  EXPECT_NEAR(flops, 2.9772e14, 0.0001e14);
  auto p = roofline(flops, 140e9, h100_eff(), h100_bw());
  EXPECT_EQ(p.bound, Bound::kCompute);
  EXPECT_NEAR(p.seconds * 1e3, 401.2, 0.1);
  EXPECT_NEAR(p.memory_seconds * 1e3, 41.8, 0.05);
}

TEST(RooflineGolden, Llama70bPrefill128IsMemoryBoundAt42ms) {
  // s11: FLOPs ~1.79e13, compute 24 ms, memory 42 ms -> TTFT ~42 ms, memory-bound.
  double flops = llama70b_prefill_flops(128);
  EXPECT_NEAR(flops, 1.79e13, 0.01e13);
  auto p = roofline(flops, 140e9, h100_eff(), h100_bw());
  EXPECT_EQ(p.bound, Bound::kMemory);
  EXPECT_NEAR(p.compute_seconds * 1e3, 24.2, 0.1);
  EXPECT_NEAR(p.seconds * 1e3, 41.8, 0.05);
}

TEST(RooflineGolden, Llama70bDecodeOnOneH100Is42ms) {
  // s11 / V.1: 140 GB / 3.35 TB/s = 41.79 ms; decode AI = 2/bytes = 1.0 in BF16 (s8).
  auto p = roofline(140e9, 140e9, h100_eff(), h100_bw());
  EXPECT_NEAR(p.seconds * 1e3, 41.79, 0.01);
  EXPECT_EQ(p.bound, Bound::kMemory);
  EXPECT_DOUBLE_EQ(p.arithmetic_intensity, 1.0);
}

TEST(RooflineGolden, EffectiveRidgeIsThePrefillCrossover) {
  // s12 F20 / V.2: memory time equals the 2NS compute time at S = 742 / 3.35 = 221.5 (effective ridge);
  // the peak H100 ridge is 295 (s8 table).
  auto p = roofline(1, 1, h100_eff(), h100_bw());
  EXPECT_NEAR(p.ridge, 221.5, 0.05);
  const auto& h100 = db().require("H100-SXM");
  EXPECT_NEAR(ridge_point(*h100.dense_flops(hw::Dtype::kBf16), h100.memory_bandwidth_bytes_per_s.value), 295.3, 0.05);
  // With the reference's efficiency as an Efficiency: 989.4 x 0.75 is 742.05, the methodology rounds to 742.
  auto q = roofline(1, 1, h100, hw::Dtype::kBf16, {.compute = 0.75, .memory = 1.0});
  EXPECT_NEAR(q.ridge, 221.5, 0.05);
}

TEST(RooflineGolden, Llama70bOnH200) {
  // s8: 70B dense on 1 x H200 BF16: AI 1.0, achievable 4.8 TFLOPS (MFU 0.49%), latency 140e9/4.8e12 ~ 29 ms.
  const auto& h200 = db().require("H200-SXM");
  auto p = roofline(140e9, 140e9, h200, hw::Dtype::kBf16);
  EXPECT_NEAR(p.seconds * 1e3, 29.17, 0.01);
  EXPECT_NEAR(achievable_flops_per_s(1.0, 989e12, 4.8e12), 4.8e12, 1);
  EXPECT_NEAR(p.achieved_flops_per_s / *h200.dense_flops(hw::Dtype::kBf16) * 100, 0.49, 0.005);
}

TEST(RooflineGolden, MiniMaxM3DecodeIntensity) {
  // s8: M3 on 8 x H200, active 23B -> 46 GB, 215 GFLOPs/token: AI ~4.7; single-card achievable 22.4 TFLOPS;
  // per-card bytes 46/4 = 11.5 GB -> 2.4 ms.
  const auto& h200 = db().require("H200-SXM");
  auto p = roofline(215e9, 46e9, h200, hw::Dtype::kBf16);
  EXPECT_NEAR(p.arithmetic_intensity, 4.7, 0.05);
  EXPECT_EQ(p.bound, Bound::kMemory);
  EXPECT_NEAR(achievable_flops_per_s(p.arithmetic_intensity, 989e12, 4.8e12) / 1e12, 22.4, 0.05);
  EXPECT_NEAR(roofline(215e9 / 4, 11.5e9, h200, hw::Dtype::kBf16).seconds * 1e3, 2.4, 0.01);
  // Quantisation table (s8): FP8 and INT4 halve and quarter the bytes: AI 9.3 / 18.7.
  EXPECT_NEAR(roofline(215e9, 23e9, h200, hw::Dtype::kFp8).arithmetic_intensity, 9.3, 0.05);
  EXPECT_NEAR(215e9 / 11.5e9, 18.7, 0.01);
}

TEST(RooflineGolden, Ascend910cDecodeWithThePart7Figures) {
  // s11 uses 910C at 3.2 TB/s (Part 7; the hardware database holds it as the methodology figure).
  double bw = method("Ascend-910C", "hbm_bandwidth_tb_per_s") * 1e12;
  double peak = method("Ascend-910C", "bf16_tflops") * 1e12;
  // Single card: 140 / 3.2 = 44 ms; TP 4: 35 / 3.2 = 11 ms (vs 10.4 on H100).
  EXPECT_NEAR(roofline(140e9, 140e9, peak, bw).seconds * 1e3, 43.75, 0.01);
  EXPECT_NEAR(roofline(35e9, 35e9, peak, bw).seconds * 1e3, 10.94, 0.01);
  // "TPOT ~14 ms (HBM2e efficiency ~80%)": 35 GB / (3.2 TB/s x 0.8) = 13.7 ms.
  double eff = method("Ascend-910C", "hbm2e_efficiency");
  EXPECT_NEAR(roofline(35e9, 35e9, peak, bw, {.compute = 1, .memory = eff}).seconds * 1e3, 13.67, 0.01);
  // s12 A18: "TP 8 on 910C: 17.5 GB -> ~4 ms" is wrong; 17.5 / 3.2 = 5.5 ms.
  EXPECT_NEAR(roofline(17.5e9, 17.5e9, peak, bw).seconds * 1e3, 5.47, 0.01);
}

TEST(Roofline, RefusesNonsenseAndMissingFormats) {
  EXPECT_THROW(roofline(1, 1, 0, 1), Error);
  EXPECT_THROW(roofline(1, 1, 1, 1, {.compute = 0, .memory = 1}), Error);
  // A100 has no FP8 (datasheet), so an FP8 roofline on it is bad input, not a number.
  EXPECT_THROW(roofline(1, 1, db().require("A100"), hw::Dtype::kFp8), Error);
}

}  // namespace
}  // namespace llmsa::perf
