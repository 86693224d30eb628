#include "report/raw_kernel_index.hpp"

#include <fmt/format.h>

#include <fstream>

#include "analysis/operator_summary.hpp"
#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"
#include "evidence/profile_root.hpp"

namespace llmsa::report {

namespace {
// Exact decimal µs of an int64 ns value (no float rounding): "-12.345".
std::string ns_to_us(std::int64_t ns) {
  const bool neg = ns < 0;
  const auto mag = neg ? -static_cast<unsigned long long>(ns) : static_cast<unsigned long long>(ns);
  return fmt::format("{}{}.{:03}", neg ? "-" : "", mag / 1000, mag % 1000);
}
}  // namespace

std::string render_raw_kernel_index_csv(const trace::Capture& capture, const analysis::KernelClassifier& classifier,
                                        const std::filesystem::path& profile_root) {
  std::string out =
      "rank_id,event_index,source_path,source_format,source_row,name,type,core,role,stream,start_us,duration_us,wait_us\n";
  using evidence::csv_field;
  for (const auto& r : capture.ranks) {
    const auto& ev = r.events;
    analysis::KernelClassCache cache(classifier, ev.strings);
    const analysis::DeviceTaskSources sources(ev);
    // Each source's path field once per file, not once per row.
    std::vector<std::string> path_field;
    for (const auto& s : ev.sources) path_field.push_back(csv_field(evidence::path_relative_to_root(s.path, profile_root)));
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!sources.counts(ev, i)) continue;
      const auto& src = ev.sources[ev.source[i]];
      const auto& k = cache.get(ev.name[i], ev.type[i], ev.core[i]);
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", ev.rank, i, path_field[ev.source[i]], csv_field(src.format),
                         ev.source_row[i], csv_field(ev.strings.view(ev.name[i])), csv_field(ev.strings.view(ev.type[i])),
                         csv_field(ev.strings.view(ev.core[i])), analysis::op_role_name(k.role), ev.stream[i],
                         ns_to_us(ev.start_ns[i]), ns_to_us(ev.dur_ns[i]),
                         ev.wait_ns[i] == trace::kMissing ? std::string() : ns_to_us(ev.wait_ns[i]));
    }
  }
  return out;
}

void write_raw_kernel_index_csv(const std::filesystem::path& path, const trace::Capture& capture,
                                const analysis::KernelClassifier& classifier,
                                const std::filesystem::path& profile_root) {
  const std::string text = render_raw_kernel_index_csv(capture, classifier, profile_root);
  SourceLocation where;
  where.file = path.string();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw_bad_input(where, "cannot open the file for writing");
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!f) throw_bad_input(where, "could not write the whole file");
}

}  // namespace llmsa::report
