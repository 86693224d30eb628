#pragma once
// Machine-readable form of a device for `--format json`: every figure in SI units with its source,
// links in both per-direction and bidirectional terms so nobody has to guess which one a number is.
#include <nlohmann/json.hpp>

#include "hw/device.hpp"

namespace llmsa::hw {

nlohmann::json device_to_json(const Device& d);

}  // namespace llmsa::hw
