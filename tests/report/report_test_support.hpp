#pragma once
// Shared helpers of the report tests: a sample analysed end to end, a hand-made capture with chosen
// kernel names, temp folders, LibreOffice headless conversion and a small RFC 4180 CSV reader.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "report/report_evidence.hpp"
#include "support/run_cli.hpp"
#include "support/samples.hpp"
#include "trace/ingest.hpp"

namespace llmsa::test {

inline constexpr const char* kLevel1 = "Ascend-msinsight/test/data/pytorch/text/level1";

struct Analysed {
  trace::Capture capture;
  analysis::KernelClassifier classifier = analysis::KernelClassifier::builtin();
  analysis::ProfileAnalysis analysis;
  report::ReportEvidence evidence;
};

inline std::unique_ptr<Analysed> analyse(trace::Capture capture) {
  auto a = std::make_unique<Analysed>();
  a->capture = std::move(capture);
  analysis::ProfileOptions o;
  o.classifier = &a->classifier;
  a->analysis = analysis::analyze_capture(a->capture, o);
  a->evidence = report::build_report_evidence(a->capture, a->analysis);
  return a;
}

inline std::unique_ptr<Analysed> analyse_sample(const std::string& relative) {
  trace::IngestOptions opt;
  opt.threads = 1;
  return analyse(trace::ingest({sample_path(relative)}, opt).capture);
}

// One rank (id 3) read from a made-up kernel_details.csv: one AI_CORE kernel per name, 10 µs each,
// 5 µs apart on stream 2, starting at 1,000,000 ns.
inline trace::Capture capture_with_kernels(const std::vector<std::string>& names) {
  trace::Capture c;
  trace::RankProfile& r = c.ranks.emplace_back();
  r.events.rank = 3;
  r.events.rank_source = "name";
  const auto src = r.events.add_source("/data/rank3/kernel_details.csv", "ascend.kernel_details.csv");
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto e = r.events.add_event(trace::EventKind::kKernel, trace::Side::kDevice,
                                      1'000'000 + static_cast<std::int64_t>(i) * 15'000, 10'000,
                                      r.events.strings.intern(names[i]), src, i);
    r.events.stream[e] = 2;
    r.events.core[e] = r.events.strings.intern("AI_CORE");
    r.events.type[e] = r.events.strings.intern("MatMulV2");
  }
  trace::FileReadReport f;
  f.path = "/data/rank3/kernel_details.csv";
  f.format = "ascend.kernel_details.csv";
  f.rank = 3;
  f.rows_read = names.size();
  f.events = names.size();
  r.files.push_back(f);
  return c;
}

inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("llmsa_report_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline bool soffice_available() { return std::system("command -v soffice >/dev/null 2>&1") == 0; }

// Converts every sheet of each workbook to CSV files "<stem>-<sheet>.csv" in `out_dir` with LibreOffice
// headless (its own user profile, so it never touches or waits on a running instance). True on exit 0.
inline bool soffice_convert_sheets(const std::vector<std::filesystem::path>& xlsx, const std::filesystem::path& out_dir) {
  const auto profile = std::filesystem::temp_directory_path() / ("llmsa_lo_profile_" + std::to_string(::getpid()));
  // Filter options: ',' '"' UTF-8, first line 1, ..., last token -1 = every sheet to its own file.
  std::string cmd = "soffice -env:UserInstallation=file://" + profile.string() +
                    " --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,"
                    "false,-1' --outdir '" + out_dir.string() + "'";
  for (const auto& x : xlsx) cmd += " '" + x.string() + "'";
  cmd += " >'" + (out_dir / "soffice.log").string() + "' 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// RFC 4180 rows of a CSV text.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
      else if (ch == '"') quoted = false;
      else cell += ch;
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      rows.back().push_back(std::move(cell));
      cell.clear();
    } else if (ch == '\n') {
      rows.back().push_back(std::move(cell));
      cell.clear();
      rows.emplace_back();
    } else if (ch != '\r') {
      cell += ch;
    }
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Column index of `header` in the first row, -1 when absent.
inline int column(const std::vector<std::vector<std::string>>& rows, const std::string& header) {
  if (rows.empty()) return -1;
  for (std::size_t i = 0; i < rows[0].size(); ++i)
    if (rows[0][i] == header) return static_cast<int>(i);
  return -1;
}

}  // namespace llmsa::test
