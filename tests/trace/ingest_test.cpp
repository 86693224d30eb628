// Discovery, rank ids, parallel determinism, the `llmsa ingest` JSON contract and bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "support/run_cli.hpp"
#include "trace/ascend/comm_json_readers.hpp"
#include "trace/ascend/kernel_details_reader.hpp"
#include "trace/ascend/stat_csv_readers.hpp"
#include "trace/ascend/trace_view_reader.hpp"
#include "trace/discovery.hpp"
#include "trace/ingest.hpp"
#include "trace/ingest_report.hpp"
#include "trace_test_support.hpp"

using namespace llmsa::trace;
using llmsa::test::sample_path;
namespace fs = std::filesystem;

namespace {
fs::path temp_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / ("llmsa_trace_test_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
void write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << s;
}
}  // namespace

TEST(Discovery, RankNames) {
  EXPECT_EQ(rank_from_name("rank0_ascend_pt"), 0);
  EXPECT_EQ(rank_from_name("rank_3_ascend_pt"), 3);
  EXPECT_EQ(rank_from_name("test_rank_1"), 1);
  EXPECT_EQ(rank_from_name("dp0_pp0_tp0_dcp0_ep0_rank5"), 5);
  EXPECT_EQ(rank_from_name("rank-2.json.gz"), 2);
  EXPECT_FALSE(rank_from_name("host_12345_20250101_ascend_pt"));
  EXPECT_FALSE(rank_from_name("franky"));
}

TEST(Discovery, Level2ClusterRootFindsFourRanksFromProfilerInfo) {
  const std::string root = "Ascend-msinsight/test/st/level2";
  LLMSA_REQUIRE_SAMPLE(root);
  auto r = ingest({sample_path(root)}, {2});
  ASSERT_EQ(r.capture.ranks.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(r.capture.ranks[static_cast<std::size_t>(i)].events.rank, i);
    EXPECT_EQ(r.capture.ranks[static_cast<std::size_t>(i)].events.rank_source, "profiler_info");
  }
  EXPECT_TRUE(r.usable());
  // Rank 0 has kernel_details (2463 rows), ranks 1 and 3 do not: their notes say what that costs.
  EXPECT_EQ(r.capture.ranks[0].events.size(), 2463u);
  bool note = false;
  for (auto& n : r.capture.ranks[1].notes) note |= n.find("kernel_details") != std::string::npos;
  EXPECT_TRUE(note);
}

TEST(Discovery, SingleOutputFolderAndLooseFilesAndOrdinals) {
  const std::string out = "Ascend-msinsight/test/data/pytorch/text/level1/rank1_ascend_pt/ASCEND_PROFILER_OUTPUT";
  const std::string loose = "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/compute_advice/data/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(out);
  LLMSA_REQUIRE_SAMPLE(loose);
  auto r = ingest({sample_path(out), sample_path(loose)}, {1});
  ASSERT_EQ(r.capture.ranks.size(), 2u);
  // The output folder alone has no profiler_info: the rank comes from the folder name rank1_ascend_pt.
  EXPECT_EQ(r.capture.ranks[0].events.rank, 1);
  EXPECT_EQ(r.capture.ranks[0].events.rank_source, "name");
  EXPECT_EQ(r.capture.ranks[1].events.rank, 2);
  EXPECT_EQ(r.capture.ranks[1].events.rank_source, "ordinal");
}

TEST(Ingest, OutputIndependentOfThreadCount) {
  const std::string root = "Ascend-msinsight";
  LLMSA_REQUIRE_SAMPLE(root);
  auto a = ingest_report_json(ingest({sample_path(root)}, {1}));
  auto b = ingest_report_json(ingest({sample_path(root)}, {4}));
  EXPECT_EQ(a.dump(), b.dump());
  for (auto& f : a["files"]) {
    EXPECT_EQ(f["rows_read"].get<std::uint64_t>(), f["events"].get<std::uint64_t>() + f["rejected"].get<std::uint64_t>())
        << f["path"];
    EXPECT_TRUE(f["error"].is_null()) << f["path"] << f["error"];
  }
}

TEST(Ingest, KinetoFilesAreReadThroughDiscovery) {
  auto d = temp_dir("kineto");
  // Two complete events (a cpu_op and its kernel) and one metadata record, hand-written.
  write(d / "rank-3.json", R"({"schemaVersion": 1, "distributedInfo": {"backend": "nccl", "rank": 3, "world_size": 8},
    "traceEvents": [
      {"ph": "M", "name": "process_name", "pid": 0, "args": {"name": "python"}},
      {"ph": "X", "cat": "cpu_op", "name": "aten::mm", "pid": 1, "tid": 1, "ts": 100.5, "dur": 10},
      {"ph": "X", "cat": "kernel", "name": "sm90_xmma_gemm", "pid": 0, "tid": 7, "ts": 105.25, "dur": 4.5,
       "args": {"correlation": 11, "stream": 7, "device": 0}}]})");
  auto r = ingest({d}, {1});
  ASSERT_EQ(r.capture.ranks.size(), 1u);
  EXPECT_EQ(r.capture.ranks[0].events.rank, 3);
  EXPECT_EQ(r.capture.ranks[0].events.rank_source, "distributedInfo");
  ASSERT_EQ(r.capture.ranks[0].files.size(), 1u);
  const auto& f = r.capture.ranks[0].files[0];
  EXPECT_EQ(f.format, "kineto.json");
  EXPECT_TRUE(f.read);
  EXPECT_EQ(f.rows_read, 3u);
  EXPECT_EQ(f.rows_read, f.events + f.rejected);
  const auto& ev = r.capture.ranks[0].events;
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev.start_ns[1], 105250);
  EXPECT_EQ(ev.dur_ns[1], 4500);
  EXPECT_EQ(ev.correlation[1], 11);
  fs::remove_all(d);
}

TEST(IngestCli, JsonContract) {
  const std::string root = "Ascend-msinsight/test/data/pytorch/text/level1";
  LLMSA_REQUIRE_SAMPLE(root);
  auto res = llmsa::test::run_cli("ingest '" + sample_path(root).string() + "' --format json --threads 2");
  ASSERT_EQ(res.exit_code, 0) << res.err;
  auto j = nlohmann::json::parse(res.out);
  ASSERT_TRUE(j["files"].is_array());
  ASSERT_FALSE(j["files"].empty());
  for (auto& f : j["files"])
    for (const char* k : {"path", "format", "rank", "rows_read", "events", "rejected", "rejected_by_reason"})
      EXPECT_TRUE(f.contains(k)) << k;
  bool kd = false;
  for (auto& f : j["files"])
    if (f["format"] == "ascend.kernel_details.csv") {
      kd = true;
      EXPECT_EQ(f["rows_read"], 191);  // reference Part E
    }
  EXPECT_TRUE(kd);
}

TEST(IngestCli, NothingUsableExitsTwo) {
  auto d = temp_dir("empty");
  auto r1 = llmsa::test::run_cli("ingest '" + d.string() + "'");
  EXPECT_EQ(r1.exit_code, 2);
  auto r2 = llmsa::test::run_cli("ingest '" + (d / "does_not_exist").string() + "' --format json");
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_NE(r2.out.find("no such file"), std::string::npos);
  write(d / "x" / "ASCEND_PROFILER_OUTPUT" / "kernel_details.csv", "");
  auto r3 = llmsa::test::run_cli("ingest '" + d.string() + "' --format json");
  EXPECT_EQ(r3.exit_code, 2);
  EXPECT_NE(r3.out.find("empty file"), std::string::npos);
  fs::remove_all(d);
}

// ---- bad input: a clear message with file and line/byte offset, never a crash or a hang ----

TEST(BadInput, KernelDetailsRowsAreRejectedWithLocation) {
  std::string s =
      "Step Id,Name,Type,Accelerator Core,Start Time(us),Duration(us),Wait Time(us),Block Dim\n"
      "1,ok,MatMulV3,AI_CORE,1736405443881410.320\t,50.621,0,24\n"
      "1,bad_time,MatMulV3,AI_CORE,17364054x,50.621,0,24\n"
      "1,negative,MatMulV3,AI_CORE,1736405443881410.320,-5,0,24\n"
      "1,truncated,MatMulV3\n"
      "1,bad \xFF utf8,MatMulV3,AI_CORE,1736405443881410.320,1,0,24\n"
      "1,absurd,MatMulV3,AI_CORE,99999999999999999999999,1,0,24\n"
      ",no_step,MatMulV3,AI_CORE,1736405443881411.320,1,N/A,24\n"
      "1,\"broken quote,MatMulV3,AI_CORE,1,1,0,24\n";
  auto in = InputBuffer::from_memory(s, "mem/kernel_details.csv");
  RankEvents ev;
  FileReadReport rep;
  ascend::read_kernel_details(in, ev, rep);
  EXPECT_EQ(rep.rows_read, 8u);
  EXPECT_EQ(rep.events, 2u);
  EXPECT_EQ(rep.rejected, 6u);
  EXPECT_EQ(rep.rejected_by_reason["bad Start Time(us)"], 2u);
  EXPECT_EQ(rep.rejected_by_reason["invalid UTF-8"], 1u);
  EXPECT_EQ(rep.rejected_by_reason["unterminated quoted field (rest of file)"], 1u);
  EXPECT_EQ(rep.rejected_examples[0].line, 3);
  EXPECT_EQ(rep.rejected_examples[0].byte_offset, static_cast<std::int64_t>(s.find("1,bad_time")));
  EXPECT_EQ(ev.step[1], llmsa::trace::kMissing);     // empty Step Id: missing
  EXPECT_EQ(ev.wait_ns[1], llmsa::trace::kMissing);  // N/A wait: missing, never zero
}

TEST(BadInput, FileLevelErrorsNameTheFile) {
  RankEvents ev;
  FileReadReport rep;
  auto empty = InputBuffer::from_memory("", "mem/empty.csv");
  try {
    ascend::read_kernel_details(empty, ev, rep);
    FAIL();
  } catch (const llmsa::Error& e) {
    EXPECT_NE(std::string(e.what()).find("mem/empty.csv"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos);
  }
  auto wrong = InputBuffer::from_memory("a,b\n1,2\n", "mem/wrong.csv");
  EXPECT_THROW(ascend::read_kernel_details(wrong, ev, rep), llmsa::Error);

  std::string bad_json = "{\"step1\": {\"collective\": {\"op@1\": {\"Communication Time Info\": {\"Elapse";
  auto j = InputBuffer::from_memory(bad_json, "mem/communication.json");
  std::vector<CommOpRow> ops;
  std::vector<CommBandwidthRow> bw;
  try {
    ascend::read_communication_json(j, 0, ops, bw, rep);
    FAIL();
  } catch (const llmsa::Error& e) {
    EXPECT_GE(e.where().byte_offset, 0);
    EXPECT_EQ(e.where().file, "mem/communication.json");
  }
  std::string bad_utf8 = "{\"step1\": {\"p2p\": {\"\xFF\": {}}}}";
  auto u = InputBuffer::from_memory(bad_utf8, "mem/comm_utf8.json");
  EXPECT_THROW(ascend::read_communication_json(u, 0, ops, bw, rep), llmsa::Error);
}

TEST(BadInput, TraceViewWithoutClosingBracketIsReadUpToTheCut) {
  std::string s =
      R"([{"ph":"M","name":"process_name","pid":1,"tid":0,"args":{"name":"Ascend Hardware"}},)"
      R"({"ph":"X","name":"MatMulV3","pid":1,"tid":2,"ts":"1736408883704643.212","dur":53.741,"args":{"Task Type":"AI_CORE"}},)"
      R"({"ph":"X","name":"Add","pid":1,"tid":2,"ts":"1736408883704700.000","dur":1.5},)"
      R"({"ph":"X","name":"cut","pid":1,"ti)";
  auto in = InputBuffer::from_memory(s, "mem/trace_view.json");
  RankEvents ev;
  std::vector<CounterSample> c;
  FileReadReport rep;
  ascend::read_trace_view(in, ev, c, rep);
  EXPECT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev.start_ns[0], 1736408883704643212LL);
  EXPECT_EQ(ev.kind[0], EventKind::kKernel);
  ASSERT_FALSE(rep.notes.empty());
  EXPECT_NE(rep.notes.back().find("cut short"), std::string::npos);
  // Not a truncation: a syntax error in the middle is an error with the file name.
  auto bad = InputBuffer::from_memory(R"([{"ph":"X",,}])", "mem/bad_trace_view.json");
  EXPECT_THROW(ascend::read_trace_view(bad, ev, c, rep), llmsa::Error);
}

TEST(EventStore, TwoFilesWithDifferentMetricColumnsKeepColumnsAligned) {
  // A rank may hold two exports with different PMU column sets; every column must stay as long
  // as the store, with "not measured" for the rows of the other file.
  std::string a = "Name,Start Time(us),Duration(us),aic_mac_ratio\nk1,1.000,2.000,0.5\n";
  std::string b = "Name,Start Time(us),Duration(us),aiv_vec_ratio\nk2,3.000,4.000,0.25\nk3,5.000,1.000,N/A\n";
  RankEvents ev;
  FileReadReport ra, rb;
  auto ia = InputBuffer::from_memory(a, "a.csv");
  auto ib = InputBuffer::from_memory(b, "b.csv");
  ascend::read_kernel_details(ia, ev, ra);
  ascend::read_kernel_details(ib, ev, rb);
  ASSERT_EQ(ev.size(), 3u);
  ASSERT_EQ(ev.metrics.size(), 2u);
  for (auto& m : ev.metrics) {
    EXPECT_EQ(m.size(), 3u);
  }
  EXPECT_TRUE(ev.metrics[0].has(0));
  EXPECT_FALSE(ev.metrics[0].has(1));
  EXPECT_FALSE(ev.metrics[1].has(0));
  EXPECT_TRUE(ev.metrics[1].has(1));
  EXPECT_EQ(ev.metrics[1].at(1), 0.25);
  EXPECT_FALSE(ev.metrics[1].has(2));  // N/A
  EXPECT_EQ(ev.start_ns[2], 5000);
}

TEST(Discovery, SamePathTwiceIsReadOnce) {
  const std::string root = "Ascend-msinsight/test/data/pytorch/text/level1";
  LLMSA_REQUIRE_SAMPLE(root);
  auto once = ingest({sample_path(root)}, {1});
  auto twice = ingest({sample_path(root), sample_path(root + "/rank0_ascend_pt")}, {1});
  ASSERT_EQ(once.capture.ranks.size(), 2u);
  ASSERT_EQ(twice.capture.ranks.size(), 2u);
  EXPECT_EQ(twice.capture.ranks[0].files.size(), once.capture.ranks[0].files.size());
  EXPECT_TRUE(twice.problems.empty());
}
