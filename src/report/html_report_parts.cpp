#include "report/html_report_parts.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "analysis/key_findings.hpp"
#include "report/html_evidence_rows.hpp"
#include "report/key_fact_text.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

using nlohmann::json;

json key_findings_json(const analysis::ProfileAnalysis& a, std::size_t count) {
  json out = json::array();
  for (const analysis::KeyFinding& k : analysis::key_findings(a, count)) {
    json j = {{"share", k.impact.share_of_step_time ? json(*k.impact.share_of_step_time) : json(nullptr)},
              {"basis", k.impact.basis},
              {"reason", k.reason}};
    if (k.kind == analysis::KeyItemKind::kFinding) {
      j["kind"] = "finding";
      j["id"] = k.finding_id;
      j["same_type"] = k.same_type;
      j["rank_in_type"] = k.rank_in_type;
    } else {
      j["kind"] = "fact";
      j["fact"] = analysis::key_fact_name(k.fact);
      j["rank"] = a.ranks[k.rank_pos].rank;
      j["text"] = key_fact_text(a, k, FactMarkup::kPlain);
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::uint32_t representative_call(const trace::RankEvents& ev, const std::vector<std::uint32_t>& calls) {
  // (duration, event) pairs read once: the selection compares each pair several times, and reading
  // two durations per comparison from the event columns was most of the operator cards' cost.
  std::vector<std::pair<std::int64_t, std::uint32_t>> v;
  v.reserve(calls.size());
  for (const std::uint32_t e : calls) v.emplace_back(ev.dur_ns[e], e);
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>((v.size() - 1) / 2);
  std::nth_element(v.begin(), mid, v.end());
  return mid->second;
}

json operator_card_json(const trace::RankEvents& ev, std::uint32_t e, const std::string& source_path,
                        std::size_t name_bytes) {
  return {{"source", source_path},
          {"format", ev.sources[ev.source[e]].format},
          {"row", ev.source_row[e]},
          {"fields", raw_event_fields(ev, e, name_bytes)}};
}

}  // namespace llmsa::report
