#include "evidence/chain_validator.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace llmsa::evidence {

namespace {

void check_evidence(const std::string& id, const EvidenceRef& ref, const EvidenceIndex& index,
                    std::vector<ChainProblem>& out) {
  auto problem = [&](const std::string& msg) { out.push_back({"", id, msg}); };
  const EvidenceSource* src = index.source(ref.source_path);
  if (src == nullptr) {
    problem(fmt::format("source '{}' is not a registered input file", ref.source_path));
    return;
  }
  const std::string range = fmt::format("[{}, {}]", ref.rows.first, ref.rows.last);
  if (ref.rows.first < 0 || ref.rows.last < ref.rows.first) {
    problem(fmt::format("row range {} is empty or negative", range));
  } else if (ref.rows.last >= src->row_count) {
    problem(fmt::format("row range {} is outside '{}', which has {} rows (0-based, header excluded)", range, src->path,
                        src->row_count));
  }
  if (!ref.source_format.empty() && ref.source_format != src->format)
    problem(fmt::format("format '{}' differs from the registered format '{}'", ref.source_format, src->format));
  for (const std::int64_t e : ref.event_indices) {
    if (e < ref.rows.first || e > ref.rows.last) {
      problem(fmt::format("event row {} is outside the row range {}", e, range));
      break;
    }
  }
}

}  // namespace

std::vector<ChainProblem> check_chain(std::span<const Finding> findings, const EvidenceIndex& index) {
  std::vector<ChainProblem> out;
  for (const Finding& f : findings) {
    const std::string fid = finding_id(f);
    const std::string prefix = fmt::format("finding '{}': ", f.type);
    auto problem = [&](const std::string& msg) {
      std::string text = prefix;
      text.append(msg);
      out.push_back({fid, "", std::move(text)});
    };
    if (f.type.empty()) problem("has no type");
    if (f.title.empty()) problem("has no title");
    if (f.evidence_ids.empty() && f.limitation.empty()) problem("has neither evidence nor a stated limitation");
    if (f.confidence == Confidence::kLow && f.limitation.empty())
      problem("has low confidence but states no limitation");
    for (const Metric& m : f.metrics) {
      if (!std::isfinite(m.value)) problem(fmt::format("metric '{}' is not a finite number", m.name));
      if (m.name.empty() || m.unit.empty()) problem(fmt::format("metric '{}' needs a name and a unit", m.name));
    }
    for (const std::string& id : f.evidence_ids) {
      if (index.find(id) == nullptr) out.push_back({fid, id, fmt::format("{}evidence id '{}' is not in the evidence index", prefix, id)});
    }
  }
  for (const auto& [id, ref] : index.sorted_entries()) check_evidence(id, *ref, index, out);
  return out;
}

void require_valid_chain(std::span<const Finding> findings, const EvidenceIndex& index) {
  const auto problems = check_chain(findings, index);
  if (problems.empty()) return;
  std::string msg = fmt::format("evidence chain broken ({} problem{}):", problems.size(), problems.size() == 1 ? "" : "s");
  for (const auto& p : problems) {
    msg += "\n  ";
    if (!p.finding_id.empty()) msg += p.finding_id + " ";
    if (!p.evidence_id.empty()) msg += p.evidence_id + " ";
    msg += p.message;
  }
  throw_internal(msg);
}

}  // namespace llmsa::evidence
