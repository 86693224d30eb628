#pragma once
// Where each finding lies on one rank's timeline: the time hull of the timed events its evidence rows
// name on that rank. trace.json draws a finding as an async slice over that hull, and its event
// budget (trace_event_budget.hpp) keeps the step where the hull starts.
#include <cstdint>
#include <limits>
#include <vector>

#include "evidence/finding.hpp"
#include "report/report_evidence.hpp"
#include "trace/event_store.hpp"

namespace llmsa::report {

struct FindingSpan {
  std::int64_t lo = std::numeric_limits<std::int64_t>::max();
  std::int64_t hi = std::numeric_limits<std::int64_t>::min();
  bool on_rank = false;  // the finding names this rank, or one of its evidence rows lies on it
  bool timed() const { return lo <= hi; }
};

// One span per finding of `findings` (in that order) for the rank at capture position `rank_index`.
// Evidence given as a row range is followed up to 100,000 rows (a whole-file range names no event).
std::vector<FindingSpan> finding_spans(const trace::RankEvents& ev, std::size_t rank_index,
                                       const ReportEvidence& evidence, const std::vector<evidence::Finding>& findings);

}  // namespace llmsa::report
