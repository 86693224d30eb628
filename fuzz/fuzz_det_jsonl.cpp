// Fuzzes the determinism JSONL reader and the comparison built on it: any input must either compare
// or be rejected with llmsa::Error (bad input); never crash, hang or trip a sanitizer.
// The first byte picks whether the rest is compared with itself or split into two runs at the first
// 0xFF byte, so that pairing of unequal runs is exercised too.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/error.hpp"
#include "det/compare.hpp"

namespace {

std::string temp_path(const char* tag) {
  return "/tmp/llmsa_fuzz_det_" + std::to_string(::getpid()) + "_" + tag + ".jsonl";
}

void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return;
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool split = data[0] & 1;
  ++data;
  --size;
  std::size_t cut = size;
  if (split) {
    for (std::size_t i = 0; i < size; ++i) {
      if (data[i] == 0xFF) {
        cut = i;
        break;
      }
    }
  }
  static const std::string a = temp_path("a"), b = temp_path("b");
  write_file(a, data, cut);
  if (split) write_file(b, data + std::min(size, cut + 1), size - std::min(size, cut + 1));
  llmsa::det::CompareOptions options;
  options.keep_largest = 3;
  options.keep_divergences = 3;
  try {
    const auto report = llmsa::det::compare_runs({a, {}}, {split ? b : a, {}}, options);
    // Comparing a run with itself must find no differences.
    if (!split && (report.pairs_diverged != 0 || report.logprobs.bitwise_equal != report.logprobs.compared)) {
      __builtin_trap();
    }
  } catch (const llmsa::Error& e) {
    if (e.exit_code() != 2) __builtin_trap();  // the reader reports bad input, never an internal fault
  }
  return 0;
}
