#pragma once
// raw_kernel_index.csv (ascend-profiling.md A.3/A.10): one row per device operator event of every rank,
// the bridge from an event index to the raw row it was read from. RFC 4180, ordered by rank, then
// event index (read order). Columns:
//   rank_id, event_index, source_path (relative to the profile root when one is given, as in
//   evidence_index.csv), source_format, source_row (0-based data row / record),
//   name, type, core, role (op_role_name), stream, start_us, duration_us, wait_us (empty when absent)
#include <filesystem>
#include <string>

#include "analysis/kernel_classifier.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

// `profile_root`: ProfileAnalysis::profile_root; empty keeps the paths as ingestion read them.
std::string render_raw_kernel_index_csv(const trace::Capture& capture, const analysis::KernelClassifier& classifier,
                                        const std::filesystem::path& profile_root = {});
// Throws llmsa::Error when the file cannot be written.
void write_raw_kernel_index_csv(const std::filesystem::path& path, const trace::Capture& capture,
                                const analysis::KernelClassifier& classifier,
                                const std::filesystem::path& profile_root = {});

}  // namespace llmsa::report
