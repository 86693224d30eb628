// Every kernel_details.csv in the samples: row counts against an independent line count of the raw
// file, and field values copied from the raw text (quoted in the comments).
#include <gtest/gtest.h>

#include <map>

#include "trace/ascend/kernel_details_reader.hpp"
#include "trace_test_support.hpp"

using namespace llmsa::trace;
using llmsa::test::data_lines;
using llmsa::test::sample_path;

namespace {
struct Read {
  RankEvents ev;
  FileReadReport rep;
};
std::unique_ptr<Read> read(const std::string& rel) {
  auto r = std::make_unique<Read>();
  ascend::read_kernel_details(sample_path(rel), r->ev, r->rep);
  return r;
}
std::size_t count_core(const RankEvents& ev, std::string_view core) {
  std::size_t n = 0;
  for (auto c : ev.core) n += ev.strings.view(c) == core;
  return n;
}
const MetricColumn* metric(const RankEvents& ev, std::string_view name) {
  for (auto& m : ev.metrics)
    if (ev.strings.view(m.name) == name) return &m;
  return nullptr;
}
}  // namespace

TEST(KernelDetailsSamples, Level1PipeUtilizationVariant) {
  const std::string rel =
      "Ascend-msinsight/test/data/pytorch/text/level1/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  auto r = read(rel);
  EXPECT_EQ(r->rep.rows_read, data_lines(sample_path(rel)));
  EXPECT_EQ(r->rep.rows_read, 191u);  // reference Part E: 191 rows
  EXPECT_EQ(r->rep.rejected, 0u);
  EXPECT_EQ(r->ev.size(), 191u);
  // Reference Part E: cores AI_VECTOR_CORE 149 / AI_CORE 23 / MIX_AIV 13 / HCCL 4 / DSA_SQE 2.
  EXPECT_EQ(count_core(r->ev, "AI_VECTOR_CORE"), 149u);
  EXPECT_EQ(count_core(r->ev, "AI_CORE"), 23u);
  EXPECT_EQ(count_core(r->ev, "MIX_AIV"), 13u);
  EXPECT_EQ(count_core(r->ev, "HCCL"), 4u);
  EXPECT_EQ(count_core(r->ev, "DSA_SQE"), 2u);
  // Row 1: 50,4294967295,11051,2,trans_TransData_0,TransData,dynamic,AI_VECTOR_CORE,1736408883704643.212<TAB>,
  //        53.741,0,32,0,NO,"""32,3,224,224""",FLOAT,NCHW,"""32,1,224,224,8""",...,aiv_vec_ratio 0.186
  EXPECT_EQ(r->ev.strings.view(r->ev.name[0]), "trans_TransData_0");
  EXPECT_EQ(r->ev.strings.view(r->ev.type[0]), "TransData");
  EXPECT_EQ(r->ev.start_ns[0], 1736408883704643212LL);
  EXPECT_EQ(r->ev.dur_ns[0], 53741);
  EXPECT_EQ(r->ev.wait_ns[0], 0);
  EXPECT_EQ(r->ev.step[0], 50);
  EXPECT_EQ(r->ev.stream[0], 2);
  EXPECT_EQ(r->ev.strings.view(r->ev.input_shapes[0]), "32,3,224,224");
  EXPECT_EQ(r->ev.strings.view(r->ev.output_shapes[0]), "32,1,224,224,8");
  EXPECT_EQ(r->ev.kind[0], EventKind::kKernel);
  const MetricColumn* vec = metric(r->ev, "aiv_vec_ratio");
  ASSERT_NE(vec, nullptr);
  EXPECT_TRUE(vec->has(0));
  EXPECT_EQ(vec->at(0), 0.186);  // exactly the decimal in the text
  // First HCCL row: hcom_allReduce__586_0_1,...,HCCL,1736408883732241.563<TAB>,79089.52,590.331 with PMU N/A.
  std::size_t h = 0;
  while (r->ev.kind[h] != EventKind::kCommunication) ++h;
  EXPECT_EQ(r->ev.strings.view(r->ev.name[h]), "hcom_allReduce__586_0_1");
  EXPECT_EQ(r->ev.start_ns[h], 1736408883732241563LL);
  EXPECT_EQ(r->ev.dur_ns[h], 79089520);
  EXPECT_EQ(r->ev.wait_ns[h], 590331);
  EXPECT_EQ(r->ev.stream[h], -1);   // Stream ID N/A: missing, not zero
  EXPECT_FALSE(vec->has(h));    // PMU N/A: not measured
}

TEST(KernelDetailsSamples, Level1SecondRank) {
  const std::string rel =
      "Ascend-msinsight/test/data/pytorch/text/level1/rank1_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  auto r = read(rel);
  EXPECT_EQ(r->rep.rows_read, data_lines(sample_path(rel)));
  EXPECT_EQ(r->rep.events, r->rep.rows_read);
}

TEST(KernelDetailsSamples, Level0DegradedVariant) {
  const std::string rel =
      "Ascend-msinsight/test/data/pytorch/text/level0/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  auto r = read(rel);
  EXPECT_EQ(r->rep.rows_read, data_lines(sample_path(rel)));
  EXPECT_EQ(r->rep.rejected, 0u);
  EXPECT_TRUE(r->ev.metrics.empty() || metric(r->ev, "aic_mac_ratio") == nullptr);
  // Row 1: 50,trans_TransData_0,N/A,N/A,1736405443881410.320<TAB>,50.621,0,0
  EXPECT_EQ(r->ev.start_ns[0], 1736405443881410320LL);
  EXPECT_EQ(r->ev.dur_ns[0], 50621);
  EXPECT_EQ(r->ev.type[0], llmsa::kEmptyString);  // Type N/A
  EXPECT_EQ(r->ev.kind[0], EventKind::kKernel);
  // Comm rows keep Accelerator Core = HCCL: 50,hcom_allReduce__868_0_1,N/A,HCCL,1736405443909176.934<TAB>,72994.438,320.026,0
  std::size_t comm = 0;
  for (std::size_t i = 0; i < r->ev.size(); ++i)
    if (r->ev.kind[i] == EventKind::kCommunication) {
      if (comm == 0) {
        EXPECT_EQ(r->ev.strings.view(r->ev.name[i]), "hcom_allReduce__868_0_1");
        EXPECT_EQ(r->ev.start_ns[i], 1736405443909176934LL);
        EXPECT_EQ(r->ev.wait_ns[i], 320026);
      }
      ++comm;
    }
  EXPECT_EQ(comm, count_core(r->ev, "HCCL"));
  bool level0_note = false;
  for (auto& n : r->rep.notes) level0_note |= n.find("Level0") != std::string::npos;
  EXPECT_TRUE(level0_note);
}

TEST(KernelDetailsSamples, Level2DeviceIdAndCommunicationVariant) {
  const std::string rel = "Ascend-msinsight/test/st/level2/rank_0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  auto r = read(rel);
  EXPECT_EQ(r->rep.rows_read, data_lines(sample_path(rel)));
  EXPECT_EQ(r->rep.rows_read, 2463u);  // reference Part E
  EXPECT_EQ(r->rep.rejected, 0u);
  // Row 1: 13,0,4294967295,34473,2,aclnnInplaceZero_ZerosLikeAiCore_ZerosLike,ZerosLike,dynamic,AI_VECTOR_CORE,
  //        1764246877073569.640<TAB>,1892.920,0,40,0,NO,"""375815680""",...
  EXPECT_EQ(r->ev.strings.view(r->ev.name[0]), "aclnnInplaceZero_ZerosLikeAiCore_ZerosLike");
  EXPECT_EQ(r->ev.start_ns[0], 1764246877073569640LL);
  EXPECT_EQ(r->ev.dur_ns[0], 1892920);
  EXPECT_EQ(r->ev.device[0], 0);
  EXPECT_EQ(r->ev.step[0], 13);
  EXPECT_EQ(r->ev.strings.view(r->ev.input_shapes[0]), "375815680");
  // Comm rows say COMMUNICATION here (late-2025), not HCCL.
  EXPECT_GT(count_core(r->ev, "COMMUNICATION"), 0u);
  EXPECT_EQ(count_core(r->ev, "HCCL"), 0u);
  std::size_t comm = 0;
  for (auto k : r->ev.kind) comm += k == EventKind::kCommunication;
  EXPECT_EQ(comm, count_core(r->ev, "COMMUNICATION"));
}

TEST(KernelDetailsSamples, ArithmeticUtilizationVariantWithQuotedTabbedTimes) {
  const std::string rel =
      "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/advisor_backend/compute_advice/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  auto r = read(rel);
  EXPECT_EQ(r->rep.rows_read, data_lines(sample_path(rel)));
  EXPECT_EQ(r->rep.rows_read, 591u);  // reference Part E
  EXPECT_EQ(r->rep.rejected, 0u);
  // Reference Part E: rows AI_CPU 7 / HCCL 19 / DSA_SQE 7.
  EXPECT_EQ(count_core(r->ev, "AI_CPU"), 7u);
  EXPECT_EQ(count_core(r->ev, "HCCL"), 19u);
  EXPECT_EQ(count_core(r->ev, "DSA_SQE"), 7u);
  // Row 1: 1,4294967295,1259,16,ZerosLike46,ZerosLike,AI_VECTOR_CORE,1699529622790614.8,607.98,0,48,0,...
  EXPECT_EQ(r->ev.strings.view(r->ev.name[0]), "ZerosLike46");
  EXPECT_EQ(r->ev.start_ns[0], 1699529622790614800LL);
  EXPECT_EQ(r->ev.dur_ns[0], 607980);
  EXPECT_NE(metric(r->ev, "aic_mac_fp16_ratio"), nullptr);
  std::size_t aicpu = 0;
  for (auto k : r->ev.kind) aicpu += k == EventKind::kAicpu;
  EXPECT_EQ(aicpu, 7u);
}

TEST(KernelDetailsSamples, CompactPipeUtilizationWithQuotedTimes) {
  const std::string rel = "Ascend-mstt/profiler/msprof_analyze/test/ut/advisor/compute_advice/data/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  auto r = read(rel);
  EXPECT_EQ(r->rep.rows_read, data_lines(sample_path(rel)));
  EXPECT_EQ(r->rep.rows_read, 29u);  // reference Part E
  // Row 1: 19,...,aclnnMatmul_MatMulCommon_MatMulV2,MatMulV2,dynamic,AI_CORE,"1736413971558972.912<TAB>",185.504,1.087
  EXPECT_EQ(r->ev.strings.view(r->ev.name[0]), "aclnnMatmul_MatMulCommon_MatMulV2");
  EXPECT_EQ(r->ev.start_ns[0], 1736413971558972912LL);
  EXPECT_EQ(r->ev.wait_ns[0], 1087);
  EXPECT_EQ(r->ev.strings.view(r->ev.input_shapes[0]), "81920,4096;8192,512");
  const MetricColumn* mac = metric(r->ev, "aic_mac_ratio");
  ASSERT_NE(mac, nullptr);
  EXPECT_EQ(mac->at(0), 0.824);
}

TEST(KernelDetailsSamples, MemoryL0VariantRejectsTheRealShortRow) {
  const std::string rel = "Ascend-msinsight/server/src/test/test_data/test_rank_0/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  auto r = read(rel);
  EXPECT_EQ(r->rep.rows_read, data_lines(sample_path(rel)));
  // Data row 16 (line 17) of this real file has 31 fields under a 32-column header (Python's csv
  // module agrees); it is rejected with its line, everything else is kept.
  EXPECT_EQ(r->rep.rejected, 1u);
  ASSERT_EQ(r->rep.rejected_examples.size(), 1u);
  EXPECT_EQ(r->rep.rejected_examples[0].line, 17);
  EXPECT_EQ(r->rep.events + r->rep.rejected, r->rep.rows_read);
  EXPECT_NE(metric(r->ev, "aic_l0a_read_bw(GB/s)"), nullptr);
  // Row 1: 2,4294967295,2451,16,ZerosLike,ZerosLike,AI_CORE,1695115378713661,496.8508,0,48,...
  EXPECT_EQ(r->ev.start_ns[0], 1695115378713661000LL);
  EXPECT_EQ(r->ev.dur_ns[0], 496851);
  const std::string rel1 = "Ascend-msinsight/server/src/test/test_data/test_rank_1/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  auto r1 = read(rel1);
  EXPECT_EQ(r1->rep.rows_read, data_lines(sample_path(rel1)));
  EXPECT_EQ(r1->rep.rejected, 0u);
}
