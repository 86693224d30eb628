#include "evidence/finding.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/stable_hash.hpp"

namespace llmsa::evidence {

namespace {
SourceLocation field_location(const std::string& field) {
  SourceLocation where;
  where.field = field;
  return where;
}
}  // namespace

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
  }
  return "info";
}

const char* confidence_name(Confidence c) {
  switch (c) {
    case Confidence::kLow: return "low";
    case Confidence::kMedium: return "medium";
    case Confidence::kHigh: return "high";
  }
  return "low";
}

Severity parse_severity(std::string_view s, const std::string& field) {
  for (Severity v : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh})
    if (s == severity_name(v)) return v;
  throw_bad_input(field_location(field), fmt::format("expected info, low, medium or high, found '{}'", s));
}

Confidence parse_confidence(std::string_view s, const std::string& field) {
  for (Confidence v : {Confidence::kLow, Confidence::kMedium, Confidence::kHigh})
    if (s == confidence_name(v)) return v;
  throw_bad_input(field_location(field), fmt::format("expected low, medium or high, found '{}'", s));
}

std::string finding_id(const Finding& f) {
  std::vector<int> ranks = f.ranks;
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  std::vector<std::string> ev = f.evidence_ids;
  std::sort(ev.begin(), ev.end());
  ev.erase(std::unique(ev.begin(), ev.end()), ev.end());
  StableHasher h;
  h.add_string("llmsa.finding.v1").add_string(f.type).add_string(f.scope).add_string(f.title);
  h.add_u64(ranks.size());
  for (int r : ranks) h.add_i64(r);
  h.add_u64(ev.size());
  for (const auto& e : ev) h.add_string(e);
  return "fd-" + hex16(h.value());
}

Confidence confidence_for(const EvidenceBasis& b) {
  if (!b.direct_row_evidence || !b.coverage_complete) return Confidence::kLow;
  switch (b.cross_check) {
    case CrossCheck::kConsistent: return Confidence::kHigh;
    case CrossCheck::kMissing: return Confidence::kMedium;
    case CrossCheck::kInconsistent: return Confidence::kLow;
  }
  return Confidence::kLow;
}

Confidence cap_confidence(Confidence c, Confidence cap) { return std::min(c, cap); }

}  // namespace llmsa::evidence
