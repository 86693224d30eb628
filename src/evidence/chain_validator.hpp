#pragma once
// The evidence-chain validator (ascend-profiling.md A.2: "a claim that cannot be backed at row level
// must be emitted as a limitation, not a conclusion"; the reference's validate_evidence_chain makes a
// broken chain a hard error). It refuses:
//   - a finding with neither evidence ids nor a stated limitation;
//   - a finding that points at an evidence id the index does not hold;
//   - a low-confidence finding without a limitation (A.2: low confidence is "output with a limitation");
//   - a finding without type or title, or with a metric that is not a finite number or has no unit;
//   - evidence whose source file is not registered, whose row range is empty, negative or beyond the
//     source's row count, or whose event indices fall outside its row range.
// Every evidence entry of the index is checked, referenced or not, because the evidence index is
// itself an output (evidence_index.csv).
#include <span>
#include <string>
#include <vector>

#include "evidence/evidence_index.hpp"
#include "evidence/finding.hpp"

namespace llmsa::evidence {

struct ChainProblem {
  std::string finding_id;   // empty for a problem of an evidence entry alone
  std::string evidence_id;  // empty for a problem of the finding alone
  std::string message;
};

// All problems, in a deterministic order (findings in input order, then index entries by id).
std::vector<ChainProblem> check_chain(std::span<const Finding> findings, const EvidenceIndex& index);

// Throws llmsa::Error (internal: a broken chain is our fault, not the user's) listing the problems.
void require_valid_chain(std::span<const Finding> findings, const EvidenceIndex& index);

}  // namespace llmsa::evidence
