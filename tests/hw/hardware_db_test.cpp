// Built-in hardware figures against the published figures they cite, and the peer-tool mistakes
// listed in ../shared/reference/modeling-tools.md sections 1.4, 5 and 7 that must not reappear.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "hw/hardware_db.hpp"

namespace llmsa::hw {
namespace {

const HardwareDb& db() {
  static const HardwareDb d = HardwareDb::builtin();
  return d;
}

double tf(const char* device, Dtype t) { return *db().require(device).dense_flops(t) / 1e12; }
double gbps(const char* device) { return db().require(device).memory_bandwidth_bytes_per_s.value / 1e9; }
double gb(const char* device) { return db().require(device).memory_capacity_bytes.value / 1e9; }

TEST(HardwareDb, CoversEveryDeviceTheIssueNames) {
  for (const char* name : {"H100-SXM", "H100-PCIe", "H200-SXM", "B200", "A100-SXM-80GB", "A100-SXM-40GB", "MI300X",
                           "Ascend-910B1", "Ascend-910B2", "Ascend-910B3", "Ascend-910B4", "Ascend-910C",
                           "Ascend-310P"}) {
    EXPECT_NE(db().find(name), nullptr) << name;
  }
}

TEST(HardwareDb, LooksUpAliasesCaseAndSeparatorInsensitively) {
  EXPECT_EQ(db().find("h100 sxm")->name, "H100-SXM");
  EXPECT_EQ(db().find("H100")->name, "H100-SXM");
  EXPECT_EQ(db().find("910c")->name, "Ascend-910C");
  EXPECT_EQ(db().find("Ascend910B2C")->name, "Ascend-910B2");
  EXPECT_EQ(db().find("no-such-gpu"), nullptr);
  EXPECT_THROW(db().require("no-such-gpu"), Error);
}

TEST(HardwareDb, NvidiaDensePeaksMatchDatasheets) {
  // NVIDIA H100 datasheet: BF16 1,979 with sparsity -> 989.4 dense (glennklockwood.com h100); FP8 3,958 -> 1,978.9.
  EXPECT_DOUBLE_EQ(tf("H100-SXM", Dtype::kBf16), 989.4);
  EXPECT_DOUBLE_EQ(tf("H100-SXM", Dtype::kFp8), 1978.9);
  // H100 PCIe column: BF16 1,513 sparse -> 756 dense; FP8 1,513 dense (modeling-tools.md s5).
  EXPECT_DOUBLE_EQ(tf("H100-PCIe", Dtype::kBf16), 756);
  EXPECT_DOUBLE_EQ(tf("H100-PCIe", Dtype::kFp8), 1513);
  // H200: same die as H100 (modeling-tools.md s5).
  EXPECT_DOUBLE_EQ(tf("H200-SXM", Dtype::kBf16), 989.4);
  // HGX B200: 2,250 dense BF16, 4,500 FP8, 9,000 FP4 (4.5 / 9 / 18 PFLOPS with sparsity).
  EXPECT_DOUBLE_EQ(tf("B200", Dtype::kBf16), 2250);
  EXPECT_DOUBLE_EQ(tf("B200", Dtype::kFp8), 4500);
  EXPECT_DOUBLE_EQ(tf("B200", Dtype::kFp4), 9000);
  // A100 datasheet: BF16 312, INT8 624, no FP8.
  EXPECT_DOUBLE_EQ(tf("A100-SXM-80GB", Dtype::kBf16), 312);
  EXPECT_DOUBLE_EQ(tf("A100-SXM-80GB", Dtype::kInt8), 624);
  EXPECT_FALSE(db().require("A100-SXM-80GB").dense_flops(Dtype::kFp8));
  // MI300X datasheet: BF16 1,307.4, FP8 2,614.9.
  EXPECT_DOUBLE_EQ(tf("MI300X", Dtype::kBf16), 1307.4);
  EXPECT_DOUBLE_EQ(tf("MI300X", Dtype::kFp8), 2614.9);
}

TEST(HardwareDb, MemoryMatchesDatasheets) {
  EXPECT_DOUBLE_EQ(gbps("H100-SXM"), 3350);  // H100 datasheet 3.35 TB/s
  EXPECT_DOUBLE_EQ(gbps("H100-PCIe"), 2000);
  EXPECT_DOUBLE_EQ(gbps("H200-SXM"), 4800);
  EXPECT_DOUBLE_EQ(gb("H200-SXM"), 141);
  EXPECT_DOUBLE_EQ(gbps("B200"), 8000);
  EXPECT_DOUBLE_EQ(gbps("A100-SXM-80GB"), 2039);  // A100 80GB SXM 2,039 GB/s
  EXPECT_DOUBLE_EQ(gbps("A100-SXM-40GB"), 1555);
  EXPECT_DOUBLE_EQ(gbps("MI300X"), 5300);
  EXPECT_DOUBLE_EQ(gb("MI300X"), 192);
}

TEST(HardwareDb, AscendFiguresFollowTheirSources) {
  // modeling-tools.md s5: 910B2 353.8 / 910B3 294.9 / 910B4 245.7 cube FP16; 64/64/32 GB; 1.6/1.6/0.8 TB/s.
  EXPECT_NEAR(tf("Ascend-910B2", Dtype::kFp16), 353.8, 0.2);
  EXPECT_NEAR(tf("Ascend-910B3", Dtype::kFp16), 294.9, 0.1);
  EXPECT_NEAR(tf("Ascend-910B4", Dtype::kFp16), 245.7, 0.2);
  EXPECT_NEAR(tf("Ascend-910B2", Dtype::kInt8), 707.9, 0.2);
  EXPECT_DOUBLE_EQ(gb("Ascend-910B4"), 32);
  EXPECT_DOUBLE_EQ(gbps("Ascend-910B4"), 800);
  EXPECT_DOUBLE_EQ(gbps("Ascend-910B2"), 1600);
  // The peaks are Cube arithmetic: cores x clock x 16^3 MAC x 2 FLOP (910B2: 24 x 1.8 GHz).
  const Device& b2 = db().require("Ascend-910B2");
  EXPECT_NEAR(b2.ascend->cube_cores * *b2.ascend->clock_hz * 4096 * 2, *b2.dense_flops(Dtype::kFp16), 0.1e12);
  EXPECT_EQ(db().require("Ascend-910B3").ascend->cube_cores, 20);
  EXPECT_EQ(db().require("Ascend-910B1").ascend->vector_cores, 48);
  // 910C: CloudMatrix384 752 dense, 128 GB (Part 6), 3.2 TB/s (Part 7); no FP8 (Part 6).
  EXPECT_DOUBLE_EQ(tf("Ascend-910C", Dtype::kBf16), 752);
  EXPECT_DOUBLE_EQ(gb("Ascend-910C"), 128);
  EXPECT_DOUBLE_EQ(gbps("Ascend-910C"), 3200);
  EXPECT_FALSE(db().require("Ascend-910C").dense_flops(Dtype::kFp8));
  // 310P: FP16 only (no BF16), LPDDR4X.
  EXPECT_FALSE(db().require("Ascend-310P").dense_flops(Dtype::kBf16));
  EXPECT_EQ(db().require("Ascend-310P").memory_type, "LPDDR4X");
}

TEST(HardwareDb, LinksStateTheirDirection) {
  // NVLink 4: 900 GB/s bidirectional = 18 x 50 GB/s (methodology.md s8 Part 6) -> 450 each way.
  const Link& nv = *db().require("H100-SXM").scale_up;
  EXPECT_DOUBLE_EQ(nv.bidirectional_bytes_per_s(), 900e9);
  EXPECT_DOUBLE_EQ(nv.per_direction_bytes_per_s(), 450e9);
  EXPECT_DOUBLE_EQ(db().require("B200").scale_up->bidirectional_bytes_per_s(), 1800e9);
  // IB NDR 50 GB/s per HCA (methodology.md s8); RoCE 400 Gbps = 50 GB/s per 910C NPU.
  EXPECT_DOUBLE_EQ(db().require("H100-SXM").scale_out->per_direction_bytes_per_s(), 50e9);
  EXPECT_DOUBLE_EQ(db().require("Ascend-910C").scale_out->per_direction_bytes_per_s(), 50e9);
  // 910C HCCS is 392 GB/s bidirectional for two dies, so one 910B-class die gets 196 bidirectional.
  EXPECT_DOUBLE_EQ(db().require("Ascend-910B2").scale_up->bidirectional_bytes_per_s(), 196e9);
}

TEST(HardwareDb, RidgePointsMatchMethodologyTable) {
  // methodology.md s8 (Part 4 s7.1): H100 295 / 591, H200 206 / 412, B200 281 / 562 (the author truncates 562.5).
  EXPECT_NEAR(*db().require("H100-SXM").ridge_point(Dtype::kBf16), 295, 0.5);
  EXPECT_NEAR(*db().require("H100-SXM").ridge_point(Dtype::kFp8), 591, 0.5);
  EXPECT_NEAR(*db().require("H200-SXM").ridge_point(Dtype::kBf16), 206, 0.5);
  EXPECT_NEAR(*db().require("H200-SXM").ridge_point(Dtype::kFp8), 412, 0.5);
  EXPECT_NEAR(*db().require("B200").ridge_point(Dtype::kBf16), 281, 0.5);
  EXPECT_NEAR(*db().require("B200").ridge_point(Dtype::kFp8), 562.5, 0.01);
  // A100: the table's 156 uses 2.0 TB/s; with the datasheet's 2,039 GB/s the ridge is 153.
  EXPECT_NEAR(*db().require("A100-SXM-80GB").ridge_point(Dtype::kBf16), 153.0, 0.1);
  EXPECT_DOUBLE_EQ(db().require("A100-SXM-80GB").methodology->values.at("ridge_bf16"), 156);
}

TEST(HardwareDb, MethodologyFiguresAreSelectableForGoldenTests) {
  // methodology.md s1.7: TFLOPS_eff = 989 x 0.75 = 742 on H100 BF16.
  const auto& h100 = db().require("H100-SXM").methodology->values;
  EXPECT_DOUBLE_EQ(h100.at("bf16_tflops_effective"), 742);
  EXPECT_DOUBLE_EQ(h100.at("bf16_tflops") * h100.at("matmul_efficiency"), 741.75);
  EXPECT_DOUBLE_EQ(h100.at("hbm_bandwidth_tb_per_s"), 3.35);
  // methodology.md s12 F24: Part 6 says 128 GB, Part 7 uses 64 GB per card; both kept, named.
  const auto& c = db().require("Ascend-910C").methodology->values;
  EXPECT_DOUBLE_EQ(c.at("hbm_capacity_gb_part6"), 128);
  EXPECT_DOUBLE_EQ(c.at("hbm_capacity_gb_part7"), 64);
  EXPECT_DOUBLE_EQ(c.at("bf16_tflops"), 800);
}

TEST(HardwareDb, NoSparseFigureIsFiledAsDense) {
  for (const Device& d : db().devices()) {
    for (const auto& [t, p] : d.compute) {
      if (p.sparse_flops) {
        EXPECT_NEAR(*p.sparse_flops / p.dense_flops.value, 2.0, 0.02) << d.name;
      }
    }
  }
  // The specific peer mistakes (modeling-tools.md s1.4, s5): 1,979 BF16 for H100/H200 (NeMo MFU default),
  // 4,500 BF16 for B200, 2,615 BF16 for MI300X.
  EXPECT_LT(tf("H100-SXM", Dtype::kBf16), 1000);
  EXPECT_LT(tf("H200-SXM", Dtype::kBf16), 1000);
  EXPECT_LT(tf("B200", Dtype::kBf16), 2500);
  EXPECT_LT(tf("MI300X", Dtype::kBf16), 1400);
  // LLM-Viewer / Calculon use 3,072 GB/s for H100 SXM; a third-party config lists A100 at 4.0 TB/s;
  // a roofline script uses 0.46 TB/s for 910B.
  EXPECT_NE(gbps("H100-SXM"), 3072);
  EXPECT_LT(gbps("A100-SXM-80GB"), 2100);
  EXPECT_GT(gbps("Ascend-910B3"), 1000);
}

TEST(HardwareDb, EveryFigureCitesASource) {
  for (const Device& d : db().devices()) {
    for (const auto& [t, p] : d.compute) EXPECT_FALSE(p.dense_flops.source.empty()) << d.name;
    EXPECT_FALSE(d.memory_capacity_bytes.source.empty()) << d.name;
    EXPECT_FALSE(d.memory_bandwidth_bytes_per_s.source.empty()) << d.name;
    if (d.scale_up) {
      EXPECT_FALSE(d.scale_up->source.empty()) << d.name;
    }
    if (d.scale_out) {
      EXPECT_FALSE(d.scale_out->source.empty()) << d.name;
    }
    EXPECT_TRUE(d.origin.starts_with("builtin:hardware/")) << d.origin;
  }
}

}  // namespace
}  // namespace llmsa::hw
