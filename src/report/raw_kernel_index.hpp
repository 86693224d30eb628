#pragma once
// raw_kernel_index.csv (ascend-profiling.md A.3/A.10): one row per device operator event of every rank,
// the bridge from an event index to the raw row it was read from. RFC 4180, ordered by rank, then
// event index (read order). Columns:
//   rank_id, event_index, source_id (a row of raw_kernel_sources.csv), source_row (0-based data row /
//   record of that file), name, type, core, role (op_role_name), stream, start_us, duration_us,
//   wait_us (empty when absent)
// The files are listed once, in raw_kernel_sources.csv next to it (a path on every one of millions of
// rows was most of the index's size):
//   source_id, rank_id, source_path (relative to the profile root when one is given, as in
//   evidence_index.csv), source_format, rows (how many rows of the index come from it)
// source_id numbers every rank's sources in capture order, so (source_id, source_row) names one raw
// row, and an evidence id's (source_path, rows) resolves through the sources table.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "analysis/event_classes.hpp"
#include "analysis/kernel_classifier.hpp"
#include "report/capture_source_paths.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

inline constexpr const char* kRawKernelSourcesFile = "raw_kernel_sources.csv";

// `classes`: the analysis' per-rank classes (analysis::ProfileAnalysis::event_classes), read instead of
// classifying every event again; a rank they do not cover is classified here with `classifier`.
std::string render_raw_kernel_index_csv(const trace::Capture& capture, const analysis::KernelClassifier& classifier,
                                        std::span<const analysis::EventClasses> classes = {});
// `paths`: the sources as the evidence names them (ReportEvidence::source_paths), so source_path here
// equals evidence_index.csv's for the same file.
std::string render_raw_kernel_sources_csv(const trace::Capture& capture, const CaptureSourcePaths& paths);
// Writes the index at `path` and kRawKernelSourcesFile in the same folder; returns both paths.
// Throws llmsa::Error when a file cannot be written.
std::vector<std::filesystem::path> write_raw_kernel_index_csv(const std::filesystem::path& path,
                                                              const trace::Capture& capture,
                                                              const analysis::KernelClassifier& classifier,
                                                              const CaptureSourcePaths& paths,
                                                              std::span<const analysis::EventClasses> classes = {});

}  // namespace llmsa::report
