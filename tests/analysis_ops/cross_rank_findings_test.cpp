// Across ranks and findings. Cluster fixture verdicts come from trace-analyzers.md 5.10 (msprof-analyze
// advisor on cluster_step_trace_time.csv) and from the raw cluster_communication.json.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/findings_ops.hpp"
#include "evidence/chain_validator.hpp"
#include "evidence/evidence_writers.hpp"
#include "hw/hardware_db.hpp"
#include "ops_test_support.hpp"
#include "report/ops_analysis_json.hpp"
#include "report/raw_kernel_index.hpp"

using namespace llmsa;
using namespace llmsa::analysis;

namespace {
struct Built {
  trace::Capture capture;
  OpsAnalysis analysis;
  evidence::EvidenceIndex index;
  std::vector<evidence::Finding> findings;
};
Built build(const std::vector<std::string>& samples) {
  Built b;
  b.capture = test::ingest_sample(samples);
  const auto classifier = KernelClassifier::builtin();
  const auto db = hw::HardwareDb::builtin();
  b.analysis = analyze_ops(b.capture, classifier, db.find("Ascend-910B2"));
  register_capture_sources(b.capture, b.index);
  b.findings = build_ops_findings(b.capture, b.analysis, b.index);
  return b;
}
std::size_t count_type(const std::vector<evidence::Finding>& f, const std::string& type) {
  return static_cast<std::size_t>(std::count_if(f.begin(), f.end(), [&](const auto& x) { return x.type == type; }));
}
}  // namespace

TEST(CrossRank, AdvisorFixtureStepTraceRuleAndCollectiveSkew) {
  LLMSA_REQUIRE_SAMPLE(test::kAdvisorCluster);
  const auto b = build({test::kAdvisorCluster});
  const auto& st = b.analysis.cross_rank.slow_ranks;
  EXPECT_EQ(st.step_trace_source, "cluster_step_trace_time.csv");
  // trace-analyzers.md 5.10: Computing 0.09% (not flagged); Communication(Not Overlapped) 36.4% (max rank 5,
  // min rank 1); Free 34.8% (max rank 1, min rank 5).
  ASSERT_EQ(st.step_trace.size(), 3u);
  EXPECT_FALSE(st.step_trace[0].flagged);
  EXPECT_NEAR(st.step_trace[1].ratio, 0.364, 0.0005);
  EXPECT_EQ(st.step_trace[1].max_rank, 5);
  EXPECT_EQ(st.step_trace[1].min_rank, 1);
  EXPECT_NEAR(st.step_trace[2].ratio, 0.348, 0.0005);
  EXPECT_EQ(st.step_trace[2].max_rank, 1);
  EXPECT_EQ(st.step_trace[2].min_rank, 5);
  EXPECT_EQ(count_type(b.findings, "slow_rank_step_trace"), 2u);
  // cluster_communication.json: group (0, 1), hcom_broadcast__501_0 took 121.73694384375 ms on rank 0 and
  // 20.798642234375 ms on rank 1: ratio 5.85 >= 4 (A.8 high severity); rank 1 (shortest) arrived last.
  EXPECT_EQ(st.vote_source, "cluster_communication.json");
  const CollectiveAlignment* c = nullptr;
  for (const auto& x : b.analysis.cross_rank.collectives)
    if (x.op_name.rfind("hcom_broadcast__501_0", 0) == 0) c = &x;
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->ranks, (std::vector<int>{0, 1}));
  EXPECT_NEAR(c->duration_max_ms, 121.73694384375, 1e-9);
  EXPECT_NEAR(c->duration_min_ms, 20.798642234375, 1e-9);
  EXPECT_EQ(c->shortest_rank, 1);
  EXPECT_TRUE(c->slow);
  EXPECT_TRUE(c->high_severity);
  // Two ranks: msprof-analyze never flags fewer than 3 (Part D), so the vote stays empty.
  EXPECT_TRUE(st.votes.slow_affect_count.empty());
  EXPECT_TRUE(evidence::check_chain(b.findings, b.index).empty());
}

TEST(Findings, EverySampleProducesAValidChain) {
  const std::vector<std::vector<std::string>> samples = {
      {test::kLevel1},
      {test::kLevel2},
      {std::string(test::kServerRanks) + "/test_rank_0", std::string(test::kServerRanks) + "/test_rank_1"},
      {test::kAdvisorCluster},
      {std::string(test::kServerRanks) + "/cluster_analysis_output"},
      {test::kMi300Resnet},
      {"TraceLens/tests/traces/b200"},
      {"HolisticTraceAnalysis/tests/data/nccl_parser_config"},
  };
  std::size_t total = 0;
  for (const auto& s : samples) {
    if (!std::filesystem::exists(test::sample_path(s[0]))) continue;
    SCOPED_TRACE(s[0]);
    const auto b = build(s);
    const auto problems = evidence::check_chain(b.findings, b.index);
    for (const auto& p : problems) ADD_FAILURE() << p.finding_id << " " << p.evidence_id << ": " << p.message;
    for (const auto& f : b.findings) EXPECT_FALSE(f.evidence_ids.empty() && f.limitation.empty()) << f.type;
    total += b.findings.size();
    // The writers accept the chain; the JSON of the analysis serialises.
    EXPECT_NO_THROW(evidence::render_findings_json(b.findings, b.index));
    EXPECT_NO_THROW(evidence::render_evidence_index_csv(b.index));
    const auto j = report::ops_analysis_to_json(b.analysis);
    EXPECT_EQ(j["ranks"].size(), b.capture.ranks.size());
  }
  EXPECT_GT(total, 0u);
}

TEST(Findings, Level1HasWaitAnchorsAndAValidatorThatRefusesABrokenChain) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  auto b = build({test::kLevel1});
  ASSERT_GE(b.capture.ranks.size(), 2u);
  EXPECT_GT(count_type(b.findings, "wait_anchor_op"), 0u);
  ASSERT_TRUE(evidence::check_chain(b.findings, b.index).empty());
  // Each evidence id resolves to a registered file and a row range inside it.
  for (const auto& f : b.findings)
    for (const auto& id : f.evidence_ids) {
      const auto* ref = b.index.find(id);
      ASSERT_NE(ref, nullptr);
      const auto* src = b.index.source(ref->source_path);
      ASSERT_NE(src, nullptr);
      EXPECT_LT(ref->rows.last, src->row_count);
    }

  // Break the chain on purpose: (1) drop evidence and limitation, (2) point at an id nobody added.
  auto broken = b.findings;
  broken[0].evidence_ids.clear();
  broken[0].limitation.clear();
  EXPECT_FALSE(evidence::check_chain(broken, b.index).empty());
  EXPECT_ANY_THROW(evidence::require_valid_chain(broken, b.index));
  broken = b.findings;
  broken[0].evidence_ids = {"ev-0123456789abcdef"};
  EXPECT_FALSE(evidence::check_chain(broken, b.index).empty());
  EXPECT_ANY_THROW(evidence::render_findings_json(broken, b.index));
}

TEST(RawKernelIndex, OneRowPerDeviceOperatorWithItsSourceRow) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1Rank0);
  const auto cap = test::ingest_sample({test::kLevel1Rank0});
  const auto csv = report::render_raw_kernel_index_csv(cap, KernelClassifier::builtin());
  // Header + the 191 kernel_details.csv rows (trace_view.json repeats its kernels and communication, and
  // is not chosen for them) + the 96 copy tasks only trace_view.json's "Ascend Hardware" lane has (72 SDMA,
  // 24 MEMCPY_ASYNC; counted with python over the raw file): the rule of analysis/device_tasks.hpp.
  const auto lines = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n'));
  EXPECT_EQ(lines, 1u + 191u + 72u + 24u);
  // Row 2 of kernel_details.csv is Conv2D1, Duration 313.886 us (raw file).
  EXPECT_NE(csv.find(",2,Conv2D1,Conv2D,AI_CORE,"), std::string::npos);
  EXPECT_NE(csv.find(",313.886,"), std::string::npos);
}

TEST(CrossRank, HtaStragglerOnTheTwoRankTraceFilterSample) {
  // trace-analyzers.md 5.7: HTA's get_potential_stragglers on its 2-rank sample returns [1].
  const std::string dir = "HolisticTraceAnalysis/tests/data/trace_filter";
  LLMSA_REQUIRE_SAMPLE(dir);
  const auto cap = test::ingest_sample({dir});
  ASSERT_EQ(cap.ranks.size(), 2u);
  const auto x = analyze_cross_rank(cap, KernelClassifier::builtin());
  EXPECT_EQ(x.stragglers.stragglers, std::vector<int>{1});
  EXPECT_GT(x.stragglers.iterations, 0);
  EXPECT_EQ(x.stragglers.kernel_name.rfind("ncclKernel", 0), 0u);
}
