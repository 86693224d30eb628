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

// The single dispatch point for Kineto/PyTorch profiler traces ("kineto.json"). It is connected to
// the Kineto reader (read_kineto_trace) when that reader is merged; until then the file is reported
// as discovered but not read, with a note, and no events are invented.
void read_kineto_file(const std::filesystem::path& path, RankProfile& profile, FileReadReport& report);

}  // namespace llmsa::trace
