#pragma once
// The registry of every source file and every piece of evidence an analysis produced. Adding the
// same content twice returns the same id and stores it once (ids are content hashes), so analyses
// can add evidence freely without coordinating.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/evidence_ref.hpp"

namespace llmsa::evidence {

class EvidenceIndex {
 public:
  // Registers an input file. Registering the same path again with the same format and row count is a
  // no-op; with different values it is an internal fault (two readers disagree about one file).
  void register_source(const EvidenceSource& source);
  const EvidenceSource* source(std::string_view path) const;

  // Stores `ref` (event indices sorted and deduplicated) and returns its id. The first summary given
  // for an id is kept. Nothing is checked here: check_chain() reports every inconsistency at once.
  std::string add(EvidenceRef ref);

  const EvidenceRef* find(std::string_view id) const;
  std::size_t size() const { return refs_.size(); }

  // Entries in output order: by rank, source path, first row, last row, kind, then id.
  std::vector<std::pair<std::string, const EvidenceRef*>> sorted_entries() const;
  // Sources sorted by path.
  std::vector<const EvidenceSource*> sorted_sources() const;

 private:
  std::map<std::string, EvidenceSource, std::less<>> sources_;
  std::map<std::string, EvidenceRef, std::less<>> refs_;
};

}  // namespace llmsa::evidence
