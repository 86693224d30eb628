#pragma once
// Reads and lookups over a RankEvents for the Kineto reader tests.
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "trace/event_store.hpp"
#include "trace/kineto/kineto_read_diff.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace::test_support {

// Every file in the samples that is a Kineto / Chrome trace (SOURCES.md). Left out: the Chakra
// execution trace (execution_trace/benchmark_simple_add_et.json.gz) and sglang's
// execution_details.json, which are not traces.
inline const char* const kKinetoSamples[] = {
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

// The decompressed text of a plain or gzip file, read with zlib directly (not through the reader
// under test), so tests can compare the reader against the file itself.
inline std::string read_maybe_gzip(const std::filesystem::path& p) {
  gzFile f = gzopen(p.string().c_str(), "rb");  // zlib reads plain files transparently
  std::string out;
  if (f == nullptr) return out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

// `text` read on `threads` threads in chunks of `chunk_bytes` (kineto_chunks.hpp); chunk_bytes 0 is
// the one-pass read, the reference the split read must equal.
inline std::unique_ptr<kineto::KinetoRead> read_with(std::string_view text, unsigned threads, std::size_t chunk_bytes) {
  auto r = std::make_unique<kineto::KinetoRead>();
  KinetoReadOptions opt;
  opt.threads = threads;
  opt.min_split_bytes = chunk_bytes ? 0 : SIZE_MAX;
  opt.chunk_bytes = chunk_bytes;
  read_kineto_buffer(text, "inline.json", r->events, r->report, &r->info, opt);
  return r;
}

// Index of the first event with this name and start, or -1.
inline std::int64_t find_event(const RankEvents& ev, std::string_view name, std::int64_t start_ns) {
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.start_ns[i] == start_ns && ev.strings.view(ev.name[i]) == name) return static_cast<std::int64_t>(i);
  return -1;
}

inline std::int64_t find_event(const RankEvents& ev, std::string_view name) {
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.strings.view(ev.name[i]) == name) return static_cast<std::int64_t>(i);
  return -1;
}

inline std::optional<std::string> arg(const RankEvents& ev, std::int64_t event, std::string_view key) {
  for (std::size_t i = 0; i < ev.args.event.size(); ++i)
    if (ev.args.event[i] == static_cast<std::uint32_t>(event) && ev.strings.view(ev.args.key[i]) == key)
      return std::string(ev.strings.view(ev.args.value[i]));
  return std::nullopt;
}

inline std::optional<double> metric(const RankEvents& ev, std::int64_t event, std::string_view column) {
  for (const auto& m : ev.metrics)
    if (ev.strings.view(m.name) == column)
      return m.has(static_cast<std::size_t>(event)) ? std::optional<double>(m.at(static_cast<std::size_t>(event)))
                                                     : std::nullopt;
  return std::nullopt;
}

inline bool has_flow(const RankEvents& ev, std::int64_t from, std::int64_t to) {
  for (std::size_t i = 0; i < ev.flows.from.size(); ++i)
    if (ev.flows.from[i] == static_cast<std::uint32_t>(from) && ev.flows.to[i] == static_cast<std::uint32_t>(to)) return true;
  return false;
}

}  // namespace llmsa::trace::test_support
