// llmsa demo: writes a synthetic 4-rank Ascend inference capture with three injected problems,
// analyses it like `llmsa profile -o` would, and writes every report next to it.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "analysis/profile_analysis.hpp"
#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "core/progress_bar.hpp"
#include "report/report_set.hpp"
#include "synth/demo_capture.hpp"
#include "trace/ingest.hpp"

namespace llmsa::cli {
namespace {

class DemoCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "demo",
        "Generate a synthetic 4-rank Ascend inference capture (DeepSeek-like MoE: MLA attention, fused MC2) with "
        "a straggler rank, a recurring host bubble and an exposed AICPU operator, then analyse it and write every "
        "report");
    sub->add_option("-o,--output", output_dir_, "Folder for the capture (<dir>/capture) and the reports (must not exist "
                                                "or be empty)")
        ->capture_default_str();
    sub->add_flag("--force", force_,
                  "Replace a previous demo in the folder (its capture/ and llmsa's report files; other files are kept)");
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "The capture is fixed (seeded): every run writes the same bytes. Exit code 2 when the folder holds files\n"
        "and --force is not given.\n"
        "Example:\n"
        "  llmsa demo -o demo-report && xdg-open demo-report/report.html");
    return sub;
  }

  int run() override {
    namespace fs = std::filesystem;
    const fs::path dir(output_dir_);
    std::error_code ec;
    if (force_ && fs::is_directory(dir, ec)) {
      // Only what a demo writes is removed: its capture folder and the report files.
      fs::remove_all(dir / "capture", ec);
      for (const std::string& name : report::report_file_names()) fs::remove(dir / name, ec);
    } else if (fs::exists(dir) && !fs::is_empty(dir, ec))
      throw Error(ErrorKind::kBadInput, {dir.string(), -1, -1, "-o"},
                  "folder exists and is not empty; the demo does not mix its files with old ones: remove it, choose "
                  "another, or pass --force to replace a previous demo");
    fs::create_directories(dir / "capture");

    ProgressBar progress("demo: writing the capture", 4);
    const synth::DemoCapture capture = synth::write_demo_capture(dir / "capture");
    progress.set_label("demo: reading it back");
    progress.advance();
    trace::IngestResult ingested = trace::ingest({dir / "capture"});
    progress.set_label("demo: analysing");
    progress.advance();
    const analysis::KernelClassifier classifier = analysis::KernelClassifier::builtin();
    analysis::ProfileOptions options;
    options.classifier = &classifier;
    const analysis::ProfileAnalysis result = analysis::analyze_capture(ingested.capture, options);
    progress.set_label("demo: writing reports");
    progress.advance();
    const std::vector<fs::path> written = report::write_all_reports(dir, {ingested.capture, result, classifier});
    progress.advance();
    progress.finish();

    const fs::path html = dir / "report.html";
    const fs::path open = fs::exists(html) ? html : written.empty() ? dir : written.front();
    if (format_ == "json") {
      nlohmann::ordered_json doc;
      doc["capture"] = (dir / "capture").string();
      doc["open"] = open.string();
      doc["reports"] = nlohmann::json::array();
      for (const auto& f : written) doc["reports"].push_back(f.string());
      doc["injected"] = nlohmann::json::array();
      for (const auto& p : capture.injected)
        doc["injected"].push_back({{"kind", p.kind}, {"ranks", p.ranks}, {"op_name", p.op_name}, {"summary", p.summary}});
      doc["findings"] = nlohmann::json::array();
      for (const auto& f : result.findings)
        doc["findings"].push_back({{"type", f.type}, {"title", f.title}, {"ranks", f.ranks}});
      fmt::print("{}\n", doc.dump(2));
      return 0;
    }
    fmt::print("Synthetic capture: {} ({} ranks)\n", (dir / "capture").string(), capture.files.size());
    fmt::print("Injected problems:\n");
    for (const auto& p : capture.injected) fmt::print("  - {}: {}\n", p.kind, p.summary);
    // One line per finding type (count and its first title): the full list is in findings.json.
    std::vector<std::pair<std::string, std::pair<int, std::string>>> by_type;
    for (const auto& f : result.findings) {
      auto it = std::find_if(by_type.begin(), by_type.end(), [&](const auto& e) { return e.first == f.type; });
      if (it == by_type.end()) by_type.push_back({f.type, {1, f.title}});
      else ++it->second.first;
    }
    fmt::print("Findings: {} ({} types)\n", result.findings.size(), by_type.size());
    for (const auto& [type, e] : by_type) fmt::print("  - {} x{}: {}\n", type, e.first, e.second);
    fmt::print("Reports:\n");
    for (const auto& f : written) fmt::print("  {}\n", f.string());
    if (fs::exists(html)) fmt::print("\nOpen {} in a browser.\n", html.string());
    else fmt::print("\nFindings with their evidence: {}\n", (dir / "findings.json").string());
    return 0;
  }

 private:
  bool force_ = false;
  std::string output_dir_ = "demo-report";
  std::string format_;
};

const bool registered = register_subcommand("demo", [] { return std::make_unique<DemoCommand>(); });

}  // namespace
}  // namespace llmsa::cli
