#include "report/markdown_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "core/error.hpp"
#include "analysis/key_findings.hpp"
#include "evidence/evidence_writers.hpp"
#include "report/markdown_sections.hpp"
#include "report/key_fact_text.hpp"
#include "report/markdown_table.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

const std::vector<std::string>& MdContext::rank_files(std::size_t i) const {
  static const std::vector<std::string> kNone;
  return i < evidence.rank_files.size() ? evidence.rank_files[i] : kNone;
}

std::string MdContext::short_path(const std::string& path) const {
  if (!common_dir.empty() && path.size() > common_dir.size() && path.compare(0, common_dir.size(), common_dir) == 0)
    return path.substr(common_dir.size());
  return path;
}

std::string finding_metrics_text(const evidence::Finding& f, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < f.metrics.size() && i < max; ++i) {
    const auto& m = f.metrics[i];
    out += fmt::format("{}{} = {:.6g}{}{}", i ? "; " : "", md_cell(m.name), m.value, m.unit.empty() ? "" : " ",
                       md_cell(m.unit));
  }
  return out;
}

namespace {

std::string ranks_text(const std::vector<int>& ranks) {
  if (ranks.empty()) return "all";
  std::string out;
  for (std::size_t i = 0; i < ranks.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", ranks[i]);
  return out;
}

}  // namespace

void md_executive_summary(const MdContext& c, std::string& out) {
  out += "## 1. Executive summary\n\n";
  const auto& cap = c.capture;
  std::int64_t events = 0, op_calls = 0, files = 0, rejected = 0, steps = 0, layers = 0;
  std::map<std::string, int> formats;
  for (std::size_t r = 0; r < cap.ranks.size(); ++r) {
    events += static_cast<std::int64_t>(cap.ranks[r].events.size());
    for (const auto& f : cap.ranks[r].files) {
      ++files;
      rejected += static_cast<std::int64_t>(f.rejected);
      ++formats[f.format];
    }
    if (r < c.analysis.ops.operators.size()) op_calls += c.analysis.ops.operators[r].device_op_calls;
  }
  for (const auto& f : cap.cluster_files) {
    ++files;
    ++formats[f.format];
  }
  int pipeline_ranks = 0;
  for (const auto& o : c.analysis.ops.operators) pipeline_ranks += o.pipeline_available ? 1 : 0;
  std::map<std::string, int> step_sources;
  for (const auto& r : c.analysis.ranks) {
    steps += static_cast<std::int64_t>(r.steps.size());
    ++step_sources[r.step_source];
    for (const auto& s : r.steps) layers += static_cast<std::int64_t>(s.layers.size());
  }
  std::map<std::string, int> by_severity;
  for (const auto& f : c.findings) ++by_severity[evidence::severity_name(f.severity)];

  std::string fmts, sources, sev;
  for (const auto& [f, n] : formats) fmts += fmt::format("{}{} ×{}", fmts.empty() ? "" : ", ", md_cell(f), n);
  for (const auto& [s, n] : step_sources) sources += fmt::format("{}{} ({} ranks)", sources.empty() ? "" : ", ", s, n);
  for (const char* s : {"high", "medium", "low", "info"})
    if (by_severity.count(s)) sev += fmt::format("{}{} {}", sev.empty() ? "" : ", ", by_severity[s], s);

  std::string rank_list;
  for (std::size_t r = 0; r < cap.ranks.size(); ++r) rank_list += fmt::format("{}{}", r ? ", " : "", cap.ranks[r].events.rank);
  MdTable t({"what was captured", "value"});
  t.row({"ranks", fmt::format("{} ({})", cap.ranks.size(), rank_list.empty() ? "none" : rank_list)});
  t.row({"input files", fmt::format("{} — {}", files, fmts.empty() ? "none" : fmts)});
  t.row({"events read", fmt::format("{} ({} device operator calls; {} rows rejected)", events, op_calls, rejected)});
  t.row({"steps", fmt::format("{} — segmented from {}", steps, sources.empty() ? "nothing" : sources)});
  t.row({"layers found", layers > 0 ? std::to_string(layers) : std::string("none (see Limitations)")});
  t.row({"PMU pipeline columns", fmt::format("{} of {} ranks", pipeline_ranks, c.analysis.ops.operators.size())});
  t.row({"definitions", md_cell(analysis::compat_name(c.analysis.compat))});
  t.row({"findings", fmt::format("{}{}", c.findings.size(), sev.empty() ? "" : " (" + sev + ")")});
  t.row({"limitations", fmt::format("{} (section 12)", c.limitations.size())});
  out += t.render();

  out += "### The three things that matter most\n\n";
  // Ranked by the analysis (analysis/key_findings.hpp); each line says why it has its place.
  int n = 0;
  for (const analysis::KeyFinding& k : analysis::key_findings(c.analysis, 3)) {
    ++n;
    if (k.kind == analysis::KeyItemKind::kFinding) {
      const auto& f = c.analysis.findings[k.finding];
      std::vector<std::string> ids = f.evidence_ids;  // as findings.json lists them: sorted, unique
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      std::vector<int> ranks = f.ranks;
      std::sort(ranks.begin(), ranks.end());
      ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
      out += fmt::format("{}. **{}** — {} severity, {} confidence, rank(s) {}. {}. Evidence: {} (finding {}). *Why here: "
                         "{}.*\n",
                         n, md_name(f.title, 200), evidence::severity_name(f.severity),
                         evidence::confidence_name(f.confidence), ranks_text(ranks), finding_metrics_text(f),
                         md_ids(ids), md_code(k.finding_id), md_cell(k.reason));
    } else {
      out += fmt::format("{}. {} Evidence: {}. *Why here: {}.*\n", n, key_fact_text(c.analysis, k, FactMarkup::kMarkdown), md_ids(c.rank_files(k.rank_pos)),
                         md_cell(k.reason));
    }
  }
  if (n == 0) out += "Nothing was measured: no device events were read (see Limitations).\n";
  out += "\n";
}

void md_capture(const MdContext& c, std::string& out) {
  out += "## 2. Capture and segmentation\n\n";
  MdTable t({"rank", "rank id from", "steps from", "steps:", "events:", "operator calls:", "wall ms:", "busy ms:",
             "idle ms:", "underfeed:", "layers:", "evidence"});
  for (std::size_t r = 0; r < c.capture.ranks.size(); ++r) {
    const auto& rank = c.capture.ranks[r];
    if (r >= c.analysis.ranks.size()) break;
    const auto& ra = c.analysis.ranks[r];
    std::int64_t layers = 0;
    for (const auto& s : ra.steps) layers += static_cast<std::int64_t>(s.layers.size());
    const std::int64_t calls = r < c.analysis.ops.operators.size() ? c.analysis.ops.operators[r].device_op_calls : 0;
    t.row({std::to_string(rank.events.rank), md_cell(rank.events.rank_source), md_cell(ra.step_source),
           std::to_string(ra.steps.size()), std::to_string(rank.events.size()), std::to_string(calls),
           fixed3(ns_to_ms(ra.capture.wall_ns)), fixed3(ns_to_ms(ra.capture.busy_ns)),
           fixed3(ns_to_ms(ra.capture.idle_ns)), percent(share_of(ra.capture.idle_ns, ra.capture.wall_ns)),
           std::to_string(layers), md_ids(c.rank_files(r), 2)});
  }
  out += t.render();

  out += "Input files (every row read is kept or rejected with a reason)";
  if (!c.common_dir.empty()) out += ", under `" + md_cell(c.common_dir) + "`";
  out += ":\n\n";
  MdTable files({"rank", "file", "format", "rows read:", "kept:", "rejected:", "status", "evidence"});
  auto add = [&](const trace::FileReadReport& f) {
    std::string status = !f.read ? "not read" : !f.error.empty() ? "error" : f.events == 0 ? "no usable rows" : "ok";
    auto it = c.evidence.file_ids.find(f.path);
    files.row({f.rank >= 0 ? std::to_string(f.rank) : std::string("cluster"), md_cell(c.short_path(f.path)), md_cell(f.format),
               std::to_string(f.rows_read), std::to_string(f.events), std::to_string(f.rejected), status,
               it != c.evidence.file_ids.end() ? md_code(it->second) : std::string("-")});
  };
  for (const auto& rank : c.capture.ranks)
    for (const auto& f : rank.files) add(f);
  for (const auto& f : c.capture.cluster_files) add(f);
  out += files.render();
  out += fmt::format("Definitions in force: {}\n\n", md_cell(c.analysis.definitions));
}

void md_findings(const MdContext& c, std::string& out) {
  out += "## 10. Findings inventory\n\n";
  if (c.findings.empty()) {
    out += "No rule fired on this capture. Rules evaluated are listed in data/thresholds.json.\n\n";
    return;
  }
  MdTable t({"#", "severity", "confidence", "type", "scope", "ranks", "finding", "metrics", "evidence", "id"});
  for (std::size_t i = 0; i < c.findings.size(); ++i) {
    const auto& f = c.findings[i];
    std::string title = md_name(f.title, 200);
    if (!f.limitation.empty()) title += " *(limitation: " + md_cell(f.limitation) + ")*";
    t.row({std::to_string(i + 1), evidence::severity_name(f.severity), evidence::confidence_name(f.confidence),
           md_cell(f.type), md_cell(f.scope), ranks_text(f.ranks), title, finding_metrics_text(f),
           md_ids(f.evidence_ids, 3), md_code(c.finding_ids[i])});
  }
  out += t.render();
}

void md_evidence_chain(const MdContext& c, std::string& out) {
  out += "## 11. Evidence chain\n\n";
  out += "Every claim above ends in evidence ids. Follow one to the raw row:\n\n"
         "1. **finding** (`fd-…`) in `findings.json` and the *findings* sheet of `report.xlsx` lists its evidence ids;\n"
         "2. **evidence id** (`ev-…`) in `evidence_index.csv` (sheet *evidence index*) names the source file, the "
         "0-based row range and the exact rows;\n"
         "3. **raw_kernel_index.csv** (sheet *raw kernel index*) maps each device event to its source id and row, "
         "with name, stream, start and duration; `raw_kernel_sources.csv` names the file of each source id;\n"
         "4. the **original file** row: `kernel_details.csv` data row N is line N + 2 (header first), a JSON "
         "record index counts the records of its array.\n\n"
         "`trace.json` opens in ui.perfetto.dev: every original event carries its source row in its args (and its "
         "file there too, unless its thread's name ends with the one file all its events come from), and the "
         "*llmsa* tracks overlay steps, layers, bubbles, categories and findings.\n\n";
  out += fmt::format("The evidence index holds {} entries. Source files:\n\n", c.evidence.index.size());
  MdTable t({"source file", "format", "rank", "rows:", "file evidence"});
  for (const evidence::EvidenceSource* s : c.evidence.index.sorted_sources()) {
    auto it = c.evidence.file_ids.find(s->path);
    t.row({md_cell(c.short_path(s->path)), md_cell(s->format), s->rank >= 0 ? std::to_string(s->rank) : std::string("cluster"),
           std::to_string(s->row_count), it != c.evidence.file_ids.end() ? md_code(it->second) : std::string("-")});
  }
  out += t.render();
}

void md_limitations(const MdContext& c, std::string& out) {
  out += "## 12. Limitations\n\n";
  if (c.limitations.empty()) {
    out += "None recorded: every file was read in full, every row kept, and every analysis had its inputs.\n\n";
    return;
  }
  out += "What could not be analysed, or only in part, and why:\n\n";
  MdTable t({"scope", "what", "why", "evidence"});
  for (const Limitation& l : c.limitations) {
    // A file's limitation points at the file itself.
    std::vector<std::string> ids = l.evidence_ids;
    std::string scope = l.scope;
    if (scope.rfind("file ", 0) == 0) {
      const std::string path = scope.substr(5);
      if (auto it = c.evidence.file_ids.find(path); it != c.evidence.file_ids.end() && ids.empty()) ids.push_back(it->second);
      scope = "file " + c.short_path(path);
    }
    t.row({md_cell(scope), md_cell(l.what), md_cell(l.why), md_ids(ids, 2)});
  }
  out += t.render();
}

std::string render_report_md(const trace::Capture& capture, const analysis::ProfileAnalysis& analysis,
                             const ReportEvidence& evidence, const std::vector<std::string>& input_problems,
                             const std::vector<Limitation>& output_limitations) {
  const std::vector<Limitation> limitations = collect_limitations(capture, analysis, input_problems, output_limitations);
  MdContext c{capture, analysis, evidence, limitations, evidence::sorted_findings(analysis.findings), {}, {}};
  for (const auto& f : c.findings) c.finding_ids.push_back(evidence::finding_id(f));
  // The longest folder prefix (ending in '/') shared by every input file.
  bool first = true;
  auto share = [&](const std::string& path) {
    const std::string dir = path.substr(0, path.find_last_of('/') + 1);
    if (first) {
      c.common_dir = dir;
      first = false;
      return;
    }
    std::size_t n = 0;
    while (n < dir.size() && n < c.common_dir.size() && dir[n] == c.common_dir[n]) ++n;
    c.common_dir = c.common_dir.substr(0, c.common_dir.find_last_of('/', n ? n - 1 : 0) + 1);
    if (n == 0) c.common_dir.clear();
  };
  for (const auto& r : capture.ranks)
    for (const auto& f : r.files) share(f.path);
  for (const auto& f : capture.cluster_files) share(f.path);
  std::string out = "# llmsa profile report\n\n";
  out += "Sections: 1 Executive summary · 2 Capture and segmentation · 3 Step timeline and anatomy · 4 Where time "
         "goes · 5 Pipeline coverage and bound families · 6 Layer and block view · 7 Operators · 8 Communication · "
         "9 Cross-rank · 10 Findings inventory · 11 Evidence chain · 12 Limitations.\n"
         "Times are milliseconds (ms) or microseconds (µs) as the column says; `ev-…` ids resolve in "
         "evidence_index.csv, `fd-…` ids in findings.json.\n\n";
  md_executive_summary(c, out);
  md_capture(c, out);
  md_step_timeline(c, out);
  md_where_time_goes(c, out);
  md_pipeline(c, out);
  md_layers(c, out);
  md_operators(c, out);
  md_communication(c, out);
  md_cross_rank(c, out);
  md_findings(c, out);
  md_evidence_chain(c, out);
  md_limitations(c, out);
  return out;
}

void write_report_md(const std::filesystem::path& path, const std::string& text) {
  SourceLocation where;
  where.file = path.string();
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw_bad_input(where, "cannot open the file for writing");
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!f) throw_bad_input(where, "could not write the whole file");
}

}  // namespace llmsa::report
