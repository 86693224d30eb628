#pragma once
// Evidence references: the link from a finding to the raw rows that back it
// (report claim -> finding -> evidence id -> source file + row range -> raw row; ascend-profiling.md A.2).
//
// An evidence id is "ev-" followed by 16 hex digits of a StableHasher over the reference's content
// (kind, rank, source path, source format, row range, event indices). The summary is descriptive
// text and is not part of the id, so rewording a summary never changes ids. The same input gives the
// same ids on every machine as long as callers pass source paths relative to the profile root.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::evidence {

// What part of the input a piece of evidence designates (A.2 evidence kinds, plus the ones our
// analyses need). The string form (evidence_kind_name) is what evidence_index.csv shows.
enum class EvidenceKind : std::uint8_t {
  kRows = 0,           // a plain row range of one file (e.g. the rows of one operator aggregate)
  kEvent,              // one event (row_start == row_end)
  kStepWindow,         // the rows of one step
  kLayerWindow,        // the rows of one layer
  kBubbleWindow,       // a gap: rows of the events before and after it (A.2)
  kOperatorAggregate,  // all calls of one operator; event_indices lists them when not contiguous
  kCollective,         // one collective across its rows
  kAlignment,          // cross-rank alignment of steps or operators
  kStepTraceRow,       // a row of step_trace_time.csv / cluster_step_trace_time.csv
  kFileSummary,        // a whole file (row_start 0, row_end rows-1)
};
const char* evidence_kind_name(EvidenceKind k);

// One input file as the evidence layer sees it. `format` uses the trace layer's vocabulary
// (e.g. "ascend.kernel_details.csv", "kineto.json"); `row_count` is the number of data rows or
// records (header excluded), i.e. FileReadReport::rows_read.
struct EvidenceSource {
  std::string path;
  std::string format;
  std::int64_t row_count = 0;
  int rank = -1;
};

// Inclusive range of 0-based data rows (CSV rows after the header, or JSON record indices).
struct RowRange {
  std::int64_t first = 0;
  std::int64_t last = 0;
  friend bool operator==(const RowRange&, const RowRange&) = default;
};

struct EvidenceRef {
  EvidenceKind kind = EvidenceKind::kRows;
  int rank = -1;                            // -1 when the evidence is not rank-specific
  std::string source_path;                  // must be a registered EvidenceSource
  std::string source_format;
  RowRange rows;
  std::vector<std::int64_t> event_indices;  // optional: the exact rows inside `rows` (sorted on add)
  std::string summary;                      // one line for humans; not hashed
};

// "ev-<16 hex>" of the content hash described above.
std::string evidence_id(const EvidenceRef& ref);

// True when `id` has the shape "ev-" + 16 lowercase hex digits.
bool looks_like_evidence_id(std::string_view id);

}  // namespace llmsa::evidence
