// llmsa ingest: discover and read profiler output, and account for every row read.
#include <fmt/format.h>

#include <filesystem>

#include "cli/subcommand.hpp"
#include "trace/ingest.hpp"
#include "trace/ingest_report.hpp"

namespace llmsa::cli {
namespace {

class IngestCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand(
        "ingest", "Find and read Ascend (text/DB) and Kineto profiler output; print rows read, kept and rejected per file");
    sub->add_option("paths", paths_, "Cluster roots, *_ascend_pt folders, ASCEND_PROFILER_OUTPUT folders or files")
        ->required();
    add_format_option(sub, format_, {"table", "json"});
    sub->add_option("--threads", threads_, "Ranks read in parallel (0: all cores)")->check(CLI::Range(0, 256));
    sub->footer(
        "Exit code 2 when nothing usable was found.\n"
        "Example:\n"
        "  llmsa ingest ../shared/samples/Ascend-msinsight/test/data/pytorch/text/level1 --format json");
    return sub;
  }

  int run() override {
    std::vector<std::filesystem::path> ps(paths_.begin(), paths_.end());
    trace::IngestResult result = trace::ingest(ps, {threads_, /*progress=*/true});
    if (format_ == "json") {
      fmt::print("{}\n", trace::ingest_report_json(result).dump(2));
    } else {
      fmt::print("{}", trace::ingest_report_table(result));
    }
    if (!result.usable()) {
      fmt::print(stderr, "llmsa: error: nothing usable found in the given paths\n");
      return 2;
    }
    return 0;
  }

 private:
  std::vector<std::string> paths_;
  std::string format_;
  unsigned threads_ = 0;
};

const bool registered = register_subcommand("ingest", [] { return std::make_unique<IngestCommand>(); });

}  // namespace
}  // namespace llmsa::cli
