// Fuzzes the versioned MoE communication rules reader and runs every parsed version once: a rules
// document is accepted or refused with llmsa::Error, never a crash or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "perf/moe_comm_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto set = llmsa::perf::MoeCommRuleSet::parse(text, "fuzz.json");
    llmsa::perf::MoeCommSettings s;
    s.ep_size = 16;
    s.num_tokens = 100;
    s.mc2_capacity = 512;
    s.num_experts = 256;
    s.top_k = 8;
    for (const auto& id : set.version_ids()) {
      try {
        (void)set.select(id, s);
      } catch (const llmsa::Error&) {
      }
    }
  } catch (const llmsa::Error&) {
  }
  return 0;
}
