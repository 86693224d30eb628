#include "report/key_fact_text.hpp"

#include <fmt/format.h>

#include "report/report_text.hpp"

namespace llmsa::report {

std::string key_fact_text(const analysis::ProfileAnalysis& a, const analysis::KeyFinding& k, FactMarkup markup) {
  const bool md = markup == FactMarkup::kMarkdown;
  auto strong = [&](const std::string& s) { return md ? "**" + s + "**" : s; };
  auto name = [&](const std::string& s) { return md ? md_cell(s) : s; };
  const analysis::RankAnalysis& ra = a.ranks[k.rank_pos];
  const analysis::TimeBreakdown& t = ra.capture;
  switch (k.fact) {
    case analysis::KeyFact::kDeviceIdle:
      return fmt::format("{} of rank {}'s {} ms capture window ({} ms idle, {} bubbles, longest {} ms).",
                         strong("Device idle " + percent(share_of(t.idle_ns, t.wall_ns))), ra.rank,
                         fixed3(ns_to_ms(t.wall_ns)), fixed3(ns_to_ms(t.idle_ns)), t.bubble_count,
                         fixed3(ns_to_ms(t.longest_bubble_ns)));
    case analysis::KeyFact::kTopRoleOfLongestStep: {
      const analysis::StepAnalysis& s = ra.steps[k.step_pos];
      const analysis::RoleTime& top = s.where_time_goes.front();
      return fmt::format("{} covers {} of the busy time of step {} on rank {} (the longest step, {} ms wall).",
                         strong(name(top.role)), percent(top.share_of_busy), name(fmt::format("{}", s.step)), ra.rank,
                         fixed3(ns_to_ms(s.time.wall_ns)));
    }
    case analysis::KeyFact::kExposedCommunication:
      return fmt::format("{} on rank {} ({} of its wall; {} ms of {} ms communication overlapped with compute).",
                         strong("Exposed communication " + fixed3(ns_to_ms(t.exposed_communication_ns)) + " ms"),
                         ra.rank, percent(share_of(t.exposed_communication_ns, t.wall_ns)),
                         fixed3(ns_to_ms(t.overlapped_ns)), fixed3(ns_to_ms(t.communication_ns)));
  }
  return {};
}

}  // namespace llmsa::report
