#pragma once
// Source paths relative to the profile root, so that evidence does not depend on where a capture lies.
// The reference hashes absolute paths into its evidence ids (ascend-profiling.md part G), so moving or
// copying a capture changes every id; here the paths in evidence ids, evidence_index.csv, findings.json
// and raw_kernel_index.csv are relative to one folder, stated once in analysis.json as `profile_root`.
//
// The profile root is the deepest folder that holds every input given to `llmsa profile` (a file input
// counts as its folder). Paths are compared lexically (absolute + lexically_normal, no symlink
// resolution), because ingestion names files by the path they were reached through.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::evidence {

// Deepest common folder of `inputs`, absolute and lexically normal. A path that is not an existing
// folder counts as its parent folder. No inputs: the current folder.
std::filesystem::path common_profile_root(const std::vector<std::filesystem::path>& inputs);

// `file` relative to `root` with '/' separators ("rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv").
// A file outside the root keeps its absolute path (generic form): it can not be made relocatable, and
// saying where it is beats inventing a "../" path. An empty root returns `file` unchanged.
std::string path_relative_to_root(std::string_view file, const std::filesystem::path& root);

}  // namespace llmsa::evidence
