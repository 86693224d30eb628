// op_statistic.csv of a SynthRank (ascend-profiling.md C.3, late-2025 variant with Device_id): one
// row per (OP Type, Core Type) of the compute tasks (collectives are not operators there), by total
// time descending, Ratio(%) = share of the summed operator time.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "synth/ascend_capture.hpp"

namespace llmsa::synth {

WrittenFile write_op_statistic_csv(const std::filesystem::path& file, const SynthRank& r, const RankWriteOptions& o) {
  WrittenFile wf{file, "ascend.op_statistic.csv", {}};
  struct Stat {
    std::int64_t count = 0, total = 0, min = INT64_MAX, max = 0;
  };
  std::map<std::pair<std::string, std::string>, Stat> by_type;
  std::int64_t all = 0;
  for (const auto& t : r.tasks) {
    if (t.collective) continue;
    Stat& s = by_type[{t.type, t.core}];
    ++s.count;
    s.total += t.dur_ns;
    s.min = std::min(s.min, t.dur_ns);
    s.max = std::max(s.max, t.dur_ns);
    all += t.dur_ns;
  }
  std::vector<std::pair<std::pair<std::string, std::string>, Stat>> rows(by_type.begin(), by_type.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.total > b.second.total; });
  std::string text = o.device_id_column ? "Device_id," : "";
  text += "OP Type,Core Type,Count,Total Time(us),Min Time(us),Avg Time(us),Max Time(us),Ratio(%)\n";
  auto us = [](double ns) { return ns / 1000.0; };
  for (const auto& [key, s] : rows) {
    auto it = std::back_inserter(text);
    if (o.device_id_column) fmt::format_to(it, "{},", r.device_id);
    fmt::format_to(it, "{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f}\n", key.first, key.second, s.count,
                   us(static_cast<double>(s.total)), us(static_cast<double>(s.min)),
                   us(static_cast<double>(s.total) / static_cast<double>(s.count)), us(static_cast<double>(s.max)),
                   all > 0 ? 100.0 * static_cast<double>(s.total) / static_cast<double>(all) : 0.0);
  }
  write_text_file(file, text);
  return wf;
}

}  // namespace llmsa::synth
