// Field values of chosen events in real samples, checked against the raw JSON text (each
// expected value is quoted from the file, as `zcat <file> | grep` shows it).
#include <gtest/gtest.h>

#include "kineto_test_support.hpp"
#include "support/samples.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace {
namespace {

using test_support::arg;
using test_support::find_event;
using test_support::has_flow;
using test_support::metric;

struct Loaded {
  RankEvents ev;
  FileReadReport rep;
  KinetoTraceInfo info;
};

std::unique_ptr<Loaded> load(const char* rel) {
  auto l = std::make_unique<Loaded>();
  read_kineto_trace(test::sample_path(rel), l->ev, l->rep, &l->info);
  return l;
}

// 2021 schema (kineto tb_plugin resnet50, V100): cat "Kernel", tid "stream 7", "external id".
//   "ph": "X", "cat": "Kernel", "name": "cask_cudnn::computeOffsetsKernel(cask_cudnn::ComputeOffsetsParams)",
//   "pid": 0, "tid": "stream 7", "ts": 1623142623531625, "dur": 2,
//   "args": { "queued": 0, "device": 0, "context": 1, "stream": 7, "correlation": 34441, "external id": 544, ...
// and the flow  {"ph": "s", "id": 34417, "pid": 25738, "tid": 25738, "ts": 1623142623529088, "cat": "async"}
//               {"ph": "f", "id": 34417, "pid": 0, "tid": "stream 7", "ts": 1623142623529248, ..., "bp": "e"}
// from the Runtime event cudaMemcpyAsync at ts 1623142623529088 (dur 2022).
TEST(KinetoFields, OldSchemaResnet50) {
  constexpr const char* kFile = "kineto/tb_plugin/samples/resnet50_num_workers_0/worker0.1623143089861.pt.trace.json.gz";
  LLMSA_REQUIRE_SAMPLE(kFile);
  auto l = load(kFile);
  const auto& ev = l->ev;
  auto k = find_event(ev, "cask_cudnn::computeOffsetsKernel(cask_cudnn::ComputeOffsetsParams)", 1623142623531625000);
  ASSERT_GE(k, 0);
  EXPECT_EQ(ev.dur_ns[k], 2000);
  EXPECT_EQ(ev.kind[k], EventKind::kKernel);
  EXPECT_EQ(ev.side[k], Side::kDevice);
  EXPECT_EQ(ev.strings.view(ev.type[k]), "Kernel");
  EXPECT_EQ(ev.stream[k], 7);
  EXPECT_EQ(ev.device[k], 0);
  EXPECT_EQ(ev.pid[k], 0);
  EXPECT_EQ(ev.correlation[k], 34441);
  EXPECT_EQ(ev.external_id[k], 544);

  auto launch = find_event(ev, "cudaMemcpyAsync", 1623142623529088000);
  ASSERT_GE(launch, 0);
  EXPECT_EQ(ev.kind[launch], EventKind::kRuntime);
  EXPECT_EQ(ev.side[launch], Side::kHost);
  EXPECT_EQ(ev.dur_ns[launch], 2022000);
  EXPECT_EQ(ev.stream[launch], 25738);  // host lane: tid "25738"
  std::int64_t copy = -1;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.correlation[i] == 34417 && ev.side[i] == Side::kDevice) copy = static_cast<std::int64_t>(i);
  ASSERT_GE(copy, 0);
  EXPECT_EQ(ev.start_ns[copy], 1623142623529248000);
  EXPECT_TRUE(has_flow(ev, launch, copy));
  // No distributedInfo in 2021 traces; deviceProperties lists four V100s (ids 0..3).
  EXPECT_EQ(ev.rank, -1);
  ASSERT_EQ(l->info.devices.size(), 4u);
  EXPECT_EQ(l->info.devices[3].id, 3);
  EXPECT_EQ(l->info.devices[0].name, "Tesla V100-DGXS-32GB");
  // 20 M records in the file: process_name/process_labels per pid, thread_name per thread.
  EXPECT_EQ(l->info.metadata.size(), 20u);
}

// HTA ns_resolution_trace: fractional µs with three decimals must become exact nanoseconds.
//   "ph": "X", "cat": "kernel", "name": "void at::native::(anonymous namespace)::CatArrayBatchedCopy_aligned16_contig<...",
//   "pid": 0, "tid": 7, "ts": 1712195495505582.988, "dur": 4.928,
//   "args": { "External id": 112, ..., "stream": 7, "correlation": 135071, ...
//   "ph": "X", "cat": "user_annotation", "name": "ProfilerStep#101", ..., "ts": 1712195495502094.565, "dur": 35115.869,
TEST(KinetoFields, NanosecondResolution) {
  constexpr const char* kFile = "HolisticTraceAnalysis/tests/data/ns_resolution_trace/rank-0.Apr_03_18_51_38.1102.pt.trace.json.gz";
  LLMSA_REQUIRE_SAMPLE(kFile);
  auto l = load(kFile);
  const auto& ev = l->ev;
  std::int64_t k = -1;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.correlation[i] == 135071 && ev.kind[i] == EventKind::kKernel) k = static_cast<std::int64_t>(i);
  ASSERT_GE(k, 0);
  EXPECT_EQ(ev.start_ns[k], 1712195495505582988);
  EXPECT_EQ(ev.dur_ns[k], 4928);
  EXPECT_EQ(ev.stream[k], 7);
  EXPECT_EQ(ev.external_id[k], 112);
  EXPECT_TRUE(ev.strings.view(ev.name[k]).starts_with("void at::native::(anonymous namespace)::CatArrayBatchedCopy_aligned16"));

  auto step = find_event(ev, "ProfilerStep#101", 1712195495502094565);
  ASSERT_GE(step, 0);
  EXPECT_EQ(ev.dur_ns[step], 35115869);
  EXPECT_EQ(ev.step[step], 101);
  EXPECT_EQ(ev.kind[step], EventKind::kAnnotation);
  EXPECT_EQ(ev.rank, 0);
  EXPECT_EQ(ev.rank_source, "distributedInfo");
}

// HTA nccl_parser_config: new NCCL collective args on the kernel.
//   "ph": "X", "cat": "kernel", "name": "ncclKernel_AllReduce_RING_LL_Sum_float(ncclDevComm*, unsigned long, ncclWork*)",
//   "pid": 0, "tid": 40, "ts": 4458677009853.422, "dur": 2636.669,
//   "args": { "External id": 12945, ... "stream": 40, "correlation": 60047, ... "Collective name": "allreduce",
//   "In msg nelems": 6637568, "Out msg nelems": 6637568, "Group size": 2, "dtype": "Float", "In split size": "[]",
//   "Out split size": "[]", "Process Group Name": "0", "Process Group Description": "default_pg", "Process Group Ranks": "[0, 1]"
TEST(KinetoFields, NcclArgsHta) {
  constexpr const char* kFile = "HolisticTraceAnalysis/tests/data/nccl_parser_config/nccl_data.json.gz";
  LLMSA_REQUIRE_SAMPLE(kFile);
  auto l = load(kFile);
  const auto& ev = l->ev;
  auto k = find_event(ev, "ncclKernel_AllReduce_RING_LL_Sum_float(ncclDevComm*, unsigned long, ncclWork*)", 4458677009853422);
  ASSERT_GE(k, 0);
  EXPECT_EQ(ev.kind[k], EventKind::kCommunication);
  EXPECT_EQ(ev.dur_ns[k], 2636669);
  EXPECT_EQ(ev.stream[k], 40);
  EXPECT_EQ(ev.correlation[k], 60047);
  EXPECT_EQ(ev.external_id[k], 12945);
  EXPECT_EQ(arg(ev, k, "Collective name"), "allreduce");
  EXPECT_EQ(arg(ev, k, "In msg nelems"), "6637568");
  EXPECT_EQ(arg(ev, k, "Out msg nelems"), "6637568");
  EXPECT_EQ(arg(ev, k, "Group size"), "2");
  EXPECT_EQ(arg(ev, k, "dtype"), "Float");
  EXPECT_EQ(arg(ev, k, "Process Group Name"), "0");
  EXPECT_EQ(arg(ev, k, "Process Group Description"), "default_pg");
  EXPECT_EQ(arg(ev, k, "Process Group Ranks"), "[0, 1]");
  EXPECT_EQ(arg(ev, k, "grid"), "[8, 1, 1]");
  // distributedInfo: {"backend": "nccl", "rank": 0, "world_size": 2, ...}
  EXPECT_EQ(l->info.world_size, 2);
  EXPECT_EQ(l->info.backend, "nccl");
}

// TraceLens b200 (pretty-printed with 4-space indents):
//   {"ph": "X", "cat": "kernel", "name": "ncclDevKernel_AllGather_RING_LL(ncclDevKernelArgsStorage<4096ul>)", "pid": 0,
//    "tid": 7, "ts": 1365627949863.953, "dur": 21.953, "args": {"External id": 4802, ..., "stream": 7, "correlation": 15270,
//    ..., "Collective name": "_allgather_base", "In msg nelems": 25136, "Out msg nelems": 201088, "Group size": 8,
//    "dtype": "BFloat16", ..., "Process Group Name": "3", "Process Group Description": "undefined",
//    "Process Group Ranks": "[0, 1, 2, 3, 4, 5, 6, 7]"}}
TEST(KinetoFields, NcclArgsB200) {
  constexpr const char* kFile = "TraceLens/tests/traces/b200/eager_trace.json.gz";
  LLMSA_REQUIRE_SAMPLE(kFile);
  auto l = load(kFile);
  const auto& ev = l->ev;
  auto k = find_event(ev, "ncclDevKernel_AllGather_RING_LL(ncclDevKernelArgsStorage<4096ul>)", 1365627949863953);
  ASSERT_GE(k, 0);
  EXPECT_EQ(ev.kind[k], EventKind::kCommunication);
  EXPECT_EQ(ev.dur_ns[k], 21953);
  EXPECT_EQ(ev.correlation[k], 15270);
  EXPECT_EQ(arg(ev, k, "Collective name"), "_allgather_base");
  EXPECT_EQ(arg(ev, k, "In msg nelems"), "25136");
  EXPECT_EQ(arg(ev, k, "Out msg nelems"), "201088");
  EXPECT_EQ(arg(ev, k, "Group size"), "8");
  EXPECT_EQ(arg(ev, k, "dtype"), "BFloat16");
  EXPECT_EQ(arg(ev, k, "Process Group Ranks"), "[0, 1, 2, 3, 4, 5, 6, 7]");
  EXPECT_EQ(ev.rank, 0);
}

// AMD: TraceLens mi300 resnet_act_checkpoint (RCCL) and HTA amd_trace (ROCm 6.2, MI250).
//   "ph": "X", "cat": "kernel", "name": "ncclDevKernel_Generic(ncclDevKernelArgsStorage<4096ul>)", "pid": 2, "tid": 4,
//   "ts": 3743411225136.592, "dur": 8530.789, "args": { "device": 2, "stream": 4, "correlation": 4079, "kind": "Dispatch Kernel"
//   "ph": "X", "cat": "cuda_runtime", "name": "hipLaunchKernel", "pid": 597913, "tid": 597913,
//   "ts": 4203669603752.847, "dur": 11.502, "args": { "External id": 13, ... "correlation": 118, "stream": "0x0", ...
TEST(KinetoFields, AmdRocm) {
  constexpr const char* kMi300 = "TraceLens/tests/traces/mi300/resnet_act_checkpoint.json.gz";
  constexpr const char* kMi250 = "HolisticTraceAnalysis/tests/data/amd_trace/mi250_minitoy_train_ROCm6_2_kineto.json.gz";
  LLMSA_REQUIRE_SAMPLE(kMi300);
  LLMSA_REQUIRE_SAMPLE(kMi250);
  auto a = load(kMi300);
  auto k = find_event(a->ev, "ncclDevKernel_Generic(ncclDevKernelArgsStorage<4096ul>)", 3743411225136592);
  ASSERT_GE(k, 0);
  EXPECT_EQ(a->ev.kind[k], EventKind::kCommunication);
  EXPECT_EQ(a->ev.dur_ns[k], 8530789);
  EXPECT_EQ(a->ev.device[k], 2);
  EXPECT_EQ(a->ev.stream[k], 4);
  EXPECT_EQ(a->ev.correlation[k], 4079);
  EXPECT_EQ(arg(a->ev, k, "kind"), "Dispatch Kernel");

  auto b = load(kMi250);
  auto launch = find_event(b->ev, "hipLaunchKernel", 4203669603752847);
  ASSERT_GE(launch, 0);
  EXPECT_EQ(b->ev.kind[launch], EventKind::kRuntime);
  EXPECT_EQ(b->ev.dur_ns[launch], 11502);
  EXPECT_EQ(b->ev.correlation[launch], 118);
  EXPECT_EQ(arg(b->ev, launch, "stream"), "0x0");  // AMD writes the stream handle as a hex string
  // The kernel it launched ("ts": 4203669603771.648, "correlation": 118) is linked by an ac2g flow.
  std::int64_t kern = -1;
  for (std::size_t i = 0; i < b->ev.size(); ++i)
    if (b->ev.correlation[i] == 118 && b->ev.kind[i] == EventKind::kKernel) kern = static_cast<std::int64_t>(i);
  ASSERT_GE(kern, 0);
  EXPECT_EQ(b->ev.start_ns[kern], 4203669603771648);
  EXPECT_TRUE(has_flow(b->ev, launch, kern));
  EXPECT_EQ(b->ev.rank, -1);  // no distributedInfo in this file
}

// HTA edge cases. cpu_only: "distributedInfo": {"backend": "gloo", "rank": 34, ...}, "deviceProperties": [].
TEST(KinetoFields, EdgeCases) {
  constexpr const char* kCpu = "HolisticTraceAnalysis/tests/data/cpu_only/rank-34.Jul_15_10_52_41.1074.pt.trace.json.gz";
  constexpr const char* kNoRank = "HolisticTraceAnalysis/tests/data/rank_unavailable/rank_not_found.json.gz";
  constexpr const char* kNoInfo = "HolisticTraceAnalysis/tests/data/distributed_info_unavailable/distributed_info_not_found.json.gz";
  constexpr const char* kNonGpu = "HolisticTraceAnalysis/tests/data/rank_non_gpu/rank_non_gpu.json.gz";
  LLMSA_REQUIRE_SAMPLE(kCpu);
  auto cpu = load(kCpu);
  EXPECT_EQ(cpu->ev.rank, 34);
  EXPECT_TRUE(cpu->info.devices.empty());
  for (std::size_t i = 0; i < cpu->ev.size(); ++i) EXPECT_EQ(cpu->ev.side[i], Side::kHost) << i;

  LLMSA_REQUIRE_SAMPLE(kNoRank);
  auto nr = load(kNoRank);
  EXPECT_EQ(nr->ev.rank, -1);
  EXPECT_TRUE(nr->ev.rank_source.empty());
  bool noted = false;
  for (const auto& n : nr->rep.notes) noted = noted || n.find("rank") != std::string::npos;
  EXPECT_TRUE(noted);

  LLMSA_REQUIRE_SAMPLE(kNoInfo);
  auto ni = load(kNoInfo);
  EXPECT_FALSE(ni->info.has_distributed_info);
  EXPECT_EQ(ni->ev.rank, -1);

  LLMSA_REQUIRE_SAMPLE(kNonGpu);
  auto ng = load(kNonGpu);
  EXPECT_EQ(ng->ev.rank, 0);
  EXPECT_EQ(ng->rep.rejected, 0u);
}

}  // namespace
}  // namespace llmsa::trace
