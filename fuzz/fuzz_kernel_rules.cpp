// A user rules file for the kernel classifier is user input: it must be accepted or refused with
// llmsa::Error, never crash. Accepted rules are then exercised on a few names.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/kernel_classifier.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto c = llmsa::analysis::KernelClassifier::with_user_rules(text, "fuzz.json");
    (void)c.classify("aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE");
    (void)c.classify("ncclDevKernel_Generic", "", "kernel");
    (void)c.classify(text.substr(0, 64), "", "");
  } catch (const llmsa::Error&) {
  }
  return 0;
}
