#include "report/raw_kernel_index.hpp"

#include <fstream>
#include <functional>
#include <iterator>
#include <span>

#include "analysis/device_tasks.hpp"
#include "analysis/operator_summary.hpp"
#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/report_text.hpp"
#include "report/text_appender.hpp"

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
// so that a multi-GB index is streamed instead of built in memory. The one loop runs once per device
// event (millions): the fields a (name, type, core) triple determines ("name,type,core,role,") are
// escaped and joined once per distinct triple, and numbers are formatted in place (text_appender.hpp).
template <class Flush>
void render_rows(const trace::Capture& capture, const analysis::KernelClassifier& classifier,
                 std::span<const analysis::EventClasses> classes, TextAppender& out, Flush&& flush) {
  constexpr std::size_t kChunk = 1u << 23;
  using evidence::csv_field;
  out.put("rank_id,event_index,source_id,source_row,name,type,core,role,stream,start_us,duration_us,wait_us\n");
  const std::vector<std::size_t> first = first_source_ids(capture);
  std::vector<std::string> triple_text;
  for (std::size_t ri = 0; ri < capture.ranks.size(); ++ri) {
    const auto& ev = capture.ranks[ri].events;
    analysis::EventClasses local;
    const analysis::EventClasses& cls = analysis::kept_or_classified(classes, ri, ev, classifier, local);
    triple_text.assign(cls.distinct(), std::string());
    std::string rank_text;  // "rank,"
    append_int(rank_text, ev.rank);
    rank_text += ',';
    std::vector<std::string> source_field(ev.sources.size());  // ",source_id,"
    for (std::size_t s = 0; s < ev.sources.size(); ++s) source_field[s] = ',' + std::to_string(first[ri] + s) + ',';
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (!cls.counts(i)) continue;
      std::string& fields = triple_text[cls.triple(i)];
      if (fields.empty()) {
        fields = csv_field(ev.strings.view(ev.name[i])) + ',' + csv_field(ev.strings.view(ev.type[i])) + ',' +
                 csv_field(ev.strings.view(ev.core[i])) + ',' + analysis::op_role_name(cls.of(i).role) + ',';
      }
      out.put(rank_text);
      out.put_uint(i);
      out.put(source_field[ev.source[i]]);
      out.put_uint(ev.source_row[i]);
      out.put(',');
      out.put(fields);
      out.put_int(ev.stream[i]);
      out.put(',');
      out.put_exact_us(ev.start_ns[i]);
      out.put(',');
      out.put_exact_us(ev.dur_ns[i]);
      out.put(',');
      if (ev.wait_ns[i] != trace::kMissing) out.put_exact_us(ev.wait_ns[i]);
      out.put('\n');
      if (out.size() >= kChunk) flush(out);
    }
  }
  flush(out);
}

// Chunks go to the file in single large writes (std::ofstream passes a block bigger than its buffer
// straight to the file).
void write_file(const std::filesystem::path& path,
                const std::function<void(const std::function<void(TextAppender&)>&)>& render) {
  SourceLocation where;
  where.file = path.string();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw_bad_input(where, "cannot open the file for writing");
  render([&](TextAppender& chunk) {
    f.write(chunk.view().data(), static_cast<std::streamsize>(chunk.size()));
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

std::string render_raw_kernel_index_csv(const trace::Capture& capture, const analysis::KernelClassifier& classifier,
                                        std::span<const analysis::EventClasses> classes) {
  TextAppender out;
  std::string all;
  render_rows(capture, classifier, classes, out, [&](TextAppender& chunk) {
    all += chunk.view();
    chunk.clear();
  });
  return all;
}

std::vector<std::filesystem::path> write_raw_kernel_index_csv(const std::filesystem::path& path,
                                                              const trace::Capture& capture,
                                                              const analysis::KernelClassifier& classifier,
                                                              const CaptureSourcePaths& paths,
                                                              std::span<const analysis::EventClasses> classes) {
  const std::filesystem::path sources = path.parent_path() / kRawKernelSourcesFile;
  write_file(sources, [&](const std::function<void(TextAppender&)>& flush) {
    TextAppender text;
    text.put(render_raw_kernel_sources_csv(capture, paths));
    flush(text);
  });
  write_file(path, [&](const std::function<void(TextAppender&)>& flush) {
    TextAppender out((1u << 23) + 4096);
    render_rows(capture, classifier, classes, out, flush);
  });
  return {path, sources};
}

}  // namespace llmsa::report
