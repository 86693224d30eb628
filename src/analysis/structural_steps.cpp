#include "analysis/structural_steps.hpp"

#include <algorithm>

namespace llmsa::analysis {

bool is_layer_anchor(std::uint16_t f) {
  return (f & (kSfAttention | kSfMoe | kSfMatmul | kSfBlockHead)) != 0 && (f & kSfSampling) == 0;
}

std::optional<StructuralSteps> structural_steps(const trace::RankEvents& ev, const StructureEvents& s,
                                                Interval hull) {
  // Step boundaries: the end of the last kernel of each cluster of sampling kernels.
  std::vector<std::int64_t> boundaries;
  bool in_cluster = false;
  std::int64_t cluster_end = 0;
  for (std::size_t p = 0; p < s.primary.size(); ++p) {
    const std::uint16_t f = s.flags[p];
    const std::uint32_t i = s.primary[p];
    if (f & kSfSampling) {
      cluster_end = in_cluster ? std::max(cluster_end, ev.start_ns[i] + ev.dur_ns[i]) : ev.start_ns[i] + ev.dur_ns[i];
      in_cluster = true;
    } else if (in_cluster && is_layer_anchor(f)) {
      boundaries.push_back(cluster_end);
      in_cluster = false;
    }
  }
  if (in_cluster) boundaries.push_back(cluster_end);
  if (boundaries.empty()) return std::nullopt;

  StructuralSteps out;
  out.segmentation.source = "structural";
  std::int64_t from = hull.start;
  for (std::int64_t b : boundaries) {
    if (b <= from) continue;  // a sampling kernel overlapped by the previous cluster's end
    out.segmentation.steps.push_back({std::to_string(out.segmentation.steps.size() + 1), {from, b}});
    from = b;
  }
  if (from < hull.end) {
    // Content after the last sampling kernel: a partial step if it starts a layer, else the tail of the last step.
    const auto first_after = std::lower_bound(s.primary.begin(), s.primary.end(), from,
                                              [&](std::uint32_t i, std::int64_t t) { return ev.start_ns[i] < t; });
    bool has_anchor = false;
    for (auto it = first_after; it != s.primary.end() && !has_anchor; ++it)
      has_anchor = is_layer_anchor(s.flags[static_cast<std::size_t>(it - s.primary.begin())]);
    if (has_anchor || out.segmentation.steps.empty()) {
      out.segmentation.steps.push_back({std::to_string(out.segmentation.steps.size() + 1), {from, hull.end}});
      out.last_partial = has_anchor;
    } else {
      out.segmentation.steps.back().window.end = hull.end;
    }
  }
  return out;
}

}  // namespace llmsa::analysis
