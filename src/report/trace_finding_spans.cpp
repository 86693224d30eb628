#include "report/trace_finding_spans.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace llmsa::report {

std::vector<FindingSpan> finding_spans(const trace::RankEvents& ev, std::size_t rank_index,
                                       const ReportEvidence& evidence, const std::vector<evidence::Finding>& findings) {
  const int pid = ev.rank;
  std::map<std::string, std::uint16_t, std::less<>> source_of;
  if (rank_index < evidence.source_paths.rank.size())
    for (std::uint16_t s = 0; s < evidence.source_paths.rank[rank_index].size(); ++s)
      source_of.emplace(evidence.source_paths.rank[rank_index][s], s);
  // Per source, built on first use: row -> event index + 1 (0: no event read from that row).
  std::map<std::uint16_t, std::vector<std::uint32_t>> row_event;
  auto rows_of = [&](std::uint16_t src) -> const std::vector<std::uint32_t>& {
    auto [it, inserted] = row_event.try_emplace(src);
    if (inserted)
      for (std::size_t i = 0; i < ev.size(); ++i)
        if (ev.source[i] == src) {
          if (it->second.size() <= ev.source_row[i]) it->second.resize(ev.source_row[i] + 1, 0);
          it->second[ev.source_row[i]] = static_cast<std::uint32_t>(i + 1);
        }
    return it->second;
  };
  std::vector<FindingSpan> out(findings.size());
  for (std::size_t fi = 0; fi < findings.size(); ++fi) {
    const evidence::Finding& f = findings[fi];
    FindingSpan& span = out[fi];
    span.on_rank = std::find(f.ranks.begin(), f.ranks.end(), pid) != f.ranks.end();
    for (const auto& id : f.evidence_ids) {
      const evidence::EvidenceRef* ref = evidence.index.find(id);
      if (!ref || ref->rank != pid) continue;
      span.on_rank = true;
      auto src = source_of.find(ref->source_path);
      if (src == source_of.end()) continue;
      // The row table is looked up once per evidence entry: a row range can name 100,000 rows.
      const std::vector<std::uint32_t>& rows = rows_of(src->second);
      auto visit = [&](std::int64_t row) {
        if (row < 0 || static_cast<std::size_t>(row) >= rows.size() || rows[row] == 0) return;
        const std::size_t e = rows[row] - 1;
        if (ev.start_ns[e] == trace::kMissing) return;
        span.lo = std::min(span.lo, ev.start_ns[e]);
        span.hi = std::max(span.hi, ev.start_ns[e] + std::max<std::int64_t>(0, ev.dur_ns[e]));
      };
      if (!ref->event_indices.empty()) {
        for (auto row : ref->event_indices) visit(row);
      } else if (ref->rows.last - ref->rows.first < 100000) {
        for (auto row = ref->rows.first; row <= ref->rows.last; ++row) visit(row);
      }
    }
  }
  return out;
}

}  // namespace llmsa::report
