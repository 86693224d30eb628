#include "report/raw_kernel_index.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "analysis/operator_summary.hpp"
#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"

namespace llmsa::report {

namespace {

// Exact decimal µs of an int64 ns value (no float rounding): "-12.345".
void append_us(std::string& out, std::int64_t ns) {
  const bool neg = ns < 0;
  const auto mag = neg ? -static_cast<unsigned long long>(ns) : static_cast<unsigned long long>(ns);
  fmt::format_to(std::back_inserter(out), "{}{}.{:03}", neg ? "-" : "", mag / 1000, mag % 1000);
}

// Renders the rows into `out`, handing it to `flush` whenever it passes kChunk bytes (and at the end),
// so that a multi-GB index is streamed instead of built in memory. Quoted fields are computed once per
// distinct string and source (a capture has few distinct names and millions of rows).
template <class Flush>
void render_rows(const trace::Capture& capture, const analysis::KernelClassifier& classifier, std::string& out,
                 Flush&& flush) {
  constexpr std::size_t kChunk = 1u << 22;
  using evidence::csv_field;
  out += "rank_id,event_index,source_path,source_format,source_row,name,type,core,role,stream,start_us,duration_us,wait_us\n";
  for (const auto& r : capture.ranks) {
    const auto& ev = r.events;
    analysis::KernelClassCache cache(classifier, ev.strings);
    const std::vector<char> sources = analysis::operator_sources(ev);
    std::vector<std::string> source_fields(ev.sources.size());  // "path,format" quoted
    for (std::size_t s = 0; s < ev.sources.size(); ++s)
      source_fields[s] = csv_field(ev.sources[s].path) + ',' + csv_field(ev.sources[s].format);
    std::vector<std::string> quoted(ev.strings.size());
    std::vector<char> have(ev.strings.size(), 0);
    auto field = [&](StringId id) -> const std::string& {
      if (!have[id]) {
        quoted[id] = csv_field(ev.strings.view(id));
        have[id] = 1;
      }
      return quoted[id];
    };
    auto it = std::back_inserter(out);
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!analysis::is_operator_event(ev, i, sources)) continue;
      const auto& k = cache.get(ev.name[i], ev.type[i], ev.core[i]);
      fmt::format_to(it, "{},{},{},{},{},{},{},{},{},", ev.rank, i, source_fields[ev.source[i]], ev.source_row[i],
                     field(ev.name[i]), field(ev.type[i]), field(ev.core[i]), analysis::op_role_name(k.role),
                     ev.stream[i]);
      append_us(out, ev.start_ns[i]);
      out += ',';
      append_us(out, ev.dur_ns[i]);
      out += ',';
      if (ev.wait_ns[i] != trace::kMissing) append_us(out, ev.wait_ns[i]);
      out += '\n';
      if (out.size() >= kChunk) flush(out);
    }
  }
  flush(out);
}

}  // namespace

std::string render_raw_kernel_index_csv(const trace::Capture& capture, const analysis::KernelClassifier& classifier) {
  std::string out, all;
  render_rows(capture, classifier, out, [&](std::string& chunk) {
    all += chunk;
    chunk.clear();
  });
  return all;
}

void write_raw_kernel_index_csv(const std::filesystem::path& path, const trace::Capture& capture,
                                const analysis::KernelClassifier& classifier) {
  SourceLocation where;
  where.file = path.string();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw_bad_input(where, "cannot open the file for writing");
  std::string out;
  out.reserve((1u << 22) + 4096);
  render_rows(capture, classifier, out, [&](std::string& chunk) {
    f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.clear();
  });
  if (!f) throw_bad_input(where, "could not write the whole file");
}

}  // namespace llmsa::report
