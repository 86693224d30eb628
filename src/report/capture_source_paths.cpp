#include "report/capture_source_paths.hpp"

namespace llmsa::report {

CaptureSourcePaths capture_source_paths(const trace::Capture& capture, const evidence::EvidenceIndex& index) {
  CaptureSourcePaths out;
  out.rank.reserve(capture.ranks.size());
  for (const auto& r : capture.ranks) {
    auto& paths = out.rank.emplace_back();
    for (const auto& src : r.events.sources) paths.push_back(index.stored_path(src.path));
  }
  for (const auto& src : capture.cluster_sources) out.cluster.push_back(index.stored_path(src.path));
  return out;
}

}  // namespace llmsa::report
