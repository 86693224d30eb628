#pragma once
// Discovery + dispatch: reads every discovered file with the reader of its format into one
// RankProfile per rank, ranks in parallel, output independent of the thread count.
#include <filesystem>
#include <vector>

#include "trace/discovery.hpp"
#include "trace/profile.hpp"

namespace llmsa::trace {

struct IngestOptions {
  unsigned threads = 0;  // 0: hardware concurrency
  bool progress = false;  // a per-file progress bar on stderr, drawn only when stderr is a terminal
};

struct IngestResult {
  Capture capture;
  std::vector<std::string> problems;  // from discovery
  // True when at least one file was read with at least one row kept.
  bool usable() const;
};

IngestResult ingest(const std::vector<std::filesystem::path>& inputs, const IngestOptions& options = {});
Capture ingest_discovered(const Discovery& discovery, const IngestOptions& options = {});

// The single dispatch point for Kineto/PyTorch profiler traces ("kineto.json"); `threads` for
// the one file (a big traceEvents array is read in chunks in parallel; same result for any count).
void read_kineto_file(const std::filesystem::path& path, RankProfile& profile, FileReadReport& report,
                      unsigned threads = 1);

}  // namespace llmsa::trace
