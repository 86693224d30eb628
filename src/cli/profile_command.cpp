// llmsa profile: ingest profiler output and analyse where the time goes, optionally under a peer
// tool's definitions (--compat hta|tracelens|ascend).
#include <fmt/format.h>

#include <filesystem>

#include "analysis/profile_analysis.hpp"
#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "evidence/profile_root.hpp"
#include "hw/hardware_db.hpp"
#include "report/analysis_json.hpp"
#include "report/report_set.hpp"
#include "trace/ingest.hpp"

namespace llmsa::cli {
namespace {

namespace fs = std::filesystem;

// An existing, non-empty output folder is never mixed with old files: refused without --force; with
// --force every file llmsa writes is removed first (files that are not llmsa's stay). Returns the
// exit code of a refusal, 0 to go on.
int prepare_output_dir(const std::string& dir_text, bool force) {
  const fs::path dir(dir_text);
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    fmt::print(stderr, "llmsa: error: -o {}: exists and is not a folder\n", dir_text);
    return 2;
  }
  if (!fs::exists(dir, ec) || fs::is_empty(dir, ec)) return 0;
  if (!force) {
    fmt::print(stderr,
               "llmsa: error: -o {}: the folder is not empty; choose a new folder, or add --force to replace "
               "llmsa's files in it (other files are kept)\n",
               dir_text);
    return 2;
  }
  for (const std::string& name : report::report_file_names()) {
    const fs::path f = dir / name;
    if (fs::is_regular_file(f, ec) && !fs::remove(f, ec) && ec) {
      fmt::print(stderr, "llmsa: error: --force: cannot remove {}: {}\n", f.string(), ec.message());
      return 2;
    }
  }
  return 0;
}

// Nothing usable: say whether no profile was found at all, or which files were found and why none of
// them gave a row.
int report_unusable(const trace::IngestResult& ingested) {
  const trace::Capture& c = ingested.capture;
  std::size_t files = c.cluster_files.size();
  for (const auto& r : c.ranks) files += r.files.size();
  if (files == 0) {
    fmt::print(stderr, "llmsa: error: no profiler output found (expected *_ascend_pt folders, "
                       "ASCEND_PROFILER_OUTPUT files or Kineto .json/.json.gz traces)\n");
  } else {
    fmt::print(stderr, "llmsa: error: {} profiler file(s) found, but none has a usable row:\n", files);
    auto why = [](const trace::FileReadReport& f) {
      if (!f.read) return std::string("not read") + (f.notes.empty() ? "" : ": " + f.notes.front());
      if (!f.error.empty()) return f.error;
      return fmt::format("{} rows read, {} rejected, none kept", f.rows_read, f.rejected);
    };
    auto print = [&](const trace::FileReadReport& f) {
      const std::string line = why(f);  // reader errors already start with the file name
      if (line.rfind(f.path, 0) == 0) fmt::print(stderr, "  {}\n", line);
      else fmt::print(stderr, "  {}: {}\n", f.path, line);
    };
    for (const auto& r : c.ranks)
      for (const auto& f : r.files) print(f);
    for (const auto& f : c.cluster_files) print(f);
  }
  for (const auto& p : ingested.problems) fmt::print(stderr, "  {}\n", p);
  return 2;
}

class ProfileCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "profile", "Analyse profiler output: steps, busy/idle, compute/communication overlap, where time goes");
    sub->add_option("paths", paths_, "Cluster roots, *_ascend_pt folders, ASCEND_PROFILER_OUTPUT folders or files")
        ->required();
    sub->add_option("--compat", compat_, "Use a peer tool's definitions and metric names")
        ->check(CLI::IsMember({"hta", "tracelens", "ascend"}));
    add_format_option(sub, format_, {"table", "json"});
    sub->add_option("-o,--output", output_dir_,
                    "Write report.md, report.xlsx, report.html, trace.json, analysis.json, findings.json, "
                    "evidence_index.csv, raw_kernel_index.csv and raw_kernel_sources.csv into this folder (refused "
                    "when it holds files, unless --force)");
    sub->add_flag("--force", force_, "With -o: replace llmsa's files in a non-empty folder (other files are kept)");
    sub->add_option("--device", device_, "Device the capture ran on (see `llmsa hw list`), for expected link bandwidths");
    sub->add_option("--trace-events", trace_events_,
                    "With -o: trace.json holds at most N original events (whole steps, the same on every rank; "
                    "default 1000000, what ui.perfetto.dev can open), or 'all' (for trace_processor --httpd)")
        ->check([](const std::string& v) {
          return report::parse_trace_event_budget(v) ? std::string() : "expected a positive integer or 'all'";
        });
    sub->add_option("--threads", threads_, "Ranks read and analysed in parallel (0: all cores)")->check(CLI::Range(0, 256));
    sub->footer(
        "Exit code 2 when nothing usable was found, or when the -o folder is not empty and --force is not given.\n"
        "Example:\n"
        "  llmsa profile ../shared/samples/Ascend-msinsight/test/data/pytorch/text/level1 --compat ascend --format json");
    return sub;
  }

  int run() override {
    // The output folder is checked before any reading, so a refusal costs nothing.
    if (!output_dir_.empty()) {
      if (int rc = prepare_output_dir(output_dir_, force_)) return rc;
    }
    std::vector<std::filesystem::path> ps(paths_.begin(), paths_.end());
    trace::IngestResult ingested = trace::ingest(ps, {threads_, /*progress=*/true});
    if (!ingested.usable()) return report_unusable(ingested);
    for (const auto& p : ingested.problems) fmt::print(stderr, "llmsa: warning: {}\n", p);
    analysis::ProfileOptions options;
    options.compat = *analysis::parse_compat(compat_);
    options.profile_root = evidence::common_profile_root(ps);
    options.threads = threads_;
    const hw::HardwareDb db = hw::HardwareDb::builtin();
    if (!device_.empty()) options.device = &db.require(device_);
    const analysis::KernelClassifier classifier = analysis::KernelClassifier::builtin();
    options.classifier = &classifier;
    const analysis::ProfileAnalysis result = analysis::analyze_capture(ingested.capture, options);
    if (!output_dir_.empty()) {
      const std::filesystem::path dir(output_dir_);
      std::filesystem::create_directories(dir);
      report::ReportInputs in{ingested.capture, result, classifier, &ingested.problems};
      if (!trace_events_.empty()) in.trace_event_budget = *report::parse_trace_event_budget(trace_events_);
      report::write_all_reports(dir, in);
    }
    if (format_ == "json") {
      fmt::print("{}\n", report::analysis_json(result).dump(2));
    } else {
      fmt::print("{}", report::analysis_table(result));
    }
    return 0;
  }

 private:
  std::vector<std::string> paths_;
  std::string compat_;
  std::string format_;
  std::string output_dir_;
  std::string device_;
  std::string trace_events_;  // --trace-events: N or "all"; empty: the default budget
  unsigned threads_ = 0;
  bool force_ = false;
};

const bool registered = register_subcommand("profile", [] { return std::make_unique<ProfileCommand>(); });

}  // namespace
}  // namespace llmsa::cli
