#pragma once
// Serializers of the evidence chain. Both refuse to write a broken chain (require_valid_chain) and
// produce byte-identical output for the same findings and evidence, whatever order they were added in.
//
// findings.json:
//   { "schema_version": 1, "tool": "llmsa",
//     "findings": [ { "id", "type", "scope", "title", "severity", "confidence", "ranks": [int],
//                     "metrics": [ {"name", "value", "unit"} ], "evidence_ids": [str], "limitation" } ],
//     "counts": { "finding_count", "by_type": {type: n}, "by_severity": {severity: n} } }
//   Findings are ordered by severity (high first), confidence (high first), type, then id; ranks and
//   evidence ids are sorted and deduplicated; metrics keep the order the analysis gave.
//
// evidence_index.csv (RFC 4180; one row per evidence entry, ordered by rank, source path, first row,
// last row, kind, id). Columns:
//   evidence_id    "ev-" + 16 hex digits (content hash, see evidence_ref.hpp)
//   kind           rows | event | step_window | layer_window | bubble_window | operator_aggregate |
//                  collective | alignment | step_trace_row | file_summary
//   rank_id        rank the evidence belongs to; empty when not rank-specific
//   source_path    input file, as registered (relative to the profile root when the caller did so)
//   source_format  reader vocabulary, e.g. ascend.kernel_details.csv, kineto.json
//   row_start      first 0-based data row (header excluded) or record index, inclusive
//   row_end        last row, inclusive
//   event_count    number of explicit event rows (0 when the whole range is meant)
//   event_rows     the explicit rows separated by ';', at most kMaxListedEventRows, then ";…(+N)"
//   summary        one line for humans
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "evidence/evidence_index.hpp"
#include "evidence/finding.hpp"

namespace llmsa::evidence {

inline constexpr std::size_t kMaxListedEventRows = 100;

// Findings in output order (see above), with ranks and evidence ids normalized.
std::vector<Finding> sorted_findings(std::span<const Finding> findings);

std::string render_findings_json(std::span<const Finding> findings, const EvidenceIndex& index);
std::string render_evidence_index_csv(const EvidenceIndex& index);

// The same, written to a file (throws llmsa::Error when the file cannot be written).
void write_findings_json(const std::filesystem::path& path, std::span<const Finding> findings,
                         const EvidenceIndex& index);
void write_evidence_index_csv(const std::filesystem::path& path, const EvidenceIndex& index);

// RFC 4180 field: quoted (with doubled quotes) when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view s);

}  // namespace llmsa::evidence
