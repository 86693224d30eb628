#pragma once
// The raw rows behind the findings, for report.html's finding cards: each evidence id a finding cites
// is resolved to the events (or auxiliary rows) of the capture whose source file and 0-based row it
// names, and those rows are rendered field by field as they were read. Only the first `max_rows`
// rows of each evidence id are looked up, in one pass per rank (the number of rows it names is kept
// too, so the page can say how many were left out).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/profile_analysis.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

struct ResolvedEvidence {
  int rank_pos = -1;                   // index into Capture::ranks; -1 for cluster files
  std::vector<std::uint32_t> events;   // events of the first max_rows rows it names, ascending
  nlohmann::json aux_rows = nlohmann::json::array();  // auxiliary rows (step trace, communication) among them
  std::int64_t matched = 0;            // rows the evidence names in all (0: a range too long to resolve)
};

// Resolves every evidence id cited by a finding of `analysis`. Row sets are the evidence's exact rows
// when it lists them, else its row range when the range has at most `max_range` rows (a whole-file or
// whole-step range is shown as the range only). Ids missing from the index are absent from the map.
std::map<std::string, ResolvedEvidence> resolve_finding_evidence(const trace::Capture& capture,
                                                                 const analysis::ProfileAnalysis& analysis,
                                                                 std::size_t max_rows, std::size_t max_range);

// One event's raw fields in reading order, as [[field, value], ...]; names cut to `name_bytes`.
// Absent values (kMissing, -1 stream) are left out rather than shown as numbers.
nlohmann::json raw_event_fields(const trace::RankEvents& ev, std::uint32_t e, std::size_t name_bytes);

}  // namespace llmsa::report
