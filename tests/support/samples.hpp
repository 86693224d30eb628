#pragma once
// Access to ../shared/samples (real captures from other projects). Never copy them into the repo.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace llmsa::test {

inline std::filesystem::path samples_dir() {
  if (const char* env = std::getenv("LLMSA_SAMPLES_DIR"); env && *env) return env;
  return LLMSA_SAMPLES_DIR;
}

inline std::filesystem::path sample_path(const std::string& relative) { return samples_dir() / relative; }

}  // namespace llmsa::test

// Skips the current test, saying which file was looked for, when a sample is not on this machine.
#define LLMSA_REQUIRE_SAMPLE(relative)                                                     \
  do {                                                                                     \
    if (!std::filesystem::exists(::llmsa::test::sample_path(relative)))                    \
      GTEST_SKIP() << "sample not found: " << ::llmsa::test::sample_path(relative).string() \
                   << " (set LLMSA_SAMPLES_DIR or place ../shared/samples beside the repo)"; \
  } while (0)
