// B/E pairs whose B and E lie in different chunks of a split read (kineto_chunks.hpp): the chunk
// holding the E keeps a reserved slice, and the join completes it from the B carried over from
// an earlier chunk. The expected value of every comparison is the one-pass read of the same bytes
// (kineto_read_diff.hpp compares every column, string id, flow, rejected record and note).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "kineto_test_support.hpp"
#include "trace/kineto/kineto_read_diff.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace {
namespace {

using kineto::KinetoRead;

using test_support::read_with;  // chunk_bytes 0: the one-pass read

// A trace whose B/E pairs straddle every cut: an outer region open from the first record to the
// last; per step, a region (on one of `span` threads) that closes `span` steps later (so, with
// chunks of a few steps, its B and E lie in different chunks), a ProfilerStep as B/E, a device-side
// gpu_user_annotation, an NCCL kernel written as B/E (a collective), a B with a v2 flow_out whose
// flow_in slice comes later, names that first appear at their E, and one B that never closes.
std::string straddling_trace(int steps, int span, const std::string& tail_records = "") {
  std::string s = "{\"schemaVersion\": 1, \"traceEvents\": [\n";
  const long t0 = 1712195495000000;
  auto ts = [&](int i, int plus) { return std::to_string(t0 + i * 100 + plus); };
  s += "{\"ph\": \"B\", \"cat\": \"user_annotation\", \"name\": \"outer\", \"pid\": 1, \"tid\": 8, \"ts\": " + ts(0, 0) + "},\n";
  s += "{\"ph\": \"B\", \"cat\": \"user_annotation\", \"name\": \"never closed\", \"pid\": 1, \"tid\": 5, \"ts\": " + ts(0, 1) + "},\n";
  for (int i = 0; i < steps; ++i) {
    const std::string n = std::to_string(i);
    // Region i - span closes here (its lane holds no other B), region i opens: each spans `span` steps.
    const std::string region_tid = std::to_string(100 + i % span);
    if (i >= span) s += "{\"ph\": \"E\", \"pid\": 1, \"tid\": " + region_tid + ", \"ts\": " + ts(i, 5) + "},\n";
    s += "{\"ph\": \"B\", \"cat\": \"user_annotation\", \"name\": \"ProfilerStep#" + n + "\", \"pid\": 1, \"tid\": 1, \"ts\": " + ts(i, 0) + "},\n";
    s += "{\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"aten::mm\", \"pid\": 1, \"tid\": 1, \"ts\": " + ts(i, 10) +
         ".125, \"dur\": 5, \"args\": {\"External id\": " + n + "}},\n";
    s += "{\"ph\": \"B\", \"cat\": \"user_annotation\", \"name\": \"region " + n + "\", \"pid\": 1, \"tid\": " + region_tid + ", \"ts\": " + ts(i, 20) +
         ", \"args\": {\"Input Dims\": [[" + n + ", 4]], \"Input type\": [\"float\"], \"External id\": " + n + "}},\n";
    s += "{\"ph\": \"B\", \"cat\": \"gpu_user_annotation\", \"name\": \"gpu region\", \"pid\": 0, \"tid\": \"stream 7\", \"ts\": " + ts(i, 30) +
         ", \"args\": {\"device\": 0, \"stream\": 7}},\n";
    s += "{\"ph\": \"B\", \"cat\": \"kernel\", \"name\": \"ncclDevKernel_AllReduce_Sum_bf16_RING_LL\", \"pid\": 0, \"tid\": \"stream 28\", \"ts\": " +
         ts(i, 31) + ", \"args\": {\"device\": 0, \"stream\": 28, \"correlation\": " + std::to_string(5000 + i) + "}},\n";
    s += "{\"ph\": \"B\", \"cat\": \"cpu_op\", \"name\": \"v2 out " + n + "\", \"pid\": 1, \"tid\": 3, \"ts\": " + ts(i, 32) +
         ", \"bind_id\": " + std::to_string(900 + i) + ", \"flow_out\": true},\n";
    s += "{\"ph\": \"E\", \"pid\": 1, \"tid\": 3, \"ts\": " + ts(i, 33) + "},\n";
    s += "{\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"v2 in\", \"pid\": 1, \"tid\": 4, \"ts\": " + ts(i, 60) +
         ", \"dur\": 1, \"bind_id\": " + std::to_string(900 + i) + ", \"flow_in\": true},\n";
    s += "{\"ph\": \"E\", \"pid\": 0, \"tid\": \"stream 28\", \"ts\": " + ts(i, 70) + "},\n";
    s += "{\"ph\": \"E\", \"pid\": 0, \"tid\": \"stream 7\", \"ts\": " + ts(i, 71) + "},\n";
    s += "{\"ph\": \"E\", \"pid\": 1, \"tid\": 1, \"ts\": " + ts(i, 99) + "},\n";
  }
  for (int i = steps - span; i < steps; ++i)
    if (i >= 0) s += "{\"ph\": \"E\", \"pid\": 1, \"tid\": " + std::to_string(100 + i % span) + ", \"ts\": " + ts(steps + i, 0) + "},\n";
  s += tail_records;
  s += "{\"ph\": \"E\", \"pid\": 1, \"tid\": 8, \"ts\": " + ts(2 * steps + 1, 0) + "}\n";
  s += "], \"distributedInfo\": {\"rank\": 0}}\n";
  return s;
}

TEST(KinetoSplitBeginEnd, PairsAcrossEveryCutEqualOnePassForOneTwoThreeThreads) {
  const std::string text = straddling_trace(120, 4);
  const auto one = read_with(text, 1, 0);
  // From the text: 120 steps x (ProfilerStep, region, gpu region, nccl kernel, v2 out) closed
  // pairs + "outer" = 601 slices from B/E; "never closed" is rejected.
  ASSERT_EQ(one->report.rejected_by_reason["begin event (ph B) without an end"], 1u);
  for (std::size_t chunk : {900, 2000, 5000}) {
    for (unsigned threads : {1u, 2u, 3u}) {
      const auto split = read_with(text, threads, chunk);
      // Really read split: "outer" is open across every cut, and most regions across one.
      EXPECT_GT(split->info.chunks, text.size() / chunk / 2) << "chunk " << chunk << ", threads " << threads;
      EXPECT_EQ(kineto::first_difference(*one, *split), "") << "chunk " << chunk << ", threads " << threads;
    }
  }
}

TEST(KinetoSplitBeginEnd, SlicesFromPairsAcrossCutsHoldTheirBeginsFields) {
  const std::string text = straddling_trace(60, 4);
  const auto split = read_with(text, 2, 1500);
  ASSERT_GT(split->info.chunks, 10u);
  const RankEvents& ev = split->events;
  // "region 7": its B at t0 + 720 µs (step 7, +20), its E at step 11 (+5), t0 + 1105 µs.
  std::int64_t region7 = -1, outer = -1, step5 = -1, nccl = -1;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const std::string_view name = ev.strings.view(ev.name[i]);
    if (name == "region 7") region7 = static_cast<std::int64_t>(i);
    if (name == "outer") outer = static_cast<std::int64_t>(i);
    if (name == "ProfilerStep#5") step5 = static_cast<std::int64_t>(i);
    if (name == "ncclDevKernel_AllReduce_Sum_bf16_RING_LL" && nccl < 0) nccl = static_cast<std::int64_t>(i);
  }
  ASSERT_GE(region7, 0);
  const std::int64_t t0_ns = 1712195495000000LL * 1000;
  EXPECT_EQ(ev.start_ns[region7], t0_ns + 720000);
  EXPECT_EQ(ev.dur_ns[region7], 385000);
  EXPECT_EQ(ev.strings.view(ev.input_shapes[region7]), "[[7, 4]]");
  EXPECT_EQ(ev.strings.view(ev.input_dtypes[region7]), "[\"float\"]");
  EXPECT_EQ(ev.external_id[region7], 7);
  EXPECT_EQ(ev.kind[region7], EventKind::kAnnotation);
  // "outer": B is record 0 (provenance: the B record), E the last record, 2 * 60 + 1 steps of 100 µs.
  ASSERT_GE(outer, 0);
  EXPECT_EQ(ev.source_row[outer], 0u);
  EXPECT_EQ(ev.start_ns[outer], t0_ns);
  EXPECT_EQ(ev.dur_ns[outer], 121 * 100000);
  ASSERT_GE(step5, 0);
  EXPECT_EQ(ev.step[step5], 5);
  ASSERT_GE(nccl, 0);
  EXPECT_EQ(ev.kind[nccl], EventKind::kCommunication);
  EXPECT_EQ(ev.side[nccl], Side::kDevice);
  EXPECT_EQ(ev.stream[nccl], 28);
  EXPECT_EQ(ev.correlation[nccl], 5000);
  // One v2 flow per step, from "v2 out i" (a B/E slice) to "v2 in".
  EXPECT_EQ(ev.flows.from.size(), 60u);
}

TEST(KinetoSplitBeginEnd, UnpairableEndsGiveTheOnePassResult) {
  // An E with no B anywhere before it, and an E stamped before its B, in the middle of the file:
  // the one-pass read rejects them; the split read must give exactly that (it reads in one pass).
  std::string text = straddling_trace(80, 4);
  const std::size_t mid = text.find("\"name\": \"ProfilerStep#40\"");
  ASSERT_NE(mid, std::string::npos);
  const std::size_t at = text.rfind('{', mid);
  text.insert(at, "{\"ph\": \"E\", \"pid\": 7, \"tid\": 7, \"ts\": 1},\n{\"ph\": \"E\", \"pid\": 1, \"tid\": 101, \"ts\": 5},\n");
  const auto one = read_with(text, 1, 0);
  // pid 7 has no B at all; tid 101 holds region 37 open (B at step 37), which the E at ts 5 ends
  // before it began, taking it off the stack; so step 41's E on tid 101 then finds no B.
  EXPECT_EQ(one->report.rejected_by_reason["end event (ph E) without a begin"], 2u);
  EXPECT_EQ(one->report.rejected_by_reason["end event (ph E) before its begin"], 1u);
  for (unsigned threads : {1u, 2u, 3u}) {
    const auto split = read_with(text, threads, 1500);
    EXPECT_EQ(kineto::first_difference(*one, *split), "") << "threads " << threads;
  }
}

}  // namespace
}  // namespace llmsa::trace
