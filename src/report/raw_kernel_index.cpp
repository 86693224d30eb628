#include "report/raw_kernel_index.hpp"

#include <fmt/format.h>

#include <fstream>

#include "analysis/operator_summary.hpp"
#include "core/error.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

namespace {
constexpr const char* kHeader =
    "rank_id,event_index,source_path,source_format,source_row,name,type,core,role,stream,start_us,duration_us,wait_us\n";

// Rows of one rank, appended to `out`; `flush` is called whenever `out` passes 1 MiB, so a writer can
// stream millions of rows without holding the whole file.
template <typename Flush>
void append_rank_rows(const trace::RankProfile& r, const analysis::KernelClassifier& classifier, std::string& out,
                      Flush&& flush) {
  using evidence::csv_field;
  const auto& ev = r.events;
  analysis::KernelClassCache cache(classifier, ev.strings);
  const std::vector<char> sources = analysis::operator_sources(ev);
  // Quoted fields are built once per distinct string or source: names repeat across millions of rows.
  std::vector<std::string> field(ev.strings.size());
  std::vector<char> built(ev.strings.size(), 0);
  auto text = [&](StringId id) -> const std::string& {
    if (!built[id]) {
      field[id] = csv_field(ev.strings.view(id));
      built[id] = 1;
    }
    return field[id];
  };
  std::vector<std::string> source_piece;  // ",path,format,"
  for (const auto& s : ev.sources) {
    std::string piece(1, ',');
    piece.append(csv_field(s.path)).append(1, ',').append(csv_field(s.format)).append(1, ',');
    source_piece.push_back(std::move(piece));
  }
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!analysis::is_operator_event(ev, i, sources)) continue;
    const auto& k = cache.get(ev.name[i], ev.type[i], ev.core[i]);
    append_int(out, ev.rank);
    out.push_back(',');
    append_int(out, static_cast<std::int64_t>(i));
    out.append(source_piece[ev.source[i]]);
    append_int(out, static_cast<std::int64_t>(ev.source_row[i]));
    out.push_back(',');
    out.append(text(ev.name[i])).push_back(',');
    out.append(text(ev.type[i])).push_back(',');
    out.append(text(ev.core[i])).push_back(',');
    out.append(analysis::op_role_name(k.role)).push_back(',');
    append_int(out, ev.stream[i]);
    out.push_back(',');
    append_exact_us(out, ev.start_ns[i]);
    out.push_back(',');
    append_exact_us(out, ev.dur_ns[i]);
    out.push_back(',');
    if (ev.wait_ns[i] != trace::kMissing) append_exact_us(out, ev.wait_ns[i]);
    out.push_back('\n');
    if (out.size() >= (1u << 20)) flush(out);
  }
}

}  // namespace

std::string render_raw_kernel_index_csv(const trace::Capture& capture, const analysis::KernelClassifier& classifier) {
  std::string out = kHeader;
  for (const auto& r : capture.ranks) append_rank_rows(r, classifier, out, [](std::string&) {});
  return out;
}

void write_raw_kernel_index_csv(const std::filesystem::path& path, const trace::Capture& capture,
                                const analysis::KernelClassifier& classifier) {
  SourceLocation where;
  where.file = path.string();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw_bad_input(where, "cannot open the file for writing");
  std::string buf = kHeader;
  auto flush = [&f](std::string& b) {
    f.write(b.data(), static_cast<std::streamsize>(b.size()));
    b.clear();
  };
  for (const auto& r : capture.ranks) append_rank_rows(r, classifier, buf, flush);
  flush(buf);
  if (!f) throw_bad_input(where, "could not write the whole file");
}

}  // namespace llmsa::report
