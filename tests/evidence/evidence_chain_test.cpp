// Evidence ids, the registry, the chain validator and the serializers. The source used is the real
// level1 capture of Ascend-msinsight: its kernel_details.csv has 191 data rows (SOURCES.md,
// "kernel_details.csv (191 rows each)"), and data row 79 is hcom_allReduce__586_0_1 (read in that file).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "evidence/chain_validator.hpp"
#include "evidence/evidence_index.hpp"
#include "evidence/evidence_writers.hpp"
#include "support/samples.hpp"

namespace llmsa::evidence {
namespace {

constexpr const char* kKernelDetails =
    "Ascend-msinsight/test/data/pytorch/text/level1/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
constexpr std::int64_t kKernelDetailsRows = 191;  // SOURCES.md

EvidenceSource kernel_details_source() {
  return {kKernelDetails, "ascend.kernel_details.csv", kKernelDetailsRows, 0};
}

EvidenceRef allreduce_row() {
  EvidenceRef r;
  r.kind = EvidenceKind::kEvent;
  r.rank = 0;
  r.source_path = kKernelDetails;
  r.source_format = "ascend.kernel_details.csv";
  r.rows = {79, 79};
  r.summary = "hcom_allReduce__586_0_1, 79089.52 us";
  return r;
}

Finding slow_collective(std::vector<std::string> evidence) {
  Finding f;
  f.type = "communication_collective_slow";
  f.scope = "operator";
  f.title = "allReduce 586_0 takes 79 ms";
  f.severity = Severity::kHigh;
  f.confidence = Confidence::kMedium;
  f.ranks = {0};
  f.metrics = {{"duration", 79.08952, "ms"}};
  f.evidence_ids = std::move(evidence);
  return f;
}

std::int64_t count_data_rows(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::int64_t n = -1;  // header
  while (std::getline(in, line))
    if (!line.empty() && line != "\r") ++n;
  return n;
}

TEST(EvidenceId, StableShapeAndContentHash) {
  const std::string id = evidence_id(allreduce_row());
  EXPECT_TRUE(looks_like_evidence_id(id)) << id;
  EXPECT_EQ(id, evidence_id(allreduce_row()));
  EvidenceRef reworded = allreduce_row();
  reworded.summary = "different words";
  EXPECT_EQ(evidence_id(reworded), id);  // summary is not content
  EvidenceRef other = allreduce_row();
  other.rows = {178, 178};
  EXPECT_NE(evidence_id(other), id);
  other = allreduce_row();
  other.rank = 1;
  EXPECT_NE(evidence_id(other), id);
  other = allreduce_row();
  other.kind = EvidenceKind::kRows;
  EXPECT_NE(evidence_id(other), id);
  // Event indices are a set.
  EvidenceRef a = allreduce_row(), b = allreduce_row();
  a.rows = b.rows = {79, 182};
  a.event_indices = {79, 178, 180, 182};
  b.event_indices = {182, 180, 79, 178, 79};
  EXPECT_EQ(evidence_id(a), evidence_id(b));
  EXPECT_FALSE(looks_like_evidence_id("ev-123"));
  EXPECT_FALSE(looks_like_evidence_id("ev-ABCDEF0123456789"));
}

TEST(EvidenceIndex, DeduplicatesAndKeepsFirstSummary) {
  EvidenceIndex idx;
  idx.register_source(kernel_details_source());
  idx.register_source(kernel_details_source());  // identical: no-op
  const std::string a = idx.add(allreduce_row());
  EvidenceRef again = allreduce_row();
  again.summary = "later words";
  EXPECT_EQ(idx.add(again), a);
  EXPECT_EQ(idx.size(), 1u);
  EXPECT_EQ(idx.find(a)->summary, "hcom_allReduce__586_0_1, 79089.52 us");
  EXPECT_EQ(idx.find("ev-0000000000000000"), nullptr);
  EvidenceSource conflicting = kernel_details_source();
  conflicting.row_count = 190;
  EXPECT_THROW(idx.register_source(conflicting), Error);
}

TEST(ChainValidator, AcceptsAnIntactChainOnARealSource) {
  LLMSA_REQUIRE_SAMPLE(kKernelDetails);
  // The row count we register is the file's real count of data rows.
  ASSERT_EQ(count_data_rows(test::sample_path(kKernelDetails).string()), kKernelDetailsRows);
  EvidenceIndex idx;
  idx.register_source(kernel_details_source());
  EvidenceRef last = allreduce_row();
  last.rows = {0, kKernelDetailsRows - 1};
  last.kind = EvidenceKind::kFileSummary;
  const std::string whole = idx.add(last);
  const std::string one = idx.add(allreduce_row());
  std::vector<Finding> findings{slow_collective({one, whole})};
  EXPECT_TRUE(check_chain(findings, idx).empty());
  EXPECT_NO_THROW(require_valid_chain(findings, idx));
}

TEST(ChainValidator, RefusesAFindingWithNeitherEvidenceNorLimitation) {
  EvidenceIndex idx;
  std::vector<Finding> findings{slow_collective({})};
  auto problems = check_chain(findings, idx);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("neither evidence nor a stated limitation"), std::string::npos);
  EXPECT_THROW(require_valid_chain(findings, idx), Error);
  // Stating the limitation makes it acceptable.
  findings[0].limitation = "communication.json absent: the collective's rows were not captured";
  EXPECT_TRUE(check_chain(findings, idx).empty());
}

TEST(ChainValidator, RefusesAnUnknownEvidenceId) {
  EvidenceIndex idx;
  idx.register_source(kernel_details_source());
  const std::string good = idx.add(allreduce_row());
  // Break the chain on purpose: flip one hex digit of a real id.
  std::string broken = good;
  broken.back() = broken.back() == '0' ? '1' : '0';
  std::vector<Finding> findings{slow_collective({good, broken})};
  auto problems = check_chain(findings, idx);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].evidence_id, broken);
  EXPECT_NE(problems[0].message.find("not in the evidence index"), std::string::npos);
  EXPECT_THROW(render_findings_json(findings, idx), Error);
}

TEST(ChainValidator, RefusesARowRangeBeyondTheSource) {
  EvidenceIndex idx;
  idx.register_source(kernel_details_source());
  EvidenceRef past_end = allreduce_row();
  past_end.rows = {190, kKernelDetailsRows};  // row 191 does not exist: rows are 0..190
  const std::string id = idx.add(past_end);
  std::vector<Finding> findings{slow_collective({id})};
  auto problems = check_chain(findings, idx);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].evidence_id, id);
  EXPECT_NE(problems[0].message.find("191 rows"), std::string::npos) << problems[0].message;

  EvidenceIndex idx2;
  idx2.register_source(kernel_details_source());
  EvidenceRef inverted = allreduce_row();
  inverted.rows = {80, 79};
  EvidenceRef negative = allreduce_row();
  negative.rows = {-1, 3};
  EvidenceRef stray_event = allreduce_row();
  stray_event.rows = {79, 80};
  stray_event.event_indices = {79, 120};
  EvidenceRef unregistered = allreduce_row();
  unregistered.source_path = "elsewhere/kernel_details.csv";
  for (auto* r : {&inverted, &negative, &stray_event, &unregistered}) idx2.add(*r);
  EXPECT_EQ(check_chain({}, idx2).size(), 4u);
  EXPECT_THROW(render_evidence_index_csv(idx2), Error);
}

TEST(ChainValidator, RefusesLowConfidenceWithoutLimitationAndBadMetrics) {
  EvidenceIndex idx;
  idx.register_source(kernel_details_source());
  const std::string id = idx.add(allreduce_row());
  Finding f = slow_collective({id});
  f.confidence = Confidence::kLow;
  f.metrics.push_back({"ratio", std::numeric_limits<double>::quiet_NaN(), "ratio"});
  f.metrics.push_back({"skew", 1.0, ""});
  std::vector<Finding> findings{f};
  EXPECT_EQ(check_chain(findings, idx).size(), 3u);
}

TEST(FindingsJson, DeterministicOrderAndContent) {
  EvidenceIndex idx;
  idx.register_source(kernel_details_source());
  const std::string one = idx.add(allreduce_row());
  Finding high = slow_collective({one, one});
  high.ranks = {3, 0, 3};
  Finding info;
  info.type = "capture_note";
  info.scope = "capture";
  info.title = "Level1 capture without Step Id";
  info.severity = Severity::kInfo;
  info.confidence = Confidence::kHigh;
  info.limitation = "steps cannot be separated";
  std::vector<Finding> forward{info, high}, backward{high, info};
  const std::string json = render_findings_json(forward, idx);
  EXPECT_EQ(json, render_findings_json(backward, idx));
  auto doc = nlohmann::json::parse(json);
  ASSERT_EQ(doc["findings"].size(), 2u);
  EXPECT_EQ(doc["findings"][0]["type"], "communication_collective_slow");  // high severity first
  EXPECT_EQ(doc["findings"][0]["ranks"], nlohmann::json::array({0, 3}));
  EXPECT_EQ(doc["findings"][0]["evidence_ids"], nlohmann::json::array({one}));
  EXPECT_EQ(doc["findings"][0]["metrics"][0]["unit"], "ms");
  EXPECT_EQ(doc["findings"][0]["id"], finding_id(high));
  EXPECT_EQ(doc["counts"]["finding_count"], 2);
  EXPECT_EQ(doc["counts"]["by_severity"]["info"], 1);
}

TEST(EvidenceIndexCsv, ColumnsQuotingAndOrder) {
  EvidenceIndex idx;
  idx.register_source(kernel_details_source());
  EvidenceRef agg = allreduce_row();
  agg.kind = EvidenceKind::kOperatorAggregate;
  agg.rows = {79, 182};
  agg.event_indices = {182, 79, 178, 180};
  agg.summary = "hcom_allReduce, 4 calls, \"586\"";
  const std::string agg_id = idx.add(agg);
  const std::string one = idx.add(allreduce_row());
  std::istringstream csv(render_evidence_index_csv(idx));
  std::string header, first, second, extra;
  std::getline(csv, header);
  std::getline(csv, first);
  std::getline(csv, second);
  EXPECT_FALSE(std::getline(csv, extra));
  EXPECT_EQ(header, "evidence_id,kind,rank_id,source_path,source_format,row_start,row_end,event_count,event_rows,summary");
  // Same rank and source; [79,79] sorts before [79,182].
  EXPECT_EQ(first, one + ",event,0," + kKernelDetails + ",ascend.kernel_details.csv,79,79,0,,\"hcom_allReduce__586_0_1, 79089.52 us\"");
  EXPECT_EQ(second, agg_id + ",operator_aggregate,0," + kKernelDetails +
                        ",ascend.kernel_details.csv,79,182,4,79;178;180;182,\"hcom_allReduce, 4 calls, \"\"586\"\"\"");
}

TEST(EvidenceIndexCsv, LongEventListsAreCappedWithACount) {
  EvidenceIndex idx;
  idx.register_source(kernel_details_source());
  EvidenceRef agg = allreduce_row();
  agg.rows = {0, 190};
  for (std::int64_t i = 0; i < 150; ++i) agg.event_indices.push_back(i);
  idx.add(agg);
  const std::string csv = render_evidence_index_csv(idx);
  EXPECT_NE(csv.find(";99;…(+50)"), std::string::npos);
  EXPECT_NE(csv.find(",150,"), std::string::npos);
}

TEST(Confidence, LayersOfA2) {
  EXPECT_EQ(confidence_for({true, true, CrossCheck::kConsistent}), Confidence::kHigh);
  EXPECT_EQ(confidence_for({true, true, CrossCheck::kMissing}), Confidence::kMedium);
  EXPECT_EQ(confidence_for({true, true, CrossCheck::kInconsistent}), Confidence::kLow);
  EXPECT_EQ(confidence_for({true, false, CrossCheck::kConsistent}), Confidence::kLow);
  EXPECT_EQ(confidence_for({false, true, CrossCheck::kConsistent}), Confidence::kLow);
  EXPECT_EQ(cap_confidence(Confidence::kHigh, Confidence::kLow), Confidence::kLow);
  EXPECT_EQ(cap_confidence(Confidence::kMedium, Confidence::kHigh), Confidence::kMedium);
  EXPECT_EQ(parse_confidence("medium"), Confidence::kMedium);
  EXPECT_EQ(parse_severity("high"), Severity::kHigh);
  EXPECT_THROW(parse_severity("critical"), Error);
}

TEST(FindingId, IgnoresOrderOfRanksAndEvidence) {
  Finding a = slow_collective({"ev-0000000000000001", "ev-0000000000000002"});
  Finding b = slow_collective({"ev-0000000000000002", "ev-0000000000000001"});
  a.ranks = {1, 2};
  b.ranks = {2, 1};
  EXPECT_EQ(finding_id(a), finding_id(b));
  b.title = "other";
  EXPECT_NE(finding_id(a), finding_id(b));
}

}  // namespace
}  // namespace llmsa::evidence
