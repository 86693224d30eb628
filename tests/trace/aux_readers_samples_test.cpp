// The non-event Ascend files of the samples: statistics CSVs, communication JSONs (per rank and
// cluster, both layouts), profiler_info / metadata, trace_view.json. Record counts are computed
// independently (line counts, nlohmann/json walks) and field values are copied from the raw text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "trace/ascend/comm_json_readers.hpp"
#include "trace/ascend/profiler_info_reader.hpp"
#include "trace/ascend/stat_csv_readers.hpp"
#include "trace/ascend/trace_view_reader.hpp"
#include "trace_test_support.hpp"

using namespace llmsa::trace;
using namespace llmsa::trace::ascend;
using llmsa::test::data_lines;
using llmsa::test::sample_path;
using llmsa::test::slurp;

namespace {
const std::string L1 = "Ascend-msinsight/test/data/pytorch/text/level1/rank0_ascend_pt/";
const std::string L2 = "Ascend-msinsight/test/st/level2/rank_0_ascend_pt/";
const std::string SRV = "Ascend-msinsight/server/src/test/test_data/";
const std::string MSTT_CLUSTER = "Ascend-mstt/profiler/msprof_analyze/test/resource/advisor/cluster_analysis_output/";

// Ops of communication.json counted directly: step -> kind -> op keys not starting with "Total".
std::size_t count_ops(const nlohmann::json& j) {
  std::size_t n = 0;
  for (auto& [step, kinds] : j.items())
    for (auto& [kind, ops] : kinds.items())
      for (auto& [key, op] : ops.items()) n += key.rfind("Total", 0) != 0;
  return n;
}
std::size_t count_links(const nlohmann::json& j) {
  std::size_t n = 0;
  for (auto& [a, b] : j.items())
    for (auto& [c, ops] : b.items())
      for (auto& [key, links] : ops.items()) n += links.size();
  return n;
}
}  // namespace

TEST(AuxSamples, StatisticsCsvsEveryFile) {
  LLMSA_REQUIRE_SAMPLE(L1);
  for (const std::string& dir : std::vector<std::string>{L1, "Ascend-msinsight/test/data/pytorch/text/level1/rank1_ascend_pt/", L2,
                                "Ascend-msinsight/test/st/level2/rank_2_ascend_pt/"}) {
    auto out = sample_path(dir + "ASCEND_PROFILER_OUTPUT/");
    {
      auto in = InputBuffer::map_file(out / "op_statistic.csv");
      std::vector<OpStatisticRow> rows;
      FileReadReport rep;
      read_op_statistic(in, 0, rows, rep);
      EXPECT_EQ(rep.rows_read, data_lines(out / "op_statistic.csv")) << dir;
      EXPECT_EQ(rows.size(), rep.rows_read) << dir;
    }
    {
      auto in = InputBuffer::map_file(out / "api_statistic.csv");
      std::vector<ApiStatisticRow> rows;
      FileReadReport rep;
      read_api_statistic(in, 0, rows, rep);
      EXPECT_EQ(rep.rows_read, data_lines(out / "api_statistic.csv")) << dir;
      EXPECT_EQ(rows.size(), rep.rows_read) << dir;
    }
  }
  // level2 rank 0 op_statistic row 1: 0,FlashAttentionScoreGrad,MIX_AIC,28,63128.66,2219.14,2254.595,2286.72,27.294
  auto in = InputBuffer::map_file(sample_path(L2 + "ASCEND_PROFILER_OUTPUT/op_statistic.csv"));
  std::vector<OpStatisticRow> rows;
  FileReadReport rep;
  read_op_statistic(in, 0, rows, rep);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].device_id, 0);
  EXPECT_EQ(rows[0].op_type, "FlashAttentionScoreGrad");
  EXPECT_EQ(rows[0].core_type, "MIX_AIC");
  EXPECT_EQ(rows[0].count, 28);
  EXPECT_DOUBLE_EQ(*rows[0].total_us, 63128.66);
  EXPECT_DOUBLE_EQ(*rows[0].ratio_pct, 27.294);
  // level2 rank 0 api_statistic row 1: host,acl,ApplyAdamWV2_Tiling,666.3,114,5.845,0.25,29.17,34.995
  auto in2 = InputBuffer::map_file(sample_path(L2 + "ASCEND_PROFILER_OUTPUT/api_statistic.csv"));
  std::vector<ApiStatisticRow> api;
  FileReadReport rep2;
  read_api_statistic(in2, 0, api, rep2);
  EXPECT_EQ(api[0].device_id, "host");
  EXPECT_EQ(api[0].api_name, "ApplyAdamWV2_Tiling");
  EXPECT_EQ(api[0].count, 114);
  EXPECT_DOUBLE_EQ(*api[0].variance, 34.995);
}

TEST(AuxSamples, StepTraceEveryFile) {
  LLMSA_REQUIRE_SAMPLE(L1);
  std::vector<std::string> files = {
      L1 + "ASCEND_PROFILER_OUTPUT/step_trace_time.csv",
      "Ascend-msinsight/test/data/pytorch/text/level1/rank1_ascend_pt/ASCEND_PROFILER_OUTPUT/step_trace_time.csv",
      "Ascend-msinsight/test/data/pytorch/text/level0/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/step_trace_time.csv",
      SRV + "test_rank_0/ASCEND_PROFILER_OUTPUT/step_trace_time.csv",
      SRV + "test_rank_1/ASCEND_PROFILER_OUTPUT/step_trace_time.csv"};
  for (int r = 0; r < 4; ++r)
    files.push_back("Ascend-msinsight/test/st/level2/rank_" + std::to_string(r) +
                    "_ascend_pt/ASCEND_PROFILER_OUTPUT/step_trace_time.csv");
  for (auto& f : files) {
    auto in = InputBuffer::map_file(sample_path(f));
    std::vector<StepTraceRow> rows;
    FileReadReport rep;
    read_step_trace_time(in, 0, rows, rep);
    EXPECT_EQ(rep.rows_read, data_lines(sample_path(f))) << f;
    EXPECT_EQ(rows.size(), rep.rows_read) << f;
  }
  // level2 rank 3: 5,13,401131.69999999966,261498.43999999994,0.0,...,278.75 (Device_id 5 != rank 3)
  auto in = InputBuffer::map_file(sample_path(files.back()));
  std::vector<StepTraceRow> rows;
  FileReadReport rep;
  read_step_trace_time(in, 0, rows, rep);
  EXPECT_EQ(rows[0].device_id, 5);
  EXPECT_EQ(rows[0].step, "13");
  EXPECT_DOUBLE_EQ(*rows[0].computing_us, 401131.69999999966);
  EXPECT_DOUBLE_EQ(*rows[0].preparing_us, 278.75);
  // server test_rank_0 (older, no Preparing): Preparing is missing, not zero.
  auto in2 = InputBuffer::map_file(sample_path(files[3]));
  std::vector<StepTraceRow> old;
  FileReadReport rep2;
  read_step_trace_time(in2, 0, old, rep2);
  EXPECT_FALSE(old[0].preparing_us.has_value());
}

TEST(AuxSamples, ClusterStepTraceBothVintages) {
  for (const std::string& f : std::vector<std::string>{SRV + "cluster_analysis_output/cluster_step_trace_time.csv",
                              MSTT_CLUSTER + "cluster_step_trace_time.csv"}) {
    LLMSA_REQUIRE_SAMPLE(f);
    auto in = InputBuffer::map_file(sample_path(f));
    std::vector<ClusterStepTraceRow> rows;
    FileReadReport rep;
    read_cluster_step_trace_time(in, 0, rows, rep);
    EXPECT_EQ(rep.rows_read, data_lines(sample_path(f))) << f;
    EXPECT_EQ(rows.size(), rep.rows_read) << f;
  }
  // msinsight row 1: 2,rank,0,75174.57464453117,...
  auto in = InputBuffer::map_file(sample_path(SRV + "cluster_analysis_output/cluster_step_trace_time.csv"));
  std::vector<ClusterStepTraceRow> rows;
  FileReadReport rep;
  read_cluster_step_trace_time(in, 0, rows, rep);
  EXPECT_EQ(rows[0].type, "rank");
  EXPECT_EQ(rows[0].index, "0");
  EXPECT_DOUBLE_EQ(*rows[0].computing_us, 75174.57464453117);
}

TEST(AuxSamples, CommunicationJsonEveryRankFile) {
  LLMSA_REQUIRE_SAMPLE(L1);
  std::vector<std::string> dirs = {L1, "Ascend-msinsight/test/data/pytorch/text/level1/rank1_ascend_pt/",
                                   SRV + "test_rank_0/", SRV + "test_rank_1/"};
  for (int r = 0; r < 4; ++r) dirs.push_back("Ascend-msinsight/test/st/level2/rank_" + std::to_string(r) + "_ascend_pt/");
  for (auto& d : dirs) {
    auto comm = sample_path(d + "ASCEND_PROFILER_OUTPUT/communication.json");
    auto matrix = sample_path(d + "ASCEND_PROFILER_OUTPUT/communication_matrix.json");
    auto in = InputBuffer::map_file(comm);
    std::vector<CommOpRow> ops;
    std::vector<CommBandwidthRow> bw;
    FileReadReport rep;
    read_communication_json(in, 0, ops, bw, rep);
    EXPECT_EQ(rep.rows_read, count_ops(nlohmann::json::parse(slurp(comm)))) << d;
    EXPECT_EQ(ops.size(), rep.rows_read) << d;
    auto in2 = InputBuffer::map_file(matrix);
    std::vector<CommLinkRow> links;
    FileReadReport rep2;
    read_communication_matrix_json(in2, 0, links, rep2);
    EXPECT_EQ(rep2.rows_read, count_links(nlohmann::json::parse(slurp(matrix)))) << d;
    EXPECT_EQ(links.size(), rep2.rows_read) << d;
  }
  // level1 rank 0: "step50" -> 4 allReduce ops (reference C.7 / Part E), matrix link 0-1 HCCS 37.781504 MB.
  auto in = InputBuffer::map_file(sample_path(L1 + "ASCEND_PROFILER_OUTPUT/communication.json"));
  std::vector<CommOpRow> ops;
  std::vector<CommBandwidthRow> bw;
  FileReadReport rep;
  read_communication_json(in, 0, ops, bw, rep);
  ASSERT_EQ(ops.size(), 4u);
  for (auto& o : ops) {
    EXPECT_EQ(o.step, "step50");
    EXPECT_EQ(o.kind, "collective");
    EXPECT_EQ(o.op_name.rfind("hcom_allReduce_", 0), 0u);
    EXPECT_FALSE(o.group.empty());
  }
  auto in2 = InputBuffer::map_file(sample_path(L1 + "ASCEND_PROFILER_OUTPUT/communication_matrix.json"));
  std::vector<CommLinkRow> links;
  FileReadReport rep2;
  read_communication_matrix_json(in2, 0, links, rep2);
  bool found = false;
  for (auto& l : links)
    if (l.op_name == "allreduce-top1" && l.src_rank == 0 && l.dst_rank == 1) {
      found = true;
      EXPECT_EQ(l.group, "17522688603477080586");
      EXPECT_EQ(l.transport, "HCCS");
      EXPECT_DOUBLE_EQ(*l.transit_size_mb, 37.781504);
      EXPECT_EQ(l.hccl_op_name, "hcom_allReduce__586_2_1");
    }
  EXPECT_TRUE(found);
}

TEST(AuxSamples, ClusterCommunicationOldAndNewLayouts) {
  const std::string nw = SRV + "cluster_analysis_output/cluster_communication.json";
  const std::string old = MSTT_CLUSTER + "cluster_communication.json";
  LLMSA_REQUIRE_SAMPLE(nw);
  LLMSA_REQUIRE_SAMPLE(old);
  // Independent count: (kind|group) -> step -> op (not Total) -> rank entries.
  auto count = [](const nlohmann::json& j) {
    std::size_t n = 0;
    for (auto& [a, b] : j.items())
      for (auto& [c, ops] : b.items())
        for (auto& [key, ranks] : ops.items())
          if (key.rfind("Total", 0) != 0) n += ranks.size();
    return n;
  };
  for (auto& [f, layout] : {std::pair{nw, "new"}, std::pair{old, "old"}}) {
    auto in = InputBuffer::map_file(sample_path(f));
    std::vector<ClusterCommRow> rows;
    FileReadReport rep;
    read_cluster_communication_json(in, 0, rows, rep);
    EXPECT_EQ(rep.rows_read, count(nlohmann::json::parse(slurp(sample_path(f))))) << f;
    EXPECT_EQ(rows.size(), rep.rows_read);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0].layout, layout);
  }
  // Old layout, first entry: {"(0, 1)": {"step": {"hcom_broadcast__501_0@6297232067196334501": {"0":
  //   {"Communication Time Info": {"Start Timestamp(us)": 1695054582608213.0, "Elapse Time(ms)": 121.73694384375
  auto in = InputBuffer::map_file(sample_path(old));
  std::vector<ClusterCommRow> rows;
  FileReadReport rep;
  read_cluster_communication_json(in, 0, rows, rep);
  EXPECT_EQ(rows[0].group_key, "(0, 1)");
  EXPECT_EQ(rows[0].op_name, "hcom_broadcast__501_0");
  EXPECT_EQ(rows[0].group, "6297232067196334501");
  EXPECT_EQ(rows[0].rank, "0");
  EXPECT_EQ(rows[0].start_ns, 1695054582608213000LL);
  EXPECT_DOUBLE_EQ(*rows[0].elapse_ms, 121.73694384375);
  // Cluster matrix (kind -> step nesting): independent link count.
  const std::string cm = SRV + "cluster_analysis_output/cluster_communication_matrix.json";
  auto in3 = InputBuffer::map_file(sample_path(cm));
  std::vector<CommLinkRow> links;
  FileReadReport rep3;
  read_cluster_communication_matrix_json(in3, 0, links, rep3);
  EXPECT_EQ(rep3.rows_read, count_links(nlohmann::json::parse(slurp(sample_path(cm)))));
  // Raw text: "p2p" -> "step2" -> "hcom_send__822_0@13337953553061386822" -> "0-8":
  //   {"Transport Type": "RDMA", "Transit Time(ms)": 0.86381540625, "Transit Size(MB)": 20.97152, "Bandwidth(GB/s)": 24.2778}
  bool found = false;
  for (auto& l : links)
    if (l.kind == "p2p" && l.op_name == "hcom_send__822_0" && l.src_rank == 0 && l.dst_rank == 8) {
      found = true;
      EXPECT_EQ(l.step, "step2");
      EXPECT_EQ(l.group, "13337953553061386822");
      EXPECT_EQ(l.transport, "RDMA");
      EXPECT_DOUBLE_EQ(*l.bandwidth_gbps, 24.2778);
    }
  EXPECT_TRUE(found);
}

TEST(AuxSamples, ProfilerInfoAndMetadata) {
  const std::string info = L2 + "profiler_info_0.json";
  LLMSA_REQUIRE_SAMPLE(info);
  for (int r = 0; r < 4; ++r) {
    auto dir = "Ascend-msinsight/test/st/level2/rank_" + std::to_string(r) + "_ascend_pt/";
    ProfilerConfig cfg;
    FileReadReport rep, rep2;
    auto in = InputBuffer::map_file(sample_path(dir + "profiler_info_" + std::to_string(r) + ".json"));
    read_profiler_info(in, cfg, rep);
    auto raw = nlohmann::json::parse(slurp(sample_path(dir + "profiler_info_" + std::to_string(r) + ".json")));
    // Late-2025 files write "rank_id": "0" (a string), older ones a number.
    auto rid = raw["rank_id"];
    EXPECT_EQ(cfg.rank_id, rid.is_string() ? std::stoi(rid.get<std::string>()) : rid.get<int>());
    EXPECT_EQ(cfg.profiler_level, raw["config"]["experimental_config"]["_profiler_level"].get<std::string>());
    auto in2 = InputBuffer::map_file(sample_path(dir + "profiler_metadata.json"));
    read_profiler_metadata(in2, cfg, rep2);
    auto meta = nlohmann::json::parse(slurp(sample_path(dir + "profiler_metadata.json")));
    EXPECT_EQ(cfg.world_size, meta["distributed_args"]["world_size"].get<int>());
    EXPECT_EQ(cfg.parallel_groups.size(), meta["parallel_group_info"].size());
  }
  // Reference Part E: level2 is world 4 with PP=2, DP=2; level1 is Level1 + PIPE_UTILIZATION.
  ProfilerConfig cfg;
  FileReadReport rep;
  auto in = InputBuffer::map_file(sample_path(L2 + "profiler_metadata.json"));
  read_profiler_metadata(in, cfg, rep);
  EXPECT_EQ(cfg.world_size, 4);
  EXPECT_EQ(cfg.pp, 2);
  EXPECT_EQ(cfg.dp, 2);
  ProfilerConfig c1;
  auto in1 = InputBuffer::map_file(sample_path(L1 + "profiler_info_0.json"));
  read_profiler_info(in1, c1, rep);
  EXPECT_EQ(c1.profiler_level, "Level1");
  EXPECT_EQ(c1.aic_metrics, "ACL_AICORE_PIPE_UTILIZATION");
}

TEST(AuxSamples, TraceViewBothSamples) {
  for (const std::string& f : std::vector<std::string>{
           L1 + "ASCEND_PROFILER_OUTPUT/trace_view.json",
           "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/timeline_advice/trace_view.json"}) {
    LLMSA_REQUIRE_SAMPLE(f);
    auto raw = nlohmann::json::parse(slurp(sample_path(f)));
    std::size_t non_meta = 0, x = 0, c = 0;
    for (auto& e : raw) {
      std::string ph = e.value("ph", "");
      non_meta += ph != "M";
      x += ph == "X";
      c += ph == "C";
    }
    RankEvents ev;
    std::vector<CounterSample> counters;
    FileReadReport rep;
    auto in = InputBuffer::map_file(sample_path(f));
    read_trace_view(in, ev, counters, rep);
    EXPECT_EQ(rep.rows_read, non_meta) << f;
    EXPECT_EQ(ev.size(), x) << f;
    EXPECT_EQ(rep.events + rep.rejected, rep.rows_read);
    EXPECT_GE(counters.size(), c);  // a counter record may carry several series
  }
  // Reference C.6: level1 capture has C 4431, X 4384, f 611, s 606, M 80.
  RankEvents ev;
  std::vector<CounterSample> counters;
  FileReadReport rep;
  auto in = InputBuffer::map_file(sample_path(L1 + "ASCEND_PROFILER_OUTPUT/trace_view.json"));
  read_trace_view(in, ev, counters, rep);
  EXPECT_EQ(rep.rows_read, 4431u + 4384u + 611u + 606u);
  EXPECT_EQ(ev.size(), 4384u);
  // First record: aten::empty, cpu_op, ts "1736408883688177.930", dur 145.57, on the Python lane.
  EXPECT_EQ(ev.strings.view(ev.name[0]), "aten::empty");
  EXPECT_EQ(ev.start_ns[0], 1736408883688177930LL);
  EXPECT_EQ(ev.dur_ns[0], 145570);
  EXPECT_EQ(ev.kind[0], EventKind::kCpuOp);
  EXPECT_EQ(ev.strings.view(ev.lane[0]), "Python");
  std::size_t hw = 0, overlap = 0;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    hw += ev.strings.view(ev.lane[i]) == "Ascend Hardware";
    overlap += ev.kind[i] == EventKind::kOverlap;
  }
  EXPECT_GT(hw, 0u);
  EXPECT_GT(overlap, 0u);
  EXPECT_GT(ev.flows.from.size(), 0u);
}
