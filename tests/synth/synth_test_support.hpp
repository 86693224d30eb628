#pragma once
// Shared by the synth tests: a fresh temp folder per test and the demo capture read back the way
// `llmsa demo` reads it (ingest, then analyze_capture with the built-in rules).
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "analysis/profile_analysis.hpp"
#include "synth/demo_capture.hpp"
#include "trace/ingest.hpp"

namespace llmsa::synth::test {

inline std::filesystem::path fresh_dir(const std::string& name) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("llmsa_synth_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Removes the folder when the test ends, also when an ASSERT returns early.
struct ScopedDir {
  std::filesystem::path path;
  explicit ScopedDir(const std::string& name) : path(fresh_dir(name)) {}
  ~ScopedDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  ScopedDir(const ScopedDir&) = delete;
  ScopedDir& operator=(const ScopedDir&) = delete;
};

struct AnalysedDemo {
  DemoCapture capture;
  trace::IngestResult ingested;
  analysis::ProfileAnalysis analysis;
};

inline AnalysedDemo analyse_demo(const std::filesystem::path& root, const DemoOptions& options = {}) {
  AnalysedDemo d;
  d.capture = write_demo_capture(root, options);
  d.ingested = trace::ingest({root});
  static const analysis::KernelClassifier classifier = analysis::KernelClassifier::builtin();
  analysis::ProfileOptions po;
  po.classifier = &classifier;
  d.analysis = analysis::analyze_capture(d.ingested.capture, po);
  return d;
}

inline bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec);
}

// Rows of `file` that the evidence of `finding` points at (union over its evidence entries).
inline std::set<std::uint64_t> evidence_rows(const analysis::ProfileAnalysis& a, const evidence::Finding& finding,
                                             const std::filesystem::path& file) {
  std::set<std::uint64_t> rows;
  for (const auto& id : finding.evidence_ids) {
    const evidence::EvidenceRef* ref = a.evidence.find(id);
    // Evidence paths are relative to the profile root (evidence/profile_root.hpp).
    if (!ref || !same_file(std::filesystem::path(a.profile_root) / ref->source_path, file)) continue;
    for (auto r : ref->event_indices) rows.insert(static_cast<std::uint64_t>(r));
  }
  return rows;
}

inline const InjectedProblem& injected(const DemoCapture& c, const std::string& kind) {
  for (const auto& p : c.injected)
    if (p.kind == kind) return p;
  throw std::runtime_error("no injected problem " + kind);
}

}  // namespace llmsa::synth::test
