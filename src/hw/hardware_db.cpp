#include "hw/hardware_db.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::hw {

namespace {
std::string fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    // "H100 SXM", "h100-sxm" and "H100_SXM" name the same device.
    if (c == ' ' || c == '_') c = '-';
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool answers_to(const Device& d, const std::string& folded) {
  if (fold(d.name) == folded) return true;
  return std::any_of(d.aliases.begin(), d.aliases.end(), [&](const std::string& a) { return fold(a) == folded; });
}
}  // namespace

HardwareDb HardwareDb::builtin() {
  HardwareDb db;
  for (const auto& f : embedded_files("hardware/")) {
    if (!f.path.ends_with(".json")) continue;
    db.merge_json(f.bytes, "builtin:" + std::string(f.path));
  }
  return db;
}

void HardwareDb::merge_json(std::string_view text, const std::string& origin) {
  for (Device& d : parse_hardware_json(text, origin)) {
    std::string key = fold(d.name);
    auto it = std::find_if(devices_.begin(), devices_.end(), [&](const Device& e) { return answers_to(e, key); });
    if (it != devices_.end()) *it = std::move(d);
    else devices_.push_back(std::move(d));
  }
  std::sort(devices_.begin(), devices_.end(), [](const Device& a, const Device& b) { return a.name < b.name; });
}

void HardwareDb::merge_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_bad_input(at(path.string(), ""), "cannot open hardware file");
  std::stringstream ss;
  ss << in.rdbuf();
  merge_json(ss.str(), path.string());
}

const Device* HardwareDb::find(std::string_view name) const {
  std::string key = fold(name);
  for (const Device& d : devices_) {
    if (fold(d.name) == key) return &d;
  }
  for (const Device& d : devices_) {
    if (answers_to(d, key)) return &d;
  }
  return nullptr;
}

const Device& HardwareDb::require(std::string_view name) const {
  if (const Device* d = find(name)) return *d;
  std::string known;
  for (const Device& d : devices_) known += (known.empty() ? "" : ", ") + d.name;
  throw_bad_input(at("", "device"), fmt::format("unknown device '{}' (known: {})", name, known));
}

}  // namespace llmsa::hw
