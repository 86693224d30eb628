#pragma once
// The hardware database: the devices shipped in data/hardware/*.json, plus any the user adds or
// overrides with a file of the same schema ("schema": "llmsa.hardware/1"). Lookups accept the
// canonical name or an alias, case-insensitively. Loading validates every field and reports the
// file and JSON path of the first problem (llmsa::Error, kBadInput).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hw/device.hpp"

namespace llmsa::hw {

class HardwareDb {
 public:
  // The devices compiled into the binary.
  static HardwareDb builtin();

  // Adds the devices of one hardware JSON document; a device whose name or alias matches an existing
  // device's name replaces it. `origin` names the document in errors and in Device::origin.
  void merge_json(std::string_view text, const std::string& origin);
  void merge_file(const std::filesystem::path& path);

  // nullptr when no device has that name or alias.
  const Device* find(std::string_view name) const;
  // Like find, but an unknown name is bad input whose message lists the known names.
  const Device& require(std::string_view name) const;

  // Sorted by name.
  const std::vector<Device>& devices() const { return devices_; }

 private:
  std::vector<Device> devices_;
};

// Parses and validates one hardware JSON document without merging it (used by merge_json and tests).
std::vector<Device> parse_hardware_json(std::string_view text, const std::string& origin);

}  // namespace llmsa::hw
