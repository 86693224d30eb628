// key_findings(): the order follows from the rules in key_findings.hpp (severity, confidence, share of
// step time, then one per type before a second of any type, then measured facts). The analyses below
// are built by hand so that each expected place is implied by those rules and the metrics given here;
// shares are the finding's own metric over the step wall set here (e.g. 20 ms of 100 ms = 0.20).
#include <gtest/gtest.h>

#include "analysis/key_findings.hpp"

namespace llmsa::analysis {
namespace {

using evidence::Confidence;
using evidence::Finding;
using evidence::Severity;

// Rank `rank` with `steps` steps of `step_ms` wall each (and the capture window spanning them).
RankAnalysis rank_with_steps(int rank, int steps, double step_ms, double idle_ms = 0, double exposed_comm_ms = 0) {
  RankAnalysis r;
  r.rank = rank;
  const auto ns = [](double ms) { return static_cast<std::int64_t>(ms * 1e6); };
  for (int k = 0; k < steps; ++k) {
    StepAnalysis s;
    s.step = std::to_string(k);
    s.time.wall_ns = ns(step_ms);
    s.where_time_goes.push_back({"attention", ns(step_ms / 2), 0.5, 0.6, 10});
    r.steps.push_back(s);
  }
  r.capture.wall_ns = ns(step_ms * steps);
  r.capture.idle_ns = ns(idle_ms);
  r.capture.exposed_communication_ns = ns(exposed_comm_ms);
  return r;
}

Finding finding(std::string type, Severity sev, Confidence conf, int rank, std::vector<evidence::Metric> metrics,
                std::string title) {
  Finding f;
  f.type = std::move(type);
  f.scope = "rank";
  f.title = std::move(title);
  f.severity = sev;
  f.confidence = conf;
  f.ranks = {rank};
  f.metrics = std::move(metrics);
  f.evidence_ids = {"ev-0000000000000001"};
  return f;
}

Finding aicpu(double duration_us, double overlap_us, std::string title, Severity sev = Severity::kHigh) {
  return finding("aicpu_exposed", sev, Confidence::kHigh, 0,
                 {{"masked_ratio", overlap_us / duration_us, "ratio"}, {"duration_sum_us", duration_us, "us"},
                  {"overlap_with_ai_core_us", overlap_us, "us"}},
                 std::move(title));
}

TEST(KeyFindings, ImpactIsTheFindingsTimeOverTheRanksStepTime) {
  ProfileAnalysis a;
  a.ranks.push_back(rank_with_steps(0, 4, 25.0));  // 100 ms of steps
  // 30 ms of AICPU, 10 ms of it under AI-core work: 20 ms of 100 ms exposed.
  const FindingImpact i = finding_impact(a, aicpu(30'000, 10'000, "a"));
  ASSERT_TRUE(i.share_of_step_time.has_value());
  EXPECT_NEAR(*i.share_of_step_time, 0.20, 1e-12);
  // A step finding states its own ratio; a time in ms converts the same as one in µs.
  EXPECT_NEAR(*finding_impact(a, finding("device_idle_bubble", Severity::kMedium, Confidence::kHigh, 0,
                                         {{"underfeed_ratio", 0.42, "ratio"}}, "b"))
                   .share_of_step_time,
              0.42, 1e-12);
  EXPECT_NEAR(*finding_impact(a, finding("notify_wait_dominant", Severity::kMedium, Confidence::kHigh, 0,
                                         {{"wait_ms", 5.0, "ms"}}, "c"))
                   .share_of_step_time,
              0.05, 1e-12);
  // A vote carries no time; a rank the analysis does not know has no step time.
  EXPECT_FALSE(finding_impact(a, finding("slow_rank_confirmed", Severity::kHigh, Confidence::kHigh, 0,
                                         {{"max_slow_affect_count", 30, "count"}}, "d"))
                   .share_of_step_time);
  EXPECT_FALSE(finding_impact(a, finding("operator_memory_bound", Severity::kLow, Confidence::kHigh, 9,
                                         {{"duration_sum_us", 1000, "us"}}, "e"))
                   .share_of_step_time);
  EXPECT_EQ(rank_step_time_ns(a, 0), 100'000'000);
}

TEST(KeyFindings, SeverityThenConfidenceThenShareThenOnePerType) {
  ProfileAnalysis a;
  a.ranks.push_back(rank_with_steps(0, 4, 25.0));
  a.findings = {
      aicpu(4'000, 0, "small aicpu"),                                   // 0: high/high, 4%
      aicpu(20'000, 0, "large aicpu"),                                  // 1: high/high, 20%
      finding("device_idle_bubble", Severity::kMedium, Confidence::kHigh, 0, {{"underfeed_ratio", 0.5, "ratio"}},
              "idle step"),                                             // 2: medium/high, 50%
      finding("slow_rank_confirmed", Severity::kHigh, Confidence::kMedium, 0, {{"max_slow_affect_count", 25, "count"}},
              "vote"),                                                  // 3: high/medium, no share
      finding("operator_memory_bound", Severity::kLow, Confidence::kHigh, 0, {{"duration_sum_us", 60'000, "us"}},
              "memory bound"),                                          // 4: low/high, 60%
  };
  const std::vector<KeyFinding> k = key_findings(a);
  ASSERT_EQ(k.size(), 3u);
  // Rule 1 order: large aicpu (high, high, 20%) > small aicpu (high, high, 4%) > vote (high, medium) >
  // idle step (medium) > memory bound (low). Rule 2 gives the second AICPU's place to the next type.
  EXPECT_EQ(k[0].finding, 1u);
  EXPECT_EQ(k[1].finding, 3u);
  EXPECT_EQ(k[2].finding, 2u);
  EXPECT_EQ(k[0].same_type, 2);
  EXPECT_EQ(k[0].rank_in_type, 1);
  EXPECT_EQ(k[0].finding_id, evidence::finding_id(a.findings[1]));
  EXPECT_NE(k[0].reason.find("high severity, high confidence"), std::string::npos) << k[0].reason;
  EXPECT_NE(k[0].reason.find("20.0% of the step time"), std::string::npos) << k[0].reason;
  EXPECT_NE(k[0].reason.find("the first of 2 aicpu_exposed findings"), std::string::npos) << k[0].reason;
  EXPECT_NE(k[1].reason.find("no share of step time"), std::string::npos) << k[1].reason;

  // With one type only, the second-best finding of it takes the second place.
  a.findings = {aicpu(4'000, 0, "small aicpu"), aicpu(20'000, 0, "large aicpu")};
  const std::vector<KeyFinding> two = key_findings(a);
  ASSERT_GE(two.size(), 2u);
  EXPECT_EQ(two[0].finding, 1u);
  EXPECT_EQ(two[1].finding, 0u);
  EXPECT_EQ(two[1].rank_in_type, 2);
  EXPECT_EQ(two[1].kind, KeyItemKind::kFinding);
}

TEST(KeyFindings, FactsFillTheRemainingPlacesLargestShareFirst) {
  ProfileAnalysis a;
  // Rank 0: 10 of 100 ms idle (10%); rank 1: 30 of 100 ms idle (30%) and 5 ms exposed communication
  // (5%); the longest step is rank 1's 50 ms steps whose top role covers half (50%).
  a.ranks.push_back(rank_with_steps(0, 4, 25.0, 10.0));
  a.ranks.push_back(rank_with_steps(1, 2, 50.0, 30.0, 5.0));
  const std::vector<KeyFinding> k = key_findings(a);
  ASSERT_EQ(k.size(), 3u);
  for (const KeyFinding& x : k) EXPECT_EQ(x.kind, KeyItemKind::kFact);
  EXPECT_EQ(k[0].fact, KeyFact::kTopRoleOfLongestStep);
  EXPECT_EQ(k[0].rank_pos, 1u);
  EXPECT_EQ(k[0].step_pos, 0u);  // the first of the equally long steps
  EXPECT_NEAR(*k[0].impact.share_of_step_time, 0.5, 1e-12);
  EXPECT_EQ(k[1].fact, KeyFact::kDeviceIdle);
  EXPECT_EQ(k[1].rank_pos, 1u);
  EXPECT_NEAR(*k[1].impact.share_of_step_time, 0.30, 1e-12);
  EXPECT_EQ(k[2].fact, KeyFact::kExposedCommunication);
  EXPECT_NEAR(*k[2].impact.share_of_step_time, 0.05, 1e-12);

  // One finding keeps the first place; facts follow it.
  a.findings = {aicpu(1'000, 0, "aicpu", Severity::kLow)};
  const std::vector<KeyFinding> mixed = key_findings(a);
  ASSERT_EQ(mixed.size(), 3u);
  EXPECT_EQ(mixed[0].kind, KeyItemKind::kFinding);
  EXPECT_EQ(mixed[1].kind, KeyItemKind::kFact);

  // Nothing measured, nothing to say.
  EXPECT_TRUE(key_findings(ProfileAnalysis{}).empty());
}

}  // namespace
}  // namespace llmsa::analysis
