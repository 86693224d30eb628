#include "report/raw_kernel_index.hpp"

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <iterator>

#include "analysis/device_tasks.hpp"
#include "analysis/operator_summary.hpp"
#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/escaped_strings.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

namespace {

// Global source ids: the sources of every rank, numbered in capture order (rank position, then the
// rank's own source id). first[r] is the global id of rank r's source 0.
std::vector<std::size_t> first_source_ids(const trace::Capture& capture) {
  std::vector<std::size_t> first;
  std::size_t next = 0;
  for (const auto& r : capture.ranks) {
    first.push_back(next);
    next += r.events.sources.size();
  }
  return first;
}

// Renders the rows into `out`, handing it to `flush` whenever it passes kChunk bytes (and at the end),
// so that a multi-GB index is streamed instead of built in memory. Quoted fields are computed once per
// distinct string (a capture has few distinct names and millions of rows).
template <class Flush>
void render_rows(const trace::Capture& capture, const analysis::KernelClassifier& classifier, std::string& out,
                 Flush&& flush) {
  constexpr std::size_t kChunk = 1u << 22;
  using evidence::csv_field;
  out += "rank_id,event_index,source_id,source_row,name,type,core,role,stream,start_us,duration_us,wait_us\n";
  const std::vector<std::size_t> first = first_source_ids(capture);
  for (std::size_t ri = 0; ri < capture.ranks.size(); ++ri) {
    const auto& ev = capture.ranks[ri].events;
    analysis::KernelClassCache cache(classifier, ev.strings);
    const analysis::DeviceTaskSources sources(ev);
    std::vector<std::string> source_field(ev.sources.size());  // "rank,"... prefix is per event; id text once
    for (std::size_t s = 0; s < ev.sources.size(); ++s) source_field[s] = std::to_string(first[ri] + s);
    EscapedStrings field(ev.strings, &csv_field);
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!sources.counts(ev, i)) continue;
      const auto& k = cache.get(ev.name[i], ev.type[i], ev.core[i]);
      // Hand-appended fields: this loop runs once per device event (millions) and is the report's cost.
      append_int(out, ev.rank);
      out += ',';
      append_int(out, static_cast<std::int64_t>(i));
      out += ',';
      out += source_field[ev.source[i]];
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

void write_file(const std::filesystem::path& path, const std::function<void(const std::function<void(std::string&)>&)>& render) {
  SourceLocation where;
  where.file = path.string();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw_bad_input(where, "cannot open the file for writing");
  render([&](std::string& chunk) {
    f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.clear();
  });
  if (!f) throw_bad_input(where, "could not write the whole file");
}

}  // namespace

std::string render_raw_kernel_sources_csv(const trace::Capture& capture, const CaptureSourcePaths& paths) {
  using evidence::csv_field;
  std::string out = "source_id,rank_id,source_path,source_format,rows\n";
  const std::vector<std::size_t> first = first_source_ids(capture);
  for (std::size_t ri = 0; ri < capture.ranks.size(); ++ri) {
    const auto& ev = capture.ranks[ri].events;
    const analysis::DeviceTaskSources sources(ev);
    std::vector<std::int64_t> rows(ev.sources.size(), 0);
    for (std::size_t i = 0; i < ev.size(); ++i)
      if (sources.counts(ev, i)) ++rows[ev.source[i]];
    for (std::size_t s = 0; s < ev.sources.size(); ++s) {
      append_int(out, static_cast<std::int64_t>(first[ri] + s));
      out += ',';
      append_int(out, ev.rank);
      out += ',';
      out += csv_field(paths.rank[ri][s]);
      out += ',';
      out += csv_field(ev.sources[s].format);
      out += ',';
      append_int(out, rows[s]);
      out += '\n';
    }
  }
  return out;
}

std::string render_raw_kernel_index_csv(const trace::Capture& capture, const analysis::KernelClassifier& classifier) {
  std::string out, all;
  render_rows(capture, classifier, out, [&](std::string& chunk) {
    all += chunk;
    chunk.clear();
  });
  return all;
}

std::vector<std::filesystem::path> write_raw_kernel_index_csv(const std::filesystem::path& path,
                                                              const trace::Capture& capture,
                                                              const analysis::KernelClassifier& classifier,
                                                              const CaptureSourcePaths& paths) {
  const std::filesystem::path sources = path.parent_path() / kRawKernelSourcesFile;
  write_file(sources, [&](const std::function<void(std::string&)>& flush) {
    std::string text = render_raw_kernel_sources_csv(capture, paths);
    flush(text);
  });
  write_file(path, [&](const std::function<void(std::string&)>& flush) {
    std::string out;
    out.reserve((1u << 22) + 4096);
    render_rows(capture, classifier, out, flush);
  });
  return {path, sources};
}

}  // namespace llmsa::report
