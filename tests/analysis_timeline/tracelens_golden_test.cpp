// --compat tracelens against TraceLens's own gpu_timeline.csv, produced by TraceLens for each
// sample trace (../shared/samples/TraceLens/tests/traces/**/gpu_timeline.csv). The expected values
// are read from those files; the issue asks for equality within 1e-6 ms.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "analysis/compat_tracelens.hpp"
#include "support/samples.hpp"
#include "trace/ingest.hpp"

namespace llmsa::analysis {
namespace {

struct GoldenCase {
  const char* trace;
  const char* golden;
};

// type -> time ms, from a gpu_timeline.csv with header "type,time ms,percent".
std::map<std::string, double> read_gpu_timeline(const std::filesystem::path& path) {
  std::map<std::string, double> out;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string type, ms;
    std::getline(ss, type, ',');
    std::getline(ss, ms, ',');
    out[type] = std::stod(ms);
  }
  return out;
}

class TraceLensGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(TraceLensGolden, MatchesGpuTimelineCsv) {
  const GoldenCase c = GetParam();
  LLMSA_REQUIRE_SAMPLE(c.trace);
  LLMSA_REQUIRE_SAMPLE(c.golden);
  const auto golden = read_gpu_timeline(test::sample_path(c.golden));
  trace::IngestResult r = trace::ingest({test::sample_path(c.trace)});
  ASSERT_EQ(r.capture.ranks.size(), 1u);
  const TraceLensMetrics m = tracelens_gpu_timeline(r.capture.ranks[0].events);
  ASSERT_GT(m.events, 0);
  constexpr double kTolMs = 1e-6;
  EXPECT_NEAR(m.total_time_ms, golden.at("total_time"), kTolMs);
  EXPECT_NEAR(m.computation_time_ms, golden.at("computation_time"), kTolMs);
  EXPECT_NEAR(m.exposed_comm_time_ms, golden.at("exposed_comm_time"), kTolMs);
  EXPECT_NEAR(m.exposed_memcpy_time_ms, golden.at("exposed_memcpy_time"), kTolMs);
  EXPECT_NEAR(m.idle_time_ms, golden.at("idle_time"), kTolMs);
  EXPECT_NEAR(m.total_comm_time_ms, golden.at("total_comm_time"), kTolMs);
  EXPECT_NEAR(m.busy_time_ms, golden.at("busy_time"), kTolMs);
  EXPECT_NEAR(m.total_memcpy_time_ms, golden.at("total_memcpy_time"), kTolMs);
}

#define TL "TraceLens/tests/traces/"
INSTANTIATE_TEST_SUITE_P(
    Samples, TraceLensGolden,
    ::testing::Values(
        GoldenCase{TL "mi210/gpu_only_trace/gpu_only_trace.json.gz",
                   TL "mi210/gpu_only_trace/gpu_only_trace_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "h100/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz",
                   TL "h100/Qwen_Qwen1.5-0.5B-Chat__1016005_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "h100/google_owlv2-large-patch14-ensemble__1016001.json.gz",
                   TL "h100/google_owlv2-large-patch14-ensemble__1016001_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "h100/facebook_timesformer-base-finetuned-k400__1016002.json.gz",
                   TL "h100/facebook_timesformer-base-finetuned-k400__1016002_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "h100/gaunernst_bert-small-uncased__1016001.json.gz",
                   TL "h100/gaunernst_bert-small-uncased__1016001_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "h100/Falconsai_nsfw_image_detection__1016002.json.gz",
                   TL "h100/Falconsai_nsfw_image_detection__1016002_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "mi300/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz",
                   TL "mi300/Qwen_Qwen1.5-0.5B-Chat__1016005_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "mi300/facebook_timesformer-base-finetuned-k400__1016002.json.gz",
                   TL "mi300/facebook_timesformer-base-finetuned-k400__1016002_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "mi300/gaunernst_bert-small-uncased__1016001.json.gz",
                   TL "mi300/gaunernst_bert-small-uncased__1016001_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "mi300/Falconsai_nsfw_image_detection__1016002.json.gz",
                   TL "mi300/Falconsai_nsfw_image_detection__1016002_perf_report_csvs/gpu_timeline.csv"},
        GoldenCase{TL "inference/sglang_decode/sglang_Qwen3-8B_decode.json.gz",
                   TL "inference/sglang_decode/perf_csvs/gpu_timeline.csv"},
        GoldenCase{TL "torch_compile_triton/trace.json.gz",
                   TL "torch_compile_triton/trace_perf_report_csvs/gpu_timeline.csv"}),
    // Test names from the trace path (e.g. h100_Qwen_Qwen1_5_0_5B_Chat__1016005).
    [](const ::testing::TestParamInfo<GoldenCase>& info) {
      std::string name = std::string(info.param.trace).substr(std::string(TL).size());
      name = name.substr(0, name.find(".json"));
      for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });
#undef TL

}  // namespace
}  // namespace llmsa::analysis
