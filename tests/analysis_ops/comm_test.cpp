// Communication: HCCL from communication.json (MSINSIGHT level1 rank0) against the profiler's own
// "Total Op Info" entry of the same file; NCCL/RCCL collectives from Kineto args against TraceLens's
// coll_analysis.csv for the MI300 resnet_act_checkpoint trace; busbw by nccl-tests PERFORMANCE.md.
#include <gtest/gtest.h>

#include "analysis/comm_hccl.hpp"
#include "analysis/comm_nccl.hpp"
#include "analysis/comm_overlap.hpp"
#include "hw/hardware_db.hpp"
#include "ops_test_support.hpp"

using namespace llmsa;
using namespace llmsa::analysis;

TEST(HcclOpKind, PrefixesOfA5) {
  EXPECT_EQ(hccl_op_kind("hcom_allReduce__586_0_1"), "allreduce");
  EXPECT_EQ(hccl_op_kind("HCOM_ALLTOALLVC_"), "alltoallv");
  EXPECT_EQ(hccl_op_kind("hcom_batchSendRecv_"), "send_recv");
  EXPECT_EQ(hccl_op_kind("hcom_reduceScatter_"), "reducescatter");
  EXPECT_EQ(hccl_op_kind("HcclBarrier"), "other");
  EXPECT_TRUE(is_total_entry("Total Op Info"));
}

TEST(HcclSummary, Level1TotalsMatchTheProfilersTotalOpInfo) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1Rank0);
  const auto cap = test::ingest_sample({test::kLevel1Rank0});
  ASSERT_EQ(cap.ranks.size(), 1u);
  const auto db = hw::HardwareDb::builtin();
  const auto s = summarize_hccl(cap.ranks[0], db.find("Ascend-910B2"));
  ASSERT_TRUE(s.available);
  // communication.json step50: four hcom_allReduce ops; "Total Op Info" (written by the profiler):
  // Elapse 105.99187771875 ms, Wait 5.94061871875 ms, Transit 3.6833535 ms.
  ASSERT_EQ(s.kinds.size(), 1u);
  EXPECT_EQ(s.kinds[0].kind, "allreduce");
  EXPECT_EQ(s.kinds[0].calls, 4);
  EXPECT_NEAR(s.kinds[0].elapse_ms, 105.99187771875, 1e-9);
  EXPECT_NEAR(s.kinds[0].wait_ms, 5.94061871875, 1e-9);
  EXPECT_NEAR(s.kinds[0].transit_ms, 3.6833535, 1e-6);
  // Total Op Info HCCS: 427.59609599999993 MB in 27.315705875 ms.
  const TransportBandwidth* hccs = nullptr;
  for (const auto& t : s.transports)
    if (t.transport == "HCCS") hccs = &t;
  ASSERT_NE(hccs, nullptr);
  EXPECT_EQ(hccs->ops, 4);
  EXPECT_NEAR(hccs->transit_size_mb, 427.59609599999993, 1e-9);
  EXPECT_NEAR(hccs->transit_ms, 27.315705875, 1e-9);
  ASSERT_TRUE(hccs->bandwidth_gbps);
  EXPECT_NEAR(*hccs->bandwidth_gbps, 427.59609599999993 / 27.315705875, 1e-9);
  // Expected: 910B2 HCCS 196 GB/s bidirectional (data/hardware/ascend.json) = 98 GB/s per direction.
  ASSERT_TRUE(hccs->expected_gbps);
  EXPECT_NEAR(*hccs->expected_gbps, 98.0, 1e-9);
  EXPECT_EQ(hccs->expected_link, "HCCS");
}

TEST(NcclFactors, NcclTestsPerformanceMd) {
  EXPECT_DOUBLE_EQ(*busbw_factor("allreduce", 8), 2.0 * 7 / 8);
  EXPECT_DOUBLE_EQ(*busbw_factor("_allgather_base", 8), 7.0 / 8);
  EXPECT_DOUBLE_EQ(*busbw_factor("reduce_scatter", 4), 3.0 / 4);
  EXPECT_DOUBLE_EQ(*busbw_factor("all_to_all", 4), 3.0 / 4);
  EXPECT_DOUBLE_EQ(*busbw_factor("broadcast", 8), 1.0);
  EXPECT_FALSE(busbw_factor("allreduce", 0));
  EXPECT_EQ(*dtype_bytes("BFloat16"), 2);
  EXPECT_EQ(*dtype_bytes("Long"), 8);
  EXPECT_FALSE(dtype_bytes("Mystery"));
}

TEST(NcclSummary, Mi300ResnetMatchesTraceLensCollAnalysis) {
  LLMSA_REQUIRE_SAMPLE(test::kMi300Resnet);
  const auto cap = test::ingest_sample({test::kMi300Resnet});
  ASSERT_EQ(cap.ranks.size(), 1u);
  const auto s = summarize_nccl(cap.ranks[0].events);
  // TraceLens resnet_act_checkpoint_recompute_perf_report_csvs/coll_analysis.csv: four rows, process group
  // "0", ranks [0..7], stream 4, three calls each.
  ASSERT_EQ(s.groups.size(), 4u);
  struct Golden {
    const char* coll;
    const char* dtype;
    std::int64_t nelems;
    double mb, sum, mean, stdv, mn, mx;
  };
  const Golden golden[] = {
      {"allreduce", "BFloat16", 8816192, 16.8155517578125, 26798.24, 8932.746666666668, 276.099019776118, 8656.708, 9208.906},
      {"allreduce", "BFloat16", 2873320, 5.4804229736328125, 20338.798, 6779.599333333333, 119.66539283073179, 6678.4, 6911.678},
      {"broadcast", "BFloat16", 9600, 0.018310546875, 43.675, 14.558333333333332, 0.21128495765986952, 14.319, 14.719},
      {"broadcast", "Long", 20, 0.000152587890625, 19.597, 6.532333333333334, 0.8102674455593867, 5.879, 7.439},
  };
  for (const auto& g : golden) {
    const NcclCollectiveGroup* m = nullptr;
    for (const auto& x : s.groups)
      if (x.collective == g.coll && x.dtype == g.dtype && x.in_nelems == g.nelems) m = &x;
    ASSERT_NE(m, nullptr) << g.coll << " " << g.dtype << " " << g.nelems;
    EXPECT_EQ(m->process_group, "0");
    EXPECT_EQ(m->process_group_ranks, "[0, 1, 2, 3, 4, 5, 6, 7]");
    EXPECT_EQ(m->group_size, 8);
    EXPECT_EQ(m->stream, 4);
    EXPECT_EQ(m->count, 3);
    ASSERT_TRUE(m->in_msg_mb);
    EXPECT_NEAR(*m->in_msg_mb, g.mb, 1e-12);
    EXPECT_NEAR(m->dur_sum_us, g.sum, 1e-6);
    EXPECT_NEAR(m->dur_mean_us, g.mean, 1e-6);
    EXPECT_NEAR(m->dur_std_us, g.stdv, 1e-6);
    EXPECT_NEAR(m->dur_min_us, g.mn, 1e-9);
    EXPECT_NEAR(m->dur_max_us, g.mx, 1e-9);
    // busbw from the golden size and mean with the nccl-tests factor (2(n-1)/n allreduce, 1 broadcast).
    const double bytes = g.mb * 1048576.0;
    const double algbw = bytes / (g.mean * 1e-6) / 1e9;
    const double factor = std::string(g.coll) == "allreduce" ? 2.0 * 7 / 8 : 1.0;
    ASSERT_TRUE(m->busbw_gbps);
    EXPECT_NEAR(*m->algbw_gbps, algbw, 1e-9 * algbw);
    EXPECT_NEAR(*m->busbw_gbps, algbw * factor, 1e-9 * algbw);
  }
}

TEST(CommOverlap, IntervalAlgebraOnLevel1) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1Rank0);
  const auto cap = test::ingest_sample({test::kLevel1Rank0});
  const auto o = communication_overlap(cap.ranks[0].events, KernelClassifier::builtin());
  // kernel_details.csv (the chosen source) has 4 HCCL rows (Accelerator Core HCCL; counted with python).
  EXPECT_EQ(o.communication_events, 4);
  EXPECT_EQ(o.overlapped_ns + o.exposed_communication_ns, o.communication_ns);
  // The profiler's own step_trace_time.csv of this rank (step 50 holds every kernel_details row):
  // Communication 105991.878 us, Overlapped 4028.675 us, Communication(Not Overlapped) 101963.203 us,
  // Computing 8873.756 us. Its columns are rounded to the ns differently from kernel_details.csv.
  EXPECT_NEAR(o.communication_ns / 1e3, 105991.878, 0.01);
  EXPECT_NEAR(o.overlapped_ns / 1e3, 4028.675, 0.01);
  EXPECT_NEAR(o.exposed_communication_ns / 1e3, 101963.203, 0.01);
  EXPECT_NEAR(o.computation_ns / 1e3, 8873.756, 0.05);
  ASSERT_TRUE(o.overlap_ratio);
  EXPECT_NEAR(*o.overlap_ratio, 4028.675 / 105991.878, 1e-6);
}
