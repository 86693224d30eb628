#pragma once
// Shared helpers of the part-B analysis tests: ingest a sample folder once per test.
#include <filesystem>
#include <string>
#include <vector>

#include "support/samples.hpp"
#include "trace/ingest.hpp"

namespace llmsa::test {

inline trace::Capture ingest_sample(const std::vector<std::string>& relative) {
  std::vector<std::filesystem::path> paths;
  for (const auto& r : relative) paths.push_back(sample_path(r));
  trace::IngestOptions opt;
  opt.threads = 1;
  return trace::ingest(paths, opt).capture;
}

inline constexpr const char* kLevel1 = "Ascend-msinsight/test/data/pytorch/text/level1";
inline constexpr const char* kLevel1Rank0 = "Ascend-msinsight/test/data/pytorch/text/level1/rank0_ascend_pt";
inline constexpr const char* kLevel2 = "Ascend-msinsight/test/st/level2";
inline constexpr const char* kServerRanks = "Ascend-msinsight/server/src/test/test_data";
inline constexpr const char* kAdvisorCluster =
    "Ascend-mstt/profiler/msprof_analyze/test/resource/advisor/cluster_analysis_output";
inline constexpr const char* kMi300Resnet = "TraceLens/tests/traces/mi300/resnet_act_checkpoint.json.gz";

}  // namespace llmsa::test
