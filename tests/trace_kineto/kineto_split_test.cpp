// The split read (traceEvents cut into chunks parsed in parallel, kineto_chunks.hpp) must give
// exactly the one-pass read: every column, string id, flow, rejected record and note, for any
// thread count. The expected value of each comparison is the one-pass read of the same bytes
// (the reader as it was before the split existed), not a number written here.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/error.hpp"
#include "kineto_test_support.hpp"
#include "support/samples.hpp"
#include "trace/kineto/kineto_read_diff.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace {
namespace {

using kineto::KinetoRead;

using test_support::read_with;  // chunk_bytes 0: the one-pass read

// A Kineto-like trace with every kind of record and the state that crosses events: flows whose
// ends are far apart, metadata between events, B/E pairs, counters, instants, v2 bind_id flows,
// rejected records, and top-level keys before and after traceEvents.
std::string synthetic_trace(int steps, bool bare_array, bool with_traps, bool with_begin_end = true) {
  std::string s;
  if (!bare_array)
    s += "{\n  \"schemaVersion\": 1,\n  \"deviceProperties\": [{\"id\": 0, \"name\": \"NVIDIA H100\"}],\n"
         "  \"traceEvents\": [\n";
  else
    s += "[\n";
  long ts = 1712195495000000;
  for (int i = 0; i < steps; ++i) {
    const std::string t = std::to_string(ts + i * 100);
    const std::string corr = std::to_string(1000 + i);
    if (i) s += ",\n";
    s += "  {\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"aten::mm\", \"pid\": 1, \"tid\": 1, \"ts\": " + t +
         ".125, \"dur\": 50.5, \"args\": {\"External id\": " + corr +
         ", \"Input Dims\": [[4, 4], [4, 4]], \"Input type\": [\"float\", \"float\"]}},\n";
    s += "  {\"ph\": \"X\", \"cat\": \"cuda_runtime\", \"name\": \"cudaLaunchKernel\", \"pid\": 1, \"tid\": 1, \"ts\": " + t +
         ".200, \"dur\": 5, \"args\": {\"correlation\": " + corr + "}},\n";
    s += "  {\"ph\": \"s\", \"id\": " + corr + ", \"pid\": 1, \"tid\": 1, \"ts\": " + t + ".200, \"cat\": \"ac2g\", \"name\": \"ac2g\"},\n";
    if (i % 7 == 3) s += "  {\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 1, \"tid\": " + std::to_string(i) + ", \"args\": {\"name\": \"t" + std::to_string(i) + "\"}},\n";
    if (with_begin_end && i % 5 == 0) s += "  {\"ph\": \"B\", \"cat\": \"user_annotation\", \"name\": \"region\", \"pid\": 1, \"tid\": 9, \"ts\": " + t + "},\n"
                         "  {\"ph\": \"E\", \"pid\": 1, \"tid\": 9, \"ts\": " + std::to_string(ts + i * 100 + 30) + "},\n";
    if (i % 11 == 4) s += "  {\"ph\": \"C\", \"name\": \"mem\", \"pid\": 1, \"ts\": " + t + ", \"args\": {\"bytes\": " + std::to_string(i * 10) + "}},\n";
    if (i % 13 == 6) s += "  {\"ph\": \"i\", \"name\": \"mark\", \"pid\": 1, \"tid\": 1, \"ts\": " + t + ", \"s\": \"t\"},\n";
    if (i % 17 == 8) s += "  {\"ph\": \"X\", \"name\": \"bad\", \"pid\": 1, \"tid\": 1, \"ts\": " + t + ", \"dur\": -1},\n"
                          "  {\"cat\": \"no ph\", \"ts\": 1},\n";
    if (i % 19 == 2) s += "  {\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"v2out\", \"pid\": 1, \"tid\": 3, \"ts\": " + t +
                          ", \"dur\": 1, \"bind_id\": " + corr + ", \"flow_out\": true},\n"
                          "  {\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"v2in\", \"pid\": 1, \"tid\": 4, \"ts\": " + t +
                          ".5, \"dur\": 1, \"bind_id\": " + corr + ", \"flow_in\": true},\n";
    if (with_traps && i % 9 == 1)
      s += "  {\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"odd },\\n {\\\"ph\\\": \\\"X\\\"}, { name\", \"pid\": 1, \"tid\": 1, \"ts\": " + t +
           ", \"dur\": 1, \"args\": {\"grid\": [{\"x\": 1},\n    {\"y\": 2}], \"note\": \"}, {\"}},\n";
    // The kernel ends the step; its flow end comes a few records later, often in a later chunk.
    s += "  {\"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"gemm_kernel\", \"pid\": 0, \"tid\": 7, \"ts\": " + t +
         ".900, \"dur\": 20, \"args\": {\"device\": 0, \"stream\": 7, \"correlation\": " + corr + ", \"grid\": [1, 2, 3]}},\n";
    s += "  {\"ph\": \"f\", \"id\": " + corr + ", \"pid\": 0, \"tid\": 7, \"ts\": " + t + ".900, \"cat\": \"ac2g\", \"name\": \"ac2g\", \"bp\": \"e\"}";
  }
  if (!bare_array)
    s += "\n  ],\n  \"distributedInfo\": {\"backend\": \"nccl\", \"rank\": 3, \"world_size\": 8},\n"
         "  \"traceName\": \"x\", \"displayTimeUnit\": \"ns\", \"baseTimeNanoseconds\": 1700000000000000000\n}\n";
  else
    s += "\n]\n";
  return s;
}

void expect_split_equals_one_pass(const std::string& text, std::size_t chunk_bytes, bool expect_split) {
  const auto one = read_with(text, 1, 0);
  EXPECT_EQ(one->info.chunks, 1u);
  EXPECT_GT(one->events.size(), 0u);
  for (unsigned threads : {1u, 2u, 3u}) {
    const auto split = read_with(text, threads, chunk_bytes);
    EXPECT_EQ(kineto::first_difference(*one, *split), "") << "threads " << threads << ", chunk_bytes " << chunk_bytes;
    if (expect_split) {
      EXPECT_GT(split->info.chunks, 3u) << "threads " << threads;
    }
  }
}

TEST(KinetoSplit, ObjectLayoutEqualsOnePassForAnyThreadCount) {
  // Without B/E pairs no state is open across a cut: the file must really be read split.
  const std::string text = synthetic_trace(300, false, false, false);
  expect_split_equals_one_pass(text, 4000, true);
  const auto split = read_with(text, 2, 4000);
  EXPECT_GT(split->info.chunks, 10u);
  EXPECT_EQ(split->events.rank, 3);  // distributedInfo comes after traceEvents, in the last chunk
  EXPECT_EQ(split->info.display_time_unit, "ns");
  EXPECT_GT(split->events.flows.from.size(), 300u);  // ac2g flows, some across chunks, plus v2 flows
  EXPECT_GT(split->report.rejected, 0u);
}

TEST(KinetoSplit, BareArrayLayoutEqualsOnePass) {
  expect_split_equals_one_pass(synthetic_trace(200, true, false, false), 3000, true);
}

TEST(KinetoSplit, BeginEndPairsEqualOnePass) {
  // A cut between a B and its E: the join pairs them (kineto_split_begin_end_test.cpp has pairs
  // across every cut); elsewhere pairs are matched inside their chunk. Either way the file is read
  // split and gives the one-pass result.
  for (std::size_t chunk : {2000, 4000, 9000}) {
    expect_split_equals_one_pass(synthetic_trace(300, false, false), chunk, true);
    expect_split_equals_one_pass(synthetic_trace(300, true, false), chunk, true);
  }
}

TEST(KinetoSplit, SmallChunksEqualOnePass) {
  // Chunks of a few records: many cuts fall between a B and its E (paired by the join) or right
  // after the header.
  const std::string text = synthetic_trace(60, false, false);
  for (std::size_t chunk : {1, 64, 200, 513, 1500}) expect_split_equals_one_pass(text, chunk, false);
}

TEST(KinetoSplit, CommasInsideStringsAndNestedArraysNeverCutWrongly) {
  // Names and args that hold "}, {" inside strings and arrays of objects across lines: a cut there
  // must be detected (the chunk does not parse on its own) and the result stays the one-pass one.
  const std::string text = synthetic_trace(120, false, true);
  for (std::size_t chunk : {100, 700, 2500}) expect_split_equals_one_pass(text, chunk, false);
}

TEST(KinetoSplit, MalformedChunkGivesTheOnePassErrorAndOffset) {
  std::string text = synthetic_trace(200, false, false);
  const std::size_t bad = text.find("\"cuda_runtime\"", text.size() / 2);
  ASSERT_NE(bad, std::string::npos);
  text.insert(bad, "}}");  // a syntax error in the middle of the file
  const auto one = read_with(text, 1, 0);
  ASSERT_FALSE(one->report.notes.empty());
  EXPECT_NE(one->report.notes[0].find("malformed JSON at byte"), std::string::npos);
  const auto split = read_with(text, 2, 3000);
  EXPECT_EQ(kineto::first_difference(*one, *split), "");
}

TEST(KinetoSplit, TruncatedFileEqualsOnePass) {
  const std::string text = synthetic_trace(200, false, false);
  const std::string cut = text.substr(0, text.size() * 2 / 3);
  const auto one = read_with(cut, 1, 0);
  const auto split = read_with(cut, 2, 2000);
  EXPECT_EQ(kineto::first_difference(*one, *split), "");
}

TEST(KinetoSplit, InvalidUtf8InALaterChunkThrowsTheOnePassError) {
  std::string text = synthetic_trace(200, false, false);
  const std::size_t at = text.find("gemm_kernel", text.size() / 2);
  text[at] = static_cast<char>(0xC3);  // a lead byte followed by ASCII
  std::string one_msg, split_msg;
  try {
    read_with(text, 1, 0);
  } catch (const Error& e) {
    one_msg = e.what();
  }
  try {
    read_with(text, 2, 2000);
  } catch (const Error& e) {
    split_msg = e.what();
  }
  EXPECT_NE(one_msg.find(std::to_string(at)), std::string::npos) << one_msg;
  EXPECT_EQ(one_msg, split_msg);
}

TEST(KinetoSplit, SecondFileIntoTheSameStoreEqualsOnePass) {
  // A rank whose store already holds events (another trace, strings, a metric column another
  // reader made): the split read of the next file must append exactly what the one-pass read does.
  const std::string first = synthetic_trace(40, true, false, false);
  const std::string second = synthetic_trace(200, false, false, false);
  KinetoRead one, split;
  for (KinetoRead* r : {&one, &split}) {
    FileReadReport rep;
    read_kineto_buffer(first, "first.json", r->events, rep);
    r->events.metric("aic_mac_ratio");
  }
  KinetoReadOptions opt;
  opt.min_split_bytes = SIZE_MAX;
  read_kineto_buffer(second, "inline.json", one.events, one.report, &one.info, opt);
  opt.threads = 2;
  opt.min_split_bytes = 0;
  opt.chunk_bytes = 3000;
  read_kineto_buffer(second, "inline.json", split.events, split.report, &split.info, opt);
  EXPECT_GT(split.info.chunks, 3u);
  EXPECT_EQ(kineto::first_difference(one, split), "");
  EXPECT_EQ(split.events.sources.size(), 2u);
}

TEST(KinetoSplit, BigFileFlowsResolvedOnTwoThreadsEqualOnePass) {
  // Over 2^16 flow records: the split read binds them to their slices on two threads
  // (kineto_flows.cpp); the one-pass read does it on one.
  const std::string text = synthetic_trace(34000, false, false, false);
  const auto one = read_with(text, 1, 0);
  ASSERT_GT(one->events.size(), std::size_t{1} << 16);
  ASSERT_GT(2 * 34000, 1 << 16);  // an s and an f record per step
  for (unsigned threads : {2u, 3u}) {
    const auto split = read_with(text, threads, std::size_t{1} << 20);
    EXPECT_GT(split->info.chunks, 4u);
    EXPECT_EQ(kineto::first_difference(*one, *split), "") << "threads " << threads;
  }
  // One ac2g flow per step plus one v2 flow per step i with i % 19 == 2 (synthetic_trace):
  // 34000 + 1790 (i = 2, 21, ..., 33993).
  EXPECT_EQ(one->events.flows.from.size(), 34000u + 1790u);
}

class KinetoSplitSample : public ::testing::TestWithParam<const char*> {};

TEST_P(KinetoSplitSample, SplitReadEqualsOnePass) {
  LLMSA_REQUIRE_SAMPLE(GetParam());
  const std::string text = test_support::read_maybe_gzip(test::sample_path(GetParam()));
  const auto one = read_with(text, 1, 0);
  const std::size_t chunk = std::max<std::size_t>(1024, text.size() / 16);
  const auto split = read_with(text, 2, chunk);
  EXPECT_EQ(kineto::first_difference(*one, *split), "") << "chunks " << split->info.chunks;
}

INSTANTIATE_TEST_SUITE_P(AllSamples, KinetoSplitSample, ::testing::ValuesIn(test_support::kKinetoSamples),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           std::string r;
                           for (char c : std::string(i.param)) r.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
                           return std::to_string(i.index) + "_" + r.substr(r.size() > 50 ? r.size() - 50 : 0);
                         });


TEST(KinetoSplit, Schema2021ReadsSplitAndEqualsOnePass) {
  // The 2021 schema (kineto tb_plugin resnet50, V100): cat "Kernel", tid "stream 7", lowercase
  // "external id", numeric ts without decimals. It has no B/E pairs, so every cut must hold: the
  // file is really read in chunks, for any thread count, and equals the one-pass read.
  constexpr const char* kFile = "kineto/tb_plugin/samples/resnet50_num_workers_0/worker0.1623143089861.pt.trace.json.gz";
  LLMSA_REQUIRE_SAMPLE(kFile);
  const std::string text = test_support::read_maybe_gzip(test::sample_path(kFile));
  const auto one = read_with(text, 1, 0);
  for (unsigned threads : {1u, 2u, 3u}) {
    const auto split = read_with(text, threads, text.size() / 12);
    EXPECT_GE(split->info.chunks, 10u) << "threads " << threads;
    EXPECT_EQ(kineto::first_difference(*one, *split), "") << "threads " << threads;
  }
  // Field values from the raw text, on the split read:
  //   "ph": "X", "cat": "Kernel", "name": "cask_cudnn::computeOffsetsKernel(cask_cudnn::ComputeOffsetsParams)",
  //   "pid": 0, "tid": "stream 7", "ts": 1623142623531625, "dur": 2,
  //   "args": { ..., "stream": 7, "correlation": 34441, "external id": 544, ...
  // and the async flow 34417 from cudaMemcpyAsync (ts 1623142623529088) to its copy on stream 7
  // (ts 1623142623529248).
  const auto split = read_with(text, 2, text.size() / 12);
  const RankEvents& ev = split->events;
  const auto k = test_support::find_event(ev, "cask_cudnn::computeOffsetsKernel(cask_cudnn::ComputeOffsetsParams)",
                                          1623142623531625000);
  ASSERT_GE(k, 0);
  EXPECT_EQ(ev.dur_ns[k], 2000);
  EXPECT_EQ(ev.kind[k], EventKind::kKernel);
  EXPECT_EQ(ev.stream[k], 7);
  EXPECT_EQ(ev.correlation[k], 34441);
  EXPECT_EQ(ev.external_id[k], 544);
  const auto launch = test_support::find_event(ev, "cudaMemcpyAsync", 1623142623529088000);
  ASSERT_GE(launch, 0);
  std::int64_t copy = -1;
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.correlation[i] == 34417 && ev.side[i] == Side::kDevice) copy = static_cast<std::int64_t>(i);
  ASSERT_GE(copy, 0);
  EXPECT_TRUE(test_support::has_flow(ev, launch, copy));
  // 20 M records in the file (process_name/process_labels per pid, thread_name per thread).
  EXPECT_EQ(split->info.metadata.size(), 20u);
}

}  // namespace
}  // namespace llmsa::trace
