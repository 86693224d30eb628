#include "report/raw_kernel_index.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "analysis/device_tasks.hpp"
#include "analysis/operator_summary.hpp"
#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"
#include "evidence/profile_root.hpp"
#include "report/escaped_strings.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

namespace {

// Renders the rows into `out`, handing it to `flush` whenever it passes kChunk bytes (and at the end),
// so that a multi-GB index is streamed instead of built in memory. Quoted fields are computed once per
// distinct string and source (a capture has few distinct names and millions of rows).
template <class Flush>
void render_rows(const trace::Capture& capture, const analysis::KernelClassifier& classifier,
                 const std::filesystem::path& profile_root, std::string& out, Flush&& flush) {
  constexpr std::size_t kChunk = 1u << 22;
  using evidence::csv_field;
  out += "rank_id,event_index,source_path,source_format,source_row,name,type,core,role,stream,start_us,duration_us,wait_us\n";
  for (const auto& r : capture.ranks) {
    const auto& ev = r.events;
    analysis::KernelClassCache cache(classifier, ev.strings);
    const analysis::DeviceTaskSources sources(ev);
    std::vector<std::string> source_fields(ev.sources.size());  // "path,format" quoted
    for (std::size_t s = 0; s < ev.sources.size(); ++s)
      source_fields[s] = csv_field(evidence::path_relative_to_root(ev.sources[s].path, profile_root)) + ',' + csv_field(ev.sources[s].format);
    EscapedStrings field(ev.strings, &csv_field);
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!sources.counts(ev, i)) continue;
      const auto& k = cache.get(ev.name[i], ev.type[i], ev.core[i]);
      // Hand-appended fields: this loop runs once per device event (millions) and is the report's cost.
      append_int(out, ev.rank);
      out += ',';
      append_int(out, static_cast<std::int64_t>(i));
      out += ',';
      out += source_fields[ev.source[i]];
      out += ',';
      append_int(out, static_cast<std::int64_t>(ev.source_row[i]));
      out += ',';
      out += field(ev.name[i]);
      out += ',';
      out += field(ev.type[i]);
      out += ',';
      out += field(ev.core[i]);
      out += ',';
      out += analysis::op_role_name(k.role);
      out += ',';
      append_int(out, ev.stream[i]);
      out += ',';
      append_exact_us(out, ev.start_ns[i]);
      out += ',';
      append_exact_us(out, ev.dur_ns[i]);
      out += ',';
      if (ev.wait_ns[i] != trace::kMissing) append_exact_us(out, ev.wait_ns[i]);
      out += '\n';
      if (out.size() >= kChunk) flush(out);
    }
  }
  flush(out);
}

}  // namespace

std::string render_raw_kernel_index_csv(const trace::Capture& capture, const analysis::KernelClassifier& classifier,
                                        const std::filesystem::path& profile_root) {
  std::string out, all;
  render_rows(capture, classifier, profile_root, out, [&](std::string& chunk) {
    all += chunk;
    chunk.clear();
  });
  return all;
}

void write_raw_kernel_index_csv(const std::filesystem::path& path, const trace::Capture& capture,
                                const analysis::KernelClassifier& classifier,
                                const std::filesystem::path& profile_root) {
  SourceLocation where;
  where.file = path.string();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw_bad_input(where, "cannot open the file for writing");
  std::string out;
  out.reserve((1u << 22) + 4096);
  render_rows(capture, classifier, profile_root, out, [&](std::string& chunk) {
    f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.clear();
  });
  if (!f) throw_bad_input(where, "could not write the whole file");
}

}  // namespace llmsa::report
