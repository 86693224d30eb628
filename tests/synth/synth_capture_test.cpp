// The synthetic captures are read by the real readers (src/trace/ascend/) as real torch_npu output is:
// every file found, every row kept, nothing rejected, and every kernel name classified by the
// project's rules the way the reference's tables classify it.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "analysis/kernel_classifier.hpp"
#include "analysis/op_families.hpp"
#include "synth/kernel_details_format.hpp"
#include "synth/kernel_details_stream.hpp"
#include "synth_test_support.hpp"

namespace llmsa::synth {
namespace {

namespace fs = std::filesystem;
using test::analyse_demo;
using test::fresh_dir;

TEST(SynthCapture, EveryWrittenFileIsReadWithZeroRejectedRows) {
  const auto root = fresh_dir("read");
  const auto d = analyse_demo(root);
  const auto ranks = build_demo_ranks();
  ASSERT_EQ(d.ingested.capture.ranks.size(), 4u);
  for (std::size_t r = 0; r < 4; ++r) {
    const trace::RankProfile& p = d.ingested.capture.ranks[r];
    EXPECT_EQ(p.events.rank, static_cast<int>(r));
    EXPECT_EQ(p.events.rank_source, "profiler_info");
    // profiler_info, profiler_metadata and the six ASCEND_PROFILER_OUTPUT files.
    ASSERT_EQ(p.files.size(), 8u) << p.root;
    for (const trace::FileReadReport& f : p.files) {
      EXPECT_TRUE(f.read) << f.path;
      EXPECT_EQ(f.error, "") << f.path;
      EXPECT_EQ(f.rejected, 0u) << f.path << " first reason: "
                                << (f.rejected_examples.empty() ? "" : f.rejected_examples.front().reason);
      EXPECT_GT(f.events, 0u) << f.path;
      EXPECT_EQ(f.events, f.rows_read) << f.path;
    }
    // Every written file was discovered under its real format name.
    for (const WrittenFile& w : d.capture.files[r]) {
      bool found = false;
      for (const auto& f : p.files) found |= test::same_file(f.path, w.path) && f.format == w.format;
      EXPECT_TRUE(found) << w.path;
    }
    for (const auto& f : p.files)
      if (f.format == "ascend.kernel_details.csv") {
        EXPECT_EQ(f.rows_read, ranks[r].tasks.size());
      }
    // One HostToDevice flow per device task, each tying a CANN launch to its device slice.
    EXPECT_EQ(p.events.flows.from.size(), ranks[r].tasks.size());
    EXPECT_EQ(p.config.profiler_level, "Level1");
    EXPECT_EQ(p.config.world_size, 4);
    EXPECT_EQ(p.step_trace.size(), 7u);
    std::size_t collectives = 0;
    for (const auto& t : ranks[r].tasks) collectives += t.collective;
    EXPECT_EQ(p.comm_ops.size(), collectives);
  }
  fs::remove_all(root);
}

TEST(SynthCapture, StepsComeFromProfilerStepRanges) {
  const auto root = fresh_dir("steps");
  const auto d = analyse_demo(root);
  for (const auto& r : d.analysis.ranks) {
    EXPECT_EQ(r.step_source, "profiler_step");
    ASSERT_EQ(r.steps.size(), 7u);  // one prefill and six decode steps (DemoOptions defaults)
    EXPECT_EQ(r.steps.front().step, "1");
  }
  fs::remove_all(root);
}

// Expected categories are the ones the reference's classification table gives these kernels
// (ascend-profiling.md A.5/A.6, rules in data/kernels/kernel_signatures.json; rule ids in comments).
TEST(SynthCapture, KernelNamesClassifyAsTheOperatorsTheyStandFor) {
  const auto classifier = analysis::KernelClassifier::builtin();
  const std::map<std::string, std::string> expected = {
      {"aclnnMlaPreprocess_MlaPreprocess_MlaPreprocess", "attention.mla.preprocess"},  // ascend.mla_preprocess
      {"aclnnFusedInferAttentionScoreV3_FusedInferAttentionScore_FusedInferAttentionScore",
       "attention.flash_score"},                                                                 // ascend.flash_score
      {"aclnnTransposeBatchMatMul_TransposeBatchMatMul_TransposeBatchMatMul", "attention.mla.v_up_proj"},  // mla_v_up_proj
      {"aclnnMoeGatingTopK_MoeGatingTopK_MoeGatingTopK", "moe.gating"},  // ascend.moe_gating
      {"aclnnDispatchGmmCombineDecode_DispatchGmmCombineDecode_DispatchGmmCombineDecode",
       "moe.dispatch_expert_compute"},  // ascend.moe_fused_mc2
      {"aclnnDispatchFFNCombine_DispatchFFNCombine_DispatchFFNCombine", "moe.dispatch_expert_compute"},
      {"aclnnMatmul_MatMulV3Common_MatMulV3", "compute.matmul"},  // ascend.matmul
      {"aclnnArgMax_ArgMaxV2_ArgMaxV2", "sampling.argmax"},       // ascend.sampling_argmax
      {"aclnnRmsNorm_RmsNorm_RmsNorm", "normalization"},          // ascend.normalization
      {"hcom_allReduce__742_0_1", "communication.allreduce"},     // ascend.hccl_allreduce
  };
  std::map<std::string, const SynthTask*> seen;
  const auto ranks = build_demo_ranks();
  for (const auto& t : ranks[0].tasks) seen.emplace(t.collective ? "hcom_allReduce__742_0_1" : t.name, &t);
  for (const auto& [name, category] : expected) {
    ASSERT_TRUE(seen.count(name)) << name << " is not in the demo";
    const SynthTask& t = *seen[name];
    const auto k = classifier.classify(t.collective ? name : t.name, t.type, t.core);
    EXPECT_TRUE(classifier.has_category(k, category)) << name << " -> " << ::testing::PrintToString(classifier.category_names(k));
  }
  // The fused MC2 kernel must not look like an unfused dispatch or combine (moe_families.json: fused_mc2
  // requires NOT moe.dispatch / moe.combine).
  const auto mc2 = classifier.classify("aclnnDispatchGmmCombineDecode_DispatchGmmCombineDecode_DispatchGmmCombineDecode",
                                       "DispatchGmmCombineDecode", "MIX_AIC");
  EXPECT_FALSE(classifier.has_category(mc2, "moe.dispatch"));
  EXPECT_FALSE(classifier.has_category(mc2, "moe.combine"));
}

// Families from the SET of categories of one block (attention_families.json, moe_families.json).
TEST(SynthCapture, BlocksResolveToMlaAttentionAndFusedMc2Moe) {
  const auto classifier = analysis::KernelClassifier::builtin();
  const auto ranks = build_demo_ranks();
  auto categories_of = [&](std::initializer_list<const char*> names) {
    std::set<std::string> cats;
    for (const auto& t : ranks[0].tasks)
      for (const char* n : names)
        if (t.name == n)
          for (auto& c : classifier.category_names(classifier.classify(t.name, t.type, t.core))) cats.insert(c);
    return cats;
  };
  const auto attention = categories_of({"aclnnRmsNorm_RmsNorm_RmsNorm", "aclnnMlaPreprocess_MlaPreprocess_MlaPreprocess",
                                        "aclnnFusedInferAttentionScoreV3_FusedInferAttentionScore_FusedInferAttentionScore",
                                        "aclnnTransposeBatchMatMul_TransposeBatchMatMul_TransposeBatchMatMul"});
  EXPECT_EQ(analysis::FamilyRules::attention().resolve(attention).id, "mla");
  const auto moe = categories_of({"aclnnMoeGatingTopK_MoeGatingTopK_MoeGatingTopK",
                                  "aclnnDispatchGmmCombineDecode_DispatchGmmCombineDecode_DispatchGmmCombineDecode",
                                  "aclnnMatmul_MatMulV3Common_MatMulV3", "aclnnSwiGlu_SwiGlu_SwiGlu", "aclnnAdd_AddAiCore_Add"});
  EXPECT_EQ(analysis::FamilyRules::moe().resolve(moe).id, "fused_mc2");
  // And the operator view of every rank names the attention family.
  const auto root = fresh_dir("families");
  const auto d = analyse_demo(root);
  for (const auto& s : d.analysis.ops.operators) EXPECT_EQ(s.attention_family, "mla") << "rank " << s.rank;
  fs::remove_all(root);
}

std::map<std::string, std::string> read_tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    files[fs::relative(e.path(), root).string()] = ss.str();
  }
  return files;
}

TEST(SynthCapture, SameOptionsWriteByteIdenticalFiles) {
  const auto a = fresh_dir("det_a"), b = fresh_dir("det_b"), c = fresh_dir("det_c");
  write_demo_capture(a);
  write_demo_capture(b);
  DemoOptions other;
  other.seed += 1;
  write_demo_capture(c, other);
  const auto ta = read_tree(a), tb = read_tree(b), tc = read_tree(c);
  ASSERT_EQ(ta.size(), 4u * 9u);  // profiler_info, metadata, six outputs and analyse.done per rank
  EXPECT_TRUE(ta == tb);
  EXPECT_FALSE(ta == tc);  // the seed drives the times: the comparison above can fail
  for (const auto& p : {a, b, c}) fs::remove_all(p);
}

// Fields of one CSV line, honouring quotes (enough for counting columns).
std::size_t csv_fields(const std::string& line) {
  std::size_t n = 1;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') quoted = !quoted;
    else if (ch == ',' && !quoted) ++n;
  }
  return n;
}

// Column counts of the real headers: 46 (Level1 PipeUtilization) and 47 (late-2025 Level2 with
// Device_id), ascend-profiling.md C.2 variants 2 and 3.
TEST(KernelDetailsFormat, EveryRowKindHasTheHeadersColumnCount) {
  EXPECT_EQ(csv_fields(std::string(kernel_details_header(false))), 46u);
  EXPECT_EQ(csv_fields(std::string(kernel_details_header(true))), 47u);
  KernelDetailsRow kernel;
  kernel.step = 3;
  kernel.name = "aclnnMatmul_MatMulV3Common_MatMulV3";
  kernel.type = "MatMulV3";
  kernel.core = "AI_CORE";
  kernel.start_ns = 1764063015000123456;
  kernel.dur_ns = 22400;
  kernel.task_id = 7;
  kernel.stream_id = 2;
  kernel.in_shapes = "16,4096;4096,7168";
  kernel.in_dtypes = "DT_BF16;DT_BF16";
  kernel.out_shapes = "16,7168";
  kernel.out_dtypes = "DT_BF16";
  KernelDetailsRow aicpu = kernel;
  aicpu.core = "AI_CPU";
  aicpu.in_shapes = aicpu.out_shapes = "";
  KernelDetailsRow comm = kernel;
  comm.core = "COMMUNICATION";
  comm.task_id.reset();
  comm.stream_id.reset();
  comm.step.reset();
  for (const bool device_id : {false, true})
    for (const auto* row : {&kernel, &aicpu, &comm}) {
      std::string line;
      append_kernel_details_row(line, *row, device_id, "");
      EXPECT_EQ(csv_fields(line), device_id ? 47u : 46u) << line;
    }
  std::string line;
  append_kernel_details_row(line, kernel, true, "");
  // µs with exactly three decimals and the TAB torch_npu appends (C.2 quirks).
  EXPECT_NE(line.find(",1764063015000123.456\t,22.400,0.000000,"), std::string::npos) << line;
}

TEST(KernelDetailsStream, QuirkyMultiRankFilesReadBackWhole) {
  const auto root = fresh_dir("stream");
  const auto res = write_kernel_details_capture(root, 4, 0, 4000);
  EXPECT_EQ(res.rows, 4000u);
  const auto ingested = trace::ingest({root});
  ASSERT_EQ(ingested.capture.ranks.size(), 4u);
  for (const auto& r : ingested.capture.ranks)
    for (const auto& f : r.files) {
      EXPECT_EQ(f.rejected, 0u) << f.path;
      EXPECT_EQ(f.error, "") << f.path;
      if (f.format == "ascend.kernel_details.csv") {
        EXPECT_EQ(f.rows_read, 1000u) << f.path;
      }
    }
  fs::remove_all(root);
}

}  // namespace
}  // namespace llmsa::synth
