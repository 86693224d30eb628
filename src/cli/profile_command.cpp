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
                    "Write analysis.json, findings.json, evidence_index.csv and raw_kernel_index.csv into this folder");
    sub->add_option("--device", device_, "Device the capture ran on (see `llmsa hw list`), for expected link bandwidths");
    sub->add_option("--threads", threads_, "Ranks read and analysed in parallel (0: all cores)")->check(CLI::Range(0, 256));
    sub->footer(
        "Exit code 2 when nothing usable was found.\n"
        "Example:\n"
        "  llmsa profile ../shared/samples/Ascend-msinsight/test/data/pytorch/text/level1 --compat ascend --format json");
    return sub;
  }

  int run() override {
    std::vector<std::filesystem::path> ps(paths_.begin(), paths_.end());
    trace::IngestResult ingested = trace::ingest(ps, {threads_, /*progress=*/true});
    if (!ingested.usable()) {
      fmt::print(stderr, "llmsa: error: nothing usable found in the given paths\n");
      return 2;
    }
    analysis::ProfileOptions options;
    options.compat = *analysis::parse_compat(compat_);
    options.profile_root = evidence::common_profile_root(ps);
    options.threads = threads_;
    const hw::HardwareDb db = hw::HardwareDb::builtin();
    if (!device_.empty()) options.device = &db.require(device_);
    const analysis::KernelClassifier classifier = analysis::KernelClassifier::builtin();
    options.classifier = &classifier;
    const analysis::ProfileAnalysis result = analysis::analyze_capture(ingested.capture, options);
    const nlohmann::json doc = report::analysis_json(result);
    if (!output_dir_.empty()) {
      const std::filesystem::path dir(output_dir_);
      std::filesystem::create_directories(dir);
      report::write_all_reports(dir, {ingested.capture, result, classifier});
    }
    if (format_ == "json") {
      fmt::print("{}\n", doc.dump(2));
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
  unsigned threads_ = 0;
};

const bool registered = register_subcommand("profile", [] { return std::make_unique<ProfileCommand>(); });

}  // namespace
}  // namespace llmsa::cli
