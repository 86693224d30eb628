// Fuzzes the hardware JSON reader (user --file input): it must accept or refuse with llmsa::Error,
// never crash or throw anything else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "hw/hardware_db.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    static const llmsa::hw::HardwareDb base = llmsa::hw::HardwareDb::builtin();  // parse the built-ins once
    llmsa::hw::HardwareDb db = base;
    db.merge_json(text, "fuzz.json");
    for (const auto& d : db.devices()) (void)d.ridge_point(llmsa::hw::Dtype::kBf16);
  } catch (const llmsa::Error&) {
  }
  return 0;
}
