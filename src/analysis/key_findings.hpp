#pragma once
// The few things that matter most in a capture, ranked once here so that report.md, report.html and
// report.xlsx show the same list for the same reasons (renderers only format it).
//
// Ranking rules, in order:
//   1. severity (high first), then confidence (high first), then the share of step time the finding
//      concerns (largest first; a finding with no time to measure comes after those with one), then
//      finding id (stable);
//   2. diversity: the list takes the best finding of each type first, so three steps with the same
//      bubble do not crowd out an exposed AICPU op; only when fewer types than places exist does a
//      second finding of a type get a place. The chosen findings keep the order of rule 1;
//   3. when fewer findings than places exist, measured facts fill the rest (the most idle rank, the
//      role that covers most of the longest step, the largest exposed communication), largest share
//      first, so a clean capture still gets three numbers with evidence.
//
// The share of step time is what a finding's own metrics say it costs (finding_impact): e.g. an
// exposed AICPU op's duration minus its overlap with AI-core work, over the summed step wall of its
// rank. The rule per finding type is in key_findings.cpp, with why.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"

namespace llmsa::analysis {

// How much of a rank's step time a finding concerns, from the finding's metrics.
struct FindingImpact {
  std::optional<double> share_of_step_time;  // none: the finding carries no time (e.g. a slow-rank vote)
  std::string basis;                          // how the share was computed, in words
};

// The summed wall of a rank's steps (its capture wall when it has no steps); 0 for an unknown rank.
std::int64_t rank_step_time_ns(const ProfileAnalysis& a, int rank);

FindingImpact finding_impact(const ProfileAnalysis& a, const evidence::Finding& f);

enum class KeyItemKind { kFinding, kFact };

// A measured fact used when few findings fired (rule 3).
enum class KeyFact { kDeviceIdle, kTopRoleOfLongestStep, kExposedCommunication };
const char* key_fact_name(KeyFact f);  // "device_idle" | "top_role_of_longest_step" | "exposed_communication"

struct KeyFinding {
  KeyItemKind kind = KeyItemKind::kFinding;
  // kFinding: index into ProfileAnalysis::findings, and its finding_id.
  std::size_t finding = 0;
  std::string finding_id;
  int same_type = 0;        // findings of this type in the analysis (this one included)
  int rank_in_type = 0;     // 1-based place of this one among them (rule 1 order)
  // kFact: which fact, and where it was measured (indices into ProfileAnalysis::ranks / its steps).
  KeyFact fact = KeyFact::kDeviceIdle;
  std::size_t rank_pos = 0;
  std::size_t step_pos = 0;  // kTopRoleOfLongestStep only
  // Both kinds.
  FindingImpact impact;
  std::string reason;  // why it has its place, in words: severity, confidence, share, diversity
};

// The ranked list (at most `count` items; fewer only when the capture has nothing to say).
std::vector<KeyFinding> key_findings(const ProfileAnalysis& a, std::size_t count = 3);

}  // namespace llmsa::analysis
