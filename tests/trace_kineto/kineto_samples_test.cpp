// Reads every Kineto-format trace in ../shared/samples and checks the reader against the file
// itself: the expected counts are computed in the test from an independent nlohmann/json parse of
// the decompressed file (records by ph), never from our own output.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/samples.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace {
namespace {

std::string read_maybe_gzip(const std::filesystem::path& p) {
  gzFile f = gzopen(p.string().c_str(), "rb");  // zlib reads plain files transparently
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

struct Expected {
  std::size_t records = 0, slices = 0, instants = 0, counters = 0, metadata = 0, flow_records = 0, be_pairs = 0;
  std::size_t kernels = 0;  // cat kernel / Kernel
  int rank = -1;
  nlohmann::json events;
};

Expected expect_from_file(const std::filesystem::path& p) {
  Expected e;
  auto j = nlohmann::json::parse(read_maybe_gzip(p));
  nlohmann::json evs = j.is_array() ? j : j["traceEvents"];
  if (j.is_object() && j.contains("distributedInfo") && j["distributedInfo"].contains("rank"))
    e.rank = j["distributedInfo"]["rank"].get<int>();
  e.records = evs.size();
  for (auto& ev : evs) {
    std::string ph = ev.value("ph", "");
    std::string cat = ev.value("cat", "");
    if (ph == "X") ++e.slices;
    if (ph == "i" || ph == "I") ++e.instants;
    if (ph == "C") ++e.counters;
    if (ph == "M") ++e.metadata;
    if (ph == "s" || ph == "t" || ph == "f") ++e.flow_records;
    if (ph == "E") ++e.be_pairs;
    if (ev.contains("bind_id") && (ev.value("flow_in", false) || ev.value("flow_out", false))) ++e.flow_records;
    if (ph == "X" && (cat == "kernel" || cat == "Kernel")) ++e.kernels;
  }
  e.events = std::move(evs);
  return e;
}

// Every file in the samples that is a Kineto / Chrome trace (SOURCES.md). Left out: the Chakra
// execution trace (execution_trace/benchmark_simple_add_et.json.gz) and sglang's
// execution_details.json, which are not traces.
const char* const kSamples[] = {
    "HolisticTraceAnalysis/tests/data/amd_trace/mi250_minitoy_train_ROCm6_2_kineto.json.gz",
    "HolisticTraceAnalysis/tests/data/call_stack/backward_thread.json",
    "HolisticTraceAnalysis/tests/data/cpu_only/rank-34.Jul_15_10_52_41.1074.pt.trace.json.gz",
    "HolisticTraceAnalysis/tests/data/critical_path/alexnet/benchmark_result_2869224_1695835535_trace.json.gz",
    "HolisticTraceAnalysis/tests/data/critical_path/cuda_event_sync/event_sync_trace.json.gz",
    "HolisticTraceAnalysis/tests/data/critical_path/cuda_event_sync_multi_stream/event_sync_trace.json.gz",
    "HolisticTraceAnalysis/tests/data/critical_path/end_to_end/simple_add/input/trace.json.gz",
    "HolisticTraceAnalysis/tests/data/critical_path/end_to_end/simple_add/output/overlaid_critical_path_trace.json.gz",
    "HolisticTraceAnalysis/tests/data/critical_path/simple_add/benchmark_result_493459_1694039959_trace.json.gz",
    "HolisticTraceAnalysis/tests/data/cupti_profiler/benchmark_result_924719_1679055439_trace.json.gz",
    "HolisticTraceAnalysis/tests/data/df_index_resolver/df_index_resolver.json.gz",
    "HolisticTraceAnalysis/tests/data/distributed_info_unavailable/distributed_info_not_found.json.gz",
    "HolisticTraceAnalysis/tests/data/execution_trace/benchmark_simple_add_trace.json.gz",
    "HolisticTraceAnalysis/tests/data/mixed_files/rank_non_gpu.json.gz",
    "HolisticTraceAnalysis/tests/data/mtia_inference_trace/mtia_inference_rank_0.json.gz",
    "HolisticTraceAnalysis/tests/data/nccl_parser_config/nccl_data.json.gz",
    "HolisticTraceAnalysis/tests/data/negative_queue_length_values_check/rank0.json.gz",
    "HolisticTraceAnalysis/tests/data/ns_resolution_trace/rank-0.Apr_03_18_51_38.1102.pt.trace.json.gz",
    "HolisticTraceAnalysis/tests/data/rank_non_gpu/rank_non_gpu.json.gz",
    "HolisticTraceAnalysis/tests/data/rank_unavailable/rank_not_found.json.gz",
    "HolisticTraceAnalysis/tests/data/timeline_analysis/sampled_rank-0.json.gz",
    "HolisticTraceAnalysis/tests/data/trace_compare/base/base.json.gz",
    "HolisticTraceAnalysis/tests/data/trace_compare/test/test.json.gz",
    "HolisticTraceAnalysis/tests/data/trace_diff/control/control.json.gz",
    "HolisticTraceAnalysis/tests/data/trace_diff/test/test.json.gz",
    "HolisticTraceAnalysis/tests/data/trace_file_list/inference_rank_1.json.gz",
    "HolisticTraceAnalysis/tests/data/trace_filter/sampled_rank-0.json.gz",
    "HolisticTraceAnalysis/tests/data/trace_filter/sampled_rank-1.json.gz",
    "HolisticTraceAnalysis/tests/data/triton_example/triton_example.json.gz",
    "TraceLens/tests/traces/b200/eager_trace.json.gz",
    "TraceLens/tests/traces/h100/Falconsai_nsfw_image_detection__1016002.json.gz",
    "TraceLens/tests/traces/h100/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz",
    "TraceLens/tests/traces/h100/facebook_timesformer-base-finetuned-k400__1016002.json.gz",
    "TraceLens/tests/traces/h100/gaunernst_bert-small-uncased__1016001.json.gz",
    "TraceLens/tests/traces/h100/google_owlv2-large-patch14-ensemble__1016001.json.gz",
    "TraceLens/tests/traces/inference/sglang_decode/capture_traces/bs_32_rank0.json.gz",
    "TraceLens/tests/traces/inference/sglang_decode/sglang_Qwen3-8B_decode.json.gz",
    "TraceLens/tests/traces/mi210/gpu_only_trace/gpu_only_trace.json.gz",
    "TraceLens/tests/traces/mi300/Falconsai_nsfw_image_detection__1016002.json.gz",
    "TraceLens/tests/traces/mi300/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz",
    "TraceLens/tests/traces/mi300/facebook_timesformer-base-finetuned-k400__1016002.json.gz",
    "TraceLens/tests/traces/mi300/gaunernst_bert-small-uncased__1016001.json.gz",
    "TraceLens/tests/traces/mi300/resnet_act_checkpoint.json.gz",
    "TraceLens/tests/traces/torch_compile_triton/trace.json.gz",
    "kineto/tb_plugin/samples/resnet50_num_workers_0/worker0.1623143089861.pt.trace.json.gz",
    "kineto/tb_plugin/samples/resnet50_num_workers_0/worker0.1623143566756.pt.trace.json.gz",
    "kineto/tb_plugin/samples/resnet50_num_workers_4/worker0.1623212756351.pt.trace.json.gz",
    "kineto/tb_plugin/samples/resnet50_num_workers_4/worker0.1623213129365.pt.trace.json.gz",
    "kineto/tb_plugin/test/gpu_metrics_expected.json",
    "kineto/tb_plugin/test/gpu_metrics_input.json",
    "perfetto/test/trace_processor/diff_tests/parser/parsing/flow_events_json_v1.json",
    "perfetto/test/trace_processor/diff_tests/parser/parsing/flow_events_json_v2.json",
    "perfetto/test/trace_processor/diff_tests/stdlib/dynamic_tables/connected_flow_data.json",
};

class KinetoSample : public ::testing::TestWithParam<const char*> {};

TEST_P(KinetoSample, CountsAndFieldsMatchTheFile) {
  LLMSA_REQUIRE_SAMPLE(GetParam());
  const auto path = test::sample_path(GetParam());
  const Expected exp = expect_from_file(path);

  RankEvents out;
  FileReadReport rep;
  KinetoTraceInfo info;
  read_kineto_trace(path, out, rep, &info);

  EXPECT_EQ(rep.rows_read, exp.records);
  EXPECT_EQ(rep.rows_read, rep.events + rep.rejected);
  // Events: X slices, instants, counters and one per B/E pair; metadata goes to info.
  EXPECT_EQ(out.size(), exp.slices + exp.instants + exp.counters + exp.be_pairs);
  EXPECT_EQ(info.metadata.size(), exp.metadata);
  // The only records that may be rejected in these real files are unusable flow ends.
  std::size_t rejected_flows = 0;
  for (auto& [reason, n] : rep.rejected_by_reason)
    if (reason.rfind("flow", 0) == 0) rejected_flows += n;
  EXPECT_EQ(rep.rejected, rejected_flows) << (rep.rejected_examples.empty() ? "" : rep.rejected_examples[0].reason);
  EXPECT_LE(out.flows.from.size(), exp.flow_records);
  EXPECT_EQ(out.rank, exp.rank);
  if (exp.rank >= 0) {
    EXPECT_EQ(out.rank_source, "distributedInfo");
  }

  std::size_t kernels = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto type = out.strings.view(out.type[i]);
    if (type == "kernel" || type == "Kernel") {
      ++kernels;
      EXPECT_TRUE(out.kind[i] == EventKind::kKernel || out.kind[i] == EventKind::kCommunication);
      EXPECT_EQ(out.side[i], Side::kDevice);
    }
    // Each event points back at its record: same name, same ts (the double parse of nlohmann
    // is within 0.5 µs of the exact value even for epoch-µs timestamps).
    const auto& rec = exp.events.at(out.source_row[i]);
    EXPECT_EQ(out.strings.view(out.name[i]), rec.value("name", "")) << i;
    if (rec.contains("ts") && rec["ts"].is_number()) {
      const double ts_us = rec["ts"].get<double>();
      EXPECT_NEAR(static_cast<double>(out.start_ns[i]), ts_us * 1000.0, 500.0) << i;
    }
  }
  EXPECT_EQ(kernels, exp.kernels);

  // Kineto ac2g flows carry the correlation id as their id: both ends must agree.
  for (std::size_t f = 0; f < out.flows.from.size(); ++f) {
    if (out.strings.view(out.flows.category[f]) != "ac2g") continue;
    const auto a = out.correlation[out.flows.from[f]], b = out.correlation[out.flows.to[f]];
    if (a != kMissing && b != kMissing) {
      EXPECT_EQ(a, b) << f;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllSamples, KinetoSample, ::testing::ValuesIn(kSamples),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           std::string s = i.param;
                           std::string r;
                           for (char c : s) r.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
                           return std::to_string(i.index) + "_" + r.substr(r.size() > 50 ? r.size() - 50 : 0);
                         });

}  // namespace
}  // namespace llmsa::trace
