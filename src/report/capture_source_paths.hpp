#pragma once
// Each capture source's path as the evidence names it (relative to the profile root,
// evidence/profile_root.hpp), computed once per capture. Renderers that match evidence against the
// capture's events (trace.json findings, report.html evidence rows, report evidence aliases) look a
// source up here by (rank position, source id) instead of each translating paths with its own map.
#include <string>
#include <vector>

#include "evidence/evidence_index.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

struct CaptureSourcePaths {
  // [position in Capture::ranks][RankEvents source id]
  std::vector<std::vector<std::string>> rank;
  // [Capture::cluster_sources index]
  std::vector<std::string> cluster;
};

// `index` must have the capture's sources registered (analysis::register_capture_sources, which
// analyze_capture runs): their stored paths are read from it, so no path is translated twice and the
// forms always match the evidence ids.
CaptureSourcePaths capture_source_paths(const trace::Capture& capture, const evidence::EvidenceIndex& index);

}  // namespace llmsa::report
