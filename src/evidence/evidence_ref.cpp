#include "evidence/evidence_ref.hpp"

#include <algorithm>

#include "core/stable_hash.hpp"

namespace llmsa::evidence {

const char* evidence_kind_name(EvidenceKind k) {
  switch (k) {
    case EvidenceKind::kRows: return "rows";
    case EvidenceKind::kEvent: return "event";
    case EvidenceKind::kStepWindow: return "step_window";
    case EvidenceKind::kLayerWindow: return "layer_window";
    case EvidenceKind::kBubbleWindow: return "bubble_window";
    case EvidenceKind::kOperatorAggregate: return "operator_aggregate";
    case EvidenceKind::kCollective: return "collective";
    case EvidenceKind::kAlignment: return "alignment";
    case EvidenceKind::kStepTraceRow: return "step_trace_row";
    case EvidenceKind::kFileSummary: return "file_summary";
  }
  return "rows";
}

std::string evidence_id(const EvidenceRef& ref) {
  StableHasher h;
  h.add_string("llmsa.evidence.v1");
  h.add_string(evidence_kind_name(ref.kind));
  h.add_i64(ref.rank);
  h.add_string(ref.source_path);
  h.add_string(ref.source_format);
  h.add_i64(ref.rows.first);
  h.add_i64(ref.rows.last);
  // Event indices are a set: hash them in sorted order so the caller's order does not matter.
  std::vector<std::int64_t> events = ref.event_indices;
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  h.add_u64(events.size());
  for (const std::int64_t e : events) h.add_i64(e);
  return "ev-" + hex16(h.value());
}

bool looks_like_evidence_id(std::string_view id) {
  if (id.size() != 19 || id.substr(0, 3) != "ev-") return false;
  return std::all_of(id.begin() + 3, id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace llmsa::evidence
