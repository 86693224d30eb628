#pragma once
// The registry of every source file and every piece of evidence an analysis produced. Adding the
// same content twice returns the same id and stores it once (ids are content hashes), so analyses
// can add evidence freely without coordinating.
//
// With a profile root set (set_profile_root, before the first source is registered), every source path
// is stored relative to it (evidence/profile_root.hpp): callers pass the paths as ingestion read them,
// and ids, source lookups and the written files all use the relative form, so they do not change when
// the capture is moved.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/evidence_ref.hpp"

namespace llmsa::evidence {

class EvidenceIndex {
 public:
  // The folder source paths are made relative to; empty (the default): paths are kept as given.
  void set_profile_root(std::filesystem::path root);
  const std::filesystem::path& profile_root() const { return root_; }
  // The stored form of a source path: relative to the profile root when one is set.
  std::string stored_path(std::string_view path) const;

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
  std::filesystem::path root_;
  // Path as the caller gave it -> stored (relative) path, filled by register_source so that add() and
  // source() map paths without touching the file system.
  std::map<std::string, std::string, std::less<>> stored_;
  std::map<std::string, EvidenceSource, std::less<>> sources_;
  std::map<std::string, EvidenceRef, std::less<>> refs_;
};

}  // namespace llmsa::evidence
