#include "trace/discovery.hpp"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "trace/ascend/comm_json_readers.hpp"
#include "trace/ascend/db_readers.hpp"
#include "trace/ascend/kernel_details_reader.hpp"
#include "trace/ascend/profiler_info_reader.hpp"
#include "trace/ascend/stat_csv_readers.hpp"
#include "trace/ascend/trace_view_reader.hpp"

namespace fs = std::filesystem;

namespace llmsa::trace {

namespace {

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }
bool ends_with(const std::string& s, const std::string& e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

// The first bytes of a file, gunzipped when it is gzip. Enough to recognise a Kineto trace and
// to find its distributedInfo, which Kineto writes before traceEvents.
std::string head_bytes(const fs::path& p, std::size_t n) {
  std::string out(n, '\0');
  gzFile f = gzopen(p.c_str(), "rb");  // reads plain files transparently
  if (!f) return {};
  int got = gzread(f, out.data(), static_cast<unsigned>(n));
  gzclose(f);
  out.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return out;
}

bool is_cluster_format(const std::string& f) {
  return f == ascend::kClusterStepTraceFormat || f == ascend::kClusterCommFormat || f == ascend::kClusterMatrixFormat;
}

std::optional<int> kineto_rank(const std::string& head) {
  static const std::regex re(R"re("distributedInfo"\s*:\s*\{[^}]*?"rank"\s*:\s*(\d+))re");
  std::smatch m;
  if (std::regex_search(head, m, re) && m[1].length() < 7) return std::stoi(m[1]);
  return std::nullopt;
}

}  // namespace

std::optional<int> rank_from_name(const std::string& name) {
  static const std::regex re(R"re((?:^|[^a-z])rank[_-]?(\d{1,6})(?:\D|$))re", std::regex::icase);
  std::smatch m;
  if (std::regex_search(name, m, re)) return std::stoi(m[1]);
  return std::nullopt;
}

std::string classify_file(const fs::path& p) {
  const std::string n = p.filename().string();
  if (n == "kernel_details.csv" || (starts_with(n, "op_summary") && ends_with(n, ".csv")))
    return ascend::kKernelDetailsFormat;
  if (n == "op_statistic.csv" || (starts_with(n, "op_statistic_") && ends_with(n, ".csv")))
    return ascend::kOpStatisticFormat;
  if (n == "step_trace_time.csv") return ascend::kStepTraceFormat;
  if (n == "api_statistic.csv") return ascend::kApiStatisticFormat;
  if (n == "cluster_step_trace_time.csv") return ascend::kClusterStepTraceFormat;
  if (n == "trace_view.json") return ascend::kTraceViewFormat;
  if (n == "communication.json") return ascend::kCommunicationFormat;
  if (n == "communication_matrix.json") return ascend::kCommMatrixFormat;
  if (n == "cluster_communication.json") return ascend::kClusterCommFormat;
  if (n == "cluster_communication_matrix.json") return ascend::kClusterMatrixFormat;
  if (n == "profiler_metadata.json") return ascend::kProfilerMetadataFormat;
  if (starts_with(n, "profiler_info") && ends_with(n, ".json")) return ascend::kProfilerInfoFormat;
  if (starts_with(n, "ascend_pytorch_profiler") && ends_with(n, ".db")) return ascend::kProfilerDbFormat;
  if (n == "analysis.db") return ascend::kAnalysisDbFormat;
  if (ends_with(n, ".json") || ends_with(n, ".json.gz")) {
    // Kineto by content: a Chrome trace object with traceEvents, or an array of records with "ph".
    std::string h = head_bytes(p, 1 << 16);
    auto first = h.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    if (h[first] == '{' && h.find("\"traceEvents\"") != std::string::npos) return "kineto.json";
    if (h[first] == '{' && (h.find("\"schemaVersion\"") != std::string::npos ||
                            h.find("\"deviceProperties\"") != std::string::npos))
      return "kineto.json";
    if (h[first] == '[' && h.find("\"ph\"") != std::string::npos) return "kineto.json";
  }
  return {};
}

Discovery discover(const std::vector<fs::path>& inputs) {
  Discovery d;
  std::map<fs::path, DiscoveredRank> by_root;
  std::set<fs::path> seen;  // canonical paths already added (an input may be listed twice)
  // Returns whether the file is one of ours (even when it was already added through another input).
  auto add_file = [&](const fs::path& p, bool explicit_input) -> bool {
    std::string fmt = classify_file(p);
    if (fmt.empty()) {
      if (explicit_input) d.problems.push_back(p.string() + ": not a recognised profiler file");
      return false;
    }
    fs::path canon = fs::weakly_canonical(p);
    if (!seen.insert(canon).second) return true;
    if (is_cluster_format(fmt)) {
      d.cluster_files.push_back({p, fmt});
      return true;
    }
    fs::path root;
    if (fmt == "kineto.json") {
      root = p;
    } else if (p.parent_path().filename() == "ASCEND_PROFILER_OUTPUT") {
      root = p.parent_path().parent_path();
    } else {
      root = p.parent_path();
    }
    auto& r = by_root[root];
    r.root = root;
    r.files.push_back({p, fmt});
    return true;
  };
  for (const auto& in : inputs) {
    std::error_code ec;
    auto st = fs::status(in, ec);
    if (ec || !fs::exists(st)) {
      d.problems.push_back(in.string() + ": no such file or folder");
      continue;
    }
    if (fs::is_regular_file(st)) {
      add_file(in, true);
      continue;
    }
    if (!fs::is_directory(st)) {
      d.problems.push_back(in.string() + ": not a file or folder");
      continue;
    }
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const auto name = it->path().filename().string();
      std::error_code e2;
      if (it->is_directory(e2)) {
        // Raw CANN data (FRAMEWORK/, PROF_*/) is the input of the export, not its output.
        if (name == "FRAMEWORK" || starts_with(name, "PROF_")) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(e2)) files.push_back(it->path());
    }
    if (ec) d.problems.push_back(in.string() + ": cannot list: " + ec.message());
    std::sort(files.begin(), files.end());
    bool any = false;
    for (auto& f : files) any |= add_file(f, false);
    if (!any) d.problems.push_back(in.string() + ": no profiler files found in this folder");
  }
  for (auto& [root, r] : by_root) {
    std::sort(r.files.begin(), r.files.end(), [](auto& a, auto& b) { return a.path < b.path; });
    // Name-based rank, in order of trust: profiler_info_{N}.json, Kineto distributedInfo, folder name.
    static const std::regex info_re(R"re(^profiler_info_(\d{1,6})\.json$)re");
    for (auto& f : r.files) {
      std::smatch m;
      const std::string fname = f.path.filename().string();
      if (f.format == ascend::kProfilerInfoFormat && std::regex_match(fname, m, info_re)) {
        r.rank = std::stoi(m[1]);
        r.rank_source = "profiler_info";
      }
      if (!r.rank && f.format == "kineto.json") {
        if (auto n = kineto_rank(head_bytes(f.path, 1 << 16))) {
          r.rank = n;
          r.rank_source = "distributedInfo";
        }
      }
    }
    if (!r.rank) {
      if (auto n = rank_from_name(root.filename().string())) {
        r.rank = n;
        r.rank_source = "name";
      }
    }
    d.ranks.push_back(std::move(r));
  }
  std::sort(d.cluster_files.begin(), d.cluster_files.end(), [](auto& a, auto& b) { return a.path < b.path; });
  return d;
}

}  // namespace llmsa::trace
