// A user hardware file adds or overrides devices; bad files are refused with file and field.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "hw/hardware_db.hpp"

namespace llmsa::hw {
namespace {

std::string doc(const std::string& device_body) {
  return R"({"schema": "llmsa.hardware/1", "devices": [)" + device_body + "]}";
}

const char* kGood = R"({
  "name": "MyNPU", "aliases": ["mine"], "vendor": "Acme",
  "compute": {"bf16": {"dense_tflops": 100, "sparse_tflops": 200, "source": "acme sheet"}},
  "memory": {"type": "HBM3", "capacity_gb": {"value": 96, "source": "acme"},
             "bandwidth_gb_per_s": {"value": 2000, "source": "acme"}},
  "scale_up": {"name": "AcmeLink", "gb_per_s": 400, "direction": "bidirectional", "source": "acme"}
})";

std::string error_of(const std::string& text) {
  try {
    parse_hardware_json(text, "user.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    return e.what();
  }
  return "";
}

TEST(HardwareUserFile, AddsANewDevice) {
  HardwareDb db = HardwareDb::builtin();
  size_t before = db.devices().size();
  db.merge_json(doc(kGood), "user.json");
  ASSERT_EQ(db.devices().size(), before + 1);
  const Device& d = db.require("mine");
  EXPECT_EQ(d.name, "MyNPU");
  EXPECT_EQ(d.origin, "user.json");
  EXPECT_DOUBLE_EQ(*d.dense_flops(Dtype::kBf16), 100e12);
  EXPECT_DOUBLE_EQ(d.scale_up->per_direction_bytes_per_s(), 200e9);
}

TEST(HardwareUserFile, OverridesABuiltinDeviceByNameOrAlias) {
  HardwareDb db = HardwareDb::builtin();
  size_t before = db.devices().size();
  std::string body = kGood;
  body.replace(body.find("\"MyNPU\""), 7, "\"H100\"");  // an alias of H100-SXM
  db.merge_json(doc(body), "site.json");
  EXPECT_EQ(db.devices().size(), before);
  EXPECT_EQ(db.require("H100").origin, "site.json");
  EXPECT_DOUBLE_EQ(db.require("H100").memory_bandwidth_bytes_per_s.value, 2000e9);
}

TEST(HardwareUserFile, RejectsASparseFigureFiledAsDense) {
  std::string body = kGood;
  body.replace(body.find("\"dense_tflops\": 100"), 19, "\"dense_tflops\": 200");
  auto msg = error_of(doc(body));
  EXPECT_NE(msg.find("user.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("$.devices[0].compute.bf16.sparse_tflops"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2x the dense peak"), std::string::npos) << msg;
}

TEST(HardwareUserFile, NamesTheFieldOfEachProblem) {
  std::string unknown = kGood;
  unknown.replace(unknown.find("\"vendor\""), 8, "\"vendr\"");
  EXPECT_NE(error_of(doc(unknown)).find("$.devices[0].vendr"), std::string::npos);

  std::string no_source = kGood;
  no_source.replace(no_source.find("\"source\": \"acme sheet\""), 22, "\"note\": \"x\"");
  EXPECT_NE(error_of(doc(no_source)).find("compute.bf16.source"), std::string::npos);

  std::string bad_dir = kGood;
  bad_dir.replace(bad_dir.find("\"bidirectional\""), 15, "\"both\"");
  EXPECT_NE(error_of(doc(bad_dir)).find("scale_up.direction"), std::string::npos);

  std::string negative = kGood;
  negative.replace(negative.find("\"value\": 96"), 11, "\"value\": -1");
  EXPECT_NE(error_of(doc(negative)).find("memory.capacity_gb.value"), std::string::npos);

  std::string bad_dtype = kGood;
  bad_dtype.replace(bad_dtype.find("\"bf16\""), 6, "\"bf12\"");
  EXPECT_NE(error_of(doc(bad_dtype)).find("compute.bf12"), std::string::npos);

  EXPECT_NE(error_of(R"({"schema": "other", "devices": []})").find("$.schema"), std::string::npos);
  EXPECT_NE(error_of(doc(std::string(kGood) + "," + kGood)).find("appears twice"), std::string::npos);
}

TEST(HardwareUserFile, ReportsTheByteOffsetOfBrokenJson) {
  try {
    parse_hardware_json(R"({"schema": "llmsa.hardware/1", "devices": [ }")", "broken.json");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "broken.json");
    EXPECT_GE(e.where().byte_offset, 40);
  }
}

TEST(HardwareUserFile, MissingFileIsBadInput) {
  HardwareDb db;
  EXPECT_THROW(db.merge_file("/nonexistent/hw.json"), Error);
}

}  // namespace
}  // namespace llmsa::hw
