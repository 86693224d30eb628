#pragma once
// Finds every rank's files in any mix of paths: a cluster root with many *_ascend_pt folders, one
// such folder, an ASCEND_PROFILER_OUTPUT folder, single files, Kineto traces (.json / .json.gz,
// recognised by content, not by name) or folders of them. Formats are decided here; rank ids are
// settled in ingest (profiler_info rank_id first), with the fallbacks recorded here.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace llmsa::trace {

struct DiscoveredFile {
  std::filesystem::path path;
  std::string format;  // "ascend.kernel_details.csv", ..., "kineto.json"
};

struct DiscoveredRank {
  std::filesystem::path root;  // *_ascend_pt folder, the folder of loose files, or the Kineto file
  std::optional<int> rank;     // from the name when it has one (settled again in ingest)
  std::string rank_source;     // "profiler_info" (file name), "distributedInfo", "name", "" (ordinal later)
  std::vector<DiscoveredFile> files;  // sorted by path
};

struct Discovery {
  std::vector<DiscoveredRank> ranks;         // sorted by root
  std::vector<DiscoveredFile> cluster_files;  // msprof-analyze outputs
  std::vector<std::string> problems;          // inputs that do not exist or hold nothing readable
};

Discovery discover(const std::vector<std::filesystem::path>& inputs);

// Format of a file from its name (Ascend) or its first bytes (Kineto); empty when not ours.
std::string classify_file(const std::filesystem::path& p);

// "rank0_ascend_pt" -> 0, "rank_3_ascend_pt" -> 3, "test_rank_1" -> 1, "dp0_pp0_tp0_dcp0_ep0_rank5" -> 5,
// "rank-2.json.gz" -> 2; nullopt when the name carries no rank.
std::optional<int> rank_from_name(const std::string& name);

}  // namespace llmsa::trace
