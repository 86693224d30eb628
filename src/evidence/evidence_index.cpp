#include "evidence/evidence_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "core/error.hpp"
#include "evidence/profile_root.hpp"

namespace llmsa::evidence {

void EvidenceIndex::set_profile_root(std::filesystem::path root) {
  if (!sources_.empty() || !refs_.empty())
    throw_internal("evidence index: the profile root must be set before any source or evidence is added");
  root_ = std::move(root);
}

std::string EvidenceIndex::stored_path(std::string_view path) const {
  if (auto it = stored_.find(path); it != stored_.end()) return it->second;
  return std::string(path);  // already in stored form (or unknown: check_chain reports it)
}

void EvidenceIndex::register_source(const EvidenceSource& given) {
  EvidenceSource source = given;
  if (!root_.empty()) {
    auto [m, fresh] = stored_.try_emplace(given.path, std::string());
    if (fresh) m->second = path_relative_to_root(given.path, root_);
    source.path = m->second;
  }
  auto it = sources_.find(source.path);
  if (it == sources_.end()) {
    sources_.emplace(source.path, source);
    return;
  }
  const EvidenceSource& old = it->second;
  if (old.format != source.format || old.row_count != source.row_count || old.rank != source.rank)
    throw_internal(fmt::format("evidence source '{}' registered twice with different format, rank or row count "
                               "({}/{}/rank {} vs {}/{}/rank {})",
                               source.path, old.format, old.row_count, old.rank, source.format, source.row_count,
                               source.rank));
}

const EvidenceSource* EvidenceIndex::source(std::string_view path) const {
  auto it = sources_.find(stored_path(path));
  return it == sources_.end() ? nullptr : &it->second;
}

std::string EvidenceIndex::add(EvidenceRef ref) {
  if (!root_.empty()) ref.source_path = stored_path(ref.source_path);
  // Callers mostly pass rows already in order (events are stored in time order): sorting a sorted
  // million-row list was a visible share of building the report's evidence.
  auto& rows = ref.event_indices;
  if (!std::is_sorted(rows.begin(), rows.end())) std::sort(rows.begin(), rows.end());
  if (std::adjacent_find(rows.begin(), rows.end()) != rows.end()) rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  std::string id = evidence_id(ref);
  refs_.try_emplace(id, std::move(ref));
  return id;
}

const EvidenceRef* EvidenceIndex::find(std::string_view id) const {
  auto it = refs_.find(id);
  return it == refs_.end() ? nullptr : &it->second;
}

std::vector<std::pair<std::string, const EvidenceRef*>> EvidenceIndex::sorted_entries() const {
  std::vector<std::pair<std::string, const EvidenceRef*>> out;
  out.reserve(refs_.size());
  for (const auto& [id, ref] : refs_) out.emplace_back(id, &ref);
  auto key = [](const std::pair<std::string, const EvidenceRef*>& e) {
    const EvidenceRef& r = *e.second;
    return std::make_tuple(r.rank, std::string_view(r.source_path), r.rows.first, r.rows.last,
                           static_cast<int>(r.kind), std::string_view(e.first));
  };
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return out;
}

std::vector<const EvidenceSource*> EvidenceIndex::sorted_sources() const {
  std::vector<const EvidenceSource*> out;
  for (const auto& [path, src] : sources_) out.push_back(&src);
  return out;
}

}  // namespace llmsa::evidence
