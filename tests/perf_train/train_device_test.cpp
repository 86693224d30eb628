// data/training/link_efficiency.json: every entry names a database device and cites its source, and
// devices without an entry fall back to their database links.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"
#include "hw/hardware_db.hpp"
#include "perf/train_device.hpp"

namespace llmsa::perf {
namespace {

TEST(TrainDevice, EveryLinkEntryIsADatabaseDeviceWithSources) {
  auto j = nlohmann::json::parse(require_embedded_file("training/link_efficiency.json"));
  auto db = hw::HardwareDb::builtin();
  for (const auto& e : j.at("devices")) {
    auto name = e.at("device").get<std::string>();
    ASSERT_NE(db.find(name), nullptr) << name;
    EXPECT_FALSE(e.at("scale_up").at("source").get<std::string>().empty()) << name;
    EXPECT_FALSE(e.at("scale_out").at("source").get<std::string>().empty()) << name;
  }
  for (const char* key : {"compute_efficiency", "recompute_overhead_full", "dp_overlap_fraction", "pcie"})
    EXPECT_FALSE(j.at(key).at("source").get<std::string>().empty()) << key;
}

// methodology.md s10: H100 NVLink all-reduce ~360 GB/s, IB all-to-all 20 GB/s.
TEST(TrainDevice, H100FromCitedFigures) {
  auto d = train_device(hw::HardwareDb::builtin().require("H100"), true);
  EXPECT_EQ(d.peak_flops, 989e12);
  EXPECT_NEAR(d.effective_flops(), 742e12, 0.5e12);  // 989 x 0.75 (s1.7)
  EXPECT_EQ(d.scale_up.of(Primitive::kAllReduce), 360e9);
  EXPECT_EQ(d.scale_out.of(Primitive::kAllToAll), 20e9);
  EXPECT_EQ(d.scale_up_domain, 8);
}

TEST(TrainDevice, FallbackUsesDatabaseLinks) {
  const auto db = hw::HardwareDb::builtin();
  const auto& a100 = db.require("A100");
  auto d = train_device(a100, false);
  EXPECT_NEAR(d.scale_up.of(Primitive::kAllReduce), a100.scale_up->per_direction_bytes_per_s() * 0.8, 1);
  EXPECT_NE(d.source.find("default fractions"), std::string::npos);
}

}  // namespace
}  // namespace llmsa::perf
